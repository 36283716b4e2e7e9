"""Shared building blocks of a workbook page, used by every step in ``kit.steps``.

Answer side (no widgets, no SQL): ``answers`` (the base model, field types, checks), ``items``
and ``dated_items`` (lists of items with stable ids), ``mood``, ``partners``, ``dates``.
Widget side: ``exercise`` (the base every exercise extends), ``item_list``,
``editable_list``, ``item_rows``, ``mood_picker``, ``notice``. Reports: ``report_context``,
``templating``, ``charts``. Demo: ``personas``. Reading earlier answers: ``raw_answers``.
"""

"""Step 02 · Facing the feedback: Plan how to ask for detailed feedback without contesting the decision, then sort what you hear into strengths, gaps you can close and traits to work around.

Parts: ``answers``, ``exercises``, ``report`` (with ``report.html.j2``) and ``demo``.
``request`` composes the non-adversarial request and groups feedback by category.
"""

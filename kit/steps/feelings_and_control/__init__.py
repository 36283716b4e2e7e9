"""Step 01 · Feelings and control: Name the feelings without judging them, be as kind to yourself as to a friend, and sort what you can change from what you must let go.

Parts: ``answers``, ``exercises``, ``report`` (with ``report.html.j2``) and ``demo``.
"""

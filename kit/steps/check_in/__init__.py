"""Step 00 · Check-in: Arrive, agree how we treat what is said in the room, and name what happened and how it feels today.

Parts: ``answers``, ``exercises``, ``report`` (with ``report.html.j2``) and ``demo``.
"""

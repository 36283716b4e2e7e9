"""Step 05 · Your plan: Turn all of this into SMART goals, a skill plan, a visibility and networking plan, and dated reminders.

Parts: ``answers``, ``exercises``, ``report`` (with ``report.html.j2``) and ``demo``.
``smart`` checks goals, ``roadmap`` dates everything, ``calendar`` writes the .ics file,
``calendar_download`` offers it on the page, ``charts`` draws the roadmap, and ``inputs``
reads steps 02–04 (this step's one declared input).
"""

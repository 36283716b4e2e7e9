"""Step 06 · Commit and check out: Recap your strengths, commit to a realistic next step with someone to hold you to it, and check out.

Parts: ``answers``, ``exercises``, ``report`` (with ``report.html.j2``) and ``demo``.
``mood_shift`` charts the check-in against the check-out; ``inputs`` reads the strengths
from step 02 (this step's one declared input).
"""

"""Step 07 · Follow-up: Weeks or months later: see what moved, what stalled and what changed, and adjust the plan.

Parts: ``answers``, ``exercises``, ``report`` (with ``report.html.j2``) and ``demo``.
``progress`` counts and charts each follow-up round; ``inputs`` reads the plan of step 05
(this step's one declared input).
"""

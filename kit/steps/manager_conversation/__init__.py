"""Step 04 · The conversation with your manager: Build an agenda for a meeting with your own manager about goals, visibility and a candid read on your chances, and practise it.

Parts: ``answers``, ``exercises``, ``report`` (with ``report.html.j2``) and ``demo``.
``agenda`` turns the answers into an agenda and an opening script.
"""

"""Step 03 · Where you stand: Ask whether this role is what you really want, take stock of your position and weigh your options: go again, redirect, prepare to leave, or start looking.

Parts: ``answers``, ``exercises``, ``report`` (with ``report.html.j2``) and ``demo``.
``matrix`` builds the options matrix from the person's answers, ``decision`` scores it,
``values`` loads the values card deck.
"""

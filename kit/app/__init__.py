"""The participant app: the step notebooks served as pages (Voilà), each person reaching only
their own answers through a secret, and the facilitator's console behind a secret of its own.

``links`` makes and checks the secrets; ``server`` is the web server and its access rule;
``frame`` is what runs in every page's kernel around the step (the step bar, following the
room's pace).
"""

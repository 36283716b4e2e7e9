"""Participant reports: the sections (HTML from templates), the runner (papermill + nbconvert)
for one report, the batch (``batch``, with ``manifest``, ``inputs``, ``kernels``, ``pdf``)
for a whole cohort, and the report service (``service``) for the participant app's downloads."""

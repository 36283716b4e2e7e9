"""Participant reports: the sections (HTML from templates), the runner (papermill + nbconvert)
for one report, and the batch (``batch``, with ``manifest``, ``inputs``, ``kernels``, ``pdf``)
for a whole cohort."""

"""Participant reports: the sections (HTML from templates) and the runner (papermill + nbconvert)."""

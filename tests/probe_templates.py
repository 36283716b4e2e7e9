"""Report templates for tests of the report machinery: papermill's parameters cell, then code
that only tells the test something (which process ran it, when it started…), never a report."""

from __future__ import annotations

from pathlib import Path

import nbformat

PARAMETERS = 'participant_id = ""\nstore_url = ""\nreport_date = ""'


def probe_template(folder: Path, name: str, *cells: str) -> Path:
    """``folder/name.ipynb``: the report template's parameters, then ``cells`` in order."""
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]}),
            *(nbformat.v4.new_code_cell(source) for source in cells),
        ]
    )
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = folder / f"{name}.ipynb"
    nbformat.write(notebook, path)
    return path

"""Every step notebook, executed in a real kernel as a demo participant, shows its exercises.

nbval (run by `make test`) proves the notebooks run without errors; this proves more: that no
exercise fell back to a "cannot be shown" notice, which nbval cannot see, and that every
exercise cell rendered a widget.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from kit.core.store import Store
from kit.core.workspace import notebooks_dir
from kit.room.demo import build_demo
from kit.workbook.notice import Notice

pytestmark = pytest.mark.slow

STEP_NOTEBOOKS = sorted(notebooks_dir().glob("[0-9][0-9]_*.ipynb"))


def _run(path: Path) -> list[tuple[str, str]]:
    """Execute a notebook; return (source, outputs as JSON text) for each code cell."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return [
        (cell.source, json.dumps(cell.get("outputs", [])))
        for cell in notebook.cells
        if cell.cell_type == "code"
    ]


@pytest.fixture
def demo_workspace(workspace: Path) -> Path:
    store = Store.open()
    build_demo(store)
    store.close()
    return workspace


@pytest.mark.parametrize("path", STEP_NOTEBOOKS, ids=lambda p: p.name)
def test_step_notebook_shows_every_exercise_for_a_demo_participant(
    path: Path, demo_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTROUND_PARTICIPANT", "demo-chen")
    for source, outputs in _run(path):
        assert Notice.PLAIN_PREFIX not in outputs, (
            f"{path.name}: {source!r} showed a notice: {outputs[:500]}"
        )
        assert '"output_type": "error"' not in outputs
        if ".exercise(" in source:
            assert "application/vnd.jupyter.widget-view+json" in outputs, (
                f"{source!r} showed no widget"
            )


def test_an_unknown_participant_shows_a_notice_instead_of_a_traceback(
    demo_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTROUND_PARTICIPANT", "ghost")
    cells = _run(notebooks_dir() / "00_check_in.ipynb")
    assert all('"output_type": "error"' not in outputs for _source, outputs in cells)
    assert any(Notice.PLAIN_PREFIX in outputs and "ghost" in outputs for _source, outputs in cells)

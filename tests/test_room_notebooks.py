"""The console and projector notebooks in a real kernel, as the app serves them (cohort fixed,
room mode): every part renders, and both follow the store by themselves, so a step opened
elsewhere shows on the projector and the console within two seconds, without a reload."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat import NotebookNode

from kit.core.content import Content
from kit.core.store import Store, utc_now
from kit.core.workspace import notebooks_dir
from kit.room.pace import go_to_step, start_session
from kit.room.timer import RunOfShow
from kit.workbook.notice import Notice

pytestmark = pytest.mark.slow

PATIENCE = 15.0  # seconds; the follower reads every second (benchmarks/bench_room.py times it)


@pytest.fixture
def app_kernel_env(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    """What the app puts in a facilitator page's kernel environment."""
    monkeypatch.setenv("NEXTROUND_APP_MODE", "room")
    monkeypatch.setenv("NEXTROUND_COHORT", "demo")
    return demo_store


@contextmanager
def running(name: str) -> Iterator[tuple[NotebookClient, NotebookNode]]:
    path = notebooks_dir() / name
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
        yield client, notebook


def run(client: NotebookClient, notebook: NotebookNode, source: str) -> str:
    """Run one more cell in the same kernel; its printed output."""
    cell = nbformat.v4.new_code_cell(source)
    notebook.cells.append(cell)
    client.execute_cell(cell, len(notebook.cells) - 1)
    return "".join(output.get("text", "") for output in cell.outputs)


def run_until(client: NotebookClient, notebook: NotebookNode, source: str, wanted: str) -> str:
    """Run a printing cell, with the kernel idle in between (its loop draws what its thread
    read), until the output holds ``wanted`` or patience runs out."""
    deadline = time.monotonic() + PATIENCE
    while True:
        printed = run(client, notebook, source)
        if wanted in printed or time.monotonic() > deadline:
            return printed
        time.sleep(0.25)


def _checked(notebook: NotebookNode) -> None:
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        outputs = json.dumps(cell.get("outputs", []))
        assert Notice.PLAIN_PREFIX not in outputs and '"output_type": "error"' not in outputs
        assert "application/vnd.jupyter.widget-view+json" in outputs, cell.source


def test_the_projector_follows_the_room_in_a_real_kernel(
    app_kernel_env: Store, content: Content
) -> None:
    store = app_kernel_env
    show = RunOfShow.of(content.ordered_steps())
    with running("projector.ipynb") as (client, notebook):
        _checked(notebook)
        run(client, notebook, "projector = _")
        assert "We start in a moment" in run(client, notebook, "print(projector.html())")
        start_session(store, "demo", show, utc_now())
        go_to_step(store, "demo", show, "03_position", utc_now())
        page = run_until(client, notebook, "print(projector.html())", "Step 03")
    assert "Step 03" in page and "Where people stand" in page and "nr-pj-clock" in page
    assert "Amara" not in page


def test_the_console_sets_the_pace_and_follows_a_co_facilitator(
    app_kernel_env: Store, content: Content
) -> None:
    store = app_kernel_env
    with running("facilitator_console.ipynb") as (client, notebook):
        _checked(notebook)
        run(client, notebook, "console.pace.start_session()")
        assert store.room_state("demo").opened_steps == ("00_check_in",)
        go_to_step(
            store,
            "demo",
            RunOfShow.of(content.ordered_steps()),
            "01_feelings_and_control",
            utc_now(),
        )
        here = "data-step='01_feelings_and_control'><td>▶"
        agenda = run_until(client, notebook, "print(console.pace.agenda.value)", here)
        picker = run(client, notebook, "print(console.cohort_fixed)")
    assert here in agenda
    assert picker.strip() == "True"

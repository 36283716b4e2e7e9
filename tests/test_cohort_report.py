"""The cohort report made for real (papermill + nbconvert), and the console notebook executed.

The report must show attendance, progress and the group views under the k rule, shared advice
only where people opted in, and no one's name or private words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from nbclient import NotebookClient

from kit.cli import main
from kit.core.store import Store
from kit.core.workspace import notebooks_dir
from kit.reports.cohort_runner import build_cohort_report
from kit.room.demo import build_demo, demo_answers
from kit.workbook.notice import Notice
from kit.workbook.personas import PERSONAS

pytestmark = [pytest.mark.slow, pytest.mark.both_stores]


@pytest.fixture(scope="module")
def cohort_page(
    tmp_path_factory: pytest.TempPathFactory, new_store_url: Callable[[Path], str]
) -> str:
    folder = tmp_path_factory.mktemp("cohort-report")
    store = Store.open(new_store_url(folder), create=True)
    build_demo(store)
    for index, persona in enumerate(PERSONAS):
        store.save_answer(
            f"demo-{persona.key}",
            "advice_for_others",
            {
                "text": f"Shared tip {index}" if index % 2 == 0 else f"Private tip {index}",
                "share": index % 2 == 0,
            },
        )
    # Edits to answers the views already showed appear only when at least k (5) more people
    # are counted: five late arrivals give advice too (kept private), so the tips above show.
    for late in range(5):
        newcomer = store.add_participant(f"Late arrival {late}", cohort_id="demo")
        store.save_answer(
            newcomer.id, "advice_for_others", {"text": f"Private tip late {late}", "share": False}
        )
    store.create_cohort("Tiny group", cohort_id="tiny")
    path = build_cohort_report("demo", folder, store)
    assert path == folder / "cohort-demo.html"
    return path.read_text(encoding="utf-8")


def test_the_cohort_report_has_attendance_progress_and_views(cohort_page: str) -> None:
    assert "Cohort report" in cohort_page and "Demo cohort: Riverside learning day" in cohort_page
    assert "19 people on the roster; 19 took part." in cohort_page  # 14 and 5 late arrivals
    assert "00 · Check-in</th><td>14</td>" in cohort_page
    assert "Mood at check-in" in cohort_page and "Situations in the room" in cohort_page
    assert (
        "Based on the first 10 of 14 answers" in cohort_page
        or "Based on all 10 answers" in cohort_page
    )
    for title in (
        "Common skill gaps",
        "Where people stand (step 03)",
        "Mood at check-out",
        "Advice people chose to share",
        "Feedback on the session",
    ):
        assert title in cohort_page
    assert "so this view stays private" not in cohort_page, (
        "every view reads declared group fields only"
    )


def test_shared_advice_only_and_no_one_identifiable(cohort_page: str) -> None:
    shared = re.findall(r"Shared tip \d+", cohort_page)
    assert shared and "Private tip" not in cohort_page
    answers = demo_answers()
    for persona in PERSONAS:
        assert persona.name not in cohort_page and persona.story not in cohort_page
        own_words = answers[persona.key]["hopes_for_today"]["in_my_words"]
        if own_words:
            assert own_words not in cohort_page
        assert persona.email not in cohort_page


def test_the_report_is_self_contained(cohort_page: str) -> None:
    assert "<script" not in cohort_page
    assert not re.search(r"(src|href)=[\"']https?://", cohort_page)
    assert "CohortReport" not in cohort_page and "Out[" not in cohort_page


def test_the_cli_writes_the_cohort_report_and_explains_unknown_cohorts(
    demo_store: Store, tmp_path: Path
) -> None:
    demo_store.create_cohort("Tiny group", cohort_id="tiny", min_group_size=3)
    person = demo_store.add_participant("Only One", cohort_id="tiny")
    demo_store.save_answer(
        person.id, "situation", {"kind": "other", "how_long_ago": None, "role": "", "details": ""}
    )
    result = CliRunner().invoke(main, ["cohort", "report", "tiny", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    page = Path(result.stdout.strip()).read_text(encoding="utf-8")
    assert "1 person on the roster; fewer than 3 took part." in page
    assert "Only One" not in page and "Not enough answers yet" in page
    missing = CliRunner().invoke(main, ["cohort", "report", "nowhere"])
    assert missing.exit_code == 1 and "No cohort with id 'nowhere'" in missing.output


def test_the_console_notebook_shows_every_part_against_the_demo(demo_store: Store) -> None:
    """The kernel finds the store as a facilitator's would: the workspace, or NEXTROUND_DB."""
    path = notebooks_dir() / "facilitator_console.ipynb"
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert len(code) == 8
    for cell in code:
        outputs = json.dumps(cell.get("outputs", []))
        assert Notice.PLAIN_PREFIX not in outputs and '"output_type": "error"' not in outputs
        assert "application/vnd.jupyter.widget-view+json" in outputs, cell.source

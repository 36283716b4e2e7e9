"""Everyone's reports from the console: the real `nextround reports` in its own process, its
progress read from the manifest as it grows, failures counted, and where the reports are."""

from __future__ import annotations

import itertools
import random
import time
from pathlib import Path

import pytest

from kit.core.content import Content
from kit.core.store import Store
from kit.core.workspace import reports_dir
from kit.room.console import FacilitatorConsole
from kit.room.report_run import ReportsProgress

pytestmark = pytest.mark.slow

PATIENCE = 300.0


def _finish(console: FacilitatorConsole) -> list[ReportsProgress]:
    seen = []
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        progress = console.reports_panel.poll()
        assert progress is not None
        seen.append(progress)
        if not progress.running:
            return seen
        time.sleep(0.5)
    raise AssertionError("the batch did not end")


def test_reports_are_made_beside_the_console_with_progress_and_failures(
    demo_store: Store, content: Content, workspace: Path
) -> None:
    store = demo_store
    store.create_cohort("Small", cohort_id="small")
    for person_id in ("demo-amara", "demo-bilal", "demo-chen"):
        person = store.get_participant(person_id)
        twin = store.add_participant(person.display_name, cohort_id="small").id
        for exercise_id, revision in store.latest_answers(person_id).items():
            store.save_answer(twin, exercise_id, revision.value)
        if person_id == "demo-bilal":  # a shape no content explains: this report fails
            store.save_answer(twin, "situation", {"kind": ["not", "text"], "how_long_ago": None})
    console = FacilitatorConsole(
        store, content, cohort_id="small", rng=random.Random(1), autotick=False
    )
    panel = console.reports_panel
    panel.generate_button.click()
    assert panel.generate_button.disabled and not panel.stop_button.disabled
    seen = _finish(console)
    last = seen[-1]
    assert (last.total, last.done, last.failed, last.exit_code) == (3, 3, 1, 1)
    assert all(earlier.done <= later.done for earlier, later in itertools.pairwise(seen))
    assert panel.bar.value == 3 and panel.bar.max == 3
    status = panel.status.value
    assert "3 of 3 done" in status and "1 failed" in status and str(reports_dir()) in status
    assert (reports_dir() / "manifest.csv").is_file()
    assert not panel.generate_button.disabled and panel.stop_button.disabled
    made = sorted(path.name for path in reports_dir().glob("report-*.html"))
    assert made == ["report-amara-okafor.html", "report-chen-wei.html"], made  # only this cohort

    panel.generate_button.click()  # again: the two good reports are unchanged, one retried
    again = _finish(console)[-1]
    assert (again.done, again.failed) == (3, 1)


def test_stopping_lets_the_reports_being_made_finish_and_starts_no_more(
    demo_store: Store, content: Content
) -> None:
    console = FacilitatorConsole(
        demo_store, content, cohort_id="demo", rng=random.Random(1), autotick=False
    )
    panel = console.reports_panel
    panel.generate()
    deadline = time.monotonic() + PATIENCE
    while (progress := panel.poll()) is not None and progress.done < 1:
        assert progress.running and time.monotonic() < deadline
        time.sleep(0.2)
    panel.stop_button.click()
    assert panel.stop_button.disabled and "Stopping" in panel.status.value
    last = _finish(console)[-1]
    assert last.stopped and 1 <= last.done < last.total, last
    assert "Stopped before the end" in panel.status.value
    assert not panel.generate_button.disabled

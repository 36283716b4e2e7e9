"""`nextround cohort create`, `nextround roster import` and `nextround cohort list`, in-process."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.cli import main
from kit.core.store import Store

pytestmark = pytest.mark.both_stores

ROSTERS = Path(__file__).parent / "fixtures" / "rosters"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_cohort_create_with_all_its_settings(runner: CliRunner, store: Store) -> None:
    result = runner.invoke(
        main,
        [
            "cohort",
            "create",
            "--title",
            "Spring session, Leeds",
            "--date",
            "2026-12-03",
            "--facilitator",
            "Sam",
            "--k",
            "6",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "'spring-session-leeds' created (minimum group size 6)" in result.output
    cohort = store.get_cohort("spring-session-leeds")
    assert (cohort.session_date.isoformat(), cohort.facilitator, cohort.min_group_size) == (
        "2026-12-03",
        "Sam",
        6,
    )  # type: ignore[union-attr]
    listed = runner.invoke(main, ["cohort", "list"])
    assert (
        "spring-session-leeds  Spring session, Leeds  (2026-12-03, 0 people, k=6)" in listed.output
    )


def test_cohort_create_refuses_a_group_size_below_three(runner: CliRunner, store: Store) -> None:
    result = runner.invoke(main, ["cohort", "create", "--title", "Tiny", "--k", "2"])
    assert result.exit_code == 1 and "at least 3" in result.output
    assert store.list_cohorts() == []


def test_roster_import_previews_then_asks_then_writes(runner: CliRunner, store: Store) -> None:
    store.create_cohort("Spring", cohort_id="spring")
    declined = runner.invoke(
        main, ["roster", "import", str(ROSTERS / "google_forms.csv")], input="n\n"
    )
    assert declined.exit_code == 1 and "Google Forms responses export" in declined.output
    assert "Not imported: 'Timestamp'" in declined.output
    assert "+ add" in declined.output and store.list_participants("spring") == []
    accepted = runner.invoke(
        main,
        ["roster", "import", str(ROSTERS / "google_forms.csv"), "--cohort", "spring"],
        input="y\n",
    )
    assert accepted.exit_code == 0, accepted.output
    assert "3 added, 0 updated" in accepted.output and len(store.list_participants("spring")) == 3
    again = runner.invoke(
        main, ["roster", "import", str(ROSTERS / "google_forms.csv"), "--cohort", "spring"]
    )
    assert again.exit_code == 0 and "Nothing to change" in again.output


def test_roster_import_dry_run_and_mapping(runner: CliRunner, store: Store) -> None:
    store.create_cohort("Spring", cohort_id="spring")
    result = runner.invoke(
        main,
        [
            "roster",
            "import",
            str(ROSTERS / "no_name_column.csv"),
            "--cohort",
            "spring",
            "--mapping",
            "name=Who",
            "--mapping",
            "email=Contact",
            "--dry-run",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "name ← 'Who'" in result.output and "Dry run: nothing was written." in result.output
    assert store.list_participants("spring") == []


def test_a_file_with_errors_lists_every_row_and_writes_nothing(
    runner: CliRunner, store: Store
) -> None:
    store.create_cohort("Spring", cohort_id="spring")
    result = runner.invoke(
        main, ["roster", "import", str(ROSTERS / "bad_rows.csv"), "--cohort", "spring", "--yes"]
    )
    assert result.exit_code == 1
    for row in ("row 3:", "row 4:", "row 6:"):
        assert row in result.output
    assert "Traceback" not in result.output and store.list_participants("spring") == []


def test_roster_import_needs_a_cohort_when_it_is_not_obvious(
    runner: CliRunner, store: Store
) -> None:
    result = runner.invoke(main, ["roster", "import", str(ROSTERS / "plain.csv"), "--yes"])
    assert result.exit_code == 1 and "nextround cohort create" in result.output
    store.create_cohort("A", cohort_id="a")
    store.create_cohort("B", cohort_id="b")
    result = runner.invoke(main, ["roster", "import", str(ROSTERS / "plain.csv"), "--yes"])
    assert result.exit_code == 1 and "--cohort" in result.output and "a, b" in result.output

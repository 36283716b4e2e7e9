"""The `nextround` command, run in-process with click's runner against real stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.cli import main
from kit.core.content import load_content
from kit.core.store import Store


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_demo_creates_the_workspace_once(runner: CliRunner, workspace: Path) -> None:
    first = runner.invoke(main, ["demo"])
    assert first.exit_code == 0 and "created" in first.output
    second = runner.invoke(main, ["demo"])
    assert second.exit_code == 0 and "already there" in second.output
    assert (workspace / "nextround.sqlite").exists()


def test_participants_lists_ids_names_and_cohorts(runner: CliRunner, demo_store: Store) -> None:
    plain = runner.invoke(main, ["participants"])
    assert "demo-amara" in plain.output and "Amara Okafor" in plain.output
    rows = json.loads(runner.invoke(main, ["participants", "--json"]).stdout)
    assert {"id": "demo-amara", "name": "Amara Okafor", "cohort": "demo"} in rows
    assert len(rows) == 14


def test_export_writes_every_revision_as_json(
    runner: CliRunner, demo_store: Store, tmp_path: Path
) -> None:
    demo_store.save_answer("demo-bilal", "confidentiality", {"agreed": False})
    out = tmp_path / "bilal.json"
    result = runner.invoke(main, ["export", "demo-bilal", "--out", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == "nextround-export/1"
    assert document["participant"]["id"] == "demo-bilal"
    revisions = [a for a in document["answers"] if a["exercise"] == "confidentiality"]
    assert [r["value"]["agreed"] for r in revisions] == [True, False]
    steps_of = load_content().exercise_step  # each answer is filed under its exercise's step
    assert all(a["step"] == steps_of[a["exercise"]] for a in document["answers"])
    assert "00_check_in" in {a["step"] for a in document["answers"]}
    assert "Amara" not in out.read_text(encoding="utf-8")


def test_export_to_standard_output(runner: CliRunner, demo_store: Store) -> None:
    result = runner.invoke(main, ["export", "demo-chen"])
    assert json.loads(result.stdout)["participant"]["name"] == "Chen Wei"


def test_errors_are_one_sentence_and_exit_1(runner: CliRunner, demo_store: Store) -> None:
    result = runner.invoke(main, ["export", "nobody"])
    assert result.exit_code == 1
    assert "No participant with id 'nobody'" in result.output
    assert "Traceback" not in result.output


def test_a_mistyped_store_is_reported_not_created(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["participants", "--store", str(tmp_path / "typo.sqlite")])
    assert result.exit_code == 1 and "There is no answer store" in result.output
    assert not (tmp_path / "typo.sqlite").exists()


def test_erase_removes_answers_and_reports(
    runner: CliRunner, demo_store: Store, workspace: Path
) -> None:
    reports = workspace / "reports"
    reports.mkdir(parents=True)
    (reports / "report-demo-chen.html").write_text("old report")
    (reports / "report-demo-amara.html").write_text("keep")
    result = runner.invoke(main, ["erase", "demo-chen", "--yes"])
    assert result.exit_code == 0, result.output
    assert "1 report and calendar files" in result.output
    assert demo_store.find_participant("demo-chen") is None
    assert not (reports / "report-demo-chen.html").exists()
    assert (reports / "report-demo-amara.html").exists()


def test_erase_asks_first(runner: CliRunner, demo_store: Store) -> None:
    result = runner.invoke(main, ["erase", "demo-chen"], input="n\n")
    assert result.exit_code == 1
    assert demo_store.find_participant("demo-chen") is not None


def test_check_validates_the_content(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0 and "Content OK" in result.output


@pytest.mark.slow
def test_report_prints_the_path_of_the_file_it_wrote(
    runner: CliRunner, demo_store: Store, tmp_path: Path
) -> None:
    result = runner.invoke(main, ["report", "demo-hana", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path == tmp_path / "report-demo-hana.html" and "Hana Kobayashi" in path.read_text(
        encoding="utf-8"
    )

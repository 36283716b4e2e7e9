"""`nextround reports`: a whole cohort's reports, built for real by papermill in fresh kernels.

The batch tests run real kernels (slow); the manifest, hashing, planning and file-name tests
are pure and fast.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.cli import main
from kit.core.store import Store, participants_table, utc_now
from kit.errors import ReportError
from kit.reports.batch import (
    BatchOptions,
    BatchResult,
    ReportOutcome,
    failure_table,
    parse_formats,
    plan_batch,
    run_batch,
    select_participants,
    sweep_partials,
)
from kit.reports.inputs import participant_inputs_hash, template_fingerprint
from kit.reports.kernels import runtime_folder, sweep_runtime_folders
from kit.reports.manifest import ManifestRow, read_manifest, write_manifest
from kit.reports.pdf import DEBIAN_CHROMIUM
from kit.reports.runner import PARTICIPANT_TEMPLATE, report_path
from kit.room.demo import build_demo, demo_answers
from kit.workbook.personas import PERSONAS

pytestmark = pytest.mark.both_stores

SAFE_NAME = re.compile(r"report-[A-Za-z0-9_-]+\.(html|pdf|ipynb)")


# -- helpers ---------------------------------------------------------------------------


def _escaped(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


def _private_strings(persona_key: str) -> list[str]:
    """Text only this persona wrote or is: their name, role, story and own words."""
    persona = next(p for p in PERSONAS if p.key == persona_key)
    answers = demo_answers()[persona_key]
    strings = [persona.name, persona.role, persona.story]
    for value in answers.values():
        for field in ("in_my_words", "details", "note"):
            text = value.get(field) if isinstance(value, dict) else None
            if isinstance(text, str) and len(text) >= 12:
                strings.append(text)
    return strings


def _store(url: str) -> Store:
    store = Store.open(url, create=True)
    build_demo(store)
    return store


def _add_raw_participant(store: Store, participant_id: str, name: str) -> None:
    """Insert a participant the way another tool might, without the kit's id checks."""
    with store.engine.begin() as conn:
        conn.execute(
            participants_table.insert().values(
                id=participant_id,
                display_name=name,
                cohort_id="demo",
                email=None,
                created_at=utc_now(),
            )
        )


def _options(out: Path, **changes: object) -> BatchOptions:
    return BatchOptions(out_dir=out, jobs=2, **changes)  # type: ignore[arg-type]


# -- the whole cohort, once (slow) ----------------------------------------------------


@pytest.fixture(scope="module")
def cohort_batch(
    tmp_path_factory: pytest.TempPathFactory, new_store_url: Callable[[Path], str]
) -> tuple[Store, Path, object]:
    folder = tmp_path_factory.mktemp("cohort")
    store = _store(new_store_url(folder))
    out = folder / "reports"
    result = run_batch(store, select_participants(store, "demo"), _options(out))
    return store, out, result


@pytest.mark.slow
def test_every_demo_participant_gets_a_report_with_their_answers_and_nobody_elses(
    cohort_batch: tuple[Store, Path, object],
) -> None:
    _, out, result = cohort_batch
    assert result.ok and len(result.outcomes) == len(PERSONAS)  # type: ignore[attr-defined]
    for persona in PERSONAS:
        page = report_path(out, f"demo-{persona.key}").read_text(encoding="utf-8")
        assert page.rstrip().endswith("</html>")
        own = _private_strings(persona.key)
        for text in own:
            assert _escaped(text) in page, f"{persona.name}'s report lacks {text!r}"
        for other in PERSONAS:
            if other.key == persona.key:
                continue
            # demo answers draw some sentences from a shared pool: only the other's own are checked
            for text in set(_private_strings(other.key)) - set(own):
                assert _escaped(text) not in page, (
                    f"{other.name}'s {text!r} leaked into {persona.name}'s report"
                )


@pytest.mark.slow
def test_reports_are_self_contained_without_code_prompts_or_cdn(
    cohort_batch: tuple[Store, Path, object],
) -> None:
    _, out, _result = cohort_batch
    for page_file in sorted(out.glob("report-*.html")):
        page = page_file.read_text(encoding="utf-8")
        assert "<script" not in page
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", page), page_file.name
        assert "ParticipantReport" not in page and "report.section" not in page
        assert "In&nbsp;[" not in page and "Out[" not in page


@pytest.mark.slow
def test_the_manifest_lists_every_report_with_path_status_duration_and_hash(
    cohort_batch: tuple[Store, Path, object],
) -> None:
    _, out, _result = cohort_batch
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["participant"] for row in rows} == {f"demo-{p.key}" for p in PERSONAS}
    for row in rows:
        assert row["status"] == "built"
        assert row["path"] == f"report-{row['participant']}.html" and (out / row["path"]).is_file()
        assert float(row["duration_s"]) > 0
        assert re.fullmatch(r"[0-9a-f]{64}", row["input_hash"])
        assert row["formats"] == "html" and row["reason"] == ""
    assert not list(out.glob("*.ipynb")), "executed notebooks are kept only with --keep-notebooks"
    assert not list(out.glob(".*.partial"))
    assert not (out / "logs").exists(), "a batch that made every report keeps no log"


@pytest.mark.slow
def test_unchanged_reports_are_skipped_and_a_changed_one_is_rebuilt(
    cohort_batch: tuple[Store, Path, object],
) -> None:
    store, out, _result = cohort_batch
    amara = report_path(out, "demo-amara")
    before = {path.name: path.stat().st_mtime_ns for path in out.glob("report-*.html")}
    again = run_batch(store, select_participants(store, "demo"), _options(out))
    assert {o.status for o in again.outcomes} == {"unchanged"}
    assert {path.name: path.stat().st_mtime_ns for path in out.glob("report-*.html")} == before

    store.save_answer(
        "demo-amara",
        "hopes_for_today",
        {"hopes": ["plan"], "in_my_words": "A brand new hope line."},
    )
    third = run_batch(store, select_participants(store, "demo"), _options(out))
    statuses = {o.participant_id: o.status for o in third.outcomes}
    assert statuses.pop("demo-amara") == "built"
    assert set(statuses.values()) == {"unchanged"}
    assert "A brand new hope line." in amara.read_text(encoding="utf-8")
    rows = read_manifest(out)
    assert rows["demo-amara"].status == "built" and rows["demo-bilal"].status == "unchanged"


# -- failures, hostile people, formats (slow, a few participants each) ---------------------


@pytest.fixture(scope="module")
def failed_batch(
    tmp_path_factory: pytest.TempPathFactory, new_store_url: Callable[[Path], str]
) -> tuple[Path, BatchResult]:
    """Three people, one of whose saved answers has a shape no content change can explain."""
    folder = tmp_path_factory.mktemp("failing")
    store = _store(new_store_url(folder))
    out = folder / "reports"
    store.save_answer(
        "demo-bilal", "situation", {"kind": ["not", "text"], "how_long_ago": "this_week"}
    )
    report_path(out, "demo-bilal").parent.mkdir(parents=True)
    report_path(out, "demo-bilal").write_text("an old report from before", encoding="utf-8")
    people = select_participants(store, participant_ids=["demo-amara", "demo-bilal", "demo-chen"])
    return out, run_batch(store, people, _options(out, keep_notebooks=True))


@pytest.mark.slow
def test_a_participant_whose_data_breaks_the_template_fails_alone_with_a_clear_reason(
    failed_batch: tuple[Path, BatchResult],
) -> None:
    out, result = failed_batch
    by_id = {o.participant_id: o for o in result.outcomes}
    assert by_id["demo-amara"].status == by_id["demo-chen"].status == "built"
    failed = by_id["demo-bilal"]
    assert failed.status == "failed" and not result.ok
    assert "AnswerError" in failed.reason and "report cell" in failed.reason
    assert not report_path(out, "demo-bilal").exists(), "a failed participant's output is removed"
    trail = report_path(out, "demo-bilal", ".ipynb").read_text(encoding="utf-8")
    assert "AnswerError" in trail and '"papermill"' in trail
    assert read_manifest(out)["demo-bilal"].reason == failed.reason
    table = failure_table(result.outcomes)
    assert "demo-bilal" in table and "AnswerError" in table and "demo-amara" not in table


@pytest.mark.slow
def test_a_failed_batch_keeps_a_log_naming_the_failure_and_nobodys_answers(
    failed_batch: tuple[Path, BatchResult],
) -> None:
    out, result = failed_batch
    assert result.log is not None and result.log.parent == (out / "logs").resolve()
    text = result.log.read_text(encoding="utf-8")
    assert re.search(r"plan: 3 people, 3 to build", text)
    for person in ("demo-amara", "demo-bilal", "demo-chen"):
        assert f"started {person}" in text
    assert re.search(r"built demo-amara in [0-9.]+ s", text)
    assert re.search(r"failed demo-bilal after [0-9.]+ s: AnswerError \(report cell \d+\)", text)
    assert re.search(r"finished in [0-9.]+ s: 2 built, 0 unchanged, 1 failed", text)
    kernels = sorted(result.log.parent.glob("kernels-*.log"))
    assert len(kernels) == 1 and "ready in" in kernels[0].read_text(encoding="utf-8")
    everything = text + kernels[0].read_text(encoding="utf-8")
    for persona in PERSONAS:
        for private in _private_strings(persona.key):
            assert private not in everything, f"{persona.name}'s words in the batch log"
    assert "'not', 'text'" not in everything, "no saved value is quoted"


@pytest.mark.slow
def test_hostile_ids_and_names_give_safe_file_names_and_escaped_reports(
    tmp_path: Path, new_store_url: Callable[[Path], str]
) -> None:
    store = _store(new_store_url(tmp_path))
    out = tmp_path / "reports"
    hostile = [
        "../../escape<b>",
        "/etc/passwd",
        '=HYPERLINK("http://x")',
        "a/../../b c\\d",
        'q\\"); import os #',
    ]
    for number, participant_id in enumerate(hostile):
        _add_raw_participant(store, participant_id, f'<script>alert("{number}")</script> Eve')
        store.save_answer(
            participant_id,
            "hopes_for_today",
            {"hopes": ["plan"], "in_my_words": "<img src=x onerror=alert(1)>"},
        )
    result = run_batch(store, select_participants(store, participant_ids=hostile), _options(out))

    assert result.ok, failure_table(result.outcomes)
    files = sorted(path.name for path in out.iterdir() if path.name != "manifest.csv")
    assert len(files) == len(hostile) and all(SAFE_NAME.fullmatch(name) for name in files)
    assert sorted(tmp_path.rglob("report-*")) == sorted(out.glob("report-*")), (
        "nothing escaped --out"
    )
    for participant_id in hostile:
        page = report_path(out, participant_id).read_text(encoding="utf-8")
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    raw = (out / "manifest.csv").read_text(encoding="utf-8")
    assert "\n=HYPERLINK" not in raw and "\"'=HYPERLINK" in raw, (
        "formula-looking ids are defused in the CSV"
    )
    assert set(read_manifest(out)) == set(hostile)


@pytest.mark.slow
def test_keep_notebooks_keeps_papermills_trail_beside_the_report(
    tmp_path: Path, new_store_url: Callable[[Path], str]
) -> None:
    store = _store(new_store_url(tmp_path))
    out = tmp_path / "reports"
    people = select_participants(store, participant_ids=["demo-chen"])
    today = date.today()
    assert run_batch(store, people, _options(out, keep_notebooks=True, report_date=today)).ok
    kept = report_path(out, "demo-chen", ".ipynb").read_text(encoding="utf-8")
    assert '"papermill"' in kept and "demo-chen" in kept
    assert run_batch(store, people, _options(out)).outcomes[0].status == "unchanged"


@pytest.mark.slow
def test_the_report_is_made_for_the_day_the_batch_planned(
    tmp_path: Path, new_store_url: Callable[[Path], str]
) -> None:
    store = _store(new_store_url(tmp_path))
    out = tmp_path / "reports"
    people = select_participants(store, participant_ids=["demo-chen"])
    assert run_batch(store, people, _options(out, report_date=date(2031, 1, 2))).ok
    assert "made 02 January 2031" in report_path(out, "demo-chen").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.skipif(
    not DEBIAN_CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"
)
def test_pdf_is_printed_by_chromium_and_added_later_without_rerunning(
    tmp_path: Path, new_store_url: Callable[[Path], str]
) -> None:
    store = _store(new_store_url(tmp_path))
    out = tmp_path / "reports"
    people = select_participants(store, participant_ids=["demo-dolores"])
    run_batch(store, people, _options(out))
    html_before = report_path(out, "demo-dolores").stat().st_mtime_ns

    jobs, unchanged = plan_batch(
        store, people, _options(out, formats=("html", "pdf")), read_manifest(out)
    )
    assert not unchanged and len(jobs) == 1 and not jobs[0].execute and jobs[0].print_pdf

    result = run_batch(store, people, _options(out, formats=("html", "pdf")))
    assert result.ok, failure_table(result.outcomes)
    pdf = report_path(out, "demo-dolores", ".pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
    assert report_path(out, "demo-dolores").stat().st_mtime_ns == html_before
    assert read_manifest(out)["demo-dolores"].formats == "html,pdf"


@pytest.mark.slow
def test_missing_chromium_gives_a_clear_message_and_html_is_still_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_store_url: Callable[[Path], str]
) -> None:
    monkeypatch.setenv("NEXTROUND_CHROMIUM", str(tmp_path / "no-chromium-here"))
    store = _store(new_store_url(tmp_path))
    out = tmp_path / "reports"
    result = CliRunner().invoke(
        main,
        [
            "reports",
            "--store",
            store.location.url,
            "--participant",
            "demo-emeka",
            "--format",
            "html,pdf",
            "--out",
            str(out),
            "--no-progress",
        ],
    )
    assert result.exit_code == 1
    assert "No PDFs made" in result.output and "apt-get install chromium" in result.output
    assert (
        report_path(out, "demo-emeka").is_file()
        and not report_path(out, "demo-emeka", ".pdf").exists()
    )
    assert read_manifest(out)["demo-emeka"].formats == "html"
    store.close()


@pytest.mark.slow
def test_the_cli_reports_failures_in_a_table_and_exits_non_zero(
    tmp_path: Path, new_store_url: Callable[[Path], str]
) -> None:
    store = _store(new_store_url(tmp_path))
    store.save_answer("demo-freya", "mood_check_in", {"emotions": "not a list of feelings"})
    out = tmp_path / "reports"
    result = CliRunner().invoke(
        main,
        [
            "reports",
            "--store",
            store.location.url,
            "--participant",
            "demo-freya",
            "--participant",
            "demo-gabriel",
            "--out",
            str(out),
            "--jobs",
            "2",
            "--no-progress",
        ],
    )
    assert result.exit_code == 1, result.output
    assert "1 built, 0 unchanged, 1 failed" in result.output
    assert re.search(r"participant\s+reason", result.output) and "demo-freya" in result.output
    assert (
        report_path(out, "demo-gabriel").is_file() and not report_path(out, "demo-freya").exists()
    )
    kept = sorted((out / "logs").glob("batch-*.log"))
    assert len(kept) == 1 and f"The batch's log is kept in {kept[0].resolve()}" in result.output


@pytest.mark.slow
def test_a_killed_batch_resumes_where_it_stopped_and_leaves_no_half_report(
    tmp_path: Path, new_store_url: Callable[[Path], str]
) -> None:
    store = _store(new_store_url(tmp_path))
    out = tmp_path / "reports"
    nextround = Path(sys.executable).parent / "nextround"
    command = [
        str(nextround),
        "reports",
        "--store",
        store.location.url,
        "--cohort",
        "demo",
        "--out",
        str(out),
        "--jobs",
        "1",
        "--no-progress",
    ]
    batch = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "NEXTROUND_HOME": str(tmp_path / "home")},
    )
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and len(read_manifest(out)) < 2 and batch.poll() is None:
            time.sleep(0.2)
    finally:
        os.killpg(batch.pid, signal.SIGKILL)
        batch.wait(timeout=30)
    finished_before = set(read_manifest(out))
    assert 2 <= len(finished_before) < len(PERSONAS), "the batch was killed part-way"
    for page in out.glob("report-*.html"):
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), (
            f"half-written {page.name}"
        )

    result = run_batch(store, select_participants(store, "demo"), _options(out))

    assert result.ok, failure_table(result.outcomes)
    statuses = {o.participant_id: o.status for o in result.outcomes}
    assert {pid for pid, status in statuses.items() if status == "unchanged"} >= finished_before
    assert len(list(out.glob("report-*.html"))) == len(PERSONAS)
    assert not list(out.glob(".*.partial"))


# -- pure logic (fast) -------------------------------------------------------------------


def test_formats_always_include_html_and_reject_unknown_ones() -> None:
    assert parse_formats("html") == ("html",)
    assert parse_formats("pdf") == ("html", "pdf")
    assert parse_formats(" PDF , html ") == ("html", "pdf")
    with pytest.raises(ReportError, match="docx"):
        parse_formats("html,docx")
    with pytest.raises(ReportError):
        parse_formats(" , ")


def test_the_manifest_round_trips_and_defuses_spreadsheet_formulas(tmp_path: Path) -> None:
    rows = {
        pid: ManifestRow(
            pid,
            "report-x.html",
            "built",
            "1.20",
            "ab" * 32,
            "html,pdf",
            "2026-11-22T00:00:00+00:00",
            "",
        )
        for pid in ["demo-amara", "=cmd|' /C calc'!A0", "'quoted", "+1", "@SUM(A1)"]
    }
    write_manifest(tmp_path, rows)
    text = (tmp_path / "manifest.csv").read_text(encoding="utf-8")
    assert all(not line.startswith(("=", "+", "@", "-")) for line in text.splitlines())
    assert read_manifest(tmp_path) == rows
    (tmp_path / "manifest.csv").write_text("who,what\nx,y\n", encoding="utf-8")
    assert read_manifest(tmp_path) == {}, "a manifest in another shape means: rebuild everything"


def test_input_hash_follows_the_answers_the_name_and_the_template(
    store: Store, tmp_path: Path
) -> None:
    build_demo(store)
    template_copy = tmp_path / "participant_report.ipynb"
    shutil.copy(PARTICIPANT_TEMPLATE, template_copy)
    fingerprint = template_fingerprint(template_copy)
    amara = store.get_participant("demo-amara")
    day = date(2030, 3, 4)
    first = participant_inputs_hash(store, amara, fingerprint, day)
    assert first == participant_inputs_hash(store, amara, template_fingerprint(template_copy), day)
    assert first != participant_inputs_hash(
        store, store.get_participant("demo-bilal"), fingerprint, day
    )
    assert first != participant_inputs_hash(store, amara, fingerprint, day + timedelta(days=1))

    store.save_answer("demo-amara", "confidentiality", {"agreed": True})
    assert participant_inputs_hash(store, amara, fingerprint, day) != first

    template_copy.write_text(
        template_copy.read_text(encoding="utf-8").replace("workshop order", "order"),
        encoding="utf-8",
    )
    assert template_fingerprint(template_copy) != fingerprint


def test_planning_skips_only_reports_whose_inputs_and_files_are_all_there(
    store: Store, tmp_path: Path
) -> None:
    build_demo(store)
    out = tmp_path / "reports"
    people = select_participants(store, participant_ids=["demo-amara", "demo-bilal", "demo-chen"])
    options = _options(out)
    fingerprint = template_fingerprint(PARTICIPANT_TEMPLATE)
    previous = {}
    for person in people:
        digest = participant_inputs_hash(store, person, fingerprint, date.today())
        outcome = ReportOutcome(
            person.id, "built", 1.0, digest, ("html",), report_path(out, person.id).name
        )
        previous[person.id] = outcome.manifest_row()
    out.mkdir()
    report_path(out, "demo-amara").write_text("<html></html>", encoding="utf-8")
    report_path(out, "demo-bilal").write_text(
        "<html></html>", encoding="utf-8"
    )  # its hash is stale below
    previous["demo-bilal"] = ManifestRow(
        **{**previous["demo-bilal"].__dict__, "input_hash": "0" * 64}
    )

    jobs, unchanged = plan_batch(store, people, options, previous)

    assert [o.participant_id for o in unchanged] == ["demo-amara"]
    assert sorted(job.participant_id for job in jobs) == [
        "demo-bilal",
        "demo-chen",
    ]  # chen's file is missing
    assert all(job.execute and not job.print_pdf for job in jobs)


def test_a_report_is_rebuilt_when_the_day_it_speaks_of_changes(
    store: Store, tmp_path: Path
) -> None:
    """Its cover says when it was made and its summary speaks of "this week": a report made
    yesterday is out of date today, even if nobody changed an answer."""
    build_demo(store)
    out = tmp_path / "reports"
    out.mkdir()
    people = select_participants(store, participant_ids=["demo-amara"])
    monday = date(2030, 3, 4)
    [job], _ = plan_batch(store, people, _options(out, report_date=monday), {})
    report_path(out, "demo-amara").write_text("<html></html>", encoding="utf-8")
    built = ReportOutcome("demo-amara", "built", 1.0, job.input_hash, ("html",), "x.html")
    previous = {"demo-amara": built.manifest_row()}

    _, unchanged = plan_batch(store, people, _options(out, report_date=monday), previous)
    jobs, _ = plan_batch(
        store, people, _options(out, report_date=monday + timedelta(days=1)), previous
    )

    assert [outcome.participant_id for outcome in unchanged] == ["demo-amara"]
    assert [job.participant_id for job in jobs if job.execute] == ["demo-amara"]


def test_selecting_people_checks_ids_and_cohorts(store: Store) -> None:
    build_demo(store)
    assert len(select_participants(store, "demo")) == len(PERSONAS)
    assert [
        p.id for p in select_participants(store, participant_ids=["demo-chen", "demo-chen"])
    ] == ["demo-chen"]
    solo = store.add_participant("Solo Person")
    with pytest.raises(ReportError, match="Not in cohort"):
        select_participants(store, "demo", [solo.id])
    with pytest.raises(Exception, match="nobody"):
        select_participants(store, participant_ids=["nobody"])


def test_sweeping_removes_leftovers_of_dead_runs_only(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = tmp_path / f".report-demo-amara.html.{dead.pid}.partial"
    live = tmp_path / f".report-demo-bilal.html.{os.getppid()}.partial"
    report = tmp_path / "report-demo-chen.html"
    for path in (leftover, live, report):
        path.write_text("x", encoding="utf-8")
    assert sweep_partials(tmp_path) == [leftover]
    assert live.exists() and report.exists()


def test_kernel_socket_folders_of_killed_batches_are_swept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = tmp_path / f"nextround-kernels-{dead.pid}-abc123"
    mine = runtime_folder()
    for folder in (left, mine):
        folder.mkdir(exist_ok=True)
        (folder / "k-1.json").write_text("{}", encoding="utf-8")
    assert sweep_runtime_folders() == [left]
    assert not left.exists() and mine.is_dir()


def test_the_failure_table_is_empty_without_failures_and_never_prints_control_characters() -> None:
    ok = ReportOutcome("demo-amara", "built", 1.0, "h")
    assert failure_table([ok]) == ""
    bad = ReportOutcome("evil\x1b[2J", "failed", 1.0, "h", reason="KeyError: 'x'\x07")
    table = failure_table([ok, bad])
    assert (
        "\x1b" not in table
        and "\x07" not in table
        and "evil?[2J" in table
        and "demo-amara" not in table
    )


def test_erasing_a_person_drops_their_manifest_row_and_files(store: Store, tmp_path: Path) -> None:
    from kit.reports.data_rights import erase_participant

    build_demo(store)
    out = tmp_path / "reports"
    out.mkdir()
    rows = {
        pid: ReportOutcome(
            pid, "built", 1.0, "h", ("html",), report_path(out, pid).name
        ).manifest_row()
        for pid in ("demo-amara", "demo-bilal")
    }
    write_manifest(out, rows)
    for suffix in (".html", ".pdf", ".ipynb"):
        report_path(out, "demo-amara", suffix).write_text("x", encoding="utf-8")
    erased = erase_participant(store, "demo-amara", out)
    assert len(erased.files) == 3 and not list(out.glob("report-demo-amara*"))
    assert set(read_manifest(out)) == {"demo-bilal"}

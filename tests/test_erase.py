"""`nextround erase` leaves nothing: not in the SQLite file or its WAL, not in other people's
answers, not in calendar files, report folders or manifests, not in a remembered identity."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.cli import main
from kit.core import identity
from kit.core.store import Store
from kit.core.workspace import reports_dir
from kit.reports.data_rights import erase_participant
from kit.reports.manifest import ManifestRow, read_manifest, write_manifest
from kit.room.pairs import pair_history, save_pairs
from kit.steps.page import Session
from kit.steps.plan.calendar import calendar_path, calendars_dir
from kit.workbook.partners import PARTNER_LEFT

NAME = "Zora Quintrell"
SECRET = "quokka-lighthouse-7731"


def _needs(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is needed for this test and is missing on CI")
        pytest.skip(f"{tool} is not installed")
    return found


def _strings(path: Path) -> str:
    if not path.exists():
        return ""
    return subprocess.run(
        [_needs("strings"), "-a", "-n", "4", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _room_with(store: Store, size: int = 12) -> list[str]:
    """A cohort "room" with ``size`` people and the one to erase, all with several answers."""
    store.create_cohort("Room", cohort_id="room", min_group_size=3)
    people = [store.add_participant(f"Person {i}", cohort_id="room").id for i in range(size)]
    zora = store.add_participant(NAME, cohort_id="room", email="zora@example.org").id
    for round_number in range(4):
        for index, person in enumerate([*people, zora]):
            text = f"{SECRET} take {round_number}" if person == zora else f"tip {index}"
            store.save_answer(person, "advice_for_others", {"text": text, "share": True})
            store.save_answer(
                person,
                "session_feedback",
                {"rating": 1 + index % 5, "comment": text, "share_comment": True},
            )
    return [*people, zora]


def test_after_an_erase_the_database_and_its_wal_hold_neither_name_nor_answer(
    tmp_path: Path,
) -> None:
    _needs("strings")
    database = tmp_path / "store.sqlite"
    store = Store.open(str(database), create=True)
    people = _room_with(store)
    zora = people[-1]
    save_pairs(store, "room", "accountability_partner", [(people[0], zora), (people[1], people[2])])
    assert NAME in _strings(database) + _strings(tmp_path / "store.sqlite-wal")

    notebook = Store.open(str(database))  # another program with the store open, idle
    assert notebook.latest_answer(people[0], "advice_for_others") is not None
    reader = sqlite3.connect(database)
    reader.execute("select count(*) from answers").fetchall()
    try:
        erased = erase_participant(store, zora, tmp_path / "reports")
        assert erased.revisions == 9 and erased.wal_cleared is True
        found = _strings(database) + _strings(tmp_path / "store.sqlite-wal")
        for trace in (NAME, "Quintrell", SECRET, "zora@example.org", zora):
            assert trace not in found, trace
        assert notebook.find_participant(people[0]) is not None  # the others carry on
    finally:
        reader.close()
        notebook.close()
        store.close()


def test_a_program_reading_during_the_erase_is_told_about(tmp_path: Path) -> None:
    """A reader in the middle of a transaction keeps the WAL; the admin is told, not misled."""
    database = tmp_path / "store.sqlite"
    store = Store.open(str(database), create=True)
    people = _room_with(store, size=3)
    reader = sqlite3.connect(database, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("select count(*) from answers").fetchall()
    try:
        result = CliRunner().invoke(main, ["erase", people[-1], "--yes", "--store", str(database)])
        assert result.exit_code == 0, result.output
        assert "write-ahead log" in result.output and "still holds" in result.output
    finally:
        reader.close()
        store.close()


def test_partners_read_names_from_the_roster_and_an_erased_partner_has_left(
    store: Store,
) -> None:
    people = _room_with(store, size=4)
    zora, ana, ben = people[-1], people[0], people[1]
    save_pairs(store, "room", "roleplay_partner", [(ana, zora, ben), (people[2], people[3])])
    save_pairs(store, "room", "accountability_partner", [(ana, zora), (ben, people[2])])
    # Before this change the names were copied into answers; an old answer may still hold one.
    store.save_answer(
        ben, "accountability_partner", {"partner_id": zora, "partner_name": NAME, "round": 2}
    )
    store.save_answer(ana, "accountability", {"partner_name": "zora ", "how": "coffee"})
    store.save_answer(ben, "accountability", {"partner_name": NAME, "how": "call"})
    store.save_answer(people[3], "accountability", {"partner_name": "Zora", "how": "call"})

    practice = Session("04_manager_conversation", store=store, participant_id=ana).exercise(
        "roleplay_practice"
    )
    assert f"<b>{NAME}</b> and <b>" in practice.how.value  # looked up from the roster

    erased = erase_participant(store, zora, reports_dir())
    assert erased.others == 2  # Ana and Ben named her; Person 2 and Person 3 did not

    for person in (ana, ben):
        for revision in store.history(person):
            assert zora not in str(revision.value) and "Quintrell" not in str(revision.value)
    assert store.latest_answer(ana, "accountability").value["partner_name"] == ""  # type: ignore[union-attr]
    # Someone never paired with her who wrote "Zora" may mean another Zora: kept.
    assert store.latest_answer(people[3], "accountability").value["partner_name"] == "Zora"  # type: ignore[union-attr]
    assert all(zora not in pair for pair in pair_history(store, "room"))

    practice = Session("04_manager_conversation", store=store, participant_id=ana).exercise(
        "roleplay_practice"
    )
    assert PARTNER_LEFT in practice.how.value and "nr-practice-pair" in practice.how.value
    checkout = Session("06_commit_and_check_out", store=store, participant_id=ana).exercise(
        "accountability"
    )
    assert PARTNER_LEFT in checkout.pairing.value


def _row(participant: str) -> ManifestRow:
    return ManifestRow(
        participant, f"report-{participant}.html", "built", "1.0", "h", "html", "", ""
    )


def test_erase_removes_calendars_reports_manifest_rows_and_a_remembered_identity(
    store: Store, tmp_path: Path
) -> None:
    people = _room_with(store, size=3)
    zora, ana = people[-1], people[0]
    save_pairs(store, "room", "accountability_partner", [(ana, zora), (people[1], people[2])])
    runner = CliRunner()
    elsewhere = tmp_path / "my files" / "zora.ics"
    for args in (["calendar", zora], ["calendar", zora, "--out", str(elsewhere)]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
    assert calendar_path(calendars_dir(), zora).exists() and elsewhere.exists()

    default, other = reports_dir(), tmp_path / "batch-out"
    for folder in (default, other):
        folder.mkdir(parents=True, exist_ok=True)
        for person in (zora, ana, people[1]):
            (folder / f"report-{person}.html").write_text(f"report of {person}")
        (folder / f"report-{zora}.pdf").write_bytes(b"%PDF")
        write_manifest(folder, {person: _row(person) for person in (zora, ana, people[1])})
    identity.remember(store.get_participant(zora))

    result = runner.invoke(main, ["erase", zora, "--yes", "--reports", str(other)])
    assert result.exit_code == 0, result.output

    assert not calendar_path(calendars_dir(), zora).exists() and not elsewhere.exists()
    assert zora not in (calendars_dir() / "written.json").read_text(encoding="utf-8")
    for folder in (default, other):
        assert set(read_manifest(folder)) == {people[1]}  # Ana's named Zora: rebuilt next batch
        assert sorted(path.name for path in folder.glob("report-*")) == [f"report-{people[1]}.html"]
    assert identity.remembered_participant_id() is None
    assert "other people's partner answers" in result.output


# -- PostgreSQL: the same erase, without SQLite's pragmas ------------------------------------


@pytest.mark.slow
def test_erase_works_on_postgresql(postgres_url: str) -> None:
    store = Store.create(postgres_url)
    try:
        people = _room_with(store, size=4)
        zora, ana = people[-1], people[0]
        save_pairs(store, "room", "roleplay_partner", [(ana, zora), (people[1], people[2])])
        erased = erase_participant(store, zora, reports_dir())
        assert erased.revisions == 9 and erased.others == 1 and erased.wal_cleared is None
        assert store.find_participant(zora) is None
        assert all(zora not in str(r.value) for r in store.history(ana))
        assert store.departures_in_cohort("room", "advice_for_others")
    finally:
        store.close()

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kit.core.store import Store, slugify
from kit.errors import (
    AnswerError,
    IdentityError,
    StoreCorruptError,
    StoreError,
    StoreMissingError,
    StoreValueError,
    UnknownParticipantError,
)

pytestmark = pytest.mark.both_stores


def test_answers_round_trip_and_every_revision_is_kept(store: Store) -> None:
    person = store.add_participant("Ana Lima")
    first = store.save_answer(person.id, "situation", {"kind": "external_job"})
    second = store.save_answer(person.id, "situation", {"kind": "internal_move", "role": "Lead"})
    assert store.latest_answer(person.id, "situation") == second
    assert [r.value for r in store.history(person.id, "situation")] == [first.value, second.value]
    assert second.id > first.id


def test_latest_answers_gives_the_newest_revision_per_exercise(store: Store) -> None:
    person = store.add_participant("Ana")
    store.save_answer(person.id, "a", {"n": 1})
    store.save_answer(person.id, "b", {"n": 2})
    store.save_answer(person.id, "a", {"n": 3})
    latest = store.latest_answers(person.id)
    assert {key: rev.value["n"] for key, rev in latest.items()} == {"a": 3, "b": 2}


def test_unicode_and_hostile_text_is_stored_exactly(store: Store) -> None:
    person = store.add_participant("Zoë <script>alert(1)</script>")
    text = "\"quotes\" 'single' ../../etc/passwd 🙂 中文 \u202e" + "x" * 5000
    store.save_answer(person.id, "note", {"text": text})
    assert store.latest_answer(person.id, "note").value["text"] == text  # type: ignore[union-attr]


def test_ids_are_safe_slugs_made_unique(store: Store) -> None:
    first = store.add_participant("José  Ñúñez/../..")
    second = store.add_participant("José Ñúñez")
    assert first.id == "jose-nunez"
    assert second.id == "jose-nunez-2"
    assert first.display_name == "José Ñúñez/../.."
    assert slugify("<<>>") == "participant"


def test_saving_for_an_unknown_participant_fails_clearly(store: Store) -> None:
    with pytest.raises(UnknownParticipantError, match="nextround participants"):
        store.save_answer("nobody", "situation", {})


def test_empty_and_overlong_names_are_refused(store: Store) -> None:
    with pytest.raises(IdentityError, match="type a name"):
        store.add_participant("   ")
    with pytest.raises(IdentityError, match="under 120"):
        store.add_participant("n" * 500)


def test_min_group_size_can_never_go_below_three(store: Store) -> None:
    with pytest.raises(StoreError, match="at least 3"):
        store.create_cohort("Tiny", min_group_size=2)
    assert store.create_cohort("Small", min_group_size=3).min_group_size == 3
    assert store.create_cohort("Default").min_group_size == 5


def test_a_named_store_that_does_not_exist_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite"
    with pytest.raises(StoreMissingError, match=r"typo\.sqlite"):
        Store.open(str(missing))
    assert not missing.exists()


def test_a_corrupt_store_file_is_reported_and_left_untouched(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"this is not a database" * 100)
    before = broken.read_bytes()
    with pytest.raises(StoreCorruptError, match="cannot be read"):
        Store.open(str(broken))
    assert broken.read_bytes() == before


def test_sqlite_store_uses_wal_for_a_room_of_writers(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "room.sqlite"), create=True)
    store.add_participant("Ana")
    path = store.location.sqlite_path
    assert path is not None
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_two_connections_see_each_others_answers(store: Store) -> None:
    other = Store.open()
    person = store.add_participant("Ana")
    other.save_answer(person.id, "situation", {"kind": "other"})
    assert store.latest_answer(person.id, "situation") is not None
    other.close()


def test_revision_ids_never_come_back_after_an_erasure(store: Store) -> None:
    """The group views replay revisions in id order; an id reused after an erasure would put a
    new answer back in the past (SQLite reuses the largest rowid unless AUTOINCREMENT)."""
    keep = store.add_participant("Keep")
    gone = store.add_participant("Gone")
    store.save_answer(keep.id, "x", {"n": 1})
    newest = store.save_answer(gone.id, "x", {"n": 2})
    store.erase_participant(gone.id)
    assert store.save_answer(keep.id, "x", {"n": 3}).id > newest.id


def test_erasing_a_participant_removes_them_and_every_revision(store: Store) -> None:
    keep = store.add_participant("Keep")
    gone = store.add_participant("Gone")
    for n in range(3):
        store.save_answer(gone.id, "x", {"n": n})
    store.save_answer(keep.id, "x", {"n": 9})
    assert store.erase_participant(gone.id).revisions == 3
    assert store.find_participant(gone.id) is None
    assert store.history(gone.id) == []
    assert len(store.history(keep.id)) == 1


# -- what PostgreSQL revealed: both databases keep (or refuse) the same things ---------------


def test_people_working_alone_are_listed_first_on_both_databases(store: Store) -> None:
    store.create_cohort("A", cohort_id="a")
    store.add_participant("Bea", cohort_id="a")
    store.add_participant("Solo")
    assert [p.id for p in store.list_participants()] == ["solo", "bea"]


def test_an_overlong_email_or_facilitator_is_refused_clearly_before_saving(store: Store) -> None:
    with pytest.raises(StoreValueError, match="254"):
        store.add_participant("Ana", email="a" * 250 + "@example.org")
    with pytest.raises(StoreValueError, match="200"):
        store.create_cohort("Long", facilitator="F" * 250)
    assert store.list_participants() == [] and store.list_cohorts() == []


def test_control_characters_in_a_name_are_dropped_on_both_databases(store: Store) -> None:
    person = store.add_participant("Ana\x00Li\x07ma")
    assert store.get_participant(person.id).display_name == "AnaLima"


def test_an_answer_that_is_not_plain_json_is_refused_with_a_reason(store: Store) -> None:
    person = store.add_participant("Ana")
    store.save_answer(person.id, "rating", {"score": 1})
    with pytest.raises(AnswerError, match="number"):
        store.save_answer(person.id, "rating", {"score": float("nan")})
    assert store.latest_answer(person.id, "rating").value == {"score": 1}  # type: ignore[union-attr]

"""Changes of many rows are one transaction: a failure part-way leaves nothing half-written.

The failures are real ones from the database: a trigger that refuses one row (as a constraint
would), a person erased between planning and writing, a join racing a cohort's deletion.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Protocol

import psycopg
import pytest

from kit.core.content import Content
from kit.core.store import Store
from kit.errors import CohortNotEmptyError, NextRoundError, StoreError
from kit.room.pairs import save_pairs
from kit.room.roster import apply_import, plan_import, read_table

pytestmark = pytest.mark.both_stores


def _refuse_answers_for(store: Store, participant_id: str) -> None:
    """A real trigger in the store that rejects any answer saved for one person."""
    with store.engine.begin() as conn:
        if store.engine.dialect.name == "sqlite":
            conn.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON answers "
                f"WHEN NEW.participant_id = '{participant_id}' "
                "BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END"
            )
        else:
            conn.exec_driver_sql(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'refused by a test trigger'; END $$"
            )
            conn.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON answers FOR EACH ROW "
                f"WHEN (NEW.participant_id = '{participant_id}') EXECUTE FUNCTION refuse()"
            )


def _answer_count(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM answers").scalar_one())


def test_a_round_of_pairs_is_saved_whole_or_not_at_all(demo_store: Store) -> None:
    before = _answer_count(demo_store)
    _refuse_answers_for(demo_store, "demo-dolores")
    groups = [("demo-amara", "demo-bilal"), ("demo-chen", "demo-dolores")]
    with pytest.raises(StoreError):
        save_pairs(demo_store, "demo", "roleplay_partner", groups)
    assert _answer_count(demo_store) == before
    assert demo_store.latest_answer("demo-amara", "roleplay_partner") is None


def test_a_roster_import_that_fails_part_way_writes_nobody(
    store: Store, content: Content, tmp_path: Path
) -> None:
    cohort = store.create_cohort("Spring", cohort_id="spring").id
    kim = store.add_participant("Kim Old", cohort_id=cohort, email="kim@example.org")
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,email,situation\n"
        "Ana Lima,ana@example.org,internal promotion\n"
        "Ben Carter,ben@example.org,external job\n"
        "Kim New,kim@example.org,laid off\n",
        encoding="utf-8",
    )
    plan = plan_import(read_table(roster), store, cohort, content)
    assert [person.action for person in plan.people] == ["add", "add", "update"]
    store.erase_participant(kim.id)  # someone erases Kim between the preview and the import
    with pytest.raises(NextRoundError):
        apply_import(plan, store, content)
    assert store.list_participants(cohort) == []
    assert _answer_count(store) == 0


def test_a_roster_import_refused_by_the_database_writes_nobody(
    store: Store, content: Content, tmp_path: Path
) -> None:
    cohort = store.create_cohort("Spring", cohort_id="spring").id
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,email,situation\n"
        "Ana Lima,ana@example.org,internal promotion\n"
        "Ben Carter,ben@example.org,external job\n",
        encoding="utf-8",
    )
    plan = plan_import(read_table(roster), store, cohort, content)
    _refuse_answers_for(store, "ben-carter")
    with pytest.raises(StoreError):
        apply_import(plan, store, content)
    assert store.list_participants(cohort) == []
    assert _answer_count(store) == 0


class _Joining(Protocol):
    def commit(self) -> object: ...
    def close(self) -> object: ...


def _insert_participant_uncommitted(store_url: str, cohort_id: str) -> _Joining:
    """Another program adding someone to the cohort; the caller commits when it likes."""
    insert = (
        "INSERT INTO participants (id, display_name, cohort_id, email, created_at) "
        "VALUES ('late', 'Late Arrival', {0}, NULL, CURRENT_TIMESTAMP)"
    )
    if store_url.startswith("sqlite"):
        other = sqlite3.connect(store_url.removeprefix("sqlite:///"), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # the store's other writers wait for this one
        other.execute(insert.format("?"), (cohort_id,))
        return other
    joining = psycopg.connect(store_url.replace("postgresql+psycopg://", "postgresql://"))
    joining.execute(insert.format("%s"), (cohort_id,))
    return joining


def test_deleting_a_cohort_while_someone_joins_it_keeps_the_person(
    store: Store, store_url: str
) -> None:
    store.create_cohort("Spring", cohort_id="spring")
    joining = _insert_participant_uncommitted(store_url, "spring")
    deleter = Store.open(store_url)
    outcome: list[BaseException | None] = []

    def delete() -> None:
        try:
            deleter.delete_cohort("spring")
            outcome.append(None)
        except NextRoundError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=delete)
    thread.start()
    time.sleep(0.5)  # the deletion has started and waits for the joining transaction
    joining.commit()
    joining.close()
    thread.join(timeout=30)
    deleter.close()
    assert store.find_participant("late") is not None
    assert store.find_cohort("spring") is not None
    assert len(outcome) == 1 and isinstance(outcome[0], CohortNotEmptyError)


def test_deleting_a_cohort_with_people_is_refused_and_an_empty_one_goes(store: Store) -> None:
    store.create_cohort("Spring", cohort_id="spring")
    person = store.add_participant("Ana", cohort_id="spring")
    with pytest.raises(CohortNotEmptyError, match="erase") as raised:
        store.delete_cohort("spring")
    assert raised.value.participants == 1
    store.erase_participant(person.id)
    store.delete_cohort("spring")
    assert store.find_cohort("spring") is None

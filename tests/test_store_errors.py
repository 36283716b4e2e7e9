"""The store tells the truth: each cause of a failure gets its own error and its own advice.

"Restore it from a backup" is said only when the store really is damaged: telling an admin that
about a busy or unreachable store could make them overwrite a healthy one.
"""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

import port_for
import psycopg
import pytest

from kit.core.store import Store
from kit.errors import (
    AlreadyExistsError,
    StoreBusyError,
    StoreCorruptError,
    StoreError,
    StoreMissingError,
    StoreUnreachableError,
)

pytestmark = pytest.mark.both_stores

DAMAGE_ADVICE = ("damaged", "backup")


def _no_damage_advice(error: BaseException) -> None:
    message = str(error).casefold()
    assert not any(word in message for word in DAMAGE_ADVICE), message


def test_a_cohort_id_taken_twice_says_it_already_exists(store: Store) -> None:
    store.create_cohort("Spring", cohort_id="spring")
    with pytest.raises(AlreadyExistsError, match="already") as raised:
        store.create_cohort("Spring again", cohort_id="spring")
    assert (raised.value.kind, raised.value.identifier) == ("cohort", "spring")
    _no_damage_advice(raised.value)
    assert store.get_cohort("spring").title == "Spring"


def test_a_participant_id_taken_twice_says_it_already_exists(store: Store) -> None:
    store.add_participant("Ana", participant_id="ana")
    with pytest.raises(AlreadyExistsError, match="already") as raised:
        store.add_participant("Another Ana", participant_id="ana")
    _no_damage_advice(raised.value)
    assert store.get_participant("ana").display_name == "Ana"


@contextmanager
def _held_write_lock(store_url: str) -> Iterator[None]:
    """Another program holding the store's write lock (SQLite) or the answers table (PostgreSQL)."""
    if store_url.startswith("sqlite"):
        other = sqlite3.connect(store_url.removeprefix("sqlite:///"), isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    conninfo = store_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo) as other:
        other.execute("LOCK TABLE answers IN ACCESS EXCLUSIVE MODE")
        yield
        other.rollback()


def test_a_busy_store_says_try_again_and_keeps_what_was_saved(store_url: str) -> None:
    setup = Store.open(create=True)
    person = setup.add_participant("Ana")
    first = setup.save_answer(person.id, "situation", {"kind": "other"})
    setup.close()
    store = Store.open(busy_timeout=0.3)
    with _held_write_lock(store_url), pytest.raises(StoreBusyError, match="try again") as raised:
        store.save_answer(person.id, "situation", {"kind": "external_job"})
    _no_damage_advice(raised.value)
    assert store.latest_answer(person.id, "situation") == first
    store.save_answer(person.id, "situation", {"kind": "external_job"})  # free again: it works
    store.close()


def test_an_unreachable_server_is_not_called_damaged() -> None:
    nobody_listens = f"postgresql+psycopg://postgres@127.0.0.1:{port_for.select_random()}/store"
    with pytest.raises(StoreUnreachableError, match="reach") as raised:
        Store.open(nobody_listens)
    _no_damage_advice(raised.value)
    assert "server" in str(raised.value)


def test_a_database_that_does_not_exist_on_the_server_is_missing(
    postgres_server: object,
) -> None:
    url = postgres_server.url("no_such_database")  # type: ignore[attr-defined]
    with pytest.raises(StoreMissingError, match="nextround store create") as raised:
        Store.open(url)
    _no_damage_advice(raised.value)


def test_a_damaged_sqlite_file_is_called_damaged_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    store = Store.open(str(path), create=True)
    person = store.add_participant("Ana")
    for n in range(200):
        store.save_answer(person.id, "note", {"text": f"answer {n} " * 40})
    store.close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096  # keep page 1 (the schema), wreck every table's pages after it
    data[page:] = b"\xff" * (len(data) - page)
    path.write_bytes(bytes(data))
    with pytest.raises(StoreCorruptError, match="backup"):
        Store.open(str(path)).history(person.id)
    assert path.read_bytes() == bytes(data)


def _join(url: str, name: str, cohort_id: str, barrier: Barrier, results: Queue[str]) -> None:
    store = Store.open(url)
    barrier.wait()
    try:
        results.put(store.add_participant(name, cohort_id=cohort_id).id)
    except StoreError as exc:
        results.put(f"failed: {type(exc).__name__}: {exc}")
    finally:
        store.close()


def test_people_with_the_same_name_joining_at_the_same_moment_all_get_in(
    store: Store, store_url: str
) -> None:
    """Real processes, one store: the same slug is wanted by all of them at once."""
    cohort = store.create_cohort("Room")
    store.close()  # no pooled connection may cross the fork
    people = 10
    context = mp.get_context("fork")
    barrier = context.Barrier(people)
    results: Queue[str] = context.Queue()
    processes = [
        context.Process(target=_join, args=(store_url, "Ana Lima", cohort.id, barrier, results))
        for _ in range(people)
    ]
    for process in processes:
        process.start()
    ids = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    assert not [result for result in ids if result.startswith("failed")]
    assert sorted(ids) == sorted(["ana-lima", *(f"ana-lima-{n}" for n in range(2, people + 1))])
    assert len(Store.open(store_url).list_participants(cohort.id)) == people


def test_cohorts_with_the_same_title_made_at_the_same_moment_all_get_made(
    store: Store,
) -> None:
    """Threads this time: ids for cohorts are allocated the same careful way."""
    made: list[str] = []
    failed: list[BaseException] = []
    start = threading.Barrier(6)

    def make() -> None:
        start.wait()
        try:
            made.append(store.create_cohort("Spring session").id)
        except StoreError as exc:
            failed.append(exc)

    threads = [threading.Thread(target=make) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failed == []
    assert len(set(made)) == 6

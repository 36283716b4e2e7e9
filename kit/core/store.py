"""The answer store: cohorts, participants and every revision of every answer.

This is the only module that speaks SQL (SQLAlchemy Core, portable SQL only), so switching a
cohort from a SQLite file to PostgreSQL is a change of URL. Answers are append-only: saving
adds a revision and "the answer" is the newest one, so an edit never destroys what was there.

Database errors leave this module as the kit's own, one class per cause (``_translate``); the
schema's versions are alembic revisions in ``kit.core.migrations``, applied only on purpose.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection, Engine

from kit.core import migrations
from kit.core.logs import logger
from kit.core.workspace import StoreLocation, resolve_store
from kit.errors import (
    AlreadyExistsError,
    AnswerError,
    CohortNotEmptyError,
    ForeignDatabaseError,
    RoomNotStartedError,
    StoreBusyError,
    StoreCorruptError,
    StoreError,
    StoreExistsError,
    StoreMissingError,
    StoreOutOfDateError,
    StoreRefusedError,
    StoreTooNewError,
    StoreUnreachableError,
    StoreValueError,
    UnknownCohortError,
    UnknownParticipantError,
)

log = logger(__name__)

DEFAULT_MIN_GROUP_SIZE = 5
SMALLEST_ALLOWED_GROUP_SIZE = 3
MAX_NAME_LENGTH = 120
MAX_TITLE_LENGTH = 200  # a cohort's title and its facilitator's name
MAX_EMAIL_LENGTH = 254
DEFAULT_BUSY_TIMEOUT = 10.0  # seconds a save waits for another writer before saying "busy"
ID_ATTEMPTS = 50  # tries at a free id when many people with one name join at once
CHECKPOINT_WAIT = 2.0
"""Seconds an erase waits for a program reading the store before leaving the WAL to it."""
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
IN_CHUNK = 1000  # ids per IN (...) list: well under every database's limit on parameters

metadata = sa.MetaData()

cohorts_table = sa.Table(
    "cohorts",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("title", sa.String(MAX_TITLE_LENGTH), nullable=False),
    sa.Column("session_date", sa.Date, nullable=True),
    sa.Column("facilitator", sa.String(MAX_TITLE_LENGTH), nullable=True),
    sa.Column("min_group_size", sa.Integer, nullable=False, default=DEFAULT_MIN_GROUP_SIZE),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

participants_table = sa.Table(
    "participants",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("display_name", sa.String(MAX_NAME_LENGTH), nullable=False),
    sa.Column(
        "cohort_id", sa.String(64), sa.ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=True
    ),
    sa.Column("email", sa.String(MAX_EMAIL_LENGTH), nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

answers_table = sa.Table(
    "answers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "participant_id",
        sa.String(64),
        sa.ForeignKey("participants.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("exercise_id", sa.String(100), nullable=False),
    sa.Column("value", sa.JSON, nullable=False),
    sa.Column("saved_at", sa.DateTime, nullable=False),
    sa.Index("ix_answers_participant_exercise", "participant_id", "exercise_id", "id"),
    # The group views read a few exercises' revisions across a cohort (revision 0005).
    sa.Index("ix_answers_exercise_participant", "exercise_id", "participant_id", "id"),
    # Revision ids never come back, even after an erasure deletes the newest: the group views
    # replay the log in id order, and a reused id would rewrite history (PostgreSQL sequences
    # never reuse; SQLite needs AUTOINCREMENT for that).
    sqlite_autoincrement=True,
)

# What an erasure leaves in each group view's exercise: where the erased person entered and
# the revision after which they left. No participant id, no name, no answer (see
# kit.room.releases: the replay treats it as someone who came and went at those points).
departures_table = sa.Table(
    "group_view_departures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "cohort_id", sa.String(64), sa.ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("exercise_id", sa.String(100), nullable=False),
    sa.Column("entered_at", sa.Integer, nullable=False),
    sa.Column("left_at", sa.Integer, nullable=False),
    sa.Index("ix_group_view_departures_cohort", "cohort_id", "exercise_id"),
    sqlite_autoincrement=True,
)


# The participant app (revision 0002). A link's token is never stored: only its SHA-256, so a
# copy of the store opens nobody's page. ``version`` counts re-issues; a revoked link keeps its
# row with no hash.
join_links_table = sa.Table(
    "join_links",
    metadata,
    sa.Column(
        "participant_id",
        sa.String(64),
        sa.ForeignKey("participants.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("token_hash", sa.String(64), nullable=True, unique=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("issued_at", sa.DateTime, nullable=False),
)

facilitator_links_table = sa.Table(
    "facilitator_links",
    metadata,
    sa.Column(
        "cohort_id",
        sa.String(64),
        sa.ForeignKey("cohorts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("token_hash", sa.String(64), nullable=True, unique=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("issued_at", sa.DateTime, nullable=False),
)

# Where a room is: the steps the facilitator has opened (in order), the one on now, whether
# the session has ended (pages then show one's answers read-only), and (revision 0004) the
# run-of-show's clock as JSON, read by the console and the projector (kit.room.timer).
rooms_table = sa.Table(
    "rooms",
    metadata,
    sa.Column(
        "cohort_id",
        sa.String(64),
        sa.ForeignKey("cohorts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("opened_steps", sa.JSON, nullable=False),
    sa.Column("current_step", sa.String(64), nullable=True),
    sa.Column("closed_at", sa.DateTime, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("timer", sa.JSON, nullable=True),
)

LINK_TABLES = {"participant": join_links_table, "facilitator": facilitator_links_table}


@dataclass(frozen=True)
class Cohort:
    """A group that meets for one session (or a solo person's implicit group: ``None``)."""

    id: str
    title: str
    session_date: date | None
    facilitator: str | None
    min_group_size: int
    created_at: datetime


@dataclass(frozen=True)
class Participant:
    """Someone doing the workshop; ``id`` is a safe slug, ``display_name`` is free text."""

    id: str
    display_name: str
    cohort_id: str | None
    email: str | None
    created_at: datetime


@dataclass(frozen=True)
class Revision:
    """One saved version of one answer."""

    id: int
    participant_id: str
    exercise_id: str
    value: dict[str, Any]
    saved_at: datetime

    @property
    def saved_at_local(self) -> datetime:
        """When it was saved, in the machine's time zone (for showing to people)."""
        return self.saved_at.replace(tzinfo=UTC).astimezone()


EntryPoints = Callable[[Sequence[Revision]], Mapping[str, int]]
"""From an erased person's revisions, where they entered each group view's exercise."""
Rewrite = Callable[[str, Mapping[str, Any]], dict[str, Any] | None]
"""Given its author's id and a stored value, the value with the erased person taken out, or
None when it does not name them."""


@dataclass(frozen=True)
class Erased:
    """What :meth:`Store.erase_participant` removed.

    ``rewritten`` are the other people whose stored answers named the erased person (their
    generated reports are stale now); ``wal_cleared`` says whether SQLite's write-ahead log
    was emptied (False: another program was reading; None: not a SQLite store).
    """

    revisions: int
    departures: int
    rewritten: tuple[str, ...]
    wal_cleared: bool | None


def utc_now() -> datetime:
    """Timestamps are stored as naive UTC so SQLite and PostgreSQL agree on them."""
    return datetime.now(UTC).replace(tzinfo=None)


def slugify(text: str, *, fallback: str = "participant") -> str:
    """A lowercase ASCII id from any name: safe in URLs, file names and shell commands."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:48].strip("-")
    return slug or fallback


def clean_display_name(name: str) -> str:
    """Trim and check a person's name; raise a friendly error for an unusable one."""
    from kit.errors import IdentityError

    spaced = " ".join(str(name).split())
    cleaned = "".join(ch for ch in spaced if unicodedata.category(ch) != "Cc")  # NUL, bell…
    if not cleaned:
        raise IdentityError("Please type a name (a first name or a nickname is enough).")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise IdentityError(
            f"That name is {len(cleaned)} characters long; please keep it under {MAX_NAME_LENGTH}."
        )
    return cleaned


def check_min_group_size(k: int) -> int:
    """The group-view threshold may be raised but never set below the privacy floor."""
    if k < SMALLEST_ALLOWED_GROUP_SIZE:
        raise StoreError(
            f"The minimum group size must be at least {SMALLEST_ALLOWED_GROUP_SIZE} (got {k}); "
            "smaller groups would let people work out who said what."
        )
    return k


@dataclass(frozen=True)
class SchemaStatus:
    """Where a store's schema stands against this kit's (for ``nextround check``).

    ``current`` is None for a location without a store; ``pending`` lists what an upgrade
    would change, oldest first.
    """

    location: str
    current: str | None
    head: str
    pending: tuple[migrations.Step, ...]
    stamped: bool

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head

    @property
    def too_new(self) -> bool:
        return self.current is not None and not migrations.is_known(self.current)


@dataclass(frozen=True)
class Progress:
    """How far a cohort got, in numbers of people: on the roster, who saved anything, and for
    each group of exercises (a step's) how many answered at least one of them."""

    roster: int
    took_part: int
    answered: dict[str, int]


@dataclass(frozen=True)
class Quiet:
    """Someone on a cohort's roster who may need a facilitator: not joined (``last_saved`` is
    None) or quiet since ``last_saved`` (naive UTC, when their newest answer was saved)."""

    participant_id: str
    display_name: str
    last_saved: datetime | None


@dataclass(frozen=True)
class QuietPage:
    """One page of :meth:`Store.needing_attention`, with the counts over every page."""

    people: tuple[Quiet, ...]
    not_joined: int
    quiet: int
    members: int  # everyone on the cohort's roster

    @property
    def total(self) -> int:
        return self.not_joined + self.quiet


@dataclass(frozen=True)
class RoomState:
    """The facilitator's pace for one cohort: opened steps, the current one, closed or not.

    ``paced`` is False until a facilitator first sets the pace: a cohort working through the
    steps at its own speed (no live session) has every step open.
    """

    cohort_id: str
    opened_steps: tuple[str, ...]
    current_step: str | None
    closed_at: datetime | None
    paced: bool = True

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


FIELD_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
SHAPES = ("text", "some_text", "true", "true_or_false", "list", "list_of_named", "whole_number")
IDS_PER_QUERY = 5000  # revision ids sent in one statement (well under SQLite's variable limit)


@dataclass(frozen=True)
class FieldTest:
    """A test of one top-level field of a stored answer, by its shape alone.

    Group views decide whether an answer counts by tests like these. Each test has two forms
    that give the same result: :meth:`holds` in Python, and SQL that the store runs over a
    whole cohort at once (``Store.counted_answers``), so a cohort of thousands is judged inside
    the database instead of in a loop over every revision. The shapes:

    * ``text``: a string; ``some_text``: a string that is not empty;
    * ``true``: the JSON value true; ``true_or_false``: either JSON boolean;
    * ``list``: any list; ``list_of_named``: a list whose every item is an object with a string
      under ``key`` (an empty list qualifies);
    * ``whole_number``: an integer (not a boolean, not 3.0) from ``low`` to ``high``.
    """

    name: str
    shape: str
    key: str = ""
    low: int = 0
    high: int = 0

    def __post_init__(self) -> None:
        names = (self.name, self.key) if self.shape == "list_of_named" else (self.name,)
        if self.shape not in SHAPES or not all(FIELD_NAME.match(name) for name in names):
            raise ValueError(f"Not a field test the store can run: {self!r}")

    def holds(self, value: Mapping[str, Any]) -> bool:
        found = value.get(self.name)
        if self.shape == "text":
            return isinstance(found, str)
        if self.shape == "some_text":
            return isinstance(found, str) and found != ""
        if self.shape == "true":
            return found is True
        if self.shape == "true_or_false":
            return isinstance(found, bool)
        if self.shape == "list":
            return isinstance(found, list)
        if self.shape == "list_of_named":
            return isinstance(found, list) and all(
                isinstance(item, Mapping) and isinstance(item.get(self.key), str) for item in found
            )
        return (
            isinstance(found, int)
            and not isinstance(found, bool)
            and self.low <= found <= self.high
        )


@dataclass(frozen=True)
class Counted:
    """Who counts for one exercise's group view, as ids, one column entry per person.

    ``first`` is each person's first revision that counts (where they enter the view) and
    ``last`` their newest that counts, with its group fields in ``last_fields`` (None where
    the store could not take them apart: read them with ``Store.group_fields``). Every
    counting id is kept for :meth:`last_up_to`, which a view needs when someone edited after
    its release point. ``marked`` says whether each person's newest revision of any kind
    passes the exercise's mark test (for a "share" tick: whether it is ticked now); None when
    no mark test was asked for.
    """

    people: list[str]
    first: list[int]
    last: list[int]
    last_fields: list[dict[str, Any] | None] = field(repr=False)
    counting_ids: list[str] = field(repr=False)  # each person's, comma-separated, any order
    marked: list[bool] | None = None

    def last_up_to(self, index: int, point: int) -> int:
        """Person ``index``'s newest counting revision at or before ``point`` (which is not
        before their first)."""
        if point < self.first[index]:
            raise ValueError(f"{self.people[index]} had no counting answer by revision {point}")
        if self.last[index] <= point:
            return self.last[index]
        return max(n for n in map(int, self.counting_ids[index].split(",")) if n <= point)


class Store:
    """A connection to one answer store. Cheap to create; safe to share within a process.

    Every method is one transaction; ``with store.transaction():`` makes several calls one
    (on the calling thread), so a change of many rows is written whole or not at all.
    """

    def __init__(self, engine: Engine, location: StoreLocation) -> None:
        self.engine = engine
        self.location = location
        self._local = threading.local()

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        explicit: str | None = None,
        *,
        create: bool | None = None,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    ) -> Store:
        """Open the store resolved by ``kit.core.workspace``, ready for work.

        ``create`` defaults to True only for the workspace default: a store someone named
        explicitly must already exist, so a typo cannot start an empty second store (commands
        never pass True: ``nextround store create`` makes a named store on purpose). A store
        whose schema is behind this kit's is refused with the command that upgrades it.
        ``busy_timeout`` is how long a save waits for another writer before saying so.
        """
        location = resolve_store(explicit)
        may_create = (not location.explicit) if create is None else create
        store = cls(_engine(location, may_create, busy_timeout), location)
        try:
            store._prepare(may_create)
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def create(cls, explicit: str | None = None) -> Store:
        """Make a new, empty store at head where none is (``nextround store create``).

        The one way a store someone names comes into being: on purpose. A location that
        already holds a store is refused, whatever its revision; nothing there is touched.
        """
        location = resolve_store(explicit)
        store = cls(_engine(location, True, DEFAULT_BUSY_TIMEOUT), location)
        try:
            if store.schema_status().current is not None:
                raise StoreExistsError(location.display)
            store._create()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def open_unchecked(cls, explicit: str | None = None) -> Store:
        """Open a store whatever its schema revision, to report on it or upgrade it.

        Never creates anything; only ``schema_status`` and ``upgrade`` are safe to call on a
        store opened this way, since its tables may not be the ones this kit expects.
        """
        location = resolve_store(explicit)
        return cls(_engine(location, False, DEFAULT_BUSY_TIMEOUT), location)

    def _prepare(self, may_create: bool) -> None:
        status = self.schema_status()
        if status.current is None:
            if not may_create:
                raise StoreMissingError(self.location.display, "it holds no answer store yet")
            self._create()
        elif status.too_new:
            raise StoreTooNewError(self.location.display, status.current, status.head)
        elif not status.up_to_date:
            raise StoreOutOfDateError(
                self.location.display, status.current, status.head, self.upgrade_command
            )
        elif not status.stamped:
            with self._begin(write=True) as conn:
                migrations.stamp(conn, migrations.BASELINE)
            log.info("Store %s recognised as revision %s", self.location.display, status.current)

    def _create(self) -> None:
        """Build a new store at head with the migrations, unless someone just did."""
        try:
            with self._begin(write=True) as conn:
                if _schema_revision(conn, self.location.display)[0] is None:
                    migrations.upgrade(conn)
                    log.info("Store created at %s", self.location.display)
        except (StoreRefusedError, AlreadyExistsError):  # another process created it first
            if self.schema_status().current is None:
                raise

    @property
    def upgrade_command(self) -> str:
        """The command that upgrades this store (a password in its URL shows as ***)."""
        return f"nextround store upgrade --store {self.location.display}"

    def schema_status(self) -> SchemaStatus:
        """Which revision the store is at and what an upgrade would change; changes nothing."""
        with self._begin() as conn:
            current, stamped = _schema_revision(conn, self.location.display)
        known = current is None or migrations.is_known(current)
        steps = tuple(migrations.pending(current)) if known else ()
        return SchemaStatus(self.location.display, current, migrations.head(), steps, stamped)

    def upgrade(self) -> list[migrations.Step]:
        """Apply the pending revisions in one transaction; returns what was applied."""
        with self._begin(write=True) as conn:
            current, stamped = _schema_revision(conn, self.location.display)
            if current is None:
                raise StoreMissingError(self.location.display, "it holds no answer store yet")
            if not migrations.is_known(current):
                raise StoreTooNewError(self.location.display, current, migrations.head())
            if not stamped:
                migrations.stamp(conn, current)
            steps = migrations.pending(current)
            migrations.upgrade(conn)
        log.info("Store %s upgraded through %d revisions", self.location.display, len(steps))
        return steps

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Make every store call in this block (on this thread) one transaction."""
        with self._begin(write=True):
            yield

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Make every read in this block (on this thread) see the store at one moment, as one
        read-only transaction: no write lock is taken, and a save or an erasure meanwhile is
        seen either whole or not at all (REPEATABLE READ on PostgreSQL). Reads only."""
        with self._begin(snapshot=True):
            yield

    @contextmanager
    def _begin(self, *, write: bool = False, snapshot: bool = False) -> Iterator[Connection]:
        """A connection in a transaction: the thread's open one, else a new one.

        Database errors leave here translated by cause (``_translate``), never as "damaged"
        unless the store is. On SQLite a write transaction takes the write lock at its start
        (BEGIN IMMEDIATE), so it waits for other writers instead of failing half-way.
        """
        active: Connection | None = getattr(self._local, "connection", None)
        if active is not None:
            yield active
            return
        try:
            with self.engine.connect() as conn:
                conn.execution_options(nextround_write=write)
                if snapshot and self.engine.dialect.name == "postgresql":
                    conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    self._local.connection = conn
                    try:
                        yield conn
                    finally:
                        self._local.connection = None
        except sa.exc.DBAPIError as exc:
            raise _translate(exc, self.location) from exc

    def close(self) -> None:
        """Release pooled connections (tests and short-lived CLI runs)."""
        self.engine.dispose()

    # -- cohorts -----------------------------------------------------------------------

    def create_cohort(
        self,
        title: str,
        *,
        cohort_id: str | None = None,
        session_date: date | None = None,
        facilitator: str | None = None,
        min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    ) -> Cohort:
        """Add a cohort; its id is derived from the title unless given (then it must be free)."""
        check_min_group_size(min_group_size)
        title = " ".join(title.split())
        if not title:
            raise StoreError("A cohort needs a title, for example 'Spring session, Leeds'.")
        facilitator = _within("The facilitator's name", facilitator, MAX_TITLE_LENGTH)
        values = {
            "title": title[:MAX_TITLE_LENGTH],
            "session_date": session_date,
            "facilitator": facilitator,
            "min_group_size": min_group_size,
            "created_at": utc_now(),
        }
        with self._begin(write=True) as conn:
            new_id = self._insert_with_free_id(
                conn, cohorts_table, "cohort", cohort_id, slugify(title, fallback="cohort"), values
            )
        return self.get_cohort(new_id)

    def get_cohort(self, cohort_id: str) -> Cohort:
        with self._begin() as conn:
            row = conn.execute(
                cohorts_table.select().where(cohorts_table.c.id == cohort_id)
            ).first()
        if row is None:
            raise UnknownCohortError(cohort_id)
        return Cohort(**row._mapping)

    def find_cohort(self, cohort_id: str) -> Cohort | None:
        try:
            return self.get_cohort(cohort_id)
        except UnknownCohortError:
            return None

    def delete_cohort(self, cohort_id: str) -> None:
        """Remove an empty cohort; refused while anyone is in it (erase them one by one first).

        The cohort's row is locked before counting, so someone joining at that moment is
        either counted (and the deletion refused) or waits and then finds no cohort.
        """
        with self._begin(write=True) as conn:
            found = conn.execute(
                sa.select(cohorts_table.c.id)
                .where(cohorts_table.c.id == cohort_id)
                .with_for_update()
            ).first()
            if found is None:
                raise UnknownCohortError(cohort_id)
            members = conn.execute(
                sa.select(sa.func.count())
                .select_from(participants_table)
                .where(participants_table.c.cohort_id == cohort_id)
            ).scalar_one()
            if members:
                raise CohortNotEmptyError(cohort_id, int(members))
            conn.execute(cohorts_table.delete().where(cohorts_table.c.id == cohort_id))

    def list_cohorts(self) -> list[Cohort]:
        with self._begin() as conn:
            rows = conn.execute(
                cohorts_table.select().order_by(cohorts_table.c.created_at, cohorts_table.c.id)
            )
            return [Cohort(**row._mapping) for row in rows]

    # -- participants ------------------------------------------------------------------

    def add_participant(
        self,
        display_name: str,
        *,
        cohort_id: str | None = None,
        email: str | None = None,
        participant_id: str | None = None,
    ) -> Participant:
        """Add a person. Their id is a slug of their name, made unique in this store (also when
        several people with one name join at the same moment); a given id must be free."""
        name = clean_display_name(display_name)
        values = {
            "display_name": name,
            "cohort_id": cohort_id,
            "email": _within("An email address", email, MAX_EMAIL_LENGTH),
            "created_at": utc_now(),
        }
        with self._begin(write=True) as conn:
            if cohort_id is not None:
                self.get_cohort(cohort_id)
            new_id = self._insert_with_free_id(
                conn, participants_table, "participant", participant_id, slugify(name), values
            )
        return self.get_participant(new_id)

    def get_participant(self, participant_id: str) -> Participant:
        with self._begin() as conn:
            row = conn.execute(
                participants_table.select().where(participants_table.c.id == participant_id)
            ).first()
        if row is None:
            raise UnknownParticipantError(participant_id)
        return Participant(**row._mapping)

    def find_participant(self, participant_id: str) -> Participant | None:
        try:
            return self.get_participant(participant_id)
        except UnknownParticipantError:
            return None

    def list_participants(self, cohort_id: str | None = None) -> list[Participant]:
        """Everyone, or one cohort, in a stable order (cohort, then name)."""
        query = participants_table.select().order_by(
            participants_table.c.cohort_id.asc().nulls_first(),  # people working alone first
            participants_table.c.display_name,
            participants_table.c.id,
        )
        if cohort_id is not None:
            query = query.where(participants_table.c.cohort_id == cohort_id)
        with self._begin() as conn:
            return [Participant(**row._mapping) for row in conn.execute(query)]

    def solo_participant_named(self, display_name: str) -> Participant | None:
        """A person working alone who used this name before (so they get their answers back)."""
        name = clean_display_name(display_name)
        with self._begin() as conn:
            row = conn.execute(
                participants_table.select()
                .where(participants_table.c.cohort_id.is_(None))
                .where(participants_table.c.display_name == name)
                .order_by(participants_table.c.created_at, participants_table.c.id)
            ).first()
        return None if row is None else Participant(**row._mapping)

    def erase_participant(
        self,
        participant_id: str,
        *,
        entry_points: EntryPoints | None = None,
        rewrite: Mapping[str, Rewrite] | None = None,
    ) -> Erased:
        """Delete a person, every revision of their answers, and every trace in others' answers.

        In one transaction: ``entry_points`` (from the group views) says where the person
        entered each view, recorded as anonymous departures; ``rewrite`` maps exercise ids to
        a function that takes the person out of other people's values (the one time stored
        answers change); then the rows go. On SQLite, deleted content is overwritten
        (``secure_delete``), the file is rebuilt without free pages (``VACUUM``) and the
        write-ahead log is emptied (``wal_checkpoint(TRUNCATE)``), so nothing of the person
        stays in the database file or its WAL.
        """
        with self._begin(write=True) as conn:
            person = conn.execute(
                sa.select(participants_table.c.cohort_id).where(
                    participants_table.c.id == participant_id
                )
            ).first()
            if person is None:
                raise UnknownParticipantError(participant_id)
            cohort_id = person.cohort_id
            # Deleting first takes the write lock, so the history read back is exactly what
            # goes: nobody can save in between, and everything below sees one moment.
            history = sorted(
                (
                    Revision(**row._mapping)
                    for row in conn.execute(
                        answers_table.delete()
                        .where(answers_table.c.participant_id == participant_id)
                        .returning(*answers_table.c)
                    )
                ),
                key=lambda revision: revision.id,
            )
            departures = 0
            if cohort_id is not None and entry_points is not None:
                newest = max((revision.id for revision in history), default=0)
                departures = self._record_departures(conn, cohort_id, entry_points(history), newest)
            rewritten = self._rewrite_others(conn, participant_id, rewrite or {})
            conn.execute(
                participants_table.delete().where(participants_table.c.id == participant_id)
            )
        return Erased(len(history), departures, rewritten, self._clear_sqlite_traces())

    @staticmethod
    def _record_departures(
        conn: Connection, cohort_id: str, entered: Mapping[str, int], their_newest: int
    ) -> int:
        """One departure per view the person entered, leaving after every revision so far
        (theirs, just deleted, and everyone else's); ids never come back, so every later
        revision sorts after it."""
        if not entered:
            return 0
        others = conn.execute(sa.select(sa.func.max(answers_table.c.id))).scalar()
        last_left = conn.execute(sa.select(sa.func.max(departures_table.c.left_at))).scalar()
        left_at = max(their_newest, int(others or 0), int(last_left or 0))
        conn.execute(
            departures_table.insert(),
            [
                {
                    "cohort_id": cohort_id,
                    "exercise_id": exercise_id,
                    "entered_at": int(entered_at),
                    "left_at": left_at,
                }
                for exercise_id, entered_at in sorted(entered.items())
            ],
        )
        return len(entered)

    @staticmethod
    def _rewrite_others(
        conn: Connection, participant_id: str, rewrite: Mapping[str, Rewrite]
    ) -> tuple[str, ...]:
        """Apply ``rewrite`` to every revision of those exercises by anyone else."""
        if not rewrite:
            return ()
        changed: set[str] = set()
        rows = conn.execute(
            sa.select(
                answers_table.c.id,
                answers_table.c.participant_id,
                answers_table.c.exercise_id,
                answers_table.c.value,
            )
            .where(answers_table.c.exercise_id.in_(sorted(rewrite)))
            .where(answers_table.c.participant_id != participant_id)
        ).all()
        for revision_id, owner, exercise_id, value in rows:
            new_value = (
                rewrite[exercise_id](str(owner), value) if isinstance(value, Mapping) else None
            )
            if new_value is not None:
                conn.execute(
                    answers_table.update()
                    .where(answers_table.c.id == revision_id)
                    .values(value=new_value)
                )
                changed.add(str(owner))
        return tuple(sorted(changed))

    def _clear_sqlite_traces(self) -> bool | None:
        """Rebuild the SQLite file and empty its WAL; False if a reader kept the WAL busy.

        On the driver's own connection, outside any transaction (VACUUM refuses to run in
        one). Other programs may keep the store open: a checkpoint only has to wait for one
        that is reading at this very moment, and then says so instead of waiting forever.
        """
        if self.engine.dialect.name != "sqlite":
            return None
        pooled = self.engine.raw_connection()
        try:
            driver = pooled.driver_connection
            if driver is None:  # pragma: no cover - a pooled SQLite connection has its driver's
                return False
            (usual,) = driver.execute("PRAGMA busy_timeout").fetchone()
            driver.execute(f"PRAGMA busy_timeout={int(CHECKPOINT_WAIT * 1000)}")
            try:
                driver.execute("VACUUM")
                busy, _frames, _moved = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.OperationalError:  # another program is writing: the rows are gone
                return False  # already (secure_delete), the rebuild waits for a quieter moment
            finally:
                driver.execute(f"PRAGMA busy_timeout={int(usual)}")
        finally:
            pooled.close()
        return not busy

    def departures_in_cohort(self, cohort_id: str, exercise_id: str) -> list[tuple[int, int]]:
        """Each erased person's (entered_at, left_at) in one group view's exercise.

        Only the group views read these (``kit.room.group_views``).
        """
        query = (
            sa.select(departures_table.c.entered_at, departures_table.c.left_at)
            .where(departures_table.c.cohort_id == cohort_id)
            .where(departures_table.c.exercise_id == exercise_id)
            .order_by(departures_table.c.id)
        )
        with self._begin() as conn:
            return [(int(row[0]), int(row[1])) for row in conn.execute(query)]

    # -- group views: who counts and what they said, judged in SQL -----------------------

    def counted_answers(
        self,
        cohort_id: str,
        tests: Mapping[str, Sequence[FieldTest]],
        fields: Mapping[str, Sequence[str]],
        marks: Mapping[str, FieldTest] | None = None,
    ) -> dict[str, Counted]:
        """For each exercise in ``tests``: every cohort member with a revision that passes all
        of that exercise's tests (:class:`Counted`), with the ``fields`` of their newest such
        revision, and for the exercises in ``marks`` whether their newest revision of any kind
        passes that test. Two statements, in one transaction.

        The tests run in the database, so a cohort's answers are judged without leaving it;
        each exercise's people come back as a few long strings (a column each), so ten
        thousand people cost a few splits here, not ten thousand rows. Only the group views
        call this (``kit.room.group_views``).
        """
        answers, people = answers_table, participants_table
        dialect = self.engine.dialect.name
        judged = _judgeable(dialect, answers.c.value)
        marks = marks or {}
        in_cohort = answers.c.participant_id.in_(
            sa.select(people.c.id).where(people.c.cohort_id == cohort_id)
        )
        if dialect == "postgresql":
            counting = _counting_postgresql(in_cohort, judged, tests, fields)
        elif dialect == "sqlite":
            counting = _counting_sqlite(in_cohort, tests, fields)
        else:
            raise StoreError(
                f"Group views are computed by SQLite and PostgreSQL stores; this one is {dialect}."
            )
        by_exercise = sa.select(
            counting.c.exercise_id,
            *(
                _joined(dialect, counting.c[name], counting.c.participant_id, separator)
                for name, separator in (
                    ("participant_id", ","),
                    ("first", ","),
                    ("last", ","),
                    ("ids", " "),
                    ("last_fields", ","),
                )
            ),
        ).group_by(counting.c.exercise_id)
        found = {exercise_id: Counted([], [], [], [], []) for exercise_id in tests}
        with self._begin() as conn:
            rows = conn.execute(by_exercise).all()
            marked = self._marked(conn, dialect, in_cohort, judged, marks) if marks else {}
        for exercise_id, whom, first, last, ids, last_fields in rows:
            names = fields.get(exercise_id, ())
            everyone = whom.split(",")
            found[exercise_id] = Counted(
                everyone,
                [int(number) for number in first.split(",")],
                [int(number) for number in last.split(",")],
                [_present(names, row) for row in json.loads(f"[{last_fields}]")],
                ids.split(" "),
                [person in marked[exercise_id] for person in everyone]
                if exercise_id in marks
                else None,
            )
        for exercise_id in marks:
            if found[exercise_id].marked is None:
                found[exercise_id] = Counted([], [], [], [], [], [])
        return found

    @staticmethod
    def _marked(
        conn: Connection,
        dialect: str,
        in_cohort: sa.ColumnElement[bool],
        judged: Any,
        marks: Mapping[str, FieldTest],
    ) -> dict[str, set[str]]:
        """For each exercise in ``marks``: who in the cohort has a newest revision that passes
        its test (the share tick as it is now)."""
        answers = answers_table
        passes = sa.case(
            *(
                (answers.c.exercise_id == exercise_id, _passes(dialect, judged, test))
                for exercise_id, test in marks.items()
            ),
            else_=sa.false(),
        )
        newest = (
            sa.select(
                answers.c.exercise_id,
                answers.c.participant_id,
                sa.func.max(answers.c.id).label("newest"),
                sa.func.max(sa.case((passes, answers.c.id))).label("newest_passing"),
            )
            .where(in_cohort, answers.c.exercise_id.in_(sorted(marks)))
            .group_by(answers.c.exercise_id, answers.c.participant_id)
            .subquery()
        )
        query = (
            sa.select(
                newest.c.exercise_id,
                _joined(dialect, newest.c.participant_id, newest.c.participant_id, ","),
            )
            .where(newest.c.newest == newest.c.newest_passing)
            .group_by(newest.c.exercise_id)
        )
        found: dict[str, set[str]] = {exercise_id: set() for exercise_id in marks}
        for exercise_id, whom in conn.execute(query):
            found[exercise_id] = set(whom.split(","))
        return found

    def group_fields(
        self, exercise_id: str, names: Sequence[str], revision_ids: Iterable[int]
    ) -> dict[int, dict[str, Any]]:
        """The named top-level fields of some revisions of one exercise, by revision id (a
        field the answer does not have is left out). Read in SQL, so nothing else of those
        answers leaves the database; only the group views call this.
        """
        ids = sorted(set(revision_ids))
        if not ids:
            return {}
        dialect = self.engine.dialect.name
        value = answers_table.c.value
        judged = _judgeable(dialect, value)
        query = sa.select(
            answers_table.c.id,
            _fields_present(dialect, judged, names),
            _fields_as_written(dialect, judged, names),
            _unjudgeable(dialect, value),
        ).where(
            answers_table.c.exercise_id == exercise_id, _one_of(dialect, answers_table.c.id, ids)
        )
        with self._begin() as conn:
            rows = conn.execute(query).all()
        # One parse for all of them: far quicker than one json.loads per revision.
        decoded = json.loads("[" + ",".join(row[2] for row in rows) + "]")
        found: dict[int, dict[str, Any]] = {}
        for (revision_id, present, _written, whole), values in zip(rows, decoded, strict=True):
            if whole is not None:  # PostgreSQL could not take it apart: Python does
                stored = json.loads(whole)
                found[int(revision_id)] = {name: stored[name] for name in names if name in stored}
            else:
                found[int(revision_id)] = {
                    name: value
                    for bit, (name, value) in enumerate(zip(names, values, strict=False))
                    if int(present) >> bit & 1
                }
        return found

    # -- answers -----------------------------------------------------------------------

    def save_answer(
        self, participant_id: str, exercise_id: str, value: Mapping[str, Any]
    ) -> Revision:
        """Append a new revision of one answer. Older revisions stay untouched.

        One statement: the foreign key says whether the person exists, so the write lock a
        room of savers queues for is held as briefly as possible.
        """
        saved_at = utc_now()
        _check_plain_json(exercise_id, value)
        insert = answers_table.insert().values(
            participant_id=participant_id,
            exercise_id=exercise_id,
            value=dict(value),
            saved_at=saved_at,
        )
        with self._begin(write=True) as conn:
            try:
                result = conn.execute(insert)
            except sa.exc.IntegrityError as exc:
                if _is_missing_reference(exc):
                    raise UnknownParticipantError(participant_id) from exc
                raise
            new_id = int(result.inserted_primary_key[0])  # type: ignore[index]
        return Revision(new_id, participant_id, exercise_id, dict(value), saved_at)

    def save_answers(self, answers: Sequence[tuple[str, str, Mapping[str, Any]]]) -> int:
        """Append many revisions at once, in the order given: ``(participant id, exercise id,
        value)`` each (a roster's pre-workshop answers). One multi-row insert; older revisions
        stay untouched, as with :meth:`save_answer`. Returns how many were saved.
        """
        saved_at = utc_now()
        rows: list[dict[str, Any]] = []
        for participant_id, exercise_id, value in answers:
            _check_plain_json(exercise_id, value)
            rows.append(
                {
                    "participant_id": participant_id,
                    "exercise_id": exercise_id,
                    "value": dict(value),
                    "saved_at": saved_at,
                }
            )
        if not rows:
            return 0
        with self._begin(write=True) as conn:
            try:
                with conn.begin_nested():
                    conn.execute(answers_table.insert(), rows)
            except sa.exc.IntegrityError as exc:
                if not _is_missing_reference(exc):
                    raise
                ids = [row["participant_id"] for row in rows]
                found = self._participants_by_id(conn, ids)
                missing = next((pid for pid in ids if pid not in found), ids[0])
                raise UnknownParticipantError(missing) from exc
        return len(rows)

    def latest_answer(self, participant_id: str, exercise_id: str) -> Revision | None:
        """The current answer to one exercise, or None if it was never answered."""
        query = (
            answers_table.select()
            .where(answers_table.c.participant_id == participant_id)
            .where(answers_table.c.exercise_id == exercise_id)
            .order_by(answers_table.c.id.desc())
            .limit(1)
        )
        with self._begin() as conn:
            row = conn.execute(query).first()
        return None if row is None else Revision(**row._mapping)

    def answered_exercises(self, participant_id: str) -> set[str]:
        """The exercises this person has saved an answer to (ids only: the step bar's ticks)."""
        query = (
            sa.select(answers_table.c.exercise_id)
            .where(answers_table.c.participant_id == participant_id)
            .distinct()
        )
        with self._begin() as conn:
            return {str(row[0]) for row in conn.execute(query)}

    def latest_answers(self, participant_id: str) -> dict[str, Revision]:
        """The current answer to every exercise this person has answered."""
        latest: dict[str, Revision] = {}
        for revision in self.history(participant_id):
            latest[revision.exercise_id] = revision
        return latest

    def history(self, participant_id: str, exercise_id: str | None = None) -> list[Revision]:
        """Every revision, oldest first (for export, and for showing change over time)."""
        query = (
            answers_table.select()
            .where(answers_table.c.participant_id == participant_id)
            .order_by(answers_table.c.id)
        )
        if exercise_id is not None:
            query = query.where(answers_table.c.exercise_id == exercise_id)
        with self._begin() as conn:
            return [Revision(**row._mapping) for row in conn.execute(query)]

    # -- facilitation: roster matching and the room (counts and times, never content) -----

    def find_participant_by_email(self, email: str, cohort_id: str | None) -> Participant | None:
        """The participant with this email in this cohort (case-insensitive), if any.

        Roster imports use it so that the same email always means the same person.
        """
        wanted = email.strip().casefold()
        if not wanted:
            return None
        query = participants_table.select().where(participants_table.c.email.is_not(None))
        if cohort_id is None:
            query = query.where(participants_table.c.cohort_id.is_(None))
        else:
            query = query.where(participants_table.c.cohort_id == cohort_id)
        with self._begin() as conn:
            order = (participants_table.c.created_at, participants_table.c.id)
            for row in conn.execute(query.order_by(*order)):
                if str(row.email).strip().casefold() == wanted:
                    return Participant(**row._mapping)
        return None

    def update_participant(
        self, participant_id: str, *, display_name: str | None = None, email: str | None = None
    ) -> Participant:
        """Change a person's name and/or email (an updated roster); the id never changes."""
        values: dict[str, Any] = {}
        if display_name is not None:
            values["display_name"] = clean_display_name(display_name)
        if email is not None:
            values["email"] = _within("An email address", email, MAX_EMAIL_LENGTH) or None
        with self._begin(write=True) as conn:
            self.get_participant(participant_id)
            if values:
                conn.execute(
                    participants_table.update()
                    .where(participants_table.c.id == participant_id)
                    .values(**values)
                )
        return self.get_participant(participant_id)

    def add_participants(
        self, people: Sequence[tuple[str, str | None]], *, cohort_id: str
    ) -> list[Participant]:
        """Add many people to a cohort at once (a roster): ``(name, email)`` each, in order.

        The ids are the ones :meth:`add_participant` would give one by one (a slug of the name,
        ``-2``, ``-3``… when taken), worked out from one read of the ids already in the store and
        written with one multi-row insert, so 10,000 people cost two statements instead of tens
        of thousands. If a concurrent join takes one of those ids meanwhile (PostgreSQL lets it
        look at the same moment), the batch is undone to its savepoint and written one by one.
        """
        rows: list[dict[str, Any]] = [
            {
                "display_name": clean_display_name(name),
                "cohort_id": cohort_id,
                "email": _within("An email address", email, MAX_EMAIL_LENGTH),
            }
            for name, email in people
        ]
        if not rows:
            return []
        created_at = utc_now()
        with self._begin(write=True) as conn:
            self.get_cohort(cohort_id)
            taken = set(conn.execute(sa.select(participants_table.c.id)).scalars())
            next_number: dict[str, int] = {}
            for row in rows:
                row["id"] = _take_free_id(slugify(row["display_name"]), taken, next_number)
                row["created_at"] = created_at
            try:
                with conn.begin_nested():
                    conn.execute(participants_table.insert(), rows)
            except sa.exc.IntegrityError as exc:
                if not _is_duplicate(exc):
                    raise
                log.debug("An id was taken meanwhile; adding %d people one by one", len(rows))
                for row in rows:
                    values = {key: value for key, value in row.items() if key != "id"}
                    row["id"] = self._insert_with_free_id(
                        conn,
                        participants_table,
                        "participant",
                        None,
                        slugify(row["display_name"]),
                        values,
                    )
        return [Participant(**row) for row in rows]

    def update_participants(
        self, changes: Sequence[tuple[str, str, str | None]]
    ) -> list[Participant]:
        """:meth:`update_participant` for many people at once: ``(id, name, email)`` each.

        An email of None leaves that person's email as it is. Everyone must exist (else
        ``UnknownParticipantError`` for the first one missing, and nothing changes); returns
        the people as they are now, in the order given.
        """
        named = [
            {"target": participant_id, "display_name": clean_display_name(name)}
            for participant_id, name, _email in changes
        ]
        emailed = [
            {
                "target": participant_id,
                "email": _within("An email address", email, MAX_EMAIL_LENGTH) or None,
            }
            for participant_id, _name, email in changes
            if email is not None
        ]
        ids = [participant_id for participant_id, _name, _email in changes]
        if not ids:
            return []
        target: sa.BindParameter[str] = sa.bindparam("target")
        with self._begin(write=True) as conn:
            found = self._participants_by_id(conn, ids)
            missing = next(
                (participant_id for participant_id in ids if participant_id not in found), None
            )
            if missing is not None:
                raise UnknownParticipantError(missing)
            table = participants_table
            conn.execute(
                table.update()
                .where(table.c.id == target)
                .values(display_name=sa.bindparam("display_name")),
                named,
            )
            if emailed:
                conn.execute(
                    table.update().where(table.c.id == target).values(email=sa.bindparam("email")),
                    emailed,
                )
            found = self._participants_by_id(conn, ids)
        return [found[participant_id] for participant_id in ids]

    @staticmethod
    def _participants_by_id(conn: Connection, ids: Sequence[str]) -> dict[str, Participant]:
        """The people with these ids, read in chunks that every database accepts in an IN."""
        found: dict[str, Participant] = {}
        unique = sorted(set(ids))
        for start in range(0, len(unique), IN_CHUNK):
            query = participants_table.select().where(
                participants_table.c.id.in_(unique[start : start + IN_CHUNK])
            )
            for row in conn.execute(query):
                found[row.id] = Participant(**row._mapping)
        return found

    def cohort_progress(self, cohort_id: str, groups: Mapping[str, Sequence[str]]) -> Progress:
        """People counts for the cohort report (:class:`Progress`): one statement over the
        answers' index (no answer is read), however many people and steps."""
        answers, people = answers_table, participants_table
        person = answers.c.participant_id
        counts = [sa.func.count(sa.distinct(person))] + [
            sa.func.count(sa.distinct(sa.case((answers.c.exercise_id.in_(list(ids)), person))))
            for ids in groups.values()
        ]
        answered = (
            sa.select(*counts)
            .select_from(answers.join(people, person == people.c.id))
            .where(people.c.cohort_id == cohort_id)
        )
        roster = sa.select(sa.func.count()).where(people.c.cohort_id == cohort_id)
        with self._begin() as conn:
            took_part, *per_group = conn.execute(answered).one()
            size = conn.execute(roster).scalar_one()
        return Progress(
            int(size),
            int(took_part),
            {name: int(count) for name, count in zip(groups, per_group, strict=True)},
        )

    def needing_attention(
        self, cohort_id: str, quiet_since: datetime, *, limit: int, offset: int = 0
    ) -> QuietPage:
        """Cohort members who have not saved anything, then those whose newest answer was
        saved before ``quiet_since`` (naive UTC), longest quiet first, then by name: ``limit``
        of them from ``offset``, with how many there are in all. Names and times only.

        Each member's newest revision comes from the answers' index and its time from one
        row, so a page costs about the same for a cohort of 30 or of 10,000.
        """
        answers, people = answers_table, participants_table
        newest = (
            sa.select(answers.c.participant_id, sa.func.max(answers.c.id).label("newest"))
            .join(people, answers.c.participant_id == people.c.id)
            .where(people.c.cohort_id == cohort_id)
            .group_by(answers.c.participant_id)
            .subquery()
        )
        saved = sa.select(answers.c.saved_at).where(answers.c.id == newest.c.newest)
        roster = (
            sa.select(
                people.c.id,
                people.c.display_name,
                saved.scalar_subquery().label("last_saved"),
            )
            .select_from(people.outerjoin(newest, newest.c.participant_id == people.c.id))
            .where(people.c.cohort_id == cohort_id)
            .subquery()
        )
        last_saved = roster.c.last_saved
        needs = sa.or_(last_saved.is_(None), last_saved < quiet_since)
        everyone = sa.func.count().over()
        quiet = sa.func.count(last_saved).over()  # those who saved something: the quiet ones
        page = (
            sa.select(roster.c.id, roster.c.display_name, last_saved, everyone, quiet)
            .where(needs)
            .order_by(last_saved.is_not(None), last_saved, roster.c.display_name, roster.c.id)
            .limit(limit)
            .offset(offset)
        )
        members = sa.select(sa.func.count()).where(people.c.cohort_id == cohort_id)
        with self._begin() as conn:
            rows = conn.execute(page).all()
            if rows:
                in_all, saved_something = rows[0][3], rows[0][4]
            else:  # past the last page (or nobody): the counts alone
                counted = sa.select(sa.func.count(), sa.func.count(last_saved)).where(needs)
                in_all, saved_something = conn.execute(counted).one()
            on_roster = conn.execute(members).scalar_one()
        return QuietPage(
            tuple(Quiet(str(row[0]), str(row[1]), row[2]) for row in rows),
            int(in_all) - int(saved_something),
            int(saved_something),
            int(on_roster),
        )

    def last_activity_in_cohort(self, cohort_id: str) -> dict[str, datetime]:
        """When each cohort member last saved anything (naive UTC); absent if never."""
        query = (
            sa.select(answers_table.c.participant_id, sa.func.max(answers_table.c.saved_at))
            .select_from(
                answers_table.join(
                    participants_table, answers_table.c.participant_id == participants_table.c.id
                )
            )
            .where(participants_table.c.cohort_id == cohort_id)
            .group_by(answers_table.c.participant_id)
        )
        with self._begin() as conn:
            return {str(row[0]): row[1] for row in conn.execute(query)}

    def answered_in_cohort(
        self, cohort_id: str, exercise_ids: Collection[str] | None = None
    ) -> dict[str, set[str]]:
        """For each exercise id (all, or those given), who in the cohort has saved an answer to
        it (ids only)."""
        query = (
            sa.select(answers_table.c.exercise_id, answers_table.c.participant_id)
            .select_from(
                answers_table.join(
                    participants_table, answers_table.c.participant_id == participants_table.c.id
                )
            )
            .where(participants_table.c.cohort_id == cohort_id)
            .distinct()
        )
        if exercise_ids is not None:
            query = query.where(answers_table.c.exercise_id.in_(sorted(exercise_ids)))
        answered: dict[str, set[str]] = {}
        with self._begin() as conn:
            for exercise_id, participant_id in conn.execute(query):
                answered.setdefault(str(exercise_id), set()).add(str(participant_id))
        return answered

    def revisions_in_cohort(self, cohort_id: str, exercise_id: str) -> list[Revision]:
        """Every revision of one exercise across a cohort, oldest first.

        The group views replay these (``kit.room.group_views``, the only reader of several
        people's answers); the room's pairing reads its own pairing answers (pair history).
        """
        query = (
            answers_table.select()
            .where(
                answers_table.c.participant_id.in_(
                    sa.select(participants_table.c.id).where(
                        participants_table.c.cohort_id == cohort_id
                    )
                )
            )
            .where(answers_table.c.exercise_id == exercise_id)
            .order_by(answers_table.c.id)
        )
        with self._begin() as conn:
            return [Revision(**row._mapping) for row in conn.execute(query)]

    # -- the participant app: links and the room's pace --------------------------------

    def link_version(self, kind: str, holder: str) -> int | None:
        """The current version of a participant's (or a cohort's facilitator) link, if live."""
        table = LINK_TABLES[kind]
        key = table.primary_key.columns.values()[0]
        with self._begin() as conn:
            row = conn.execute(
                sa.select(table.c.version, table.c.token_hash).where(key == holder)
            ).first()
        return None if row is None or row.token_hash is None else int(row.version)

    def next_link_version(self, kind: str, holder: str) -> int:
        """The version a fresh link for this holder gets (one more than any before)."""
        table = LINK_TABLES[kind]
        key = table.primary_key.columns.values()[0]
        with self._begin() as conn:
            row = conn.execute(sa.select(table.c.version).where(key == holder)).first()
        return 1 if row is None else int(row.version) + 1

    def record_link(self, kind: str, holder: str, token_hash: str, version: int) -> None:
        """Make ``token_hash`` the holder's live link (any earlier one stops working)."""
        table = LINK_TABLES[kind]
        key = table.primary_key.columns.values()[0]
        with self._begin(write=True) as conn:
            (self.get_participant if kind == "participant" else self.get_cohort)(holder)
            values = {"token_hash": token_hash, "version": version, "issued_at": utc_now()}
            updated = conn.execute(table.update().where(key == holder).values(**values)).rowcount
            if not updated:
                conn.execute(table.insert().values({key.name: holder, **values}))

    def revoke_link(self, kind: str, holder: str) -> bool:
        """Stop the holder's link working; True if there was a live one."""
        table = LINK_TABLES[kind]
        key = table.primary_key.columns.values()[0]
        with self._begin(write=True) as conn:
            revoked = conn.execute(
                table.update()
                .where(key == holder)
                .where(table.c.token_hash.is_not(None))
                .values(token_hash=None)
            ).rowcount
        return bool(revoked)

    def holder_of_link(self, kind: str, token_hash: str) -> str | None:
        """Whose live link hashes to ``token_hash`` (a participant or cohort id), if anyone's."""
        table = LINK_TABLES[kind]
        key = table.primary_key.columns.values()[0]
        with self._begin() as conn:
            row = conn.execute(sa.select(key).where(table.c.token_hash == token_hash)).first()
        return None if row is None else str(row[0])

    def room_state(self, cohort_id: str) -> RoomState:
        """Where the cohort's room is; a room nobody has opened yet has no step open."""
        with self._begin() as conn:
            row = conn.execute(
                rooms_table.select().where(rooms_table.c.cohort_id == cohort_id)
            ).first()
        if row is None:
            return RoomState(cohort_id, (), None, None, paced=False)
        opened = tuple(str(step) for step in row.opened_steps if isinstance(step, str))
        return RoomState(cohort_id, opened, row.current_step, row.closed_at)

    def set_room_state(
        self,
        cohort_id: str,
        *,
        opened_steps: tuple[str, ...],
        current_step: str | None,
        closed: bool,
    ) -> RoomState:
        """Record the room's pace (the facilitator's console is the only caller)."""
        values = {
            "opened_steps": list(opened_steps),
            "current_step": current_step,
            "updated_at": utc_now(),
        }
        with self._begin(write=True) as conn:
            self.get_cohort(cohort_id)
            existing = conn.execute(
                sa.select(rooms_table.c.closed_at).where(rooms_table.c.cohort_id == cohort_id)
            ).first()
            was_closed = existing.closed_at if existing is not None else None
            values["closed_at"] = (was_closed or utc_now()) if closed else None
            if existing is None:
                conn.execute(rooms_table.insert().values(cohort_id=cohort_id, **values))
            else:
                conn.execute(
                    rooms_table.update()
                    .where(rooms_table.c.cohort_id == cohort_id)
                    .values(**values)
                )
        return self.room_state(cohort_id)

    def room_timer(self, cohort_id: str) -> dict[str, Any] | None:
        """The run-of-show's clock as the console last saved it; None before any was saved."""
        with self._begin() as conn:
            row = conn.execute(
                sa.select(rooms_table.c.timer).where(rooms_table.c.cohort_id == cohort_id)
            ).first()
        if row is None or not isinstance(row.timer, dict):
            return None
        return dict(row.timer)

    def set_room_timer(self, cohort_id: str, timer: Mapping[str, Any]) -> None:
        """Save the run-of-show's clock (plain JSON) with a room the console has started.

        A room with no pace yet is refused rather than created here: a row in ``rooms`` is
        what paces a room, and a countdown alone must never close every step.
        """
        _check_plain_json("timer", timer)
        with self._begin(write=True) as conn:
            updated = conn.execute(
                rooms_table.update()
                .where(rooms_table.c.cohort_id == cohort_id)
                .values(timer=dict(timer), updated_at=utc_now())
            ).rowcount
        if not updated:
            raise RoomNotStartedError(cohort_id)

    def group_views_version(self, cohort_id: str, exercise_ids: Sequence[str]) -> tuple[int, ...]:
        """Numbers that move whenever a cohort's group views may have changed.

        The newest revision of those exercises in the cohort, the newest departure mark (an
        erasure of someone a view counted leaves one) and the minimum group size: a projector
        asks every second and recomputes the views only when these move. (Erasing someone no
        view counted changes no view, so the revisions that erasure deletes need no count.)
        """
        members = sa.select(participants_table.c.id).where(
            participants_table.c.cohort_id == cohort_id
        )
        newest = (
            sa.select(sa.func.max(answers_table.c.id))
            .where(answers_table.c.participant_id.in_(members))
            .where(answers_table.c.exercise_id.in_(list(exercise_ids)))
        )
        departed = sa.select(sa.func.max(departures_table.c.id)).where(
            departures_table.c.cohort_id == cohort_id
        )
        group_size = sa.select(cohorts_table.c.min_group_size).where(
            cohorts_table.c.id == cohort_id
        )
        with self._begin() as conn:
            values = [conn.execute(query).scalar() for query in (newest, departed, group_size)]
        return tuple(int(value or 0) for value in values)

    # -- helpers -----------------------------------------------------------------------

    def _insert_with_free_id(
        self,
        conn: Connection,
        table: sa.Table,
        kind: str,
        chosen: str | None,
        base: str,
        values: Mapping[str, Any],
    ) -> str:
        """Insert a row under ``chosen`` (which must be free) or the first free id from ``base``.

        Each try is a savepoint: when a concurrent writer takes the id between our look and our
        insert (PostgreSQL lets both look at once), we look again and take the next one.
        """
        if chosen is not None:
            _check_id(chosen)
        for _attempt in range(ID_ATTEMPTS):
            new_id = chosen or self._free_id(conn, table, base)
            _check_id(new_id)
            try:
                with conn.begin_nested():
                    conn.execute(table.insert().values(id=new_id, **values))
            except sa.exc.IntegrityError as exc:
                if not _is_duplicate(exc):
                    raise
                if chosen is not None:
                    raise AlreadyExistsError(kind, chosen) from exc
                log.debug("Id %s was taken meanwhile; trying the next one", new_id)
                continue
            return new_id
        raise StoreBusyError(self.location.display, f"{ID_ATTEMPTS} people took ids at once")

    @staticmethod
    def _free_id(conn: Connection, table: sa.Table, base: str) -> str:
        """``base`` if unused, else ``base-2``, ``base-3``…; ids stay readable."""
        taken = {
            row[0]
            for row in conn.execute(
                sa.select(table.c.id).where(
                    sa.or_(table.c.id == base, table.c.id.like(f"{base}-%"))
                )
            )
        }
        if base not in taken:
            return base
        number = 2
        while f"{base}-{number}" in taken:
            number += 1
        return f"{base}-{number}"


def _take_free_id(base: str, taken: set[str], next_number: dict[str, int]) -> str:
    """The id :meth:`Store._free_id` would choose for ``base`` given ``taken``; now taken too.

    ``next_number`` remembers, per base, the suffix below which every id is taken (only ids
    are added while a batch is planned), so a name shared by many people costs no rescans.
    """
    if base in taken:
        number = next_number.get(base, 2)
        while f"{base}-{number}" in taken:
            number += 1
        next_number[base] = number + 1
        base = f"{base}-{number}"
    _check_id(base)
    taken.add(base)
    return base


# -- group views in SQL: field tests, fragments of answers, lists of ids ------------------------
# Answers are JSON objects written by json.dumps of a dict, so their keys are unique. SQLite's
# json_type names JSON types ('text', 'integer', 'true'…); PostgreSQL's json_typeof ('string',
# 'number', 'boolean'…). The answers column is PostgreSQL's json (text kept as written), never
# jsonb, which refuses some strings (\u0000) that a saved answer may hold.


def _counting_sqlite(
    in_cohort: sa.ColumnElement[bool],
    tests: Mapping[str, Sequence[FieldTest]],
    fields: Mapping[str, Sequence[str]],
) -> sa.Subquery:
    """Per (exercise, person) with a counting revision: first, last, ids, last_fields.

    SQLite keeps the last few parsed answers, so testing and reading the same answer again
    costs little. The newest counting revision's fields come from one MAX over "id, then
    fields", the id written with leading zeros so that text order is number order.
    """
    answers = answers_table
    counts = sa.case(
        *(
            (
                answers.c.exercise_id == exercise_id,
                sa.and_(sa.true(), *(_passes_sqlite(answers.c.value, test) for test in mine)),
            )
            for exercise_id, mine in tests.items()
        ),
        else_=sa.false(),
    )
    keyed = sa.case(
        *(
            (
                answers.c.exercise_id == exercise_id,
                _padded_id("sqlite", answers.c.id)
                + _fields_row(
                    "sqlite", answers.c.value, answers.c.value, fields.get(exercise_id, ())
                ),
            )
            for exercise_id in tests
        ),
    )
    return _per_person(
        sa.select(
            answers.c.id, answers.c.exercise_id, answers.c.participant_id, keyed.label("keyed")
        )
        .where(in_cohort, answers.c.exercise_id.in_(sorted(tests)), counts)
        .subquery()
    )


def _counting_postgresql(
    in_cohort: sa.ColumnElement[bool],
    judged: Any,
    tests: Mapping[str, Sequence[FieldTest]],
    fields: Mapping[str, Sequence[str]],
) -> sa.Subquery:
    """Per (exercise, person) with a counting revision: first, last, ids, last_fields.

    PostgreSQL parses a json value again for every field taken out of it, so each answer's
    group fields are taken out once, in a subquery it may not merge into the next (OFFSET 0),
    and the tests and the fields row work on those small pieces.
    """
    answers = answers_table
    wanted = {
        exercise_id: list(fields.get(exercise_id, ()))
        + [t.name for t in mine if t.name not in fields.get(exercise_id, ())]
        for exercise_id, mine in tests.items()
    }
    width = max((len(names) for names in wanted.values()), default=0)
    rows = (
        sa.select(
            answers.c.id,
            answers.c.exercise_id,
            answers.c.participant_id,
            _unjudgeable("postgresql", answers.c.value).is_not(None).label("whole"),
            *(
                sa.case(
                    *(
                        (answers.c.exercise_id == exercise_id, _pg_field(judged, names[slot]))
                        for exercise_id, names in wanted.items()
                        if slot < len(names)
                    ),
                ).label(f"f{slot}")
                for slot in range(width)
            ),
        )
        .where(in_cohort, answers.c.exercise_id.in_(sorted(tests)))
        .offset(0)
        .subquery()
    )
    counts = sa.case(
        *(
            (
                rows.c.exercise_id == exercise_id,
                sa.and_(
                    sa.true(),
                    *(
                        _field_passes_postgresql(rows.c[f"f{wanted[exercise_id].index(t.name)}"], t)
                        for t in mine
                    ),
                ),
            )
            for exercise_id, mine in tests.items()
        ),
        else_=sa.false(),
    )
    keyed = sa.case(
        *(
            (
                rows.c.exercise_id == exercise_id,
                _padded_id("postgresql", rows.c.id)
                + sa.case(
                    (rows.c.whole, "null"),
                    else_=_pieces_row(
                        [rows.c[f"f{slot}"] for slot in range(len(fields.get(exercise_id, ())))]
                    ),
                ),
            )
            for exercise_id in tests
        ),
    )
    return _per_person(
        sa.select(rows.c.id, rows.c.exercise_id, rows.c.participant_id, keyed.label("keyed"))
        .where(counts)
        .subquery()
    )


def _pieces_row(pieces: Sequence[Any]) -> sa.ColumnElement[str]:
    """``[present, field, field…]`` from fields already taken out (SQL NULL when absent)."""
    present: sa.ColumnElement[int] = sa.literal(0)
    for bit, piece in enumerate(pieces):
        present = present + sa.case((piece.is_(None), 0), else_=1 << bit)
    return sa.cast(sa.func.json_build_array(present, *pieces), sa.Text)


def _per_person(counting_rows: sa.Subquery) -> sa.Subquery:
    """first, last, ids and last_fields per (exercise, person) of the counting revisions."""
    rows = counting_rows
    return (
        sa.select(
            rows.c.exercise_id,
            rows.c.participant_id,
            sa.func.min(rows.c.id).label("first"),
            sa.func.max(rows.c.id).label("last"),
            sa.func.aggregate_strings(sa.cast(rows.c.id, sa.String), ",").label("ids"),
            sa.func.substr(sa.func.max(rows.c.keyed), ID_DIGITS + 1).label("last_fields"),
        )
        .group_by(rows.c.exercise_id, rows.c.participant_id)
        .subquery()
    )


ID_DIGITS = 19  # a revision id written with leading zeros (any 64-bit id fits)


def _padded_id(dialect: str, revision_id: Any) -> sa.ColumnElement[str]:
    if dialect == "sqlite":
        return sa.func.printf(f"%0{ID_DIGITS}d", revision_id, type_=sa.Text)
    return sa.func.lpad(sa.cast(revision_id, sa.Text), ID_DIGITS, "0", type_=sa.Text)


def _fields_row(
    dialect: str, value: Any, judged: Any, names: Sequence[str]
) -> sa.ColumnElement[str]:
    """``[present, field, field…]`` as JSON text: ``_fields_present``, then each of ``names``
    as written; JSON null for an answer PostgreSQL cannot take apart (see ``_judgeable``)."""
    if not names:
        return sa.literal("[0]")
    if dialect == "sqlite":
        # The fields come back as "[f1,…,null]": put the presence bits in front.
        return (
            "["
            + sa.cast(_fields_present(dialect, judged, names), sa.Text)
            + ","
            + sa.func.substr(_fields_as_written(dialect, judged, names), 2)
        )
    row = sa.cast(
        sa.func.json_build_array(
            _fields_present(dialect, judged, names), *(_pg_field(judged, name) for name in names)
        ),
        sa.Text,
    )
    return sa.case((_unjudgeable(dialect, value).is_not(None), "null"), else_=row)


def _present(names: Sequence[str], row: list[Any] | None) -> dict[str, Any] | None:
    """The fields of one ``_fields_row`` that the answer has (None: not taken apart)."""
    if row is None:
        return None
    present = int(row[0])
    return {name: row[bit + 1] for bit, name in enumerate(names) if present >> bit & 1}


def _joined(dialect: str, values: Any, order: Any, separator: str) -> sa.ColumnElement[str]:
    """One column of a group as one string. SQLite steps every aggregate of a query through
    the rows in one order; PostgreSQL is told the order (SQLite before 3.44 cannot be)."""
    joined = sa.func.aggregate_strings(sa.cast(values, sa.String), separator)
    return joined.aggregate_order_by(order) if dialect == "postgresql" else joined


def _json_path(name: str) -> str:
    return f'$."{name}"'


def _judgeable(dialect: str, value: Any) -> Any:
    """``value`` as the JSON functions may read it.

    PostgreSQL's JSON functions refuse a whole answer if any string in it holds \\u0000 (a
    NUL character, which the kit's text fields remove but a store may still hold). Changing
    that escape's digits to \\u2400 keeps the JSON valid and every string a string of the
    same length, so every field test gives the same answer; ``_unjudgeable`` gives the text
    itself for reading its fields exactly.
    """
    if dialect != "postgresql":
        return value
    written = sa.cast(value, sa.Text)
    return sa.case(
        (
            sa.func.strpos(written, _NUL_ESCAPE) > 0,
            sa.cast(sa.func.replace(written, _NUL_ESCAPE, "\\u2400"), sa.JSON),
        ),
        else_=value,
    )


def _unjudgeable(dialect: str, value: Any) -> sa.ColumnElement[Any]:
    """The whole answer as text where ``_judgeable`` had to change it; NULL elsewhere."""
    if dialect != "postgresql":
        return sa.null()
    written = sa.cast(value, sa.Text)
    return sa.case((sa.func.strpos(written, _NUL_ESCAPE) > 0, written))


_NUL_ESCAPE = "\\u0000"


def _passes(dialect: str, value: Any, test: FieldTest) -> sa.ColumnElement[bool]:
    """SQL that is true exactly when ``test.holds`` is for the stored answer ``value``."""
    if dialect == "sqlite":
        return _passes_sqlite(value, test)
    if dialect == "postgresql":
        return _passes_postgresql(value, test)
    raise StoreError(
        f"Group views are computed by SQLite and PostgreSQL stores; this one is {dialect}."
    )


def _passes_sqlite(value: Any, test: FieldTest) -> sa.ColumnElement[bool]:
    path = _json_path(test.name)
    kind = sa.func.json_type(value, path)
    if test.shape == "text":
        return kind == "text"
    if test.shape == "some_text":
        return sa.and_(kind == "text", sa.func.json_extract(value, path) != "")
    if test.shape == "true":
        return kind == "true"
    if test.shape == "true_or_false":
        return kind.in_(("true", "false"))
    if test.shape == "list":
        return kind == "array"
    if test.shape == "list_of_named":
        items = sa.func.json_each(value, path).table_valued("type", "value").alias()
        # An item's value is JSON text only when the item is an object: test the key only then.
        unnamed = sa.case(
            (
                items.c.type == "object",
                sa.func.json_type(items.c.value, _json_path(test.key)).is_distinct_from("text"),
            ),
            else_=sa.true(),
        )
        return sa.and_(kind == "array", ~sa.exists().where(unnamed))
    return sa.and_(
        kind == "integer", sa.func.json_extract(value, path).between(test.low, test.high)
    )


def _pg_field(value: Any, name: str) -> sa.ColumnElement[Any]:
    return sa.type_coerce(value, sa.JSON).op("->", return_type=sa.JSON)(sa.literal(name))


def _passes_postgresql(value: Any, test: FieldTest) -> sa.ColumnElement[bool]:
    return _field_passes_postgresql(_pg_field(value, test.name), test)


def _field_passes_postgresql(found: Any, test: FieldTest) -> sa.ColumnElement[bool]:
    """``test`` on one field already taken out of an answer (SQL NULL when absent)."""
    kind = sa.func.json_typeof(found)
    written = sa.cast(found, sa.Text)  # the JSON text as written: '""' for an empty string
    if test.shape == "text":
        return kind == "string"
    if test.shape == "some_text":
        return sa.and_(kind == "string", written != '""')
    if test.shape == "true":
        return written == "true"
    if test.shape == "true_or_false":
        return kind == "boolean"
    if test.shape == "list":
        return kind == "array"
    if test.shape == "list_of_named":
        items = sa.func.json_array_elements(found).table_valued("value").alias()
        unnamed = sa.or_(
            sa.func.json_typeof(items.c.value) != "object",
            sa.func.json_typeof(_pg_field(items.c.value, test.key)).is_distinct_from("string"),
        )
        # json_array_elements refuses anything but an array: only reached for one.
        return sa.case((kind == "array", ~sa.exists().where(unnamed)), else_=sa.false())
    return sa.case(
        (
            sa.and_(kind == "number", written.regexp_match("^-?[0-9]+$")),
            sa.cast(written, sa.Numeric).between(test.low, test.high),
        ),
        else_=sa.false(),
    )


def _fields_present(dialect: str, value: Any, names: Sequence[str]) -> sa.ColumnElement[int]:
    """Which of ``names`` the answer has, as bits (1 for the first name, 2 for the next…)."""
    bits: sa.ColumnElement[int] = sa.literal(0)
    for bit, name in enumerate(names):
        if not FIELD_NAME.match(name):
            raise ValueError(f"Not a field name: {name!r}")
        if dialect == "sqlite":
            missing = sa.func.json_type(value, _json_path(name)).is_(None)
        else:
            missing = _pg_field(value, name).is_(None)
        bits = bits + sa.case((missing, 0), else_=1 << bit)
    return bits


def _fields_as_written(dialect: str, value: Any, names: Sequence[str]) -> sa.ColumnElement[str]:
    """The fields ``names`` of a stored answer as a JSON array, each exactly as written (null
    where absent, which ``_fields_present`` tells apart from a null that is there).

    SQLite's json_extract with one path turns a number into an SQL number (a large integer
    loses digits, true becomes 1); with two or more paths it returns the values as written.
    """
    if dialect == "sqlite":
        # A second path that is never an answer's field ("$[0]" of an object is null) makes
        # even one field come back as an array of values as written.
        paths = [_json_path(name) for name in names]
        return sa.func.json_extract(value, *paths, "$[0]")
    if dialect == "postgresql":
        return sa.cast(
            sa.func.json_build_array(*(_pg_field(value, name) for name in names)), sa.Text
        )
    raise StoreError(
        f"Group views are computed by SQLite and PostgreSQL stores; this one is {dialect}."
    )


def _one_of(dialect: str, column: sa.Column[int], ids: Sequence[int]) -> sa.ColumnElement[bool]:
    """``column`` is one of ``ids``, sent as one parameter however many there are (SQLite
    limits a statement's parameters; PostgreSQL takes an array)."""
    if dialect == "postgresql":
        return column == sa.any_(sa.bindparam("ids", list(ids), type_=postgresql.ARRAY(sa.Integer)))
    listed = sa.func.json_each(sa.bindparam("ids", json.dumps(list(ids)), type_=sa.Text))
    return column.in_(sa.select(listed.table_valued("value").c.value))


def _within(what: str, text: str | None, limit: int) -> str | None:
    """``text`` if it fits its column; SQLite would keep a longer one, PostgreSQL refuse it."""
    if text is not None and len(text) > limit:
        raise StoreValueError(
            f"{what} of {len(text)} characters is too long to keep; at most {limit} fit. "
            "Shorten it and try again; nothing was saved."
        )
    return text


def _check_plain_json(exercise_id: str, value: Mapping[str, Any]) -> None:
    """Refuse what JSON cannot hold (NaN, infinity, objects) on every database alike."""
    try:
        json.dumps(dict(value), allow_nan=False)
    except ValueError as exc:
        raise AnswerError(
            exercise_id,
            "This answer holds a number that is not a number (NaN or infinity), which cannot "
            "be saved; change it to an ordinary number. Your earlier answer is kept.",
        ) from exc
    except TypeError as exc:
        raise AnswerError(
            exercise_id, f"This answer holds something that cannot be saved as text ({exc})."
        ) from exc


def _check_id(candidate: str) -> None:
    if not ID_PATTERN.match(candidate):
        raise StoreError(
            f"{candidate!r} cannot be used as an id: use lowercase letters, digits and hyphens "
            "(at most 64 characters, starting with a letter or digit)."
        )


BASELINE_TABLES = frozenset({"cohorts", "participants", "answers"})


def _schema_revision(conn: Connection, where: str) -> tuple[str | None, bool]:
    """The store's revision and whether it is recorded; (None, False) for no store at all.

    A store made before schema versions has the baseline's tables and no version table: it
    is at the baseline, not yet stamped. Tables that are not ours are someone else's database.
    """
    tables = set(sa.inspect(conn).get_table_names())
    if migrations.VERSION_TABLE in tables:
        stamped = migrations.stamped_revision(conn)
        if stamped is not None:
            return stamped, True
        tables.discard(migrations.VERSION_TABLE)
    if tables >= BASELINE_TABLES:
        return migrations.BASELINE, False
    if tables:
        raise ForeignDatabaseError(where, sorted(tables))
    return None, False


def _engine(location: StoreLocation, may_create: bool, busy_timeout: float) -> Engine:
    """An engine for the location; a missing SQLite file is an error unless we may create it."""
    path = location.sqlite_path
    if path is not None:
        if not path.exists():
            if not may_create:
                raise StoreMissingError(location.display, "no such file")
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(location.url, connect_args={"timeout": busy_timeout})
        sa.event.listen(engine, "connect", partial(_tune_sqlite, busy_timeout=busy_timeout))
        sa.event.listen(engine, "begin", _begin_sqlite)
        return engine
    if location.url.startswith(("postgresql", "postgres")):
        waits = f"-c lock_timeout={int(busy_timeout * 1000)}"
        return sa.create_engine(location.url, pool_pre_ping=True, connect_args={"options": waits})
    return sa.create_engine(location.url, pool_pre_ping=True)


def _tune_sqlite(dbapi_connection: Any, _record: Any, *, busy_timeout: float) -> None:
    """WAL lets a room of notebooks read while one writes; the busy timeout waits, not fails.

    The driver's own transaction handling is switched off: ``_begin_sqlite`` starts each
    transaction itself, so a write can take the lock first (the SQLAlchemy recipe for pysqlite).
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted content is overwritten with zeros, so what an erasure removes is not left in
    # free space of the file (see Store.erase_participant).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _begin_sqlite(conn: Connection) -> None:
    """BEGIN IMMEDIATE for writes: two writers queue at the start instead of one failing at its
    first write, when a read snapshot can no longer be upgraded (SQLITE_BUSY_SNAPSHOT)."""
    write = conn.get_execution_options().get("nextround_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


# SQLite result codes (the low byte of sqlite_errorcode) and extended codes we tell apart.
_SQLITE_BUSY = {5, 6}  # BUSY, LOCKED
_SQLITE_CORRUPT = {11, 26}  # CORRUPT, NOTADB
_SQLITE_CANTOPEN = 14
_SQLITE_DUPLICATE = {1555, 2067}  # CONSTRAINT_PRIMARYKEY, CONSTRAINT_UNIQUE
_SQLITE_FOREIGN_KEY = 787  # CONSTRAINT_FOREIGNKEY
# PostgreSQL SQLSTATEs (and classes) by cause.
_PG_BUSY = {"40001", "40P01", "55P03", "57014"}  # serialization, deadlock, lock wait, timeout
_PG_UNREACHABLE = {"57P01", "57P02", "57P03", "53300"}  # shut down, starting, too many clients
_PG_CORRUPT = {"XX001", "XX002"}  # data corrupted, index corrupted
_PG_DUPLICATE = "23505"
_PG_FOREIGN_KEY = "23503"
_PG_NO_DATABASE = "3D000"


def _is_duplicate(exc: sa.exc.DBAPIError) -> bool:
    """A unique or primary-key violation: the id we chose was taken meanwhile."""
    original = exc.orig
    if isinstance(original, sqlite3.Error):
        return getattr(original, "sqlite_errorcode", None) in _SQLITE_DUPLICATE
    return getattr(original, "sqlstate", None) == _PG_DUPLICATE


def _is_missing_reference(exc: sa.exc.DBAPIError) -> bool:
    """A foreign-key violation: the row refers to someone or something not in the store."""
    original = exc.orig
    if isinstance(original, sqlite3.Error):
        return getattr(original, "sqlite_errorcode", None) == _SQLITE_FOREIGN_KEY
    return getattr(original, "sqlstate", None) == _PG_FOREIGN_KEY


def _translate(exc: sa.exc.DBAPIError, location: StoreLocation) -> StoreError:
    """The kit's error for a database error, by its real cause (see ``kit.errors``)."""
    where = location.display
    reason = _short_reason(exc)
    original = exc.orig
    if isinstance(original, sqlite3.Error):
        code = getattr(original, "sqlite_errorcode", None)
        primary = None if code is None else code & 0xFF
        if primary in _SQLITE_BUSY:
            return StoreBusyError(where, "another program is writing to it")
        if primary in _SQLITE_CORRUPT:
            return StoreCorruptError(where, reason)
        if primary == _SQLITE_CANTOPEN:
            return StoreUnreachableError(where, f"the file cannot be opened: {reason}")
        return StoreRefusedError(where, reason)
    sqlstate = getattr(original, "sqlstate", None)
    if sqlstate is None and (exc.connection_invalidated or _is_connect_error(exc)):
        if "does not exist" in reason and "database" in reason:
            return _no_database(location, reason)
        return StoreUnreachableError(where, reason)
    if sqlstate == _PG_NO_DATABASE:
        return _no_database(location, reason)
    if sqlstate in _PG_BUSY:
        return StoreBusyError(where, reason)
    if sqlstate in _PG_UNREACHABLE or (sqlstate or "").startswith("08"):
        return StoreUnreachableError(where, reason)
    if sqlstate in _PG_CORRUPT:
        return StoreCorruptError(where, reason)
    if (sqlstate or "").startswith("22"):
        return StoreValueError(f"The answer store at {where} cannot keep a value ({reason}).")
    return StoreRefusedError(where, reason)


def _is_connect_error(exc: sa.exc.DBAPIError) -> bool:
    """psycopg's failures to connect carry no SQLSTATE and are OperationalErrors."""
    return isinstance(exc, sa.exc.OperationalError)


def _no_database(location: StoreLocation, reason: str) -> StoreMissingError:
    name = location.url.rsplit("/", 1)[-1].split("?", 1)[0]
    return StoreMissingError(
        location.display,
        f"{reason}; the database {name!r} has to be made on the server first "
        f"(for example `createdb {name}`)",
    )


def _short_reason(exc: BaseException) -> str:
    original = getattr(exc, "orig", None)
    return str(original or exc).splitlines()[0]

"""The answer store: cohorts, participants and every revision of every answer.

This is the only module that speaks SQL (SQLAlchemy Core, portable SQL only), so switching a
cohort from a SQLite file to PostgreSQL is a change of URL. Answers are append-only: saving
adds a revision and "the answer" is the newest one, so an edit never destroys what was there.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kit.core.workspace import StoreLocation, resolve_store
from kit.errors import (
    StoreCorruptError,
    StoreError,
    StoreMissingError,
    UnknownCohortError,
    UnknownParticipantError,
)

DEFAULT_MIN_GROUP_SIZE = 5
SMALLEST_ALLOWED_GROUP_SIZE = 3
MAX_NAME_LENGTH = 120
CHECKPOINT_WAIT = 2.0
"""Seconds an erase waits for a program reading the store before leaving the WAL to it."""
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

metadata = sa.MetaData()

cohorts_table = sa.Table(
    "cohorts",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("session_date", sa.Date, nullable=True),
    sa.Column("facilitator", sa.String(200), nullable=True),
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
    sa.Column("email", sa.String(254), nullable=True),
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

    cleaned = " ".join(str(name).split())
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


class Store:
    """A connection to one answer store. Cheap to create; safe to share within a process."""

    def __init__(self, engine: Engine, location: StoreLocation) -> None:
        self.engine = engine
        self.location = location

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, explicit: str | None = None, *, create: bool | None = None) -> Store:
        """Open (and, when allowed, create) the store resolved by ``kit.core.workspace``.

        ``create`` defaults to True only for the workspace default: a store someone named
        explicitly must already exist, so a typo cannot start an empty second store.
        """
        location = resolve_store(explicit)
        may_create = (not location.explicit) if create is None else create
        path = location.sqlite_path
        if path is not None:
            if not path.exists():
                if not may_create:
                    raise StoreMissingError(location.display)
                path.parent.mkdir(parents=True, exist_ok=True)
            engine = sa.create_engine(location.url, connect_args={"timeout": 10})
            sa.event.listen(engine, "connect", _tune_sqlite)
        else:
            engine = sa.create_engine(location.url, pool_pre_ping=True)
        store = cls(engine, location)
        store._prepare()
        return store

    def _prepare(self) -> None:
        try:
            metadata.create_all(self.engine)
        except sa.exc.DatabaseError as exc:
            raise StoreCorruptError(self.location.display, _short_reason(exc)) from exc
        except sa.exc.OperationalError as exc:  # pragma: no cover - server unreachable
            raise StoreError(f"Cannot reach the store at {self.location.display}: {exc}") from exc

    @contextmanager
    def _begin(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except sa.exc.DatabaseError as exc:
            raise StoreCorruptError(self.location.display, _short_reason(exc)) from exc

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
        """Add a cohort; its id is derived from the title unless given."""
        check_min_group_size(min_group_size)
        title = " ".join(title.split())
        if not title:
            raise StoreError("A cohort needs a title, for example 'Spring session, Leeds'.")
        with self._begin() as conn:
            new_id = cohort_id or self._free_id(
                conn, cohorts_table, slugify(title, fallback="cohort")
            )
            _check_id(new_id)
            conn.execute(
                cohorts_table.insert().values(
                    id=new_id,
                    title=title[:200],
                    session_date=session_date,
                    facilitator=facilitator,
                    min_group_size=min_group_size,
                    created_at=utc_now(),
                )
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
        """Remove an empty cohort (its participants must be erased first, one by one)."""
        if self.list_participants(cohort_id):
            raise StoreError(
                f"Cohort {cohort_id!r} still has participants; erase them first so each "
                "erasure is deliberate."
            )
        with self._begin() as conn:
            conn.execute(cohorts_table.delete().where(cohorts_table.c.id == cohort_id))

    def list_cohorts(self) -> list[Cohort]:
        with self._begin() as conn:
            rows = conn.execute(cohorts_table.select().order_by(cohorts_table.c.created_at))
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
        """Add a person. Their id is a slug of their name, made unique in this store."""
        name = clean_display_name(display_name)
        if cohort_id is not None:
            self.get_cohort(cohort_id)
        with self._begin() as conn:
            new_id = participant_id or self._free_id(conn, participants_table, slugify(name))
            _check_id(new_id)
            conn.execute(
                participants_table.insert().values(
                    id=new_id,
                    display_name=name,
                    cohort_id=cohort_id,
                    email=email,
                    created_at=utc_now(),
                )
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
            participants_table.c.cohort_id,
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
                .order_by(participants_table.c.created_at)
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
        with self._begin() as conn:
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

    # -- answers -----------------------------------------------------------------------

    def save_answer(
        self, participant_id: str, exercise_id: str, value: Mapping[str, Any]
    ) -> Revision:
        """Append a new revision of one answer. Older revisions stay untouched."""
        saved_at = utc_now()
        with self._begin() as conn:
            exists = conn.execute(
                sa.select(participants_table.c.id).where(participants_table.c.id == participant_id)
            ).first()
            if exists is None:
                raise UnknownParticipantError(participant_id)
            result = conn.execute(
                answers_table.insert().values(
                    participant_id=participant_id,
                    exercise_id=exercise_id,
                    value=dict(value),
                    saved_at=saved_at,
                )
            )
            new_id = int(result.inserted_primary_key[0])  # type: ignore[index]
        return Revision(new_id, participant_id, exercise_id, dict(value), saved_at)

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
            for row in conn.execute(query.order_by(participants_table.c.created_at)):
                if str(row.email).strip().casefold() == wanted:
                    return Participant(**row._mapping)
        return None

    def update_participant(
        self, participant_id: str, *, display_name: str | None = None, email: str | None = None
    ) -> Participant:
        """Change a person's name and/or email (an updated roster); the id never changes."""
        self.get_participant(participant_id)
        values: dict[str, Any] = {}
        if display_name is not None:
            values["display_name"] = clean_display_name(display_name)
        if email is not None:
            values["email"] = email or None
        if values:
            with self._begin() as conn:
                conn.execute(
                    participants_table.update()
                    .where(participants_table.c.id == participant_id)
                    .values(**values)
                )
        return self.get_participant(participant_id)

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

    def answered_in_cohort(self, cohort_id: str) -> dict[str, set[str]]:
        """For each exercise id, who in the cohort has saved an answer to it (ids only)."""
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

    # -- helpers -----------------------------------------------------------------------

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


def _check_id(candidate: str) -> None:
    if not ID_PATTERN.match(candidate):
        raise StoreError(
            f"{candidate!r} cannot be used as an id: use lowercase letters, digits and hyphens "
            "(at most 64 characters, starting with a letter or digit)."
        )


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets a room of notebooks read while one writes; the busy timeout waits, not fails."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted content is overwritten with zeros, so what an erasure removes is not left in
    # free space of the file (see Store.erase_participant).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _short_reason(exc: BaseException) -> str:
    original = getattr(exc, "orig", None)
    return str(original or exc).splitlines()[0]

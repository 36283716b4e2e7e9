"""A person's data rights: take everything with you (export), or have it removed (erase).

An export is the person's data, so it never depends on the wording files: the only thing it
takes from ``data/`` is which step each exercise belongs to, read file by file without
validation, and a file that cannot be read at all leaves its exercises' step empty.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kit import __version__
from kit.core import identity
from kit.core.logs import logger
from kit.core.store import Participant, Store
from kit.core.workspace import content_dir, reports_dir, safe_file_stem
from kit.reports.manifest import forget_participant
from kit.room.group_views import entry_points
from kit.room.pairs import pair_history
from kit.steps.plan.calendar import calendar_files, forget_calendars
from kit.workbook.partners import (
    ACCOUNTABILITY,
    ACCOUNTABILITY_PARTNER,
    ROLEPLAY_PARTNER,
    without_named_partner,
    without_partner,
)

log = logger(__name__)

log = logger(__name__)

EXPORT_FORMAT = "nextround-export/1"


def export_participant(store: Store, participant_id: str) -> dict[str, Any]:
    """Every revision of every answer one person gave, as a JSON-ready document."""
    person = store.get_participant(participant_id)
    cohort = store.get_cohort(person.cohort_id) if person.cohort_id else None
    steps = exercise_steps(content_dir())
    return {
        "format": EXPORT_FORMAT,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "kit_version": __version__,
        "participant": {
            "id": person.id,
            "name": person.display_name,
            "email": person.email,
            "joined_at": _iso(person.created_at),
        },
        "cohort": None
        if cohort is None
        else {"id": cohort.id, "title": cohort.title, "session_date": _date(cohort.session_date)},
        "answers": [
            {
                "revision": revision.id,
                "step": steps.get(revision.exercise_id),
                "exercise": revision.exercise_id,
                "saved_at": _iso(revision.saved_at),
                "value": revision.value,
            }
            for revision in store.history(person.id)
        ],
    }


def exercise_steps(content: Path) -> dict[str, str]:
    """Exercise id to step id, from each exercise file that can be read (typos and all)."""
    steps: dict[str, str] = {}
    for path in sorted((content / "exercises").glob("*.toml")):
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            log.warning("export: cannot read %s (%s); its exercises' step is left empty", path, exc)
            continue
        step = document.get("step")
        exercises = document.get("exercise")
        if not isinstance(step, str) or not isinstance(exercises, list):
            continue
        for exercise in exercises:
            if isinstance(exercise, dict) and isinstance(exercise.get("id"), str):
                steps[exercise["id"]] = step
    return steps


@dataclass(frozen=True)
class Erasure:
    """What an erasure removed, so the admin can confirm it to the person.

    ``files`` are the person's own reports and calendar files; ``others`` counts the people
    whose answers named them (as a partner), whose ``stale_reports`` were removed too so the
    next ``nextround reports`` rebuilds them; ``wal_cleared`` is False when another program
    kept SQLite's write-ahead log busy (it empties when the last program closes the store),
    None on a database server.
    """

    revisions: int
    files: list[Path] = field(default_factory=list)
    others: int = 0
    stale_reports: list[Path] = field(default_factory=list)
    wal_cleared: bool | None = None


def erase_participant(
    store: Store, participant_id: str, reports_folders: Path | Iterable[Path] = ()
) -> Erasure:
    """Remove a person everywhere this kit can reach.

    The store (every revision, their name and id inside other people's partner answers, an
    anonymous departure in each group view they counted in, and on SQLite the file and its
    WAL rewritten), their reports and manifest rows in the default reports folder and in
    ``reports_folders``, their calendar files (:func:`calendar_files`), other people's reports
    that named them, and a remembered identity. Files first, so a failure leaves the person
    in the store and the erasure can simply be run again.
    """
    person = store.get_participant(participant_id)
    folders = _report_folders(reports_folders)
    removed = _remove_reports(folders, participant_id)
    removed += [_unlink(path) for path in calendar_files(participant_id, folders)]
    forget_calendars(participant_id)
    paired = _paired_with(store, person)
    # A name typed as one's accountability partner is cleared only inside the person's own
    # cohort, where the pairing could have put it; elsewhere the same name is someone else.
    cohort = (
        {member.id for member in store.list_participants(person.cohort_id)}
        if person.cohort_id
        else set()
    )
    gone = store.erase_participant(
        participant_id,
        entry_points=entry_points,
        rewrite={
            ROLEPLAY_PARTNER: lambda _owner, value: without_partner(value, participant_id),
            ACCOUNTABILITY_PARTNER: lambda _owner, value: without_partner(value, participant_id),
            ACCOUNTABILITY: lambda owner, value: (
                without_named_partner(value, person.display_name, first_name_too=owner in paired)
                if owner in cohort
                else None
            ),
        },
    )
    stale = [path for other in gone.rewritten for path in _remove_reports(folders, other)]
    if identity.remembered_participant_id() == participant_id:
        identity.remember(None)
    log.info(  # no id: the log outlives the person
        "erased a participant: %d revisions, %d files, %d other people's answers",
        gone.revisions,
        len(removed),
        len(gone.rewritten),
    )
    return Erasure(gone.revisions, removed, len(gone.rewritten), stale, gone.wal_cleared)


def _report_folders(extra: Path | Iterable[Path]) -> list[Path]:
    """The default reports folder and any others named, each once."""
    named = [extra] if isinstance(extra, Path) else list(extra)
    folders: dict[Path, None] = {}
    for folder in (reports_dir(), *named):
        if folder.is_dir():
            folders.setdefault(folder.resolve(), None)
    return list(folders)


def _remove_reports(folders: Iterable[Path], participant_id: str) -> list[Path]:
    """One person's report files and manifest rows in every folder."""
    stem = safe_file_stem(participant_id)
    removed = []
    for folder in folders:
        removed += [_unlink(path) for path in sorted(folder.glob(f"report-{stem}.*"))]
        forget_participant(folder, participant_id)
    return removed


def _unlink(path: Path) -> Path:
    path.unlink(missing_ok=True)
    return path


def _paired_with(store: Store, person: Participant) -> set[str]:
    """Everyone the facilitator ever paired with this person (they may call them by first name)."""
    if person.cohort_id is None:
        return set()
    return {
        other
        for pair in pair_history(store, person.cohort_id)
        if person.id in pair
        for other in pair
        if other != person.id
    }


def _iso(moment: datetime) -> str:
    return moment.replace(tzinfo=UTC).isoformat(timespec="seconds")


def _date(day: Any) -> str | None:
    return day.isoformat() if day is not None else None

"""A person's data rights: take everything with you (export), or have it removed (erase).

An export is the person's data, so it never depends on the wording files: the only thing it
takes from ``data/`` is which step each exercise belongs to, read file by file without
validation, and a file that cannot be read at all leaves its exercises' step empty.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kit import __version__
from kit.core.logs import logger
from kit.core.store import Store
from kit.core.workspace import content_dir, safe_file_stem
from kit.reports.manifest import forget_participant

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
    """What an erasure removed, so the admin can confirm it to the person."""

    revisions: int
    files: list[Path] = field(default_factory=list)


def erase_participant(store: Store, participant_id: str, reports_folder: Path) -> Erasure:
    """Remove a person's answers from the store and their generated reports from disk."""
    stem = safe_file_stem(participant_id)
    removed_files = []
    if reports_folder.is_dir():
        for path in sorted(reports_folder.glob(f"report-{stem}.*")):
            path.unlink()
            removed_files.append(path)
        forget_participant(reports_folder, participant_id)
    revisions = store.erase_participant(participant_id)
    return Erasure(revisions, removed_files)


def _iso(moment: datetime) -> str:
    return moment.replace(tzinfo=UTC).isoformat(timespec="seconds")


def _date(day: Any) -> str | None:
    return day.isoformat() if day is not None else None

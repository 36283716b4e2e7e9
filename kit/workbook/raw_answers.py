"""A person's latest answers as plain stored values, for steps that build on earlier ones.

Earlier steps may not have been answered, may have been saved with an older shape, or may not
exist in an adapted content at all. A step that reads them (through its ``inputs`` module)
starts from these raw values and skips anything malformed, instead of validating another
step's answers with that step's models.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kit.core.store import Revision, Store

RawAnswers = Mapping[str, Mapping[str, Any]]
"""The latest raw stored value of each exercise, by exercise id."""


def latest_values(revisions: Iterable[Revision]) -> dict[str, dict[str, Any]]:
    """The newest value per exercise id from revisions given oldest first (a history)."""
    latest: dict[str, dict[str, Any]] = {}
    for revision in revisions:
        if isinstance(revision.value, dict):
            latest[revision.exercise_id] = revision.value
    return latest


def stored_values(store: Store, participant_id: str) -> dict[str, dict[str, Any]]:
    """One person's latest raw answers, straight from the store."""
    return {
        exercise_id: revision.value
        for exercise_id, revision in store.latest_answers(participant_id).items()
        if isinstance(revision.value, dict)
    }


def text_of(value: Any) -> str:
    """A stored text field, trimmed; anything that is not text reads as empty."""
    return value.strip() if isinstance(value, str) else ""

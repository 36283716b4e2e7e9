"""Small helpers the exercise tests share: a person in a room, and what the store holds."""

from __future__ import annotations

from typing import Any

from kit.core.store import Store


def person_in_room(store: Store) -> str:
    """Add a cohort called Room with one participant, Ana Lima; return her id."""
    cohort = store.create_cohort("Room")
    return store.add_participant("Ana Lima", cohort_id=cohort.id).id


def latest_value(store: Store, person_id: str, exercise_id: str) -> dict[str, Any]:
    """The value of the person's current answer, failing the test if nothing was saved."""
    revision = store.latest_answer(person_id, exercise_id)
    assert revision is not None, f"nothing saved for {exercise_id}"
    return revision.value

"""Small helpers the exercise tests share: a person in a room, and what the store holds."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

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


def shown_text(widget: widgets.Widget) -> str:
    """Everything a widget shows a person (HTML, labels, descriptions), hidden parts left out."""
    layout = getattr(widget, "layout", None)
    if layout is not None and getattr(layout, "display", None) == "none":
        return ""
    parts = [
        str(getattr(widget, name))
        for name in ("value", "description")
        if isinstance(getattr(widget, name, None), str)
        and not isinstance(widget, (widgets.Text, widgets.Textarea))
    ]
    options = getattr(widget, "options", None)
    if isinstance(options, (list, tuple)):
        parts += [str(option[0]) for option in options if isinstance(option, tuple)]
    parts += [shown_text(child) for child in getattr(widget, "children", ())]
    return " ".join(part for part in parts if part)

"""Which cohort a facilitator's page (the console, the projector) is for, and the page's
kernel made ready for widgets.

In the app, the facilitator's link fixes the cohort: the server starts the page's kernel with
``NEXTROUND_COHORT`` and ``NEXTROUND_APP_MODE=room``, and the page offers no other cohort.
In JupyterLab (no app mode) the console offers a picker, opening on ``NEXTROUND_COHORT`` or
the newest cohort.
"""

from __future__ import annotations

import os

import ipywidgets as widgets

from kit.core.identity import APP_MODE_ENV, COHORT_ENV, ROOM_MODE
from kit.core.store import Cohort
from kit.errors import NextRoundError


def in_app() -> bool:
    """Whether this page is served by the app behind a facilitator's link (cohort fixed)."""
    return os.environ.get(APP_MODE_ENV, "").strip() == ROOM_MODE


def choose_cohort(cohorts: list[Cohort], wanted: str | None = None) -> str:
    """The cohort asked for (argument, then ``NEXTROUND_COHORT``), else the newest one."""
    if not cohorts:
        raise NextRoundError(
            "There is no cohort in this store yet. Create one with `nextround cohort create` "
            "(or `nextround demo` to rehearse), then run this cell again."
        )
    ids = [cohort.id for cohort in cohorts]
    chosen = (wanted or os.environ.get(COHORT_ENV, "")).strip()
    if chosen:
        if chosen not in ids:
            others = "" if in_app() else f"; the cohorts are {', '.join(ids)}"
            raise NextRoundError(f"No cohort with id {chosen!r} in this store{others}.")
        return chosen
    if in_app():
        raise NextRoundError(
            "This page was opened without a cohort: open it from the facilitator's link."
        )
    return ids[-1]


def ready_for_widgets() -> None:
    """In the app, make widgets answer in this kernel before the page draws any.

    The app may fork page kernels from a starter that imported ipywidgets before any kernel
    existed, and ipywidgets registers its comm target only on import: without this, every
    widget on the page would stay "Loading widget…" (the step pages do the same in
    ``kit.app.frame.start``). Registering again in an ordinary kernel changes nothing.
    """
    if in_app():
        widgets.register_comm_target()

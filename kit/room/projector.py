"""The projector: the room's current step, a large countdown, and that step's group views.

A page for the shared screen (``notebooks/projector.ipynb``, behind the facilitator's link).
It reads only the room's pace and clock, the content's step titles and the group views
(:mod:`kit.room.group_views`, where the minimum group size is enforced and free text appears
only when its author chose to share it): never the roster, never anyone's answer. So no name
and no unshared text can reach this screen, whatever people answer.

It reads the store every second in a thread and redraws only what changed: the clock's line
when the time shown moves, the views only when one of their exercises has a new revision, a
departure or another minimum group size (``Store.group_views_version``), or the room moved to
another step. A new answer therefore shows within two seconds.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import ipywidgets as widgets
from markupsafe import Markup

from kit.core.content import Content, load_content
from kit.core.store import Store, utc_now
from kit.errors import NextRoundError
from kit.room.cohort_page import choose_cohort, ready_for_widgets
from kit.room.follow import Follower
from kit.room.group_views import SOURCE_EXERCISES, VIEW_KEYS, GroupView, cohort_views
from kit.room.pace import Room, read_room
from kit.room.timer import Clock, TimerState, format_clock
from kit.workbook.notice import Notice
from kit.workbook.templating import render

PROJECTOR_CSS = """<style>
.nr-projector{font-family:system-ui,sans-serif;color:#1b1b1b;width:100%}
.nr-pj-step{font-size:2rem;margin:0;color:#52606d}
.nr-pj-title{font-size:3.2rem;line-height:1.1;margin:.2rem 0 .4rem}
.nr-pj-purpose{font-size:1.6rem;margin:0 0 .5rem;color:#3e4c59}
.nr-pj-clock{font-size:min(24vw,15rem);font-weight:700;line-height:1;
  font-variant-numeric:tabular-nums;margin:.5rem 0}
.nr-pj-over{color:#bc4749}
.nr-pj-state{font-size:2rem;margin:0;color:#52606d}
.nr-pj-message{font-size:3rem;margin:20vh 0;text-align:center}
.nr-pj-views{font-size:1.7rem;line-height:1.35}
.nr-pj-views h3{font-size:2.4rem;margin:.8rem 0 .3rem}
.nr-pj-views table{border-collapse:collapse;margin:.3rem 0 .8rem}
.nr-pj-views th,.nr-pj-views td{padding:.2rem 1rem;text-align:left;border-bottom:2px solid #d9e2ec}
.nr-pj-views caption{text-align:left;font-weight:600;padding:.3rem 0}
.nr-pj-views .nr-quote{font-style:italic;white-space:pre-wrap}
.nr-pj-views .nr-view-note,.nr-pj-views .nr-empty{font-size:1.3rem;color:#52606d}
</style>"""


def view_steps(content: Content) -> dict[str, str]:
    """The step each group view belongs to: the step of the exercise it reads.

    The check-in to check-out shift belongs where the check-out is.
    """
    steps = {
        key: content.exercise_step.get(exercise_id, "")
        for key, exercise_id in zip(VIEW_KEYS, SOURCE_EXERCISES, strict=False)
    }
    steps["mood_shift"] = steps.get("mood_check_out", "")
    return steps


def views_html(views: Mapping[str, GroupView]) -> str:
    """Group views in the shared template (it escapes every text)."""
    return "".join(
        render("group_view.html.j2", view=view, chart=Markup("")) for view in views.values()
    )


def clock_html(room: Room, content: Content, now: datetime) -> str:
    """The step and the countdown, or a calm line before the session and after it."""
    if room.closed:
        return _message("The session has ended. Thank you for coming.", "closed")
    if not room.started or room.state.current_step is None:
        return _message("Welcome. We start in a moment.", "waiting")
    step = content.steps.get(room.state.current_step)
    if step is None:
        return _message("", "unknown-step")
    parts = [
        f"<div class='nr-pj-now' data-step='{html.escape(step.id)}'>",
        f"<p class='nr-pj-step'>Step {step.number:02d}</p>",
        f"<h1 class='nr-pj-title'>{html.escape(step.title)}</h1>",
        f"<p class='nr-pj-purpose'>{html.escape(step.purpose)}</p>",
    ]
    clock = room.clock
    if clock is not None and clock.timer.step_id == step.id:
        timer = clock.timer
        over = timer.is_up(now)
        state = {
            TimerState.READY: "Starting soon",
            TimerState.RUNNING: "Time is up" if over else "",
            TimerState.PAUSED: "Paused",
            TimerState.ENDED: "This step is over",
        }[timer.state]
        parts.append(
            f"<div class='nr-pj-clock{' nr-pj-over' if over else ''}' role='timer' "
            f"aria-live='off' data-state='{timer.state.value}'>"
            f"{format_clock(max(timer.remaining(now), 0.0))}</div>"
        )
        if state:
            parts.append(f"<p class='nr-pj-state'>{state}</p>")
    parts.append("</div>")
    return "".join(parts)


def _message(text: str, kind: str) -> str:
    return f"<p class='nr-pj-message nr-pj-{kind}'>{html.escape(text)}</p>"


class CohortViews:
    """A cohort's group views, recomputed only when the store says they may have changed."""

    def __init__(self, store: Store, content: Content, cohort_id: str) -> None:
        self.store = store
        self.content = content
        self.cohort_id = cohort_id
        self.version: tuple[int, ...] | None = None
        self.views: dict[str, GroupView] = {}

    def current(self) -> dict[str, GroupView]:
        version = self.store.group_views_version(self.cohort_id, SOURCE_EXERCISES)
        if version != self.version:
            self.views = cohort_views(self.store, self.cohort_id, self.content)
            self.version = version
        return self.views


@dataclass(frozen=True)
class Screen:
    """What the projector shows: the step with its clock, and the views (HTML)."""

    clock: str
    views: str


class Projector:
    """The shared screen for one cohort; see the module docstring."""

    def __init__(
        self,
        store: Store,
        content: Content,
        cohort_id: str,
        *,
        clock: Clock = utc_now,
        follow: bool = True,
    ) -> None:
        self.store = store
        self.content = content
        self.cohort_id = cohort_id
        self.clock = clock
        self.steps_of_views = view_steps(content)
        store.get_cohort(cohort_id)  # an unknown cohort is said now, not every second
        self.clock_widget = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.views_widget = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.views_widget.add_class("nr-pj-views")
        self.widget = widgets.VBox(
            [widgets.HTML(PROJECTOR_CSS), self.clock_widget, self.views_widget],
            layout=widgets.Layout(width="100%"),
        )
        self.widget.add_class("nr-projector")
        self.cohort_views = CohortViews(store, content, cohort_id)
        self._views_for: tuple[object, ...] | None = None
        self._views = ""
        self.draw(self.read())
        # Two followers: the countdown keeps moving even while a large cohort's views are
        # being recomputed.
        self.followers = [
            Follower(self.read_clock, self._draw_clock, name="nextround-projector-clock"),
            Follower(self.read_views, self._draw_views, name="nextround-projector-views"),
        ]
        if follow:
            for follower in self.followers:
                follower.start()

    def read_clock(self) -> str:
        return clock_html(read_room(self.store, self.cohort_id), self.content, self.clock())

    def read_views(self) -> str:
        """The current step's views, recomputed only when they may differ."""
        room = self.store.room_state(self.cohort_id)
        step = room.current_step if room.paced and not room.closed else None
        views = self.cohort_views.current() if step is not None else {}
        shown_for = (step, self.cohort_views.version)
        if shown_for != self._views_for:
            here = {
                key: view for key, view in views.items() if self.steps_of_views.get(key) == step
            }
            self._views = views_html(here)
            self._views_for = shown_for
        return self._views

    def read(self) -> Screen:
        """The screen as the store has it now."""
        return Screen(self.read_clock(), self.read_views())

    def draw(self, screen: Screen) -> None:
        self._draw_clock(screen.clock)
        self._draw_views(screen.views)

    def _draw_clock(self, value: str) -> None:
        """Setting a value sends it to the page: only a changed one is set."""
        if self.clock_widget.value != value:
            self.clock_widget.value = value

    def _draw_views(self, value: str) -> None:
        if self.views_widget.value != value:
            self.views_widget.value = value

    def stop_following(self) -> None:
        for follower in self.followers:
            follower.stop()

    def refresh(self) -> None:
        self.draw(self.read())

    def html(self) -> str:
        """Everything the screen shows, as one HTML text (what a test reads)."""
        return str(self.clock_widget.value) + str(self.views_widget.value)

    def _repr_mimebundle_(self, **kwargs: object) -> object:
        return self.widget._repr_mimebundle_(**kwargs)


def open_projector(cohort_id: str | None = None) -> Projector | Notice:
    """The projector for the notebook; a store or content problem becomes a readable notice."""
    ready_for_widgets()
    try:
        store = Store.open()
        chosen = choose_cohort(store.list_cohorts(), cohort_id)
        return Projector(store, load_content(), chosen)
    except NextRoundError as exc:
        return Notice(f"The projector cannot start yet. {exc}")

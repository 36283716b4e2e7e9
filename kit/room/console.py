"""The facilitator's console: the run-of-show with timers, the room, group views and pairs.

``notebooks/facilitator_console.ipynb`` shows one part per cell::

    console = open_console()
    console                      # which cohort, and a refresh button
    console.run_of_show()        # steps with timeboxes, the countdown, the plan against the clock
    console.room()               # who joined, how many finished each exercise, who may need help
    console.group_views()        # anonymous views (computed in kit.room.group_views under the k rule)
    console.pairs()              # role-play and accountability pairs from who is present

The console shows counts and names of who is here, never anyone's answers: everything about
answers comes from :mod:`kit.room.group_views`, where the minimum group size is enforced. Clocks
are injected so tests can drive the countdown without waiting.
"""

from __future__ import annotations

import html
import os
import random
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from kit.core.content import Content, load_content
from kit.core.identity import COHORT_ENV
from kit.core.store import Cohort, Participant, Store, utc_now
from kit.errors import NextRoundError
from kit.room.group_views import GroupView, cohort_views
from kit.room.pairs import PAIR_KINDS, Group, make_pairs, pair_history, save_pairs
from kit.room.timer import Clock, RunOfShow, TimerState, WallClock, beep_data_uri, format_clock
from kit.workbook.exercise import FULL_WIDTH, labelled, prompt_label
from kit.workbook.notice import Notice
from kit.workbook.partners import ROLEPLAY_PARTNER
from kit.workbook.templating import render

DEFAULT_IDLE_MINUTES = 10
_CONSOLE_CSS = """
<style>
.nr-console table { border-collapse: collapse; margin: .25rem 0 .75rem; min-width: 24rem; }
.nr-console th, .nr-console td { text-align: left; padding: .2rem .6rem; border-bottom: 1px solid #d9e2ec; }
.nr-console caption { text-align: left; font-weight: 600; padding: .25rem 0; }
.nr-console .nr-current { background: #eef6f6; font-weight: 600; }
.nr-timer { font-size: 3rem; font-variant-numeric: tabular-nums; line-height: 1.1; }
.nr-timer-over { color: #bc4749; }
.nr-empty { color: #52606d; font-style: italic; }
.nr-group-view { border: 1px solid #d9e2ec; border-radius: .4rem; padding: .25rem .75rem; margin: .5rem 0; }
.nr-quote { font-style: italic; white-space: pre-wrap; }
</style>
"""


class FacilitatorConsole:
    """Everything on the facilitator's screen, for one cohort at a time."""

    def __init__(
        self,
        store: Store,
        content: Content,
        *,
        cohort_id: str | None = None,
        clock: Clock = time.monotonic,
        wall_clock: WallClock = datetime.now,
        utc_clock: Callable[[], datetime] = utc_now,
        rng: random.Random | None = None,
        autotick: bool = True,
    ) -> None:
        self.store = store
        self.content = content
        self.utc_clock = utc_clock
        self.rng = rng or random.Random()
        self.autotick = autotick
        self.cohorts: list[Cohort] = store.list_cohorts()
        if not self.cohorts:
            raise NextRoundError(
                "There is no cohort in this store yet. Create one with `nextround cohort create` "
                "(or `nextround demo` to rehearse), then run this cell again."
            )
        self.cohort_id = _choose_cohort(self.cohorts, cohort_id)
        self.show = RunOfShow(content.ordered_steps(), clock, wall_clock)
        self._ticker: threading.Thread | None = None
        self._stop_ticking = threading.Event()
        self._announced_end = False
        self.proposal: list[Group] = []
        self._build_header()
        self._build_run_of_show()
        self._build_room()
        self._build_views()
        self._build_pairs()
        self.refresh()

    # -- header: cohort and refresh ---------------------------------------------------------

    def _build_header(self) -> None:
        self.cohort_picker = widgets.Dropdown(
            options=[(f"{cohort.title} ({cohort.id})", cohort.id) for cohort in self.cohorts],
            value=self.cohort_id,
            layout=widgets.Layout(width="32rem"),
        )
        self.cohort_picker.observe(self._cohort_changed, names="value")
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh")
        self.refresh_button.add_class("nr-refresh")
        self.refresh_button.on_click(lambda _button: self.refresh())
        self.header_status = widgets.HTML()
        self.header = widgets.VBox(
            [
                widgets.HTML(_CONSOLE_CSS),
                widgets.HBox(
                    [labelled("Cohort", self.cohort_picker), self.refresh_button],
                    layout=widgets.Layout(align_items="flex-end"),
                ),
                self.header_status,
            ],
            layout=FULL_WIDTH,
        )
        self.header.add_class("nr-console")

    def _cohort_changed(self, change: dict[str, Any]) -> None:
        self.cohort_id = str(change["new"])
        self.proposal = []
        self.refresh()

    @property
    def cohort(self) -> Cohort:
        return self.store.get_cohort(self.cohort_id)

    def refresh(self) -> None:
        """Read the store again: the room, the group views and who is present."""
        try:
            cohort = self.cohort
            self._refresh_room()
            self._refresh_views()
            self._refresh_presence()
        except NextRoundError as exc:
            self.header_status.value = (
                f"<p class='nr-status-problem' role='alert'>⚠ {html.escape(str(exc))}</p>"
            )
            return
        self.header_status.value = (
            f"<p>Minimum group size for views: <b>{cohort.min_group_size}</b>. "
            f"Updated at {datetime.now():%H:%M:%S}.</p>"
        )

    # -- run-of-show and timer --------------------------------------------------------------

    def _build_run_of_show(self) -> None:
        self.agenda = widgets.HTML()
        self.timer_display = widgets.HTML()
        self.timer_display.add_class("nr-timer-box")
        self.plan_line = widgets.HTML()
        self.chime = widgets.HTML()
        self.sound = widgets.Checkbox(
            value=False, description="Play a short sound when time is up", indent=False
        )
        buttons = {
            "start": ("Start", "play", self._on_start),
            "pause": ("Pause", "pause", self._on_pause),
            "plus1": ("+1 min", "plus", lambda _b: self._on_extend(1)),
            "plus5": ("+5 min", "plus", lambda _b: self._on_extend(5)),
            "end": ("End step", "stop", self._on_end),
            "previous": ("Previous step", "arrow-left", self._on_previous),
            "next": ("Next step", "arrow-right", self._on_next),
        }
        self.buttons: dict[str, widgets.Button] = {}
        for key, (label, icon, handler) in buttons.items():
            button = widgets.Button(
                description=label, icon=icon, layout=widgets.Layout(width="auto")
            )
            button.add_class(f"nr-timer-{key}")
            button.on_click(handler)
            self.buttons[key] = button
        self.timer_message = widgets.HTML()
        self.run_of_show_widget = widgets.VBox(
            [
                self.agenda,
                self.timer_display,
                widgets.HBox(
                    [self.buttons[k] for k in ("start", "pause", "plus1", "plus5", "end")]
                ),
                widgets.HBox([self.buttons["previous"], self.buttons["next"], self.sound]),
                self.timer_message,
                self.plan_line,
                self.chime,
            ],
            layout=FULL_WIDTH,
        )
        self.run_of_show_widget.add_class("nr-console")
        self._render_agenda()
        self.tick()

    def _render_agenda(self) -> None:
        rows = []
        for index, step in enumerate(self.show.steps):
            current = index == self.show.current_index
            rows.append(
                f"<tr class='{'nr-current' if current else ''}'><td>{'▶' if current else ''}</td>"
                f"<td>{step.number:02d}</td><td>{html.escape(step.title)}</td>"
                f"<td>{step.timebox_minutes} min</td></tr>"
            )
        self.agenda.value = (
            "<table class='nr-agenda'><caption>Run-of-show</caption><thead><tr><th></th><th>step</th>"
            "<th>title</th><th>timebox</th></tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table>"
        )

    def tick(self) -> None:
        """Update the countdown and the plan line; announce the end once when time is up."""
        timer = self.show.timer
        remaining = timer.remaining()
        over = timer.is_up
        state = {
            TimerState.READY: "ready to start",
            TimerState.RUNNING: "running",
            TimerState.PAUSED: "paused",
            TimerState.ENDED: "ended",
        }[timer.state]
        step = self.show.current
        headline = (
            "Time is up"
            if over and timer.state is not TimerState.ENDED
            else html.escape(step.title)
        )
        self.timer_display.value = (
            f"<div class='nr-timer-now'>{headline} · {state}</div>"
            f"<div class='nr-timer {'nr-timer-over' if over else ''}' role='timer' aria-live='off'>"
            f"{format_clock(remaining)}</div>"
        )
        if over and not self._announced_end and timer.state is TimerState.RUNNING:
            self._announced_end = True
            self.timer_message.value = (
                f"<p class='nr-timer-up' role='alert'>Time is up for “{html.escape(step.title)}”. "
                "Extend, or move to the next step when the room is ready.</p>"
            )
            if self.sound.value:
                self.chime.value = (
                    f"<audio autoplay src='{beep_data_uri()}' aria-label='time is up'></audio>"
                )
        reading = self.show.plan()
        if (
            reading.started_at is None
            or reading.planned_end is None
            or reading.projected_end is None
        ):
            self.plan_line.value = (
                f"<p>Plan: {reading.planned_minutes} minutes in session, plus the break you place. "
                "The clock starts with the first Start.</p>"
            )
        else:
            behind = reading.behind_minutes
            drift = (
                "on time"
                if behind == 0
                else f"{behind} min behind"
                if behind > 0
                else f"{-behind} min ahead"
            )
            self.plan_line.value = (
                f"<p>Started {reading.started_at:%H:%M}; planned end {reading.planned_end:%H:%M}; "
                f"at this pace {reading.projected_end:%H:%M} ({drift}).</p>"
            )

    def _timer_changed(self) -> None:
        self._announced_end = self.show.timer.is_up
        self.timer_message.value = ""
        self.chime.value = ""
        self._render_agenda()
        self.tick()
        self._refresh_room_counts()

    def _on_start(self, _button: widgets.Button | None = None) -> None:
        try:
            self.show.start()
        except NextRoundError as exc:
            self.timer_message.value = f"<p class='nr-status-problem'>⚠ {html.escape(str(exc))}</p>"
            return
        self._timer_changed()
        self._start_ticking()

    def _on_pause(self, _button: widgets.Button | None = None) -> None:
        self.show.pause()
        self._timer_changed()

    def _on_extend(self, minutes: int) -> None:
        try:
            self.show.extend(minutes)
        except NextRoundError as exc:
            self.timer_message.value = f"<p class='nr-status-problem'>⚠ {html.escape(str(exc))}</p>"
            return
        self._timer_changed()

    def _on_end(self, _button: widgets.Button | None = None) -> None:
        self.show.end()
        self._timer_changed()

    def _on_next(self, _button: widgets.Button | None = None) -> None:
        self.show.next()
        self._timer_changed()

    def _on_previous(self, _button: widgets.Button | None = None) -> None:
        self.show.previous()
        self._timer_changed()

    def _start_ticking(self) -> None:
        """Refresh the countdown once a second while a kernel runs the console."""
        if not self.autotick or (self._ticker is not None and self._ticker.is_alive()):
            return
        self._stop_ticking.clear()

        def loop() -> None:
            while not self._stop_ticking.wait(1.0):
                self.tick()

        self._ticker = threading.Thread(target=loop, name="nextround-timer", daemon=True)
        self._ticker.start()

    def stop_ticking(self) -> None:
        self._stop_ticking.set()

    # -- the room ----------------------------------------------------------------------------

    def _build_room(self) -> None:
        self.idle_minutes = widgets.BoundedIntText(
            value=DEFAULT_IDLE_MINUTES, min=1, max=180, layout=widgets.Layout(width="6rem")
        )
        self.idle_minutes.observe(lambda _change: self._refresh_room(), names="value")
        self.room_joined = widgets.HTML()
        self.room_counts = widgets.HTML()
        self.room_help = widgets.HTML()
        self.room_widget = widgets.VBox(
            [
                self.room_joined,
                self.room_counts,
                labelled(
                    "May need help after this many minutes without saving anything",
                    self.idle_minutes,
                ),
                self.room_help,
            ],
            layout=FULL_WIDTH,
        )
        self.room_widget.add_class("nr-console")
        self.room_widget.add_class("nr-room")

    def _members(self) -> list[Participant]:
        return self.store.list_participants(self.cohort_id)

    def _refresh_room(self) -> None:
        members = self._members()
        activity = self.store.last_activity_in_cohort(self.cohort_id)
        joined = [member for member in members if member.id in activity]
        waiting = [member for member in members if member.id not in activity]
        self.room_joined.value = (
            f"<p><b>{len(joined)} of {len(members)}</b> on the roster have joined.</p>"
            + (f"<p class='nr-empty'>Not joined yet: {_names(waiting)}</p>" if waiting else "")
        )
        self._refresh_room_counts()
        cutoff = self.utc_clock() - timedelta(minutes=int(self.idle_minutes.value))
        quiet = [member for member in joined if activity[member.id] < cutoff]
        self.room_help.value = (
            f"<p class='nr-may-need-help'>No activity for {int(self.idle_minutes.value)} minutes or more: "
            f"{_names(quiet)}. A quiet word may help (or they may simply be thinking).</p>"
            if quiet
            else "<p>Everyone who joined has saved something recently.</p>"
        )

    def _refresh_room_counts(self) -> None:
        step = self.show.current
        exercises = self.content.exercises_of(step.id)
        if not exercises:
            self.room_counts.value = f"<p class='nr-empty'>Step {step.number:02d} has no exercises in this content yet.</p>"
            return
        answered = self.store.answered_in_cohort(self.cohort_id)
        total = len(self._members())
        rows = "".join(
            f"<tr><td>{html.escape(exercise.title)}</td><td>{len(answered.get(exercise.id, set()))} of {total}</td></tr>"
            for exercise in exercises
        )
        self.room_counts.value = (
            f"<table class='nr-progress'><caption>Answered so far in step {step.number:02d} · "
            f"{html.escape(step.title)}</caption><tbody>{rows}</tbody></table>"
        )

    # -- group views ---------------------------------------------------------------------------

    def _build_views(self) -> None:
        self.views_html = widgets.HTML()
        self.views_widget = widgets.VBox([self.views_html], layout=FULL_WIDTH)
        self.views_widget.add_class("nr-console")
        self.views_widget.add_class("nr-group-views")
        self.views: dict[str, GroupView] = {}

    def _refresh_views(self) -> None:
        self.views = cohort_views(self.store, self.cohort_id, self.content)
        self.views_html.value = "".join(
            render("group_view.html.j2", view=view, chart=Markup(""))
            for view in self.views.values()
        )

    # -- pairs ---------------------------------------------------------------------------------

    def _build_pairs(self) -> None:
        self.pair_kind = widgets.ToggleButtons(
            options=[(label, key) for key, label in PAIR_KINDS.items()]
        )
        self.presence = widgets.VBox()
        self.presence_boxes: dict[str, widgets.Checkbox] = {}
        self.make_button = widgets.Button(
            description="Make pairs", icon="users", button_style="primary"
        )
        self.reshuffle_button = widgets.Button(description="Reshuffle", icon="random")
        self.confirm_button = widgets.Button(
            description="Confirm and tell participants", icon="check"
        )
        self.make_button.on_click(lambda _b: self.make_pairs())
        self.reshuffle_button.on_click(lambda _b: self.make_pairs(reshuffle=True))
        self.confirm_button.on_click(lambda _b: self.confirm_pairs())
        self.pairs_html = widgets.HTML()
        self.pairs_status = widgets.HTML()
        self.pairs_widget = widgets.VBox(
            [
                labelled("Which pairing", self.pair_kind),
                _group_under("Who is in the room (people who joined are ticked)", self.presence),
                widgets.HBox([self.make_button, self.reshuffle_button, self.confirm_button]),
                self.pairs_html,
                self.pairs_status,
            ],
            layout=FULL_WIDTH,
        )
        self.pairs_widget.add_class("nr-console")
        self.pairs_widget.add_class("nr-pairs")

    def _refresh_presence(self) -> None:
        activity = self.store.last_activity_in_cohort(self.cohort_id)
        previous = {pid: box.value for pid, box in self.presence_boxes.items()}
        self.presence_boxes = {}
        for member in self._members():
            box = widgets.Checkbox(
                value=previous.get(member.id, member.id in activity),
                description=member.display_name,
                indent=False,
            )
            self.presence_boxes[member.id] = box
        self.presence.children = list(self.presence_boxes.values())

    def present(self) -> list[str]:
        return [pid for pid, box in self.presence_boxes.items() if box.value]

    def make_pairs(self, *, reshuffle: bool = False) -> list[Group]:
        """Propose groups from who is ticked; a reshuffle moves away from the current proposal."""
        try:
            history = pair_history(self.store, self.cohort_id)
            avoid = self.proposal if reshuffle else []
            self.proposal = make_pairs(self.present(), history, avoid=avoid, rng=self.rng)
        except NextRoundError as exc:
            self.pairs_status.value = (
                f"<p class='nr-status-problem' role='alert'>⚠ {html.escape(str(exc))}</p>"
            )
            return []
        names = {member.id: member.display_name for member in self._members()}
        items = "".join(
            "<li>" + " · ".join(html.escape(names.get(pid, pid)) for pid in group) + "</li>"
            for group in self.proposal
        )
        repeats = sum(1 for group in self.proposal for pair in _pairs(group) if pair in history)
        note = (
            "Nobody is paired with someone they were paired with before."
            if not repeats
            else f"{repeats} pairing{'s' if repeats != 1 else ''} repeat an earlier one: there was no way round it."
        )
        self.pairs_html.value = f"<ol class='nr-pair-list'>{items}</ol><p>{note}</p>"
        self.pairs_status.value = (
            "<p>Not saved yet: press Confirm when the room is happy with it.</p>"
        )
        return self.proposal

    def confirm_pairs(self) -> None:
        if not self.proposal:
            self.pairs_status.value = (
                "<p class='nr-status-problem' role='alert'>⚠ Make pairs first.</p>"
            )
            return
        try:
            saved = save_pairs(self.store, self.cohort_id, str(self.pair_kind.value), self.proposal)
        except NextRoundError as exc:
            self.pairs_status.value = (
                f"<p class='nr-status-problem' role='alert'>⚠ {html.escape(str(exc))}</p>"
            )
            return
        step = "04" if saved.kind == ROLEPLAY_PARTNER else "06"
        self.pairs_status.value = (
            f"<p class='nr-status-saved' role='status'>✓ Saved as round {saved.round}: each person now sees "
            f"their partner in step {step}.</p>"
        )

    # -- display -------------------------------------------------------------------------------

    def run_of_show(self) -> widgets.Widget:
        return self.run_of_show_widget

    def room(self) -> widgets.Widget:
        return self.room_widget

    def group_views(self) -> widgets.Widget:
        return self.views_widget

    def pairs(self) -> widgets.Widget:
        return self.pairs_widget

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.header._repr_mimebundle_(**kwargs)


def _choose_cohort(cohorts: list[Cohort], wanted: str | None) -> str:
    ids = [cohort.id for cohort in cohorts]
    chosen = (wanted or os.environ.get(COHORT_ENV, "")).strip()
    if chosen:
        if chosen not in ids:
            raise NextRoundError(
                f"No cohort with id {chosen!r} in this store; the cohorts are {', '.join(ids)}."
            )
        return chosen
    return ids[-1]


def _group_under(text: str, box: widgets.Box) -> widgets.VBox:
    """A group of controls under a heading (``labelled`` sets a tooltip, which boxes cannot show)."""
    return widgets.VBox([prompt_label(text), box], layout=FULL_WIDTH)


def _names(people: list[Participant]) -> str:
    return ", ".join(html.escape(person.display_name) for person in people)


def _pairs(group: Group) -> list[frozenset[str]]:
    return [frozenset((a, b)) for i, a in enumerate(group) for b in group[i + 1 :]]


class _ConsoleNotice(Notice):
    """A notice that also answers the console's section calls, so every cell shows the reason."""

    def run_of_show(self) -> Notice:
        return self

    def room(self) -> Notice:
        return self

    def group_views(self) -> Notice:
        return self

    def pairs(self) -> Notice:
        return self


def open_console(cohort_id: str | None = None) -> FacilitatorConsole | Notice:
    """The console for the notebook; a store or content problem becomes a readable notice."""
    try:
        return FacilitatorConsole(Store.open(), load_content(), cohort_id=cohort_id)
    except NextRoundError as exc:
        return _ConsoleNotice(f"The console cannot start yet. {exc}")

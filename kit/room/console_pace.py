"""The console's run-of-show, which sets the room's pace, and the end of the session.

The run-of-show lists every step with its timebox and whether it is open for the room. Until
the session is started nothing is paced (participants' pages have every step open), and the
part offers "Start the session", which opens step 00 only. "Next step" then opens the next
step for everyone and starts its countdown (:mod:`kit.room.pace`); the countdown is saved
with the room, so a reloaded console and the projector show the same time. "Close the room"
asks first, then ends the session; "Reopen" undoes it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import UTC, datetime

import ipywidgets as widgets

from kit.errors import NextRoundError
from kit.room.console_parts import Desk, button, done, part, problem
from kit.room.pace import (
    Room,
    change_timer,
    close_room,
    go_to_step,
    read_room,
    reopen_room,
    start_session,
)
from kit.room.timer import RunOfShow, StepTimer, TimerState, beep_data_uri, format_clock

STATE_WORDS = {
    TimerState.READY: "ready to start",
    TimerState.RUNNING: "running",
    TimerState.PAUSED: "paused",
    TimerState.ENDED: "ended",
}


class RunOfShowPanel:
    """Steps, timeboxes, what is open for the room, the shared countdown and the plan."""

    def __init__(self, desk: Desk, on_move: Callable[[], None] | None = None) -> None:
        self.desk = desk
        self.show = RunOfShow.of(desk.content.ordered_steps())
        self.on_move = on_move
        self.room: Room | None = None
        self._announced: tuple[str, float] | None = None
        self.session_line = widgets.HTML()
        self.start_session_button = button(
            "Start the session", "play-circle", "nr-start-session", "primary"
        )
        self.start_session_button.on_click(lambda _b: self.start_session())
        self.agenda = widgets.HTML()
        self.timer_display = widgets.HTML()
        self.timer_display.add_class("nr-timer-box")
        self.plan_line = widgets.HTML()
        self.chime = widgets.HTML()
        self.timer_message = widgets.HTML()
        self.sound = widgets.Checkbox(
            value=False, description="Play a short sound when time is up", indent=False
        )
        actions: dict[str, tuple[str, str, Callable[[], None]]] = {
            "start": ("Start", "play", lambda: self._timer(lambda t, now: t.start(now))),
            "pause": ("Pause", "pause", lambda: self._timer(lambda t, now: t.pause(now))),
            "plus1": ("+1 min", "plus", lambda: self._timer(lambda t, _now: t.extend(60))),
            "plus5": ("+5 min", "plus", lambda: self._timer(lambda t, _now: t.extend(300))),
            "end": ("End step", "stop", lambda: self._timer(lambda t, now: t.end(now))),
            "previous": ("Previous step", "arrow-left", lambda: self._move(-1)),
            "next": ("Open the next step", "arrow-right", lambda: self._move(+1)),
        }
        self.buttons: dict[str, widgets.Button] = {}
        for key, (label, icon, action) in actions.items():
            made = button(label, icon, f"nr-timer-{key}")
            made.on_click(lambda _b, act=action: act())
            self.buttons[key] = made
        self.widget = part(
            [
                self.session_line,
                self.start_session_button,
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
            "nr-run-of-show",
        )

    # -- reading and drawing ---------------------------------------------------------------

    def read(self) -> tuple[Room, datetime]:
        """The room now, to the second (what the console's follower compares)."""
        return read_room(self.desk.store, self.desk.cohort_id), self.desk.clock().replace(
            microsecond=0
        )

    def refresh(self) -> None:
        self.draw(self.read())

    def draw(self, reading: tuple[Room, datetime]) -> None:
        room, now = reading
        self.room = room
        timer = self.timer(room)
        _set(self.session_line, self._session_html(room))
        self.start_session_button.layout.display = None if not room.started else "none"
        _set(self.agenda, self._agenda_html(room, timer.step_id))
        _set(self.timer_display, self._timer_html(timer, now))
        _set(self.plan_line, self._plan_html(room, now))
        movable = room.started and not room.closed
        for control in self.buttons.values():
            control.disabled = not movable
        self.buttons["previous"].disabled |= self.show.before(timer.step_id) is None
        self.buttons["next"].disabled |= self.show.after(timer.step_id) is None
        self._announce(timer, now)

    def timer(self, room: Room) -> StepTimer:
        """The countdown on screen: the saved one, or the current (or first) step's, ready."""
        if room.clock is not None:
            return room.clock.timer
        current = room.state.current_step
        ids = [step.id for step in self.show.steps]
        return self.show.fresh(current if current in ids else self.show.first.id)

    def _session_html(self, room: Room) -> str:
        if room.closed:
            return (
                "<p class='nr-session-closed'>The room is closed: pages show each person's own "
                "answers read-only. Reopen it below to carry on.</p>"
            )
        if room.started:
            return ""
        until = (
            "No step is open for the room yet."
            if room.state.paced
            else "Until you start it, participants can open every step at their own speed."
        )
        return (
            f"<p class='nr-session-not-started'>The session has not started. {until} "
            "<b>Start the session</b> opens step 00 only and starts its countdown; after that, "
            "each step opens for everyone when you open it here.</p>"
        )

    def _agenda_html(self, room: Room, current: str) -> str:
        rows = []
        for step in self.show.steps:
            here = step.id == current
            if not room.state.paced:
                access = "every step open"
            elif step.id == room.state.current_step:
                access = "open · the room is here"
            elif step.id in room.state.opened_steps:
                access = "open"
            else:
                access = "not open yet"
            rows.append(
                f"<tr class='{'nr-current' if here else ''}' data-step='{step.id}'>"
                f"<td>{'▶' if here else ''}</td><td>{step.number:02d}</td>"
                f"<td>{html.escape(step.title)}</td><td>{step.timebox_minutes} min</td>"
                f"<td class='nr-step-access'>{access}</td></tr>"
            )
        return (
            "<table class='nr-agenda'><caption>Run-of-show</caption><thead><tr>"
            "<th>now</th>"
            "<th>step</th><th>title</th><th>timebox</th><th>for the room</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    def _timer_html(self, timer: StepTimer, now: datetime) -> str:
        over = timer.is_up(now)
        step = self.show.step(timer.step_id)
        headline = (
            "Time is up"
            if over and timer.state is not TimerState.ENDED
            else html.escape(step.title)
        )
        return (
            f"<div class='nr-timer-now'>{headline} · {STATE_WORDS[timer.state]}</div>"
            f"<div class='nr-timer {'nr-timer-over' if over else ''}' role='timer' "
            f"aria-live='off'>{format_clock(timer.remaining(now))}</div>"
        )

    def _plan_html(self, room: Room, now: datetime) -> str:
        reading = self.show.plan(room.clock, now)
        if (
            reading.started_at is None
            or reading.planned_end is None
            or reading.projected_end is None
        ):
            return (
                f"<p>Plan: {reading.planned_minutes} minutes in session, plus the breaks you "
                "place. The clock starts when the session does.</p>"
            )
        behind = reading.behind_minutes
        drift = (
            "on time"
            if behind == 0
            else f"{behind} min behind"
            if behind > 0
            else f"{-behind} min ahead"
        )
        return (
            f"<p>Started {_local(reading.started_at):%H:%M}; planned end "
            f"{_local(reading.planned_end):%H:%M}; at this pace "
            f"{_local(reading.projected_end):%H:%M} ({drift}).</p>"
        )

    def _announce(self, timer: StepTimer, now: datetime) -> None:
        """Say once, when a running countdown reaches zero, that time is up (and chime)."""
        key = (timer.step_id, timer.extended)
        if timer.state is TimerState.RUNNING and timer.is_up(now):
            if self._announced != key:
                self._announced = key
                title = html.escape(self.show.step(timer.step_id).title)
                self.timer_message.value = (
                    f"<p class='nr-timer-up' role='alert'>Time is up for “{title}”. Extend, or "
                    "open the next step when the room is ready.</p>"
                )
                if self.sound.value:
                    self.chime.value = (
                        f"<audio autoplay src='{beep_data_uri()}' aria-label='time is up'></audio>"
                    )
        elif self._announced is not None:
            self._announced = None
            self.timer_message.value = ""
            self.chime.value = ""

    # -- actions -----------------------------------------------------------------------------

    def start_session(self) -> None:
        self._act(
            lambda: start_session(
                self.desk.store, self.desk.cohort_id, self.show, self.desk.clock()
            )
        )
        if self.on_move is not None:
            self.on_move()

    def _timer(self, change: Callable[[StepTimer, datetime], StepTimer]) -> None:
        now = self.desk.clock()
        self._act(
            lambda: change_timer(
                self.desk.store,
                self.desk.cohort_id,
                self.show,
                lambda timer: change(timer, now),
                now,
            )
        )

    def _move(self, direction: int) -> None:
        room = self.room or read_room(self.desk.store, self.desk.cohort_id)
        current = self.timer(room).step_id
        target = self.show.after(current) if direction > 0 else self.show.before(current)
        if target is None:
            return
        self._act(
            lambda: go_to_step(
                self.desk.store, self.desk.cohort_id, self.show, target.id, self.desk.clock()
            )
        )
        if self.on_move is not None:
            self.on_move()

    def _act(self, action: Callable[[], Room]) -> None:
        try:
            room = action()
        except NextRoundError as exc:
            self.timer_message.value = problem(str(exc))
            return
        self.timer_message.value = ""
        self.chime.value = ""
        self._announced = None
        self.draw((room, self.desk.clock().replace(microsecond=0)))


class EndSessionPanel:
    """Close the room (after a confirmation) or reopen it."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.state_line = widgets.HTML()
        self.close_button = button("Close the room", "lock", "nr-close-room", "danger")
        self.confirm_button = button("Yes, close the room", "check", "nr-close-confirm", "danger")
        self.cancel_button = button("Not yet", "times", "nr-close-cancel")
        self.reopen_button = button("Reopen the room", "unlock", "nr-reopen-room")
        self.confirm_line = widgets.HTML(
            "<p class='nr-close-question' role='alert'>Close the room for everyone? Each "
            "person's page will then show their own answers read-only, with their downloads, "
            "until the cohort is erased. You can reopen it.</p>"
        )
        self.confirm_box = widgets.VBox(
            [self.confirm_line, widgets.HBox([self.confirm_button, self.cancel_button])]
        )
        self.status = widgets.HTML()
        self.close_button.on_click(lambda _b: self.ask())
        self.cancel_button.on_click(lambda _b: self._confirming(False))
        self.confirm_button.on_click(lambda _b: self.close())
        self.reopen_button.on_click(lambda _b: self.reopen())
        self.widget = part(
            [
                self.state_line,
                widgets.HBox([self.close_button, self.reopen_button]),
                self.confirm_box,
                self.status,
            ],
            "nr-end-session",
        )
        self._confirming(False)

    def refresh(self) -> None:
        self.draw(read_room(self.desk.store, self.desk.cohort_id))

    def draw(self, room: Room) -> None:
        _set(
            self.state_line,
            "<p class='nr-room-closed'>The room is closed.</p>"
            if room.closed
            else "<p class='nr-room-open'>The room is open.</p>",
        )
        self.close_button.layout.display = "none" if room.closed else None
        self.reopen_button.layout.display = None if room.closed else "none"
        if room.closed:
            self._confirming(False)

    def ask(self) -> None:
        self.status.value = ""
        self._confirming(True)

    def close(self) -> None:
        self._change(close_room, "The room is closed. Pages now show answers read-only.")

    def reopen(self) -> None:
        self._change(reopen_room, "The room is open again: people can change their answers.")

    def _change(self, action: Callable[..., Room], message: str) -> None:
        self._confirming(False)
        try:
            room = action(self.desk.store, self.desk.cohort_id)
        except NextRoundError as exc:
            self.status.value = problem(str(exc))
            return
        self.status.value = done(message)
        self.draw(room)

    def _confirming(self, asking: bool) -> None:
        self.confirm_box.layout.display = None if asking else "none"


def _set(target: widgets.HTML, value: str) -> None:
    """Set only a changed value: every setting is a message to the page."""
    if target.value != value:
        target.value = value


def _local(moment: datetime) -> datetime:
    """A stored (naive UTC) time in this machine's time zone, for people to read."""
    return moment.replace(tzinfo=UTC).astimezone()

"""The room's pace: the facilitator opens steps for the room, and the clock follows.

Participants' step bars read the room's state from the store every second
(``Store.room_state``), so what the facilitator does here reaches every page within two
seconds, without a reload. Each action below is one transaction that changes the steps open
for the room and the run-of-show's clock together, so the projector never shows one without
the other:

- ``start_session``: the first time, opens step 00 only and starts its countdown. Nothing is
  paced before it (a cohort working at its own speed keeps every step open), and a console
  never paces a room silently just by being opened.
- ``go_to_step``: the next step opens for the room, becomes the room's current step and its
  countdown starts; going back makes an earlier step current with a fresh countdown, ready.
  Steps once opened stay open, so what anyone answered stays reachable.
- ``change_timer``: start, pause, extend, end the current countdown.
- ``close_room`` / ``reopen_room``: the session ends (pages show one's answers read-only,
  until the admin erases the cohort), or carries on after all.

Steps outside the session (``in_session = false`` in ``steps.toml``: the follow-up, weeks
later) are never in the run-of-show: in a paced room they open for everyone when the session
ends, and stay open for answers while the session's own steps are read-only, so the same
personal link serves the follow-up. ``step_is_open`` and ``answers_locked`` are that rule, for
the server (which pages it serves) and the step bar (what it offers) alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from kit.core.content import Step
from kit.core.logs import logger
from kit.core.store import RoomState, Store
from kit.errors import RoomNotStartedError
from kit.room.timer import RunOfShow, SessionClock, StepTimer, TimerState

log = logger(__name__)


@dataclass(frozen=True)
class Room:
    """The room as the store has it: its pace and the run-of-show's clock (None before)."""

    state: RoomState
    clock: SessionClock | None

    @property
    def started(self) -> bool:
        """Whether the session has been started: the room is paced and has a step open.

        A paced room with nothing open (closed before it was ever started, say) has not
        started, so "Start the session" still opens step 00.
        """
        state = self.state
        return state.paced and bool(state.opened_steps or state.current_step)

    @property
    def closed(self) -> bool:
        return self.state.closed

    def is_open(self, step_id: str) -> bool:
        return not self.state.paced or step_id in self.state.opened_steps


def step_is_open(state: RoomState | None, step: Step, *, answered_in_it: bool) -> bool:
    """Whether a person may open ``step``: alone or unpaced, always; in a paced room, once
    the room opened it or they answered in it; a step outside the session, once it ended."""
    if state is None or not state.paced or step.id in state.opened_steps or answered_in_it:
        return True
    return state.closed and not step.in_session


def answers_locked(state: RoomState | None, step: Step) -> bool:
    """Whether ``step``'s answers are shown read-only: the session has ended, and the step was
    part of it (the follow-up, outside the session, is answered after it)."""
    return state is not None and state.closed and step.in_session


def read_room(store: Store, cohort_id: str) -> Room:
    state = store.room_state(cohort_id)
    saved = store.room_timer(cohort_id)
    return Room(state, SessionClock.from_json(saved) if saved is not None else None)


def start_session(store: Store, cohort_id: str, show: RunOfShow, now: datetime) -> Room:
    """Open the first step for the room and start its countdown; a started room is left as is."""
    first = show.first.id
    with store.transaction():
        room = read_room(store, cohort_id)
        if room.started:
            return room
        store.set_room_state(cohort_id, opened_steps=(first,), current_step=first, closed=False)
        store.set_room_timer(cohort_id, SessionClock(now, show.fresh(first).start(now)).to_json())
    log.info("cohort %s: session started at step %s", cohort_id, first)
    return read_room(store, cohort_id)


def go_to_step(store: Store, cohort_id: str, show: RunOfShow, step_id: str, now: datetime) -> Room:
    """Make ``step_id`` the room's step: open it, and give it a fresh countdown.

    Moving forward starts the countdown (the room starts the step now); moving back leaves
    it ready, since that step already had its time once.
    """
    show.index(step_id)  # a step outside the run-of-show is refused before anything changes
    with store.transaction():
        room = _started(store, cohort_id)
        current = room.state.current_step
        forward = (
            current is None
            or current not in _ids(show)
            or show.index(step_id) > show.index(current)
        )
        timer = show.fresh(step_id)
        if forward:
            timer = timer.start(now)
        started_at = room.clock.started_at if room.clock is not None else None
        if started_at is None and forward:
            started_at = now
        store.set_room_state(
            cohort_id,
            opened_steps=_opened_with(room.state.opened_steps, step_id, show),
            current_step=step_id,
            closed=room.closed,
        )
        store.set_room_timer(cohort_id, SessionClock(started_at, timer).to_json())
    log.info("cohort %s: room moved to step %s", cohort_id, step_id)
    return read_room(store, cohort_id)


def change_timer(
    store: Store,
    cohort_id: str,
    show: RunOfShow,
    change: Callable[[StepTimer], StepTimer],
    now: datetime,
) -> Room:
    """Apply a countdown action (``lambda timer: timer.pause(now)``) to the saved clock."""
    with store.transaction():
        room = _started(store, cohort_id)
        clock = room.clock or SessionClock(
            None, show.fresh(room.state.current_step or show.first.id)
        )
        timer = change(clock.timer)
        started_at = clock.started_at
        if started_at is None and timer.state is TimerState.RUNNING:
            started_at = now
        store.set_room_timer(cohort_id, SessionClock(started_at, timer).to_json())
    return read_room(store, cohort_id)


def close_room(store: Store, cohort_id: str) -> Room:
    """End the session: pages then show one's own answers read-only (the steps stay as they are)."""
    return _set_closed(store, cohort_id, closed=True)


def reopen_room(store: Store, cohort_id: str) -> Room:
    """Carry on after a close: pages can change answers again, in the steps open before."""
    return _set_closed(store, cohort_id, closed=False)


def _set_closed(store: Store, cohort_id: str, *, closed: bool) -> Room:
    with store.transaction():
        state = store.room_state(cohort_id)
        store.set_room_state(
            cohort_id,
            opened_steps=state.opened_steps,
            current_step=state.current_step,
            closed=closed,
        )
    log.info("cohort %s: room %s", cohort_id, "closed" if closed else "reopened")
    return read_room(store, cohort_id)


def _started(store: Store, cohort_id: str) -> Room:
    room = read_room(store, cohort_id)
    if not room.started:
        raise RoomNotStartedError(cohort_id)
    return room


def _ids(show: RunOfShow) -> list[str]:
    return [step.id for step in show.steps]


def _opened_with(opened: tuple[str, ...], step_id: str, show: RunOfShow) -> tuple[str, ...]:
    """The open steps plus ``step_id``, in workshop order (steps from elsewhere kept at the end)."""
    wanted = {*opened, step_id}
    in_order = [step for step in _ids(show) if step in wanted]
    return (*in_order, *(step for step in opened if step not in in_order))

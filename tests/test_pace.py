"""The facilitator sets the room's pace: opening a step in the console opens it on every
participant's step bar, the countdown is kept in the store for every screen, and a session is
closed only after a confirmation."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from kit.app.frame import read_pace, render_bar
from kit.core.content import Content
from kit.core.store import Store
from kit.errors import RoomNotStartedError
from kit.room.console import FacilitatorConsole
from kit.room.pace import (
    answers_locked,
    change_timer,
    go_to_step,
    read_room,
    start_session,
    step_is_open,
)
from kit.room.timer import RunOfShow, SessionClock, StepTimer, TimerState

pytestmark = pytest.mark.both_stores


class Clock:
    """Naive UTC that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 3, 9, 30)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def _console(store: Store, content: Content, clock: Clock) -> FacilitatorConsole:
    return FacilitatorConsole(
        store, content, cohort_id="demo", clock=clock, rng=random.Random(7), autotick=False
    )


def _bar(store: Store, content: Content, participant: str = "demo-chen") -> str:
    here = content.step("00_check_in")
    return render_bar(here, content.ordered_steps(), read_pace(store, content, participant))


def test_opening_the_console_changes_nothing_until_the_session_is_started(
    demo_store: Store, content: Content
) -> None:
    console = _console(demo_store, content, Clock())
    assert not demo_store.room_state("demo").paced
    assert "The session has not started" in console.pace.session_line.value
    assert "every step open" in console.pace.agenda.value
    assert console.pace.buttons["next"].disabled and console.pace.buttons["start"].disabled
    assert "href='03_position'" in _bar(demo_store, content)  # alone in time: all open


def test_start_the_session_opens_step_00_only_and_starts_its_countdown(
    store: Store, content: Content
) -> None:
    store.create_cohort("Spring", cohort_id="demo")
    newcomer = store.add_participant("Ana", cohort_id="demo").id
    clock = Clock()
    console = _console(store, content, clock)
    console.pace.start_session_button.click()
    state = store.room_state("demo")
    assert state.paced and state.opened_steps == ("00_check_in",)
    assert state.current_step == "00_check_in"
    clock.advance(60)
    console.pace.refresh()
    assert (
        "14:00" in console.pace.timer_display.value
        and "running" in console.pace.timer_display.value
    )
    assert console.pace.start_session_button.layout.display == "none"
    bar = _bar(store, content, newcomer)
    assert "href='01_feelings_and_control'" not in bar
    assert "opens when your facilitator opens it" in bar


def test_next_step_opens_it_for_the_room_and_the_step_bars_follow(
    store: Store, content: Content
) -> None:
    store.create_cohort("Spring", cohort_id="demo")
    ana = store.add_participant("Ana", cohort_id="demo").id
    clock = Clock()
    console = _console(store, content, clock)
    console.pace.start_session()
    clock.advance(15 * 60)
    console.pace.buttons["next"].click()
    state = store.room_state("demo")
    assert state.opened_steps == ("00_check_in", "01_feelings_and_control")
    assert state.current_step == "01_feelings_and_control"
    bar = _bar(store, content, ana)
    assert "href='01_feelings_and_control'" in bar
    assert (
        "Your facilitator has opened" in bar and "data-room-step='01_feelings_and_control'" in bar
    )
    minutes = content.step("01_feelings_and_control").timebox_minutes
    clock.advance(30)
    console.pace.refresh()
    assert f"{minutes - 1}:30" in console.pace.timer_display.value
    assert "open · the room is here" in console.pace.agenda.value
    assert "not open yet" in console.pace.agenda.value


def test_previous_step_keeps_every_opened_step_open_and_waits_to_be_started(
    store: Store, content: Content
) -> None:
    store.create_cohort("Spring", cohort_id="demo")
    clock = Clock()
    console = _console(store, content, clock)
    console.pace.start_session()
    console.pace.buttons["next"].click()
    console.pace.buttons["next"].click()
    console.pace.buttons["previous"].click()
    state = store.room_state("demo")
    assert state.current_step == "01_feelings_and_control"
    assert state.opened_steps == ("00_check_in", "01_feelings_and_control", "02_feedback")
    room = read_room(store, "demo")
    assert room.clock is not None and room.clock.timer.state is TimerState.READY
    assert room.clock.started_at == datetime(2026, 12, 3, 9, 30)  # the session clock goes on


def test_a_second_screen_shows_the_countdown_the_first_one_set(
    store: Store, content: Content
) -> None:
    """The console's kernel may be reloaded, and the projector is another kernel: both read
    the countdown from the store."""
    store.create_cohort("Spring", cohort_id="demo")
    clock = Clock()
    first = _console(store, content, clock)
    first.pace.start_session()
    clock.advance(100)
    first.pace.buttons["pause"].click()
    first.pace.buttons["plus5"].click()
    clock.advance(1000)
    second = _console(store, content, clock)  # a reload: a new kernel, the same room
    assert (
        "18:20" in second.pace.timer_display.value and "paused" in second.pace.timer_display.value
    )
    second.pace.buttons["start"].click()
    clock.advance(20)
    first.pace.refresh()  # what the first console's follower does every second
    assert "18:00" in first.pace.timer_display.value and "running" in first.pace.timer_display.value


def test_the_countdown_cannot_be_saved_before_the_session_starts(
    store: Store, content: Content
) -> None:
    store.create_cohort("Spring", cohort_id="demo")
    show = RunOfShow.of(content.ordered_steps())
    now = datetime(2026, 12, 3, 9, 30)
    with pytest.raises(RoomNotStartedError, match="Start the session"):
        store.set_room_timer("demo", SessionClock(now, StepTimer("00_check_in", 900)).to_json())
    with pytest.raises(RoomNotStartedError):
        change_timer(store, "demo", show, lambda timer: timer.start(now), now)
    with pytest.raises(RoomNotStartedError):
        go_to_step(store, "demo", show, "01_feelings_and_control", now)
    assert not store.room_state("demo").paced  # nothing was closed for anyone


def test_starting_a_started_session_again_changes_nothing(store: Store, content: Content) -> None:
    store.create_cohort("Spring", cohort_id="demo")
    show = RunOfShow.of(content.ordered_steps())
    now = datetime(2026, 12, 3, 9, 30)
    start_session(store, "demo", show, now)
    go_to_step(store, "demo", show, "01_feelings_and_control", now)
    again = start_session(store, "demo", show, now + timedelta(hours=1))
    assert again.state.current_step == "01_feelings_and_control"
    assert again.clock is not None and again.clock.started_at == now


def test_time_is_up_is_said_once_with_the_chime_if_asked(store: Store, content: Content) -> None:
    store.create_cohort("Spring", cohort_id="demo")
    clock = Clock()
    console = _console(store, content, clock)
    console.pace.sound.value = True
    console.pace.start_session()
    clock.advance(15 * 60 + 5)
    console.pace.refresh()
    assert "nr-timer-over" in console.pace.timer_display.value
    assert "−00:05" in console.pace.timer_display.value
    assert "Time is up" in console.pace.timer_message.value
    assert console.pace.chime.value.startswith("<audio autoplay src='data:audio/wav;base64,")
    console.pace.chime.value = ""
    clock.advance(1)
    console.pace.refresh()
    assert console.pace.chime.value == ""  # once, not every second
    console.pace.buttons["plus1"].click()
    assert console.pace.timer_message.value == "" and "00:54" in console.pace.timer_display.value
    clock.advance(4 * 60)
    console.pace.refresh()
    assert "4 min behind" in console.pace.plan_line.value


def test_the_end_is_silent_unless_sound_was_asked_for(store: Store, content: Content) -> None:
    store.create_cohort("Spring", cohort_id="demo")
    clock = Clock()
    console = _console(store, content, clock)
    console.pace.start_session()
    clock.advance(16 * 60)
    console.pace.refresh()
    assert "Time is up" in console.pace.timer_message.value and console.pace.chime.value == ""


def test_closing_the_room_asks_first_and_reopening_carries_on(
    store: Store, content: Content
) -> None:
    store.create_cohort("Spring", cohort_id="demo")
    ana = store.add_participant("Ana", cohort_id="demo").id
    console = _console(store, content, Clock())
    console.pace.start_session()
    ending = console.ending
    assert ending.confirm_box.layout.display == "none"
    ending.close_button.click()
    assert ending.confirm_box.layout.display is None and not store.room_state("demo").closed
    ending.cancel_button.click()
    assert ending.confirm_box.layout.display == "none" and not store.room_state("demo").closed
    ending.close_button.click()
    ending.confirm_button.click()
    state = store.room_state("demo")
    assert state.closed and state.opened_steps == ("00_check_in",)
    assert "The session has ended" in _bar(store, content, ana)
    console.refresh()
    assert (
        console.pace.buttons["next"].disabled
        and "room is closed" in console.pace.session_line.value
    )
    assert ending.reopen_button.layout.display is None
    ending.reopen_button.click()
    assert not store.room_state("demo").closed
    console.refresh()
    assert not console.pace.buttons["next"].disabled


def test_a_room_paced_with_nothing_open_is_started_at_step_00(
    store: Store, content: Content
) -> None:
    """A room closed (or opened by a command) before anyone started it: paced, nothing open.
    The console offers to start it, and the next step is step 00, not step 01."""
    store.create_cohort("Spring", cohort_id="demo")
    store.set_room_state("demo", opened_steps=(), current_step=None, closed=False)
    console = _console(store, content, Clock())
    assert "No step is open for the room yet" in console.pace.session_line.value
    assert console.pace.start_session_button.layout.display is None
    assert (
        "not open yet" in console.pace.agenda.value
        and "every step open" not in console.pace.agenda.value
    )
    console.pace.start_session_button.click()
    state = store.room_state("demo")
    assert state.opened_steps == ("00_check_in",) and state.current_step == "00_check_in"


def test_the_follow_up_opens_for_answers_when_the_session_ends(
    store: Store, content: Content
) -> None:
    """Step 07 is outside the session: closed while it runs, then the one step still taking
    answers, so the same link serves it weeks later; the session's steps are read-only."""
    store.create_cohort("Spring", cohort_id="demo")
    ana = store.add_participant("Ana", cohort_id="demo").id
    follow_up, check_in = content.step("07_follow_up"), content.step("00_check_in")
    console = _console(store, content, Clock())
    console.pace.start_session()
    for _ in range(6):
        console.pace.buttons["next"].click()
    running = read_pace(store, content, ana)
    assert running.room is not None and running.room.current_step == "06_commit_and_check_out"
    assert not running.is_open(follow_up) and running.is_open(check_in)
    assert not answers_locked(running.room, check_in)

    console.ending.close_button.click()
    console.ending.confirm_button.click()
    ended = read_pace(store, content, ana)
    assert ended.is_open(follow_up) and ended.is_open(check_in)
    assert answers_locked(ended.room, check_in) and not answers_locked(ended.room, follow_up)
    bar = render_bar(follow_up, content.ordered_steps(), ended)
    assert "This step is for afterwards" in bar
    assert "07 Follow-up</a> is open for when you come back" in _bar(store, content, ana)

    console.ending.reopen_button.click()
    assert not read_pace(store, content, ana).is_open(follow_up)


def test_alone_or_unpaced_every_step_is_open_and_nothing_is_locked(content: Content) -> None:
    for step in content.ordered_steps():
        assert step_is_open(None, step, answered_in_it=False)
        assert not answers_locked(None, step)

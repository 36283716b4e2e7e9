"""The run-of-show clock, driven by a hand-moved clock: start, pause, extend, end, the plan."""

from __future__ import annotations

import base64
import io
import wave
from datetime import datetime, timedelta

import pytest

from kit.core.content import Content
from kit.errors import TimerError
from kit.room.timer import Countdown, RunOfShow, TimerState, beep_data_uri, format_clock


class FakeClock:
    """Monotonic seconds and a wall clock that move only when the test says so."""

    def __init__(self) -> None:
        self.seconds = 1000.0
        self.wall = datetime(2026, 12, 3, 9, 30)

    def __call__(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return self.wall

    def advance(self, seconds: float) -> None:
        self.seconds += seconds
        self.wall += timedelta(seconds=seconds)


def test_a_countdown_counts_only_while_running() -> None:
    clock = FakeClock()
    timer = Countdown(600, clock)
    clock.advance(30)
    assert timer.remaining() == 600 and timer.state is TimerState.READY
    timer.start()
    clock.advance(100)
    assert timer.remaining() == 500
    timer.pause()
    clock.advance(1000)
    assert timer.remaining() == 500 and timer.state is TimerState.PAUSED
    timer.start()
    clock.advance(50)
    assert timer.remaining() == 450


def test_extending_adds_time_and_only_positive_time() -> None:
    clock = FakeClock()
    timer = Countdown(60, clock)
    timer.start()
    clock.advance(59)
    timer.extend(120)
    assert timer.remaining() == 121
    with pytest.raises(TimerError, match="positive"):
        timer.extend(-60)
    with pytest.raises(TimerError):
        timer.extend(0)


def test_time_up_is_visible_and_the_overrun_keeps_counting() -> None:
    clock = FakeClock()
    timer = Countdown(60, clock)
    assert not timer.is_up
    timer.start()
    clock.advance(60)
    assert timer.is_up
    clock.advance(30)
    assert timer.remaining() == -30
    assert format_clock(timer.remaining()) == "−00:30"


def test_ending_freezes_the_timer_until_it_is_reset() -> None:
    clock = FakeClock()
    timer = Countdown(300, clock)
    timer.start()
    clock.advance(120)
    timer.end()
    clock.advance(500)
    assert timer.state is TimerState.ENDED and timer.remaining() == 180
    with pytest.raises(TimerError, match="ended"):
        timer.start()
    timer.reset()
    assert timer.state is TimerState.READY and timer.remaining() == 300


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0, "00:00"), (59.2, "01:00"), (600, "10:00"), (-0.5, "−00:01"), (-61, "−01:01")],
)
def test_clock_format(seconds: float, shown: str) -> None:
    assert format_clock(seconds) == shown


def test_the_run_of_show_uses_every_in_session_step_and_its_timebox(content: Content) -> None:
    clock = FakeClock()
    show = RunOfShow(content.ordered_steps(), clock, clock.now)
    assert show.steps[0].id == "00_check_in"
    assert "07_follow_up" not in [step.id for step in show.steps]
    in_session = [step for step in content.ordered_steps() if step.in_session]
    assert show.planned_minutes == sum(step.timebox_minutes for step in in_session)
    assert show.timer.duration == in_session[0].timebox_minutes * 60
    show.next()
    assert show.current.id == "01_feelings_and_control"
    assert show.timer.duration == in_session[1].timebox_minutes * 60
    show.previous()
    show.previous()
    assert show.current.id == "00_check_in"
    with pytest.raises(TimerError):
        show.go_to(99)


def test_the_plan_against_the_clock_shows_drift(content: Content) -> None:
    clock = FakeClock()
    show = RunOfShow(content.ordered_steps(), clock, clock.now)
    assert show.plan().started_at is None
    show.start()
    reading = show.plan()
    assert reading.started_at == datetime(2026, 12, 3, 9, 30)
    assert reading.planned_end == datetime(2026, 12, 3, 9, 30) + timedelta(
        minutes=show.planned_minutes
    )
    assert reading.behind_minutes == 0
    clock.advance(25 * 60)  # check-in took 25 minutes instead of 15
    show.next()
    assert show.plan().behind_minutes == 10
    show.extend(5)
    assert show.plan().behind_minutes == 15


def test_the_chime_is_a_playable_wav_made_in_code() -> None:
    uri = beep_data_uri()
    assert uri.startswith("data:audio/wav;base64,")
    with wave.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))) as sound:
        assert sound.getnchannels() == 1 and sound.getframerate() == 16_000
        assert 0.3 < sound.getnframes() / sound.getframerate() < 2

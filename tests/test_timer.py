"""The run-of-show clock, driven by a hand-moved clock: start, pause, extend, end, the plan,
and the record the store keeps so another screen computes the same time left."""

from __future__ import annotations

import base64
import io
import json
import wave
from datetime import datetime, timedelta

import pytest

from kit.core.content import Content
from kit.errors import TimerError
from kit.room.timer import (
    RunOfShow,
    SessionClock,
    StepTimer,
    TimerState,
    beep_data_uri,
    format_clock,
)

NINE_THIRTY = datetime(2026, 12, 3, 9, 30)


def at(seconds: float) -> datetime:
    return NINE_THIRTY + timedelta(seconds=seconds)


def test_a_countdown_counts_only_while_running() -> None:
    timer = StepTimer("00_check_in", 600)
    assert timer.remaining(at(30)) == 600 and timer.state is TimerState.READY
    timer = timer.start(at(30))
    assert timer.remaining(at(130)) == 500
    timer = timer.pause(at(130))
    assert timer.remaining(at(1130)) == 500 and timer.state is TimerState.PAUSED
    timer = timer.start(at(1130))
    assert timer.remaining(at(1180)) == 450
    assert timer.start(at(1180)) is timer  # starting a running countdown changes nothing


def test_extending_adds_time_and_only_positive_time() -> None:
    timer = StepTimer("00_check_in", 60).start(at(0))
    timer = timer.extend(120)
    assert timer.remaining(at(59)) == 121 and timer.extended == 120
    with pytest.raises(TimerError, match="positive"):
        timer.extend(-60)
    with pytest.raises(TimerError):
        timer.extend(0)


def test_time_up_is_visible_and_the_overrun_keeps_counting() -> None:
    timer = StepTimer("00_check_in", 60)
    assert not timer.is_up(at(600))
    timer = timer.start(at(0))
    assert timer.is_up(at(60))
    assert timer.remaining(at(90)) == -30
    assert format_clock(timer.remaining(at(90))) == "−00:30"


def test_ending_freezes_the_countdown() -> None:
    timer = StepTimer("00_check_in", 300).start(at(0)).end(at(120))
    assert timer.state is TimerState.ENDED and timer.remaining(at(900)) == 180
    with pytest.raises(TimerError, match="ended"):
        timer.start(at(900))
    with pytest.raises(TimerError, match="ended"):
        timer.extend(60)


def test_another_screen_reading_the_saved_record_shows_the_same_time_left() -> None:
    clock = SessionClock(at(0), StepTimer("02_feedback", 1080).start(at(0)).extend(60))
    paused = SessionClock(at(0), clock.timer.pause(at(300)))
    for saved in (clock, paused):
        stored = json.loads(json.dumps(saved.to_json()))  # as JSON in the store
        again = SessionClock.from_json(stored)
        assert again == saved
        assert again is not None and again.timer.remaining(at(500)) == saved.timer.remaining(
            at(500)
        )
    assert paused.timer.remaining(at(5000)) == 1140 - 300


@pytest.mark.parametrize(
    "record",
    [{}, {"version": 99}, {"version": 1, "step": "00_check_in"}, {"version": 1, "state": "?"}],
)
def test_a_record_this_kit_cannot_read_is_no_clock_rather_than_an_error(
    record: dict[str, object],
) -> None:
    assert SessionClock.from_json(record) is None


def test_a_clock_a_moment_behind_never_shows_more_time_than_planned() -> None:
    timer = StepTimer("00_check_in", 600).start(at(10))
    assert timer.remaining(at(9)) == 600


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0, "00:00"), (59.2, "01:00"), (600, "10:00"), (-0.5, "−00:01"), (-61, "−01:01")],
)
def test_clock_format(seconds: float, shown: str) -> None:
    assert format_clock(seconds) == shown


def test_the_run_of_show_uses_every_in_session_step_and_its_timebox(content: Content) -> None:
    show = RunOfShow.of(content.ordered_steps())
    assert show.first.id == "00_check_in"
    assert "07_follow_up" not in [step.id for step in show.steps]
    in_session = [step for step in content.ordered_steps() if step.in_session]
    assert show.planned_minutes == sum(step.timebox_minutes for step in in_session)
    assert show.fresh("00_check_in").duration == in_session[0].timebox_minutes * 60
    after = show.after("00_check_in")
    assert after is not None and after.id == "01_feelings_and_control"
    assert show.before("00_check_in") is None and show.after(in_session[-1].id) is None
    with pytest.raises(TimerError, match="07_follow_up"):
        show.fresh("07_follow_up")


def test_the_plan_against_the_clock_shows_drift(content: Content) -> None:
    show = RunOfShow.of(content.ordered_steps())
    assert show.plan(None, at(0)).started_at is None
    clock = SessionClock(at(0), show.fresh("00_check_in").start(at(0)))
    reading = show.plan(clock, at(0))
    assert reading.started_at == NINE_THIRTY
    assert reading.planned_end == NINE_THIRTY + timedelta(minutes=show.planned_minutes)
    assert reading.behind_minutes == 0
    # check-in took 25 minutes instead of 15: the next step starts then
    clock = SessionClock(at(0), show.fresh("01_feelings_and_control").start(at(25 * 60)))
    assert show.plan(clock, at(25 * 60)).behind_minutes == 10
    clock = SessionClock(at(0), clock.timer.extend(300))
    assert show.plan(clock, at(25 * 60)).behind_minutes == 15


def test_the_chime_is_a_playable_wav_made_in_code() -> None:
    uri = beep_data_uri()
    assert uri.startswith("data:audio/wav;base64,")
    with wave.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))) as sound:
        assert sound.getnchannels() == 1 and sound.getframerate() == 16_000
        assert 0.3 < sound.getnframes() / sound.getframerate() < 2

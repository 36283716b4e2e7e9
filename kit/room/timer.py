"""The run-of-show clock: a countdown per step and the whole plan against the time of day.

A facilitator starts, pauses, extends and ends a step's countdown; the console shows it and,
when time is up, says so on screen and (if asked) with a short beep. The logic takes its clocks
as arguments, so tests drive time by hand and the console never needs a real second to pass
to be checked. Nothing here touches widgets or the store.
"""

from __future__ import annotations

import base64
import io
import math
import struct
import time
import wave
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from kit.core.content import Step
from kit.errors import TimerError

Clock = Callable[[], float]
WallClock = Callable[[], datetime]


class TimerState(StrEnum):
    """Where a countdown is: not started, counting, paused, or ended by the facilitator."""

    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"


@dataclass
class Countdown:
    """A countdown over ``duration`` seconds on a monotonic ``clock``.

    It keeps counting below zero, because a facilitator who lets a step run over wants to see
    by how much; ``is_up`` says when the planned time has passed.
    """

    duration: float
    clock: Clock = time.monotonic
    state: TimerState = TimerState.READY
    _banked: float = 0.0  # seconds counted before the current run
    _started_at: float | None = None
    _ended_elapsed: float | None = None

    def start(self) -> None:
        """Start, or resume after a pause. Starting a running timer changes nothing."""
        if self.state is TimerState.ENDED:
            raise TimerError("This step's timer has ended; reset it to count again.")
        if self.state is not TimerState.RUNNING:
            self._started_at = self.clock()
            self.state = TimerState.RUNNING

    def pause(self) -> None:
        if self.state is TimerState.RUNNING and self._started_at is not None:
            self._banked += self.clock() - self._started_at
            self._started_at = None
            self.state = TimerState.PAUSED

    def extend(self, seconds: float) -> None:
        """Give the step more time (the room needs it); only positive amounts."""
        if seconds <= 0:
            raise TimerError("Extend by a positive number of minutes.")
        if self.state is TimerState.ENDED:
            raise TimerError("This step's timer has ended; reset it to count again.")
        self.duration += seconds

    def end(self) -> None:
        """Stop counting for good: the step is over, whatever the clock says."""
        self._ended_elapsed = self.elapsed()
        self._started_at = None
        self.state = TimerState.ENDED

    def reset(self, duration: float | None = None) -> None:
        if duration is not None:
            self.duration = duration
        self._banked, self._started_at, self._ended_elapsed = 0.0, None, None
        self.state = TimerState.READY

    def elapsed(self) -> float:
        if self._ended_elapsed is not None:
            return self._ended_elapsed
        running = self.clock() - self._started_at if self._started_at is not None else 0.0
        return self._banked + running

    def remaining(self) -> float:
        """Seconds left; negative when the step has run over."""
        return self.duration - self.elapsed()

    @property
    def is_up(self) -> bool:
        return self.state is not TimerState.READY and self.remaining() <= 0


@dataclass(frozen=True)
class PlanReading:
    """The whole session against the clock, for the line under the run-of-show."""

    planned_minutes: int
    started_at: datetime | None
    planned_end: datetime | None
    projected_end: datetime | None

    @property
    def behind_minutes(self) -> int:
        """Whole minutes behind plan (negative: ahead); 0 before the session starts."""
        if self.planned_end is None or self.projected_end is None:
            return 0
        return round((self.projected_end - self.planned_end).total_seconds() / 60)


@dataclass
class RunOfShow:
    """Every in-session step with its timebox, which one is current, and its countdown."""

    steps: Sequence[Step]
    clock: Clock = time.monotonic
    wall_clock: WallClock = datetime.now
    current_index: int = 0
    started_at: datetime | None = None
    timer: Countdown = field(init=False)
    _extra_seconds: dict[int, float] = field(default_factory=dict)
    _used_seconds: dict[int, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.steps = [step for step in self.steps if step.in_session]
        if not self.steps:
            raise TimerError("The run-of-show has no in-session steps; check data/steps.toml.")
        self.timer = Countdown(self._timebox(self.current_index), self.clock)

    @property
    def current(self) -> Step:
        return self.steps[self.current_index]

    @property
    def planned_minutes(self) -> int:
        return sum(step.timebox_minutes for step in self.steps)

    def start(self) -> None:
        if self.started_at is None:
            self.started_at = self.wall_clock()
        self.timer.start()

    def pause(self) -> None:
        self.timer.pause()

    def extend(self, minutes: float) -> None:
        self.timer.extend(minutes * 60)
        self._extra_seconds[self.current_index] = (
            self._extra_seconds.get(self.current_index, 0) + minutes * 60
        )

    def end(self) -> None:
        self.timer.end()

    def go_to(self, index: int) -> None:
        """Move to another step: the time used so far is kept, the new step's timer is fresh."""
        if not 0 <= index < len(self.steps):
            raise TimerError(f"There is no step number {index} in this run-of-show.")
        self._used_seconds[self.current_index] = self.timer.elapsed()
        self.current_index = index
        self.timer = Countdown(self._timebox(index), self.clock)

    def next(self) -> None:
        if self.current_index + 1 < len(self.steps):
            self.go_to(self.current_index + 1)

    def previous(self) -> None:
        if self.current_index > 0:
            self.go_to(self.current_index - 1)

    def plan(self) -> PlanReading:
        """When the session started, when it was meant to end, and when it now looks like ending."""
        if self.started_at is None:
            return PlanReading(self.planned_minutes, None, None, None)
        planned_end = self.started_at + timedelta(minutes=self.planned_minutes)
        still_to_come = (
            sum(step.timebox_minutes for step in self.steps[self.current_index + 1 :]) * 60
        )
        left_here = (
            max(self.timer.remaining(), 0.0) if self.timer.state is not TimerState.ENDED else 0.0
        )
        projected_end = self.wall_clock() + timedelta(seconds=left_here + still_to_come)
        return PlanReading(self.planned_minutes, self.started_at, planned_end, projected_end)

    def _timebox(self, index: int) -> float:
        return self.steps[index].timebox_minutes * 60.0


def format_clock(seconds: float) -> str:
    """``12:05`` for time left, ``−01:30`` once over (a real minus sign, readable at a glance)."""
    whole = math.ceil(seconds) if seconds > 0 else math.floor(seconds)
    sign = "−" if whole < 0 else ""
    minutes, rest = divmod(abs(whole), 60)
    return f"{sign}{minutes:02d}:{rest:02d}"


def beep_data_uri(*, frequency: float = 660.0, seconds: float = 0.6, rate: int = 16_000) -> str:
    """A soft chime as a WAV ``data:`` URI, generated here so nothing is ever fetched.

    Two short tones with a gentle fade, so the end of a step sounds like a cue, not an alarm.
    """
    frames = bytearray()
    total = int(seconds * rate)
    for index in range(total):
        t = index / rate
        tone = frequency if t < seconds / 2 else frequency * 0.75
        fade = min(1.0, index / (0.02 * rate), (total - index) / (0.1 * rate))
        sample = int(12_000 * fade * math.sin(2 * math.pi * tone * t))
        frames += struct.pack("<h", sample)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return "data:audio/wav;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")

"""The run-of-show clock: a countdown per step, kept with the room so every screen shows it.

The facilitator's console starts, pauses, extends and ends a step's countdown; the projector,
another kernel on another screen, shows the same countdown. So the clock is not a timer in
one kernel's memory but a small record saved with the room (``Store.set_room_timer``): when
the session started, which step is counting, its timebox and the time added, the seconds
counted before the current run and since when it runs (UTC). Each screen works out the time
left from that record and its own clock; clocks are injected, so tests move time by hand and
nothing needs a real second to pass to be checked. Nothing here touches widgets or the store.
"""

from __future__ import annotations

import base64
import io
import math
import struct
import wave
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from kit.core.content import Step
from kit.errors import TimerError

Clock = Callable[[], datetime]
"""Now, as naive UTC (``kit.core.store.utc_now``): what every screen's clock must agree on."""

CLOCK_VERSION = 1


class TimerState(StrEnum):
    """Where a countdown is: not started, counting, paused, or ended by the facilitator."""

    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"


@dataclass(frozen=True)
class StepTimer:
    """One step's countdown as an unchanging record; each action returns the next record.

    It keeps counting below zero, because a facilitator who lets a step run over wants to see
    by how much; ``is_up`` says when the planned time has passed. ``counted`` holds the seconds
    of earlier runs (before a pause); ``running_since`` is when the current run started.
    """

    step_id: str
    timebox: float
    extended: float = 0.0
    counted: float = 0.0
    running_since: datetime | None = None
    state: TimerState = TimerState.READY

    @property
    def duration(self) -> float:
        return self.timebox + self.extended

    def elapsed(self, now: datetime) -> float:
        if self.running_since is None:
            return self.counted
        # Never negative: two screens' clocks may differ by a moment.
        return self.counted + max((now - self.running_since).total_seconds(), 0.0)

    def remaining(self, now: datetime) -> float:
        """Seconds left; negative when the step has run over."""
        return self.duration - self.elapsed(now)

    def is_up(self, now: datetime) -> bool:
        return self.state is not TimerState.READY and self.remaining(now) <= 0

    def start(self, now: datetime) -> StepTimer:
        """Start, or resume after a pause. Starting a running timer changes nothing."""
        if self.state is TimerState.ENDED:
            raise TimerError("This step's countdown has ended; move to a step to count again.")
        if self.state is TimerState.RUNNING:
            return self
        return replace(self, running_since=now, state=TimerState.RUNNING)

    def pause(self, now: datetime) -> StepTimer:
        if self.state is not TimerState.RUNNING:
            return self
        return replace(self, counted=self.elapsed(now), running_since=None, state=TimerState.PAUSED)

    def extend(self, seconds: float) -> StepTimer:
        """Give the step more time (the room needs it); only positive amounts."""
        if seconds <= 0:
            raise TimerError("Extend by a positive number of minutes.")
        if self.state is TimerState.ENDED:
            raise TimerError("This step's countdown has ended; move to a step to count again.")
        return replace(self, extended=self.extended + seconds)

    def end(self, now: datetime) -> StepTimer:
        """Stop counting for good: the step is over, whatever the clock says."""
        return replace(self, counted=self.elapsed(now), running_since=None, state=TimerState.ENDED)


@dataclass(frozen=True)
class SessionClock:
    """What the store keeps: when the session started, and the current step's countdown."""

    started_at: datetime | None
    timer: StepTimer

    def to_json(self) -> dict[str, Any]:
        timer = self.timer
        return {
            "version": CLOCK_VERSION,
            "session_started_at": _instant(self.started_at),
            "step": timer.step_id,
            "timebox_s": timer.timebox,
            "extended_s": timer.extended,
            "counted_s": timer.counted,
            "running_since": _instant(timer.running_since),
            "state": timer.state.value,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SessionClock | None:
        """The clock as saved; None for a record this kit cannot read (a newer kit wrote it)."""
        try:
            if data.get("version") != CLOCK_VERSION:
                return None
            timer = StepTimer(
                step_id=str(data["step"]),
                timebox=float(data["timebox_s"]),
                extended=float(data["extended_s"]),
                counted=float(data["counted_s"]),
                running_since=_parse_instant(data.get("running_since")),
                state=TimerState(data["state"]),
            )
            return cls(_parse_instant(data.get("session_started_at")), timer)
        except (KeyError, TypeError, ValueError):
            return None


def _instant(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _parse_instant(text: object) -> datetime | None:
    return None if text is None else datetime.fromisoformat(str(text))


@dataclass(frozen=True)
class PlanReading:
    """The whole session against the clock (naive UTC), for the line under the run-of-show."""

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


@dataclass(frozen=True)
class RunOfShow:
    """Every in-session step in order, with its timebox: what the countdowns are made from."""

    steps: tuple[Step, ...]

    @classmethod
    def of(cls, steps: Iterable[Step]) -> RunOfShow:
        in_session = tuple(step for step in steps if step.in_session)
        if not in_session:
            raise TimerError("The run-of-show has no in-session steps; check data/steps.toml.")
        return cls(in_session)

    @property
    def first(self) -> Step:
        return self.steps[0]

    @property
    def planned_minutes(self) -> int:
        return sum(step.timebox_minutes for step in self.steps)

    def index(self, step_id: str) -> int:
        for position, step in enumerate(self.steps):
            if step.id == step_id:
                return position
        raise TimerError(f"Step {step_id!r} is not in this run-of-show (data/steps.toml).")

    def step(self, step_id: str) -> Step:
        return self.steps[self.index(step_id)]

    def after(self, step_id: str) -> Step | None:
        position = self.index(step_id) + 1
        return self.steps[position] if position < len(self.steps) else None

    def before(self, step_id: str) -> Step | None:
        position = self.index(step_id)
        return self.steps[position - 1] if position > 0 else None

    def fresh(self, step_id: str) -> StepTimer:
        """A countdown of the step's timebox, not started yet."""
        return StepTimer(step_id, self.step(step_id).timebox_minutes * 60.0)

    def plan(self, clock: SessionClock | None, now: datetime) -> PlanReading:
        """When the session started, when it was meant to end, and when it now looks like ending."""
        if clock is None or clock.started_at is None:
            return PlanReading(self.planned_minutes, None, None, None)
        planned_end = clock.started_at + timedelta(minutes=self.planned_minutes)
        timer = clock.timer
        later = self.steps[self.index(timer.step_id) + 1 :]
        still_to_come = sum(step.timebox_minutes for step in later) * 60
        left_here = 0.0 if timer.state is TimerState.ENDED else max(timer.remaining(now), 0.0)
        projected_end = now + timedelta(seconds=left_here + still_to_come)
        return PlanReading(self.planned_minutes, clock.started_at, planned_end, projected_end)


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

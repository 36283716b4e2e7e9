"""The plan as a calendar file (.ics): milestones and 30/60/90-day check-in reminders.

Any calendar app imports it. Events are all-day, each with a VALARM reminder: milestones
remind at 09:00 the day before, check-ins at 09:00 on the day. Each event's CATEGORIES names
its kind (Goal, Application, Feedback request...), so a calendar app can colour or filter them. UIDs are stable per person
and item, so importing an updated file (after a follow-up) updates events instead of
duplicating them. Nothing is fetched or sent: the file is written locally.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from kit.core.workspace import safe_file_stem, workspace_dir
from kit.steps.plan.roadmap import Milestone, check_in_days, closed_refs, milestones

MILESTONE_REMINDER = timedelta(hours=-15)
"""Relative to an all-day event's start (midnight): 09:00 the day before."""
CHECK_IN_REMINDER = timedelta(hours=9)
"""09:00 on the day of a check-in."""
PRODUCT_ID = "-//Next Round//Workshop plan//EN"


@dataclass(frozen=True)
class CalendarEntry:
    """One event in the file."""

    uid: str
    day: date
    summary: str
    description: str
    reminder: timedelta
    category: str = "Check-in"


def calendar_entries(
    participant_id: str,
    values: Mapping[str, Mapping[str, Any]],
    today: date,
    *,
    skip_closed: bool = True,
) -> list[CalendarEntry]:
    """Milestones (minus items a follow-up closed) and check-ins, earliest first.

    Check-ins already in the past are left out; the follow-up's chosen next check-in is
    added when there is one.
    """
    closed = closed_refs(values) if skip_closed else set()
    entries: list[CalendarEntry] = []
    for milestone in milestones(values):
        if milestone.ref in closed:
            continue
        entries.append(_milestone_entry(participant_id, milestone))
    for days, day in check_in_days(values, today):
        if day < today:
            continue
        entries.append(
            CalendarEntry(
                uid=f"{participant_id}.check-in-{days}@nextround",
                day=day,
                summary=f"Next Round: {days}-day check-in on your plan",
                description="Open the follow-up notebook (07) and note what moved, what stalled and what changed.",
                reminder=CHECK_IN_REMINDER,
            )
        )
    chosen = values.get("follow_up_next", {}).get("next_check_in")
    if isinstance(chosen, str) and chosen:
        try:
            next_day = date.fromisoformat(chosen)
        except ValueError:
            next_day = None
        if next_day is not None and next_day >= today:
            entries.append(
                CalendarEntry(
                    uid=f"{participant_id}.next-check-in@nextround",
                    day=next_day,
                    summary="Next Round: check in on your plan",
                    description="Open the follow-up notebook (07) and review your plan.",
                    reminder=CHECK_IN_REMINDER,
                )
            )
    return sorted(entries, key=lambda entry: (entry.day, entry.uid))


def _milestone_entry(participant_id: str, milestone: Milestone) -> CalendarEntry:
    return CalendarEntry(
        uid=f"{participant_id}.{milestone.ref.replace(':', '-')}@nextround",
        day=milestone.day,
        summary=f"{milestone.kind_label}: {milestone.title}"[:250],
        description=f"From your Next Round plan ({milestone.kind_label.lower()}).",
        reminder=MILESTONE_REMINDER,
        category=milestone.kind_label,
    )


def calendar_bytes(
    entries: list[CalendarEntry], *, name: str, stamp: datetime | None = None
) -> bytes:
    """The .ics file for ``entries`` (RFC 5545, via icalendar)."""
    import icalendar

    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Next Round plan: {name}"[:120])
    for entry in entries:
        event = icalendar.Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + timedelta(days=1))
        event.add("summary", entry.summary)
        event.add("description", entry.description)
        event.add("categories", [entry.category])
        event.add("transp", "TRANSPARENT")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", entry.summary)
        alarm.add("trigger", entry.reminder)
        event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def plan_calendar(
    participant_id: str,
    name: str,
    values: Mapping[str, Mapping[str, Any]],
    today: date | None = None,
) -> bytes:
    """The whole file for one person's plan as it stands today."""
    return calendar_bytes(
        calendar_entries(participant_id, values, today or date.today()), name=name
    )


def calendars_dir() -> Path:
    """Where calendar files go by default: ``<workspace>/calendars``."""
    return workspace_dir() / "calendars"


def calendar_path(folder: Path, participant_id: str) -> Path:
    return Path(folder) / f"plan-{safe_file_stem(participant_id)}.ics"


def write_calendar(path: Path, data: bytes) -> Path:
    """Write next to the target, then rename, so a calendar app never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
    return path

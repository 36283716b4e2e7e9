"""The plan as a calendar file (.ics): milestones and 30/60/90-day check-in reminders.

Any calendar app imports it. Events are all-day, each with a VALARM reminder: milestones
remind at 09:00 the day before, check-ins at 09:00 on the day. Each event's CATEGORIES names
its kind (Goal, Application, Feedback request...), so a calendar app can colour or filter them. UIDs are stable per person
and item, so importing an updated file (after a follow-up) updates events instead of
duplicating them. Nothing is fetched or sent: the file is written locally.

Every text written out is cleaned as the reports clean it (``kit.workbook.plain_text``): no
control characters, one line, and a plan item's long title cut to ``CALENDAR_TEXT_LIMIT``
characters, so a pasted paragraph cannot break the file or bury the reminder.

Every file written for a person is noted in ``<workspace>/calendars/written.json`` (the path
and the person's id), because ``nextround calendar --out`` can write anywhere and
``nextround erase`` must find those files again (:func:`calendar_files`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from kit.core.workspace import safe_file_stem, workspace_dir
from kit.steps.plan.roadmap import Milestone, check_in_days, closed_refs, milestones
from kit.workbook.plain_text import one_line

MILESTONE_REMINDER = timedelta(hours=-15)
"""Relative to an all-day event's start (midnight): 09:00 the day before."""
CHECK_IN_REMINDER = timedelta(hours=9)
"""09:00 on the day of a check-in."""
PRODUCT_ID = "-//Next Round//Workshop plan//EN"
CALENDAR_TEXT_LIMIT = 250
"""Longest summary or description written, in characters (calendar apps show about a line)."""
CALENDAR_NAME_LIMIT = 120


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
        summary=f"{milestone.kind_label}: {milestone.title}",
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
    calendar.add("x-wr-calname", one_line(f"Next Round plan: {name}", CALENDAR_NAME_LIMIT))
    for entry in entries:
        summary = one_line(entry.summary, CALENDAR_TEXT_LIMIT)
        event = icalendar.Event()
        event.add("uid", one_line(entry.uid, CALENDAR_TEXT_LIMIT))
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + timedelta(days=1))
        event.add("summary", summary)
        event.add("description", one_line(entry.description, CALENDAR_TEXT_LIMIT))
        event.add("categories", [entry.category])
        event.add("transp", "TRANSPARENT")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
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


def write_calendar(path: Path, data: bytes, participant_id: str) -> Path:
    """Write next to the target, then rename, so a calendar app never reads half a file;
    note where it went, so an erasure can find it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
    written = _read_written()
    entry = {"participant": participant_id, "path": str(path.resolve())}
    if entry not in written:
        _write_written([*written, entry])
    return path


WRITTEN_FILE = "written.json"


def calendar_files(participant_id: str, folders: Iterable[Path] = ()) -> list[Path]:
    """Every calendar file of this person that can be found: the default location, each
    file noted when it was written, and ``plan-ID.ics`` in ``folders``. Files copied or
    downloaded elsewhere afterwards cannot be known."""
    candidates = [calendar_path(calendars_dir(), participant_id)]
    candidates += [calendar_path(folder, participant_id) for folder in folders]
    candidates += [
        Path(entry["path"]) for entry in _read_written() if entry["participant"] == participant_id
    ]
    found: dict[Path, None] = {}
    for path in candidates:
        if path.is_file():
            found.setdefault(path.resolve(), None)
    return list(found)


def forget_calendars(participant_id: str) -> None:
    """Drop this person's notes from the list of written files (their id is personal data)."""
    written = _read_written()
    kept = [entry for entry in written if entry["participant"] != participant_id]
    if kept != written:
        _write_written(kept)


def _written_path() -> Path:
    return calendars_dir() / WRITTEN_FILE


def _read_written() -> list[dict[str, str]]:
    """The notes of written files; an unreadable list reads as empty (it only helps erase)."""
    try:
        entries = json.loads(_written_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(entries, list):
        return []
    return [
        {"participant": entry["participant"], "path": entry["path"]}
        for entry in entries
        if isinstance(entry, dict)
        and isinstance(entry.get("participant"), str)
        and isinstance(entry.get("path"), str)
    ]


def _write_written(entries: list[dict[str, str]]) -> None:
    path = _written_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.partial")
    temporary.write_text(json.dumps(entries, indent=1) + "\n", encoding="utf-8")
    temporary.replace(path)

"""Dates in a plan: parsing what was stored and checking what a person just picked.

Stored plans keep dates as ``YYYY-MM-DD`` text. The answer models accept any real date in a
sane range, because a plan saved today must still load next year when its dates have passed.
Whether a newly picked date makes sense (not already past, not absurdly far off) is a
question about *today*, so it is checked here, by the widgets, before saving, and only for
dates that changed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

FURTHEST_AHEAD = timedelta(days=3 * 366)
"""No plan date may be further away than about three years (the long horizon is two)."""
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


def parse_day(value: Any) -> date | None:
    """A date from stored text or a date object; None for empty or unreadable values."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def check_stored_day(value: str | None) -> str | None:
    """Validator for answer models: a real ``YYYY-MM-DD`` between 2000 and 2100, or None."""
    if value is None or value == "":
        return None
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a date; use the date picker (year-month-day)") from None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ValueError(f"{day:%d %B %Y} cannot be right; pick a date in the next few years")
    return day.isoformat()


def new_date_problem(day: date | None, today: date, what: str) -> str | None:
    """Why a newly chosen date cannot be used yet, in one sentence (None: it is fine)."""
    if day is None:
        return None
    if day < today:
        return f"The date for {what} ({day:%d %B %Y}) is in the past. Pick today or a later day."
    if day > today + FURTHEST_AHEAD:
        return (
            f"The date for {what} ({day:%d %B %Y}) is more than three years away. "
            "Pick a nearer date, or break the goal into a nearer step."
        )
    return None

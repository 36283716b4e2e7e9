"""Follow-up rounds read back: counts per status for the progress chart and the report.

Pure functions over the stored ``follow_up_review`` value (oldest round first), tolerant of
rounds that reviewed nothing yet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from kit.plan_dates import parse_day

STATUSES = ("done", "moving", "stalled", "dropped")


def progress_counts(rounds: Sequence[Mapping[str, Any]]) -> list[tuple[date, dict[str, int]]]:
    """For each dated round: how many items were done, moving, stalled and dropped."""
    found: list[tuple[date, dict[str, int]]] = []
    for round_ in rounds:
        day = parse_day(round_.get("date"))
        if day is None:
            continue
        reviews = round_.get("items") or []
        counted = Counter(
            review.get("status") for review in reviews
            if isinstance(review, Mapping) and review.get("status") in STATUSES
        )
        found.append((day, {status: counted.get(status, 0) for status in STATUSES}))
    return found


def latest_statuses(rounds: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Each item's most recent status over all rounds (an item not reviewed lately keeps its last)."""
    statuses: dict[str, str] = {}
    for round_ in rounds:
        for review in round_.get("items") or []:
            if isinstance(review, Mapping) and review.get("status") in STATUSES:
                statuses[str(review.get("ref"))] = str(review["status"])
    return statuses

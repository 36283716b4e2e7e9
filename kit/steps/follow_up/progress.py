"""Follow-up rounds read back: counts per status, and the progress chart drawn from them.

Pure functions over the stored ``follow_up_review`` value (oldest round first), tolerant of
rounds that reviewed nothing yet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from kit.workbook.charts import PALETTE, Series, figure_html, stacked_columns
from kit.workbook.dates import parse_day

STATUSES = ("done", "moving", "stalled", "dropped")
_STATUS_COLOURS = {
    "done": PALETTE[4],
    "moving": PALETTE[0],
    "stalled": PALETTE[1],
    "dropped": PALETTE[6],
}


def progress_counts(rounds: Sequence[Mapping[str, Any]]) -> list[tuple[date, dict[str, int]]]:
    """For each dated round: how many items were done, moving, stalled and dropped."""
    found: list[tuple[date, dict[str, int]]] = []
    for round_ in rounds:
        day = parse_day(round_.get("date"))
        if day is None:
            continue
        reviews = round_.get("items") or []
        counted = Counter(
            review.get("status")
            for review in reviews
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


def progress_chart(rounds: Sequence[tuple[date, dict[str, int]]]) -> str:
    """Stacked bars per follow-up: how many items were done, moving, stalled, dropped."""
    if not rounds:
        return ""

    svg = stacked_columns(
        [f"{day:%d %b %Y}" for day, _counts in rounds],
        [
            Series(
                status.capitalize(),
                [counts.get(status, 0) for _day, counts in rounds],
                _STATUS_COLOURS[status],
            )
            for status in STATUSES
        ],
        axis_label="items",
    )
    described = "; ".join(
        f"{day:%d %b %Y}: " + ", ".join(f"{counts.get(s, 0)} {s}" for s in STATUSES)
        for day, counts in rounds
    )
    return figure_html(
        svg,
        alt=f"Progress over {len(rounds)} follow-ups. {described}.",
        caption="Where your plan stood at each follow-up.",
    )

"""The roadmap chart: every dated item of the plan on one timeline, with the check-ins.

Each returns an accessible ``<figure>`` from ``kit.workbook.charts.figure_html`` with alt text that
says in words what the picture shows, so the notebook, the printed report and a screen
reader get the same information. The pictures are small SVGs built by ``kit.workbook.charts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from kit.steps.plan.roadmap import Milestone
from kit.workbook.charts import (
    PALETTE,
    TimelineItem,
    figure_html,
    timeline,
)

_KIND_COLOURS = {
    "goal": PALETTE[0],
    "skill": PALETTE[1],
    "visibility": PALETTE[2],
    "network": PALETTE[3],
    "application": PALETTE[3],
    "reference": PALETTE[3],
    "feedback_request": PALETTE[2],
    "feedback_meeting": PALETTE[2],
    "workaround": PALETTE[1],
    "manager_meeting": PALETTE[2],
    "mentor_meeting": PALETTE[2],
    "answer_due": PALETTE[5],
    "next_step": PALETTE[4],
    "check_in": PALETTE[6],
}


def roadmap_chart(items: Sequence[Milestone], check_ins: Sequence[tuple[int, date]]) -> str:
    """A timeline: one row per dated item, check-ins as dashed vertical lines."""
    if not items and not check_ins:
        return ""
    shown = list(items)[:25]

    svg = timeline(
        [
            TimelineItem(m.day, f"{m.kind_label}: {m.title}", _KIND_COLOURS.get(m.kind, PALETTE[5]))
            for m in shown
        ],
        [(day, f"{days}-day check-in") for days, day in check_ins],
    )
    listed = "; ".join(f"{m.kind_label.lower()} {m.title!r} on {m.day:%d %b %Y}" for m in shown)
    checks = ", ".join(f"{days}-day check-in on {day:%d %b %Y}" for days, day in check_ins)
    alt = f"Timeline of your plan with {len(shown)} dated items" + (f": {listed}" if listed else "")
    alt += f". Check-ins: {checks}." if checks else "."
    return figure_html(
        svg, alt=alt, caption="Your roadmap: everything you dated, with your check-ins."
    )

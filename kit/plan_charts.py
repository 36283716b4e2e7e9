"""The plan's three charts: the roadmap timeline, mood before and after, follow-up progress.

Each returns an accessible ``<figure>`` from ``kit.charts.figure_html`` with alt text that
says in words what the picture shows, so the notebook, the printed report and a screen
reader get the same information. The pictures are small SVGs built by ``kit.charts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from kit.charts import (
    PALETTE,
    Series,
    TimelineItem,
    bar_rows,
    figure_html,
    stacked_columns,
    timeline,
)
from kit.content import Content
from kit.roadmap import Milestone

_KIND_COLOURS = {
    "goal": PALETTE[0], "skill": PALETTE[1], "visibility": PALETTE[2], "network": PALETTE[3],
    "next_step": PALETTE[4], "check_in": PALETTE[6],
}
STATUS_ORDER = ("done", "moving", "stalled", "dropped")
_STATUS_COLOURS = {"done": PALETTE[4], "moving": PALETTE[0], "stalled": PALETTE[1], "dropped": PALETTE[6]}


def roadmap_chart(items: Sequence[Milestone], check_ins: Sequence[tuple[int, date]]) -> str:
    """A timeline: one row per dated item, check-ins as dashed vertical lines."""
    if not items and not check_ins:
        return ""
    shown = list(items)[:25]

    svg = timeline(
        [TimelineItem(m.day, f"{m.kind_label}: {m.title}", _KIND_COLOURS.get(m.kind, PALETTE[5])) for m in shown],
        [(day, f"{days}-day check-in") for days, day in check_ins],
    )
    listed = "; ".join(f"{m.kind_label.lower()} {m.title!r} on {m.day:%d %b %Y}" for m in shown)
    checks = ", ".join(f"{days}-day check-in on {day:%d %b %Y}" for days, day in check_ins)
    alt = f"Timeline of your plan with {len(shown)} dated items" + (f": {listed}" if listed else "")
    alt += f". Check-ins: {checks}." if checks else "."
    return figure_html(svg, alt=alt, caption="Your roadmap: everything you dated, with your check-ins.")


def mood_chart(check_in: dict[str, int], check_out: dict[str, int], content: Content) -> str:
    """Intensity (0–3) per emotion family at the check-in and at the check-out, side by side."""
    families = [f for f in content.emotion_families if f.id in check_in or f.id in check_out]
    if not families:
        return ""

    svg = bar_rows(
        [f.label for f in families],
        [
            Series("Check-in", [check_in.get(f.id, 0) for f in families], PALETTE[1]),
            Series("Check-out", [check_out.get(f.id, 0) for f in families], PALETTE[0]),
        ],
        ticks=[(0, "none"), (1, "mild"), (2, "clear"), (3, "strong")],
    )
    parts = [
        f"{f.label}: {check_in.get(f.id, 0)} at the start, {check_out.get(f.id, 0)} at the end"
        for f in families
    ]
    return figure_html(
        svg,
        alt="Feeling intensity from 0 (none) to 3 (strong) at the check-in and the check-out. " + "; ".join(parts) + ".",
        caption="How you felt at the start of the session and at the end.",
    )


def progress_chart(rounds: Sequence[tuple[date, dict[str, int]]]) -> str:
    """Stacked bars per follow-up: how many items were done, moving, stalled, dropped."""
    if not rounds:
        return ""

    svg = stacked_columns(
        [f"{day:%d %b %Y}" for day, _counts in rounds],
        [
            Series(status.capitalize(), [counts.get(status, 0) for _day, counts in rounds], _STATUS_COLOURS[status])
            for status in STATUS_ORDER
        ],
        axis_label="items",
    )
    described = "; ".join(
        f"{day:%d %b %Y}: " + ", ".join(f"{counts.get(s, 0)} {s}" for s in STATUS_ORDER)
        for day, counts in rounds
    )
    return figure_html(svg, alt=f"Progress over {len(rounds)} follow-ups. {described}.",
                       caption="Where your plan stood at each follow-up.")


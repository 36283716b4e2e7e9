"""The plan's three charts: the roadmap timeline, mood before and after, follow-up progress.

Each returns an accessible ``<figure>`` from ``kit.charts.figure_html`` with alt text that
says in words what the picture shows, so the notebook, the printed report and a screen
reader get the same information. matplotlib is only imported when a chart is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from kit.charts import PALETTE, figure_html
from kit.content import Content
from kit.roadmap import Milestone

_KIND_COLOURS = {
    "goal": PALETTE[0], "skill": PALETTE[1], "visibility": PALETTE[2], "network": PALETTE[3],
    "next_step": PALETTE[4], "check_in": PALETTE[6],
}
STATUS_ORDER = ("done", "moving", "stalled", "dropped")
_STATUS_COLOURS = {"done": PALETTE[4], "moving": PALETTE[0], "stalled": PALETTE[1], "dropped": PALETTE[6]}


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def roadmap_chart(items: Sequence[Milestone], check_ins: Sequence[tuple[int, date]]) -> str:
    """A timeline: one row per dated item, check-ins as dashed vertical lines."""
    if not items and not check_ins:
        return ""
    shown = list(items)[:25]

    def draw(fig: Any, ax: Any) -> None:
        import matplotlib.dates as mdates

        for row, milestone in enumerate(shown):
            ax.scatter([milestone.day], [row], s=60, color=_KIND_COLOURS.get(milestone.kind, PALETTE[5]), zorder=3)
        ax.set_yticks(range(len(shown)), [_short(f"{m.kind_label}: {m.title}") for m in shown], fontsize=8)
        ax.invert_yaxis()
        for days, day in check_ins:
            ax.axvline(day, color=PALETTE[6], linestyle="--", linewidth=1)
            ax.annotate(f"{days}-day check-in", (day, 1.0), xycoords=("data", "axes fraction"),
                        rotation=90, fontsize=7, va="top", ha="right", color=PALETTE[6])
        locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.grid(axis="x", color="#e4e7eb", linewidth=0.6)
        if not shown:
            ax.set_yticks([])

    listed = "; ".join(f"{m.kind_label.lower()} {m.title!r} on {m.day:%d %b %Y}" for m in shown)
    checks = ", ".join(f"{days}-day check-in on {day:%d %b %Y}" for days, day in check_ins)
    alt = f"Timeline of your plan with {len(shown)} dated items" + (f": {listed}" if listed else "")
    alt += f". Check-ins: {checks}." if checks else "."
    height = max(2.2, 0.32 * len(shown) + 1.2)
    return figure_html(draw, alt=alt, caption="Your roadmap: everything you dated, with your check-ins.",
                       size=(7.0, height))


def mood_chart(check_in: dict[str, int], check_out: dict[str, int], content: Content) -> str:
    """Intensity (0–3) per emotion family at the check-in and at the check-out, side by side."""
    families = [f for f in content.emotion_families if f.id in check_in or f.id in check_out]
    if not families:
        return ""

    def draw(fig: Any, ax: Any) -> None:
        rows = range(len(families))
        ax.barh([r - 0.2 for r in rows], [check_in.get(f.id, 0) for f in families], height=0.38,
                color=PALETTE[1], label="Check-in")
        ax.barh([r + 0.2 for r in rows], [check_out.get(f.id, 0) for f in families], height=0.38,
                color=PALETTE[0], label="Check-out")
        ax.set_yticks(list(rows), [f.label for f in families])
        ax.invert_yaxis()
        ax.set_xlim(0, 3)
        ax.set_xticks([0, 1, 2, 3], ["none", "mild", "clear", "strong"])
        ax.legend(frameon=False, fontsize=8, loc="lower right")

    parts = [
        f"{f.label}: {check_in.get(f.id, 0)} at the start, {check_out.get(f.id, 0)} at the end"
        for f in families
    ]
    return figure_html(
        draw,
        alt="Feeling intensity from 0 (none) to 3 (strong) at the check-in and the check-out. " + "; ".join(parts) + ".",
        caption="How you felt at the start of the session and at the end.",
        size=(6.4, max(1.8, 0.45 * len(families) + 0.9)),
    )


def progress_chart(rounds: Sequence[tuple[date, dict[str, int]]]) -> str:
    """Stacked bars per follow-up: how many items were done, moving, stalled, dropped."""
    if not rounds:
        return ""

    def draw(fig: Any, ax: Any) -> None:
        labels = [f"{day:%d %b %Y}" for day, _counts in rounds]
        bottoms = [0] * len(rounds)
        for status in STATUS_ORDER:
            heights = [counts.get(status, 0) for _day, counts in rounds]
            ax.bar(labels, heights, bottom=bottoms, color=_STATUS_COLOURS[status], label=status.capitalize())
            bottoms = [b + h for b, h in zip(bottoms, heights)]
        ax.set_ylabel("items")
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.legend(frameon=False, fontsize=8, ncols=4, loc="upper left", bbox_to_anchor=(0, 1.15))

    described = "; ".join(
        f"{day:%d %b %Y}: " + ", ".join(f"{counts.get(s, 0)} {s}" for s in STATUS_ORDER)
        for day, counts in rounds
    )
    return figure_html(draw, alt=f"Progress over {len(rounds)} follow-ups. {described}.",
                       caption="Where your plan stood at each follow-up.", size=(6.4, 2.8))


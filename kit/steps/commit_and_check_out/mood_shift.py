"""How the feelings moved from the check-in to the check-out, as a small accessible chart."""

from __future__ import annotations

from kit.core.content import Content
from kit.workbook.charts import PALETTE, Series, bar_rows, figure_html


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
        alt="Feeling intensity from 0 (none) to 3 (strong) at the check-in and the check-out. "
        + "; ".join(parts)
        + ".",
        caption="How you felt at the start of the session and at the end.",
    )

"""Static charts for reports and notebooks: matplotlib in, an accessible HTML figure out.

Every chart is returned as an ``<figure>`` holding an inline SVG image (sharp on paper, no
external file) with alt text and a caption, because a chart nobody can read aloud or print
is not part of a report. matplotlib is imported here only, and only when a chart is drawn,
so notebooks and reports that draw none never pay for it.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable
from typing import Any

PALETTE = ("#2f6f73", "#d08c60", "#7b8cde", "#9c6b98", "#6a994e", "#bc4749", "#52606d")


def figure_html(draw: Callable[[Any, Any], None], *, alt: str, caption: str = "",
                size: tuple[float, float] = (6.4, 3.2)) -> str:
    """Draw with ``draw(fig, ax)`` and return an accessible ``<figure>`` with the chart inline.

    ``alt`` says what the chart shows in words (the numbers that matter), for screen readers
    and for anyone who cannot see the picture.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=size, layout="constrained")
    try:
        ax.spines[["top", "right"]].set_visible(False)
        draw(fig, ax)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    finally:
        plt.close(fig)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    caption_html = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (
        f"<figure class='nr-chart'><img src='data:image/svg+xml;base64,{encoded}' "
        f"alt='{html.escape(alt, quote=True)}'>{caption_html}</figure>"
    )

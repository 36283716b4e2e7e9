"""Static charts for reports and notebooks: small SVG written as text, an accessible figure out.

Why not matplotlib: a report draws six small charts, and matplotlib's import, font set-up and
text layout passes were most of a report kernel's CPU (0.5–1 s a report). The builders here
write a few dozen SVG elements as strings, in well under a millisecond a chart, with nothing but
the standard library. The same input always gives the same bytes (no timestamps, no random ids),
so reports can be compared and cached.

Accessibility: :func:`figure_html` wraps a chart in a ``<figure>`` holding the SVG as an
``<img>`` data URI (sharp on screen and on paper, no external file) with alt text that says in
words what the picture shows, and a caption. Text inside the SVG stays text, in the reader's
system font, so it scales and prints crisply.

Safety: labels come from participants. Every piece of text placed in an SVG is cleaned (XML
forbidden characters dropped, whitespace collapsed), shortened with "…" when long, and
XML-escaped, so a label can neither break the markup nor push the plot off the page.

Layout is deliberately simple: text widths are estimated (about 0.6 × the font size a
character) to size the label gutter; nothing is measured. Top and right spines are left out, as
in the kit's earlier matplotlib charts.
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

PALETTE = ("#2f6f73", "#d08c60", "#7b8cde", "#9c6b98", "#6a994e", "#bc4749", "#52606d")

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
FONT_SIZE = 12
SMALL_FONT_SIZE = 11
MARKER_FONT_SIZE = 10
TEXT_COLOUR = "#1f2933"
AXIS_COLOUR = "#3e4c59"
GRID_COLOUR = "#e4e7eb"
#: Row labels longer than this many characters are shortened with "…".
LABEL_LIMIT = 38
#: Estimated width of one character, as a share of the font size (generous for most fonts).
CHAR_WIDTH = 0.6

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Series:
    """One set of values, drawn in ``colour`` unless ``colours`` gives a colour bar by bar.

    A series with a ``name`` appears in the chart's legend. ``value_labels`` (one per value,
    "" for none) are written at the bar ends.
    """

    name: str
    values: Sequence[float]
    colour: str = PALETTE[0]
    colours: Sequence[str] = ()
    value_labels: Sequence[str] = ()

    def colour_at(self, index: int) -> str:
        return self.colours[index] if index < len(self.colours) else self.colour

    def label_at(self, index: int) -> str:
        return self.value_labels[index] if index < len(self.value_labels) else ""


@dataclass(frozen=True)
class TimelineItem:
    """One dated row of a :func:`timeline`: a dot in ``colour`` on ``day``, labelled on the left."""

    day: date
    label: str
    colour: str = PALETTE[0]


def shorten(text: str, limit: int = LABEL_LIMIT) -> str:
    """``text`` cut to at most ``limit`` characters, the cut marked with "…"."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_label(text: str, limit: int = LABEL_LIMIT) -> str:
    """A label fit for one line of a chart: XML-forbidden characters dropped, whitespace
    collapsed, shortened to ``limit``. Not escaped yet: see :func:`_esc`."""
    return shorten(_SPACES.sub(" ", _NOT_XML.sub("", text)).strip(), limit)


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """An estimate of the width of ``text`` in pixels (no font is measured)."""
    return len(text) * CHAR_WIDTH * font_size


def nice_ticks(
    low: float, high: float, *, max_ticks: int = 7, integer: bool = False
) -> list[float]:
    """Round tick values (steps of 1, 2 or 5 × 10ⁿ) whose first and last cover ``low``..``high``.

    With ``integer`` the step is a whole number (for counts). An empty range is widened to 1.
    """
    if not high > low:
        high = low + 1
    raw = (high - low) / max(1, max_ticks - 1)
    exponent = math.floor(math.log10(raw))
    for power in range(exponent, exponent + 3):
        for multiple in (1, 2, 5):
            step = multiple * 10.0**power
            if integer and (step < 1 or step != round(step)):
                continue
            first = math.floor(low / step + 1e-9)
            last = math.ceil(high / step - 1e-9)
            if last - first + 1 <= max_ticks:
                return [round(index * step, 10) + 0.0 for index in range(first, last + 1)]
    return [low, high]


def figure_html(svg: str, *, alt: str, caption: str = "") -> str:
    """An accessible ``<figure>`` showing ``svg`` (a chart from this module) as an inline image.

    ``alt`` says what the chart shows in words (the numbers that matter), for screen readers
    and for anyone who cannot see the picture. Alt text and caption are HTML-escaped here (both
    quote characters included). The alt attribute is in double quotes because the report export
    copies this markup into the page as it is (nothing re-serialises it).
    """
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    caption_html = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (
        f"<figure class='nr-chart'><img src='data:image/svg+xml;base64,{encoded}' "
        f'alt="{html.escape(alt, quote=True)}">{caption_html}</figure>'
    )


def bar_rows(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    ticks: Sequence[tuple[float, str]] = (),
    integer: bool = False,
    axis_label: str = "",
    width: int = 640,
    label_limit: int = LABEL_LIMIT,
) -> str:
    """Horizontal bars: one row per label (the first at the top), one bar per series in a row.

    Values may be negative: the axis then runs left of zero and a zero line is drawn. ``ticks``
    gives the x ticks as ``(value, text)`` pairs (the axis spans them, e.g. 0..3 labelled
    none..strong); without them round ticks are chosen (whole numbers with ``integer``).
    Returns "" when there are no rows.
    """
    if not labels or not series:
        return ""
    names = [clean_label(label, label_limit) for label in labels]
    values = [float(value) for one in series for value in one.values[: len(labels)]]
    value_labels = [
        (float(value), clean_label(one.label_at(index), 16))
        for one in series
        for index, value in enumerate(one.values[: len(labels)])
    ]
    room_right = max(
        (
            text_width(text, SMALL_FONT_SIZE) + 6
            for value, text in value_labels
            if text and value >= 0
        ),
        default=0.0,
    )
    tick_room = max(
        (text_width(clean_label(text, 20), SMALL_FONT_SIZE) / 2 for _, text in ticks), default=12.0
    )
    legend = [(clean_label(one.name, 30), one.colour) for one in series if one.name]
    left = 8 + max(text_width(name) for name in names) + 10
    right = 12 + max(room_right, tick_room)
    plot_width = max(200.0, width - left - right)

    low, high = min([0.0, *values]), max([0.0, *values])
    if ticks:
        low, high = (
            min([low, *(value for value, _ in ticks)]),
            max([high, *(value for value, _ in ticks)]),
        )
        tick_marks = [(float(value), clean_label(text, 20)) for value, text in ticks]
    else:
        # Labels of negative bars sit left of the bar ends: widen the axis leftwards until they
        # fit inside it. x(value) - left >= room  <=>  low <= (value·W - room·high) / (W - room).
        needs = [
            (value, text_width(text, SMALL_FONT_SIZE) + 6)
            for value, text in value_labels
            if text and value < 0
        ]
        tick_values = nice_ticks(low, high, integer=integer)
        for _ in range(3):
            low, high = tick_values[0], tick_values[-1]
            wanted = min(
                [
                    low,
                    *(
                        (value * plot_width - room * high) / (plot_width - room)
                        for value, room in needs
                    ),
                ]
            )
            if wanted >= low - 1e-9:
                break
            tick_values = nice_ticks(wanted, high, integer=integer)
        low, high = tick_values[0], tick_values[-1]
        tick_marks = [(value, _number(value)) for value in tick_values]
    if not high > low:
        high = low + 1
    band = 28.0 if len(series) == 1 else 14.0 * len(series) + 8
    thickness = band * 0.75 / len(series)
    top = 10.0 + (22 if legend else 0)
    plot_height = band * len(names)
    bottom = top + plot_height
    total_width = math.ceil(left + plot_width + right)
    total_height = math.ceil(bottom + 26 + (18 if axis_label else 0))

    def x(value: float) -> float:
        return left + (value - low) / (high - low) * plot_width

    parts: list[str] = []
    for row in range(len(names)):
        centre = top + (row + 0.5) * band
        for position, one in enumerate(series):
            if row >= len(one.values):
                continue
            value = float(one.values[row])
            y = centre + (position - (len(series) - 1) / 2) * thickness - thickness / 2
            start, end = sorted((x(0.0), x(value)))
            parts.append(
                f'<rect class="nr-bar" x="{_n(start)}" y="{_n(y)}" width="{_n(end - start)}" '
                f'height="{_n(thickness)}" fill="{_esc(one.colour_at(row))}"/>'
            )
            text = clean_label(one.label_at(row), 16)
            if text:
                anchor, offset = ("start", 4) if value >= 0 else ("end", -4)
                parts.append(
                    f'<text class="nr-value" x="{_n(x(value) + offset)}" y="{_n(y + thickness / 2)}" dy="0.35em" '
                    f'text-anchor="{anchor}" font-size="{SMALL_FONT_SIZE}">{_esc(text)}</text>'
                )
        parts.append(_line(left - 4, centre, left, centre, AXIS_COLOUR))
        parts.append(
            f'<text class="nr-label" x="{_n(left - 7)}" y="{_n(centre)}" dy="0.35em" '
            f'text-anchor="end">{_esc(names[row])}</text>'
        )
    if low < 0:
        parts.append(
            f'<line class="nr-zero" x1="{_n(x(0.0))}" y1="{_n(top)}" x2="{_n(x(0.0))}" '
            f'y2="{_n(bottom)}" stroke="{PALETTE[6]}" stroke-width="0.8"/>'
        )
    parts.append(_line(left, top, left, bottom, AXIS_COLOUR))
    parts.append(_line(left, bottom, left + plot_width, bottom, AXIS_COLOUR))
    for value, text in tick_marks:
        parts.append(_line(x(value), bottom, x(value), bottom + 4, AXIS_COLOUR))
        parts.append(_text(x(value), bottom + 17, text, anchor="middle", size=SMALL_FONT_SIZE))
    if axis_label:
        parts.append(
            _text(left + plot_width / 2, bottom + 36, clean_label(axis_label, 80), anchor="middle")
        )
    parts += _legend(legend, left, 10)
    return _svg(total_width, total_height, parts)


def stacked_columns(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    axis_label: str = "",
    integer: bool = True,
    width: int = 640,
    plot_height: float = 180.0,
) -> str:
    """Vertical columns, one per category (left to right), each a stack of the series' values
    (the first series at the bottom), with a legend naming the series. Values are counts or
    amounts, not negative. Returns "" when there are no categories."""
    if not categories or not series:
        return ""
    names = [clean_label(category, 24) for category in categories]
    stacks = [
        [max(0.0, float(one.values[index])) if index < len(one.values) else 0.0 for one in series]
        for index in range(len(names))
    ]
    tick_values = nice_ticks(
        0.0, max((sum(stack) for stack in stacks), default=0.0) or 1.0, integer=integer, max_ticks=6
    )
    high = tick_values[-1]
    tick_texts = [_number(value) for value in tick_values]
    legend = [(clean_label(one.name, 30), one.colour) for one in series if one.name]

    left = (
        8
        + (18 if axis_label else 0)
        + max(text_width(text, SMALL_FONT_SIZE) for text in tick_texts)
        + 8
    )
    right = 12.0
    plot_width = max(160.0, width - left - right)
    band = plot_width / len(names)
    column = min(band * 0.8, 90.0)
    widest = max(text_width(name, SMALL_FONT_SIZE) for name in names)
    slanted = widest > band - 6
    top = 10.0 + (22 if legend else 0)
    bottom = top + plot_height
    below = 30 + (widest * 0.5 if slanted else 0)
    total_width = math.ceil(left + plot_width + right)
    total_height = math.ceil(bottom + below)

    def y(value: float) -> float:
        return bottom - value / high * plot_height

    parts: list[str] = []
    for index, stack in enumerate(stacks):
        centre = left + (index + 0.5) * band
        base = 0.0
        for one, value in zip(series, stack, strict=True):
            parts.append(
                f'<rect class="nr-bar" x="{_n(centre - column / 2)}" y="{_n(y(base + value))}" '
                f'width="{_n(column)}" height="{_n(y(base) - y(base + value))}" fill="{_esc(one.colour_at(index))}"/>'
            )
            base += value
        parts.append(_line(centre, bottom, centre, bottom + 4, AXIS_COLOUR))
        if slanted:
            parts.append(
                f'<text class="nr-label" x="{_n(centre)}" y="{_n(bottom + 14)}" text-anchor="end" '
                f'font-size="{SMALL_FONT_SIZE}" transform="rotate(-30 {_n(centre)} {_n(bottom + 14)})">'
                f"{_esc(names[index])}</text>"
            )
        else:
            parts.append(
                _text(
                    centre,
                    bottom + 17,
                    names[index],
                    anchor="middle",
                    size=SMALL_FONT_SIZE,
                    css_class="nr-label",
                )
            )
    parts.append(_line(left, top, left, bottom, AXIS_COLOUR))
    parts.append(_line(left, bottom, left + plot_width, bottom, AXIS_COLOUR))
    for value, text in zip(tick_values, tick_texts, strict=True):
        parts.append(_line(left - 4, y(value), left, y(value), AXIS_COLOUR))
        parts.append(
            f'<text x="{_n(left - 7)}" y="{_n(y(value))}" dy="0.35em" text-anchor="end" '
            f'font-size="{SMALL_FONT_SIZE}">{_esc(text)}</text>'
        )
    if axis_label:
        middle = (top + bottom) / 2
        parts.append(
            f'<text x="{_n(20)}" y="{_n(middle)}" text-anchor="middle" transform="rotate(-90 20 {_n(middle)})">'
            f"{_esc(clean_label(axis_label, 40))}</text>"
        )
    parts += _legend(legend, left, 10)
    return _svg(total_width, total_height, parts)


def timeline(
    items: Sequence[TimelineItem],
    markers: Sequence[tuple[date, str]] = (),
    *,
    width: int = 700,
    label_limit: int = LABEL_LIMIT,
) -> str:
    """A dated timeline: one row per item (the first at the top) with a coloured dot on its day,
    ``markers`` as dashed vertical lines labelled above the plot (e.g. "30-day check-in"), where
    no label can cover a dot, and a few date ticks along the x axis. Returns "" when there is
    nothing to place."""
    if not items and not markers:
        return ""
    names = [clean_label(item.label, label_limit) for item in items]
    days = [item.day for item in items] + [day for day, _ in markers]
    first, last = min(days), max(days)
    pad = timedelta(days=max(2, round((last - first).days * 0.04)))
    start = first - pad if first - date.min > pad else date.min
    end = last + pad if date.max - last > pad else date.max
    span = max(1, (end - start).days)
    ticks = _date_ticks(start, end)

    band = 24.0
    left = 8 + max((text_width(name, SMALL_FONT_SIZE) for name in names), default=0.0) + 10
    right = 16.0
    plot_width = max(240.0, width - left - right)
    marker_labels = [clean_label(label, 30) for _, label in markers]
    top = 10.0 + max(
        (text_width(label, MARKER_FONT_SIZE) + 6 for label in marker_labels), default=0.0
    )
    plot_height = max(110.0, band * len(names))
    bottom = top + plot_height
    total_width = math.ceil(left + plot_width + right)
    total_height = math.ceil(bottom + 40)

    def x(day: date) -> float:
        return left + (day - start).days / span * plot_width

    parts = [_line(x(day), top, x(day), bottom, GRID_COLOUR, 0.8) for day, _, _ in ticks]
    for (day, _), label in zip(markers, marker_labels, strict=True):
        parts.append(
            f'<line class="nr-marker" x1="{_n(x(day))}" y1="{_n(top - 4)}" x2="{_n(x(day))}" y2="{_n(bottom)}" '
            f'stroke="{PALETTE[6]}" stroke-width="1" stroke-dasharray="4 3"/>'
        )
        # Turned to read upwards, ending just above the plot, beside its line.
        parts.append(
            f'<text class="nr-marker-label" x="{_n(x(day) - 3)}" y="{_n(top - 4)}" text-anchor="start" '
            f'font-size="{MARKER_FONT_SIZE}" fill="{PALETTE[6]}" '
            f'transform="rotate(-90 {_n(x(day) - 3)} {_n(top - 4)})">{_esc(label)}</text>'
        )
    for row, (item, name) in enumerate(zip(items, names, strict=True)):
        centre = top + (row + 0.5) * band
        parts.append(_line(left - 4, centre, left, centre, AXIS_COLOUR))
        parts.append(
            f'<text class="nr-label" x="{_n(left - 7)}" y="{_n(centre)}" dy="0.35em" text-anchor="end" '
            f'font-size="{SMALL_FONT_SIZE}">{_esc(name)}</text>'
        )
        parts.append(
            f'<circle class="nr-dot" cx="{_n(x(item.day))}" cy="{_n(centre)}" r="5" fill="{_esc(item.colour)}"/>'
        )
    parts.append(_line(left, top, left, bottom, AXIS_COLOUR))
    parts.append(_line(left, bottom, left + plot_width, bottom, AXIS_COLOUR))
    for day, text, year in ticks:
        parts.append(_line(x(day), bottom, x(day), bottom + 4, AXIS_COLOUR))
        parts.append(_text(x(day), bottom + 17, text, anchor="middle", size=SMALL_FONT_SIZE))
        if year:
            parts.append(_text(x(day), bottom + 31, year, anchor="middle", size=SMALL_FONT_SIZE))
    return _svg(total_width, total_height, parts)


def rings(
    labels: Sequence[str], counts: Sequence[int], colours: Sequence[str], *, size: int = 360
) -> str:
    """Concentric rings, ``labels[0]`` the innermost disc, each with its label and count centred
    in its band (``colours`` is used in turn, innermost first). Returns "" with no labels."""
    if not labels or not colours:
        return ""
    centre = size / 2
    unit = (centre - 8) / len(labels)
    parts: list[str] = []
    for index in reversed(range(len(labels))):
        colour = _esc(colours[index % len(colours)])
        parts.append(
            f'<circle class="nr-ring" cx="{_n(centre)}" cy="{_n(centre)}" r="{_n((index + 1) * unit)}" '
            f'fill="{colour}" fill-opacity="0.25" stroke="{colour}" stroke-width="1.5"/>'
        )
    for index, label in enumerate(labels):
        y = centre - (index + 0.5) * unit if index else centre
        count = counts[index] if index < len(counts) else 0
        parts.append(
            f'<text class="nr-label" x="{_n(centre)}" y="{_n(y - 8)}" text-anchor="middle" font-size="13">'
            f"<tspan>{_esc(clean_label(label, 28))}</tspan>"
            f'<tspan x="{_n(centre)}" dy="17">{_esc(str(count))}</tspan></text>'
        )
    return _svg(size, size, parts)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _n(value: float) -> str:
    """A coordinate with one decimal at most, no "-0"."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _number(value: float) -> str:
    """A tick value as people write it, with a real minus sign."""
    text = str(int(value)) if value == int(value) else f"{value:g}"
    return text.replace("-", "\u2212")


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, stroke_width: float = 1) -> str:
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{colour}" '
        f'stroke-width="{_n(stroke_width)}"/>'
    )


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: int = FONT_SIZE,
    css_class: str = "",
) -> str:
    """A ``<text>`` element; ``text`` is escaped here (clean and shorten it first)."""
    attributes = f' class="{css_class}"' if css_class else ""
    if size != FONT_SIZE:
        attributes += f' font-size="{size}"'
    return f'<text{attributes} x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}">{_esc(text)}</text>'


def _legend(entries: Sequence[tuple[str, str]], x: float, y: float) -> list[str]:
    """A row of colour swatches with names, starting at (x, y) as the top left."""
    parts: list[str] = []
    for name, colour in entries:
        parts.append(
            f'<rect class="nr-swatch" x="{_n(x)}" y="{_n(y + 1)}" width="10" height="10" '
            f'fill="{_esc(colour)}"/>'
        )
        parts.append(_text(x + 14, y + 10, name, size=SMALL_FONT_SIZE, css_class="nr-legend"))
        x += 14 + text_width(name, SMALL_FONT_SIZE) + 14
    return parts


def _date_ticks(start: date, end: date, max_ticks: int = 6) -> list[tuple[date, str, str]]:
    """A few round dates between ``start`` and ``end``: ``(day, label, year line)``.

    Days (every 1, 2, 7 or 14, weeks from Mondays), else months (every 1, 2, 3 or 6), else
    years. The year is written under the first tick and wherever it changes.
    """
    span = (end - start).days
    candidates: list[list[tuple[date, str]]] = []
    for step in (1, 2, 7, 14):
        if span // step + 1 > max_ticks * 2:
            continue
        ordinals = range(start.toordinal(), end.toordinal() + 1)
        if step <= 2:
            picked = [o for o in ordinals if o % step == 0]
        else:
            picked = [o for o in ordinals if (o - 1) % step == 0]
        candidates.append(
            [(day, f"{day.day} {_MONTHS[day.month - 1]}") for day in map(date.fromordinal, picked)]
        )
    months = (end.year - start.year) * 12 + end.month - start.month
    for step in (1, 2, 3, 6):
        if months // step > max_ticks * 2:
            continue
        picked_months = []
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            day = date(year, month, 1)
            if day >= start and (month - 1) % step == 0:
                picked_months.append((day, _MONTHS[month - 1]))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        candidates.append(picked_months)
    for ticks in candidates:
        if 2 <= len(ticks) <= max_ticks:
            return _with_years(ticks)
    years = end.year - start.year
    step = next(
        (
            s
            for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
            if years // s < max_ticks
        ),
        10000,
    )
    first_year = (start.year + step - 1) // step * step
    ticks_years = [
        (date(year, 1, 1), str(year), "")
        for year in range(max(first_year, 1), end.year + 1, step)
        if date(year, 1, 1) >= start
    ]
    if ticks_years:
        return ticks_years
    for ticks in candidates:  # a short span where no round date fits well: take the closest
        if ticks:
            return _with_years(ticks[:: max(1, math.ceil(len(ticks) / max_ticks))])
    return [(start, f"{start.day} {_MONTHS[start.month - 1]}", str(start.year))]


def _with_years(ticks: list[tuple[date, str]]) -> list[tuple[date, str, str]]:
    marked: list[tuple[date, str, str]] = []
    previous: int | None = None
    for day, label in ticks:
        marked.append((day, label, str(day.year) if day.year != previous else ""))
        previous = day.year
    return marked


def _svg(width: float, height: float, parts: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}" '
        f'fill="{TEXT_COLOUR}"><rect width="100%" height="100%" fill="#ffffff"/>'
        + "".join(parts)
        + "</svg>"
    )

"""The hand-written SVG charts: well-formed, safe with any label, and drawn to scale."""

from __future__ import annotations

import base64
import re
from datetime import date
from xml.etree import ElementTree

import pytest

from kit.core.content import load_content
from kit.reports.cohort import _chart
from kit.room.group_views import GroupView
from kit.steps.commit_and_check_out.mood_shift import mood_chart
from kit.steps.follow_up.progress import progress_chart
from kit.steps.plan.charts import roadmap_chart
from kit.steps.plan.roadmap import Milestone
from kit.steps.position.decision import Outcome
from kit.steps.position.report import matrix_chart
from kit.workbook.charts import (
    LABEL_LIMIT,
    PALETTE,
    Series,
    TimelineItem,
    bar_rows,
    figure_html,
    nice_ticks,
    rings,
    stacked_columns,
    text_width,
    timeline,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = ("<script>alert(1)</script>", "\"quotes\" & 'apos'", "x" * 500, "nul\x00 and\nnewline")


def parse(svg: str) -> ElementTree.Element:
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    return root


def texts(root: ElementTree.Element, css_class: str | None = None) -> list[str]:
    """The text of every ``<text>`` (of one class), each ``<tspan>`` line on its own."""
    found = []
    for element in root.iter(f"{SVG}text"):
        if css_class is None or element.get("class") == css_class:
            lines = [span.text or "" for span in element.iter(f"{SVG}tspan")]
            found += lines or ["".join(element.itertext())]
    return found


def bars(root: ElementTree.Element) -> list[dict[str, float]]:
    return [
        {key: float(rect.get(key, "0")) for key in ("x", "y", "width", "height")}
        for rect in root.iter(f"{SVG}rect")
        if rect.get("class") == "nr-bar"
    ]


def svg_of(figure: str) -> str:
    match = re.search(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", figure)
    assert match, figure
    return base64.b64decode(match.group(1)).decode("utf-8")


def every_builder(label: str) -> dict[str, str]:
    return {
        "bar_rows": bar_rows(
            [label, "b"], [Series(label, [1, -2], value_labels=[label, "-2"])], axis_label=label
        ),
        "stacked_columns": stacked_columns(
            [label, "b"], [Series(label, [1, 2]), Series("b", [3, 0])], axis_label=label
        ),
        "timeline": timeline(
            [TimelineItem(date(2025, 3, 1), label), TimelineItem(date(2025, 5, 1), "b")],
            [(date(2025, 4, 1), label)],
        ),
        "rings": rings([label, "b", "c"], [1, 2, 3], PALETTE),
    }


@pytest.mark.parametrize("label", HOSTILE)
def test_every_builder_escapes_and_shortens_hostile_labels(label: str) -> None:
    for name, svg in every_builder(label).items():
        root = parse(svg)  # well-formed XML whatever the label holds
        assert "<script" not in svg and "\x00" not in svg, name
        assert not [
            element for element in root.iter() if element.tag in ("script", f"{SVG}script")
        ], name
        assert all(len(text) <= LABEL_LIMIT for text in texts(root, "nr-label")), name
        assert all(len(text) <= 80 for text in texts(root)), (
            "axis labels may be longer, never unbounded"
        )
        if len(label) > LABEL_LIMIT:
            assert any(text.startswith("xxx") and text.endswith("…") for text in texts(root)), name
        elif "<script>" in label:
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg, name
            assert "<script>alert(1)</script>" in texts(root), name


def test_text_and_size_are_set_for_use_as_an_image() -> None:
    for name, svg in every_builder("a").items():
        root = parse(svg)
        assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"'), name
        assert float(root.get("width", "0")) > 100 and float(root.get("height", "0")) > 100, name
        assert "system-ui" in root.get("font-family", ""), name


def test_the_same_input_gives_the_same_bytes() -> None:
    assert every_builder("same") == every_builder("same")


def test_bars_scale_with_their_values() -> None:
    root = parse(bar_rows(["one", "two", "none"], [Series("", [2, 4, 0])]))
    one, two, none = bars(root)
    assert two["width"] == pytest.approx(2 * one["width"], abs=0.2)
    assert one["x"] == two["x"] and none["width"] == 0
    assert one["y"] < two["y"] < none["y"], "the first row is at the top"


def test_negative_values_extend_left_of_the_zero_line() -> None:
    svg = bar_rows(["up", "down"], [Series("", [3, -2], value_labels=["+3", "-2"])])
    root = parse(svg)
    (zero,) = [line for line in root.iter(f"{SVG}line") if line.get("class") == "nr-zero"]
    zero_x = float(zero.get("x1", "nan"))
    up, down = bars(root)
    assert up["x"] == pytest.approx(zero_x, abs=0.1)
    assert down["x"] < zero_x and down["x"] + down["width"] == pytest.approx(zero_x, abs=0.1)
    assert up["width"] == pytest.approx(1.5 * down["width"], abs=0.2)
    labels = {
        "".join(text.itertext()): text
        for text in root.iter(f"{SVG}text")
        if text.get("class") == "nr-value"
    }
    assert (
        labels["-2"].get("text-anchor") == "end" and float(labels["-2"].get("x", "0")) < down["x"]
    )
    assert (
        labels["+3"].get("text-anchor") == "start"
        and float(labels["+3"].get("x", "0")) > up["x"] + up["width"]
    )
    label_gutter = max(
        float(text.get("x", "0"))
        for text in root.iter(f"{SVG}text")
        if text.get("class") == "nr-label"
    )
    assert float(labels["-2"].get("x", "0")) - 6.6 * 2 > label_gutter, (
        "the value label stays clear of the row labels"
    )


def test_grouped_rows_have_a_legend_naming_the_series_and_custom_ticks() -> None:
    ticks = [(0, "none"), (1, "mild"), (2, "clear"), (3, "strong")]
    root = parse(
        bar_rows(
            ["Joy", "Fear"],
            [Series("Check-in", [3, 0], PALETTE[1]), Series("Check-out", [1, 2], PALETTE[0])],
            ticks=ticks,
        )
    )
    assert texts(root, "nr-legend") == ["Check-in", "Check-out"]
    assert [text for text in texts(root) if text in ("none", "mild", "clear", "strong")] == [
        "none",
        "mild",
        "clear",
        "strong",
    ]
    joy_in, joy_out, fear_in, fear_out = bars(root)
    assert joy_in["width"] == pytest.approx(3 * joy_out["width"], abs=0.2)
    assert joy_in["y"] < joy_out["y"] < fear_in["y"] < fear_out["y"]
    swatches = [
        rect.get("fill") for rect in root.iter(f"{SVG}rect") if rect.get("class") == "nr-swatch"
    ]
    assert swatches == [PALETTE[1], PALETTE[0]]


def test_a_single_unnamed_series_has_per_bar_colours_and_no_legend() -> None:
    root = parse(
        bar_rows(["a", "b"], [Series("", [1, 2], colours=["#111111", "#222222"])], integer=True)
    )
    assert texts(root, "nr-legend") == []
    assert [
        rect.get("fill") for rect in root.iter(f"{SVG}rect") if rect.get("class") == "nr-bar"
    ] == ["#111111", "#222222"]


def test_stacked_columns_stack_in_order_with_a_legend() -> None:
    root = parse(
        stacked_columns(
            ["1 Mar", "1 Apr"],
            [Series("Done", [1, 2]), Series("Moving", [3, 2])],
            axis_label="items",
        )
    )
    assert texts(root, "nr-legend") == ["Done", "Moving"]
    done_1, moving_1, done_2, moving_2 = bars(root)
    assert moving_1["height"] == pytest.approx(3 * done_1["height"], abs=0.2)
    assert moving_1["y"] + moving_1["height"] == pytest.approx(done_1["y"], abs=0.1), (
        "stacked on top"
    )
    assert done_1["height"] + moving_1["height"] == pytest.approx(
        done_2["height"] + moving_2["height"], abs=0.2
    )
    assert done_1["x"] < done_2["x"]
    assert "items" in texts(root)


def test_the_timeline_places_later_dates_further_right() -> None:
    items = [
        TimelineItem(date(2025, 3, 1), "first"),
        TimelineItem(date(2025, 6, 1), "third"),
        TimelineItem(date(2025, 4, 1), "second"),
    ]
    root = parse(timeline(items, [(date(2025, 5, 1), "60-day check-in")]))
    dots = [float(circle.get("cx", "nan")) for circle in root.iter(f"{SVG}circle")]
    cys = [float(circle.get("cy", "nan")) for circle in root.iter(f"{SVG}circle")]
    assert dots[0] < dots[2] < dots[1]
    assert cys == sorted(cys), "rows keep their order, the first at the top"
    (marker,) = [line for line in root.iter(f"{SVG}line") if line.get("class") == "nr-marker"]
    assert dots[2] < float(marker.get("x1", "nan")) < dots[1]
    assert marker.get("stroke-dasharray")
    assert "60-day check-in" in texts(root, "nr-marker-label")
    (label,) = [text for text in root.iter(f"{SVG}text") if text.get("class") == "nr-marker-label"]
    assert "rotate(-90" in label.get("transform", ""), "the label reads upwards"
    # Read upwards, a label anchored at its start lies above its y; anchored at its end, below it.
    lowest = float(label.get("y", "nan")) + (
        0 if label.get("text-anchor") == "start" else text_width("60-day check-in")
    )
    assert lowest < min(cys) - 5, "the check-in label sits above the rows, covering no dot"
    assert {"Mar", "Apr", "May", "Jun", "2025"} <= set(texts(root))


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(2025, 3, 1), date(2025, 3, 1)),
        (date(2025, 3, 1), date(2025, 3, 20)),
        (date(2025, 12, 1), date(2027, 2, 1)),
        (date(2025, 1, 1), date(2090, 1, 1)),
        (date.min, date.max),
    ],
)
def test_the_timeline_copes_with_any_span(first: date, last: date) -> None:
    root = parse(timeline([TimelineItem(first, "a"), TimelineItem(last, "b")]))
    first_x, last_x = (float(circle.get("cx", "nan")) for circle in root.iter(f"{SVG}circle"))
    assert first_x < last_x or first == last
    date_ticks = [text for text in texts(root) if text not in ("a", "b")]
    assert date_ticks, "at least one date along the axis"


def test_rings_put_the_first_label_at_the_centre() -> None:
    root = parse(
        rings(["I can change", "I can influence", "I must let go"], [2, 1, 3], PALETTE[:3])
    )
    radii = [float(circle.get("r", "0")) for circle in root.iter(f"{SVG}circle")]
    assert radii == sorted(radii, reverse=True), "drawn from the outside in"
    assert texts(root, "nr-label") == [
        "I can change",
        "2",
        "I can influence",
        "1",
        "I must let go",
        "3",
    ]
    centre = float(root.get("width", "0")) / 2
    labels = [text for text in root.iter(f"{SVG}text") if text.get("class") == "nr-label"]
    assert float(labels[0].get("y", "0")) < centre < float(labels[0].get("y", "0")) + 17


def test_nothing_to_draw_gives_nothing() -> None:
    assert bar_rows([], [Series("", [])]) == ""
    assert stacked_columns([], [Series("a", [])]) == ""
    assert timeline([], []) == ""
    assert rings([], [], PALETTE) == ""
    assert roadmap_chart([], []) == ""
    assert progress_chart([]) == ""
    assert mood_chart({}, {}, load_content()) == ""
    assert _chart(GroupView("situation", "t", "shown", 5, 9, 9, "")) == ""


def test_nice_ticks_are_round_and_cover_the_values() -> None:
    assert nice_ticks(0, 3, integer=True) == [0, 1, 2, 3]
    assert nice_ticks(-3.5, 7) == [-4, -2, 0, 2, 4, 6, 8]
    assert nice_ticks(0, 0, integer=True) == [0, 1]
    assert nice_ticks(0, 0) == [0, 0.2, 0.4, 0.6, 0.8, 1]
    assert nice_ticks(0, 86) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(0, 0.3, integer=True) == [0, 1]


def test_figure_html_escapes_its_alt_text_and_caption() -> None:
    svg = bar_rows(["a"], [Series("", [1])])
    figure = figure_html(svg, alt="<b>\"x\" & 'y'</b>", caption="<i>c & d</i>")
    assert figure.startswith("<figure class='nr-chart'><img src='data:image/svg+xml;base64,")
    assert 'alt="&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt;">' in figure
    assert figure.endswith("<figcaption>&lt;i&gt;c &amp; d&lt;/i&gt;</figcaption></figure>")
    assert svg_of(figure) == svg
    assert "<figcaption>" not in figure_html(svg, alt="a")


def test_the_report_charts_are_svg_and_keep_participants_labels_escaped() -> None:
    outcome = Outcome("suggested", {"stay": 4.0, "own": -1.5}, ("stay",), "stay", 5.5, False, {})
    figure = matrix_chart(outcome, {"stay": "Stay", "own": "<script>alert('own')</script>"})
    root = parse(svg_of(figure))
    assert "<script>alert('own')</script>" in texts(root, "nr-label")
    assert texts(root, "nr-value") == ["+4", "-1.5"]
    assert [
        rect.get("fill") for rect in root.iter(f"{SVG}rect") if rect.get("class") == "nr-bar"
    ] == [PALETTE[0], "#c4ccd4"]
    milestones = [
        Milestone(date(2025, 3, day), f"<img src=x onerror=alert({day})>", "goal", f"g:{day}")
        for day in range(1, 29)
    ]
    page = roadmap_chart(milestones, [(30, date(2025, 4, 1))])
    root = parse(svg_of(page))
    assert len(list(root.iter(f"{SVG}circle"))) == 25, "at most 25 items are shown"
    assert "<img" not in svg_of(page)
    assert "<figure" in page and "Timeline of your plan with 25 dated items" in page

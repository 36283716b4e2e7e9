"""Report section for step 01: feelings named, the pull noticed, Monday morning, the kind words
(the harsh thought only when the person asked for it), the circle of control, support."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from kit.steps.feelings_and_control.answers import (
    CircleAnswer,
    CompassionAnswer,
    FacingColleaguesAnswer,
    NamedEmotionsAnswer,
    NotPersonalAnswer,
    ReflexesAnswer,
    SupportAnswer,
)
from kit.workbook.charts import PALETTE, figure_html, rings
from kit.workbook.report_context import ReportContext
from kit.workbook.templating import render


def render_section(ctx: ReportContext) -> str:
    emotions = ctx.answer("name_emotions", NamedEmotionsAnswer)
    reflexes = ctx.answer("reflexes", ReflexesAnswer)
    compassion = ctx.answer("compassion_rewrite", CompassionAnswer)
    not_personal = ctx.answer("not_personal", NotPersonalAnswer)
    circle = ctx.answer("circle_of_control", CircleAnswer)
    support = ctx.answer("support_people", SupportAnswer)
    facing = ctx.answer("facing_colleagues", FacingColleaguesAnswer)
    content = ctx.content
    facing_words = (
        ctx.exercise("facing_colleagues") if "facing_colleagues" in content.exercises else None
    )
    reflex_content = content.exercise("reflexes")
    circle_content = content.exercise("circle_of_control")
    support_content = content.exercise("support_people")
    zones = [
        {
            "value": option.value,
            "label": option.label,
            "texts": [item.text for item in circle.in_zone(option.value)] if circle else [],
        }
        for option in circle_content.options.get("zones", [])
    ]
    within_reach = sum(len(zone["texts"]) for zone in zones if zone["value"] != "let_go")
    adds_up = []
    if emotions and emotions.emotions:
        adds_up.append(f"You named {len(emotions.emotions)} feelings without judging them.")
    if circle and circle.items:
        adds_up.append(
            f"Of {len(circle.items)} parts of the situation, {within_reach} are within your reach."
        )
    if support and support.people:
        count = len(support.people)
        adds_up.append(f"{count} {'person' if count == 1 else 'people'} to lean on.")
    return render(
        "feelings_and_control/report.html.j2",
        adds_up=" ".join(adds_up),
        facing=facing,
        facing_title=facing_words.title if facing_words else "",
        facing_moves=[
            content.exercise("facing_colleagues").option_label("moves", value)
            for value in facing.moves
        ]
        if facing
        else [],
        emotions=emotions,
        emotion_words=[content.emotions[pick.word] for pick in emotions.emotions]
        if emotions
        else [],
        accepted_note=content.exercise("name_emotions").prompt("accepted"),
        reflexes=reflexes,
        pull_labels=[reflex_content.option_label("pulls", value) for value in reflexes.pulls]
        if reflexes
        else [],
        instead_labels=[reflex_content.option_label("instead", v) for v in reflexes.instead]
        if reflexes
        else [],
        compassion=compassion,
        not_personal=not_personal,
        explanation_labels=(
            [
                content.exercise("not_personal").option_label("explanations", v)
                for v in not_personal.explanations
            ]
            if not_personal
            else []
        ),
        circle=circle,
        zones=zones,
        unsorted=[item.text for item in circle.in_zone(None)] if circle else [],  # type: ignore[arg-type]
        acknowledge=circle_content.prompt("acknowledge"),
        circle_chart=_circle_chart(zones)
        if circle and any(zone["texts"] for zone in zones)
        else "",
        support=[
            {
                "who": support_content.option_label("relationship", person.relationship),
                "name": person.name,
                "how": support_content.option_label("how", person.how) if person.how else "",
                "first_step": person.first_step,
            }
            for person in (support.people if support else [])
        ],
    )


def _circle_chart(zones: list[dict[str, Any]]) -> Markup:
    """Three rings, innermost 'can change': a picture of where the person's energy can go."""
    counts = [len(zone["texts"]) for zone in zones]
    labels = [zone["label"] for zone in zones]

    svg = rings(labels, counts, (PALETTE[0], PALETTE[1], PALETTE[6]))
    alt = "Circle of control: " + "; ".join(
        f"{label}: {count}" for label, count in zip(labels, counts, strict=True)
    )
    # figure_html escapes its alt text and caption; the SVG is ours, so it is marked safe here.
    return Markup(
        figure_html(
            svg, alt=alt, caption="Your circle of control: what you can change sits at the centre."
        )
    )

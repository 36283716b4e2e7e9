"""Report section for step 00: the situation, the starting mood and the hopes for the day."""

from __future__ import annotations

from kit.steps.check_in.answers import HopesAnswer, SituationAnswer
from kit.workbook.mood import MoodAnswer
from kit.workbook.report_context import ReportContext
from kit.workbook.templating import render


def render_section(ctx: ReportContext) -> str:
    situation = ctx.answer("situation", SituationAnswer)
    mood = ctx.answer("mood_check_in", MoodAnswer)
    hopes = ctx.answer("hopes_for_today", HopesAnswer)
    situation_content = ctx.content.exercise("situation")
    hopes_content = ctx.content.exercise("hopes_for_today")
    return render(
        "check_in/report.html.j2",
        situation=situation,
        situation_label=situation_content.option_label("kind", situation.kind) if situation else "",
        how_long_ago_label=(
            situation_content.option_label("how_long_ago", situation.how_long_ago)
            if situation and situation.how_long_ago
            else ""
        ),
        mood=mood,
        mood_words=[ctx.content.emotions[pick.word] for pick in mood.emotions] if mood else [],
        hopes=hopes,
        hope_labels=[hopes_content.option_label("hopes", value) for value in hopes.hopes]
        if hopes
        else [],
    )

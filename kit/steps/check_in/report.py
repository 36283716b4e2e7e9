"""Report section for step 00: the situation and what it means for the path, the starting mood
and the hopes for the day."""

from __future__ import annotations

from kit.steps.check_in.answers import HopesAnswer, SituationAnswer
from kit.workbook.mood import MoodAnswer
from kit.workbook.report_context import ReportContext
from kit.workbook.templating import render


def render_section(ctx: ReportContext) -> str:
    situation = ctx.answer("situation", SituationAnswer)
    mood = ctx.answer("mood_check_in", MoodAnswer)
    hopes = ctx.answer("hopes_for_today", HopesAnswer)
    words = ctx.content.exercise("situation")
    hopes_content = ctx.content.exercise("hopes_for_today")
    mood_words = [ctx.content.emotions[pick.word] for pick in mood.emotions] if mood else []
    path = []
    if situation:
        path.append(words.prompt(f"path_{situation.kind}"))
        if ctx.situation.manager_unaware:
            path.append(words.prompt("path_manager_unaware"))
    adds_up = []
    if situation:
        kind = words.option_label("kind", situation.kind)
        when = (
            f", {words.option_label('how_long_ago', situation.how_long_ago).lower()}"
            if situation.how_long_ago
            else ""
        )
        adds_up.append(f"You came here because {_lower(kind)}{when}.")
    if mood_words:
        named = ", ".join(emotion.label for emotion in mood_words)
        adds_up.append(f"At the start you felt {named}.")
    return render(
        "check_in/report.html.j2",
        adds_up=" ".join(adds_up),
        situation=situation,
        situation_label=words.option_label("kind", situation.kind) if situation else "",
        stage_label=words.option_label("stage", situation.stage)
        if situation and situation.stage
        else "",
        manager_label=words.option_label("manager_knows", situation.manager_knows)
        if situation and situation.manager_knows
        else "",
        how_long_ago_label=(
            words.option_label("how_long_ago", situation.how_long_ago)
            if situation and situation.how_long_ago
            else ""
        ),
        path=" ".join(sentence for sentence in path if sentence),
        mood=mood,
        mood_words=mood_words,
        hopes=hopes,
        hope_labels=[hopes_content.option_label("hopes", value) for value in hopes.hopes]
        if hopes
        else [],
    )


def _lower(text: str) -> str:
    """ "I was passed over" reads as "you were passed over" inside a sentence to the person."""
    if text.startswith("I was "):
        return "you were " + text[len("I was ") :]
    if text.startswith("I "):
        return "you " + text[len("I ") :]
    return text[:1].lower() + text[1:]

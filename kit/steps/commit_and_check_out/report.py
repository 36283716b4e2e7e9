"""Report section for step 06: strengths, commitments, the accountability partner, the advice
(and whether it was shared), the mood at the start beside the mood at the end, and feedback."""

from __future__ import annotations

from kit.steps.commit_and_check_out.answers import (
    AccountabilityAnswer,
    AdviceAnswer,
    ResilienceAnswer,
    SessionFeedbackAnswer,
    StrengthsRecapAnswer,
)
from kit.steps.commit_and_check_out.inputs import strengths
from kit.steps.commit_and_check_out.mood_shift import mood_chart
from kit.workbook.dates import parse_day
from kit.workbook.mood import MoodAnswer
from kit.workbook.partners import ACCOUNTABILITY_PARTNER, PARTNER_LEFT, read_partners
from kit.workbook.raw_answers import latest_values
from kit.workbook.report_context import ReportContext
from kit.workbook.templating import render


def render_section(ctx: ReportContext) -> str:
    values = latest_values(ctx.history)
    recap = ctx.answer("strengths_recap", StrengthsRecapAnswer)
    commitments = ctx.answer("resilience_commitments", ResilienceAnswer)
    accountability = ctx.answer("accountability", AccountabilityAnswer)
    advice = ctx.answer("advice_for_others", AdviceAnswer)
    check_in = ctx.answer("mood_check_in", MoodAnswer)
    check_out = ctx.answer("mood_check_out", MoodAnswer)
    feedback = ctx.answer("session_feedback", SessionFeedbackAnswer)
    anything = any((recap, commitments, accountability, advice, check_out, feedback))
    before = {pick.family: pick.intensity for pick in check_in.emotions} if check_in else {}
    after = {pick.family: pick.intensity for pick in check_out.emotions} if check_out else {}
    how_content = ctx.content.exercises.get("accountability")
    next_day = parse_day(commitments.next_step_due) if commitments else None
    adds_up = []
    if recap and recap.lean_on:
        adds_up.append(f"The strength you lean on: {recap.lean_on}.")
    if commitments and commitments.next_step:
        when = f", by {next_day:%A %d %B}" if next_day else ""
        adds_up.append(f"Your next step: {commitments.next_step}{when}.")
    return render(
        "commit_and_check_out/report.html.j2",
        adds_up=" ".join(adds_up),
        anything=anything,
        strengths=[item.text for item in strengths(values)],
        recap=recap,
        commitments=commitments,
        next_step_due=next_day,
        accountability=accountability,
        how_label=(
            how_content.option_label("how", accountability.how)
            if accountability and accountability.how and how_content
            else ""
        ),
        paired=read_partners(values.get(ACCOUNTABILITY_PARTNER), ctx.partner_names),
        partner_left=PARTNER_LEFT,
        advice=advice,
        mood_chart=mood_chart(before, after, ctx.content)
        if check_out and (before or after)
        else "",
        check_out_words=[ctx.content.emotions[pick.word] for pick in check_out.emotions]
        if check_out
        else [],
        feedback=feedback,
    )

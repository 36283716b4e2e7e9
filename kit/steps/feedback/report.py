"""Report section for step 02: the ask (with its date, what came back and the fallback when
nothing did), the meeting, how to hear it, the sorted feedback and the self-review. A layoff
skips the step, and the section says so."""

from __future__ import annotations

from markupsafe import Markup

from kit.core.vocabularies import load_onet_skills
from kit.steps.feedback.answers import (
    FeedbackSortAnswer,
    HearingFeedbackAnswer,
    MeetingGoalsAnswer,
    QuestionBankAnswer,
    RequestAnswer,
    SelfReviewAnswer,
    WhomAnswer,
)
from kit.steps.feedback.request import CATEGORY_ORDER, SortedFeedback, compose_request
from kit.workbook.charts import PALETTE, Series, bar_rows, figure_html
from kit.workbook.dates import parse_day
from kit.workbook.report_context import ReportContext
from kit.workbook.templating import render

NO_ANSWER = ("no_reply", "no_feedback")


def render_section(ctx: ReportContext) -> str:
    content = ctx.content
    if not ctx.shows("feedback_whom"):
        return render("feedback/report.html.j2", skipped=ctx.exercise("feedback_whom").note)
    whom = ctx.answer("feedback_whom", WhomAnswer)
    request = ctx.answer("feedback_request", RequestAnswer)
    questions = ctx.answer("question_bank", QuestionBankAnswer)
    goals = ctx.answer("meeting_goals", MeetingGoalsAnswer)
    sort = ctx.answer("feedback_sort", FeedbackSortAnswer)
    review = ctx.answer("self_review", SelfReviewAnswer)
    hearing = ctx.answer("hearing_feedback", HearingFeedbackAnswer)
    sorted_feedback = SortedFeedback.of(sort)
    skills = load_onet_skills(content.directory)
    sort_content = content.exercise("feedback_sort")
    goals_content = content.exercise("meeting_goals")
    review_content = content.exercise("self_review")
    request_content = content.exercise("feedback_request")
    column_labels = {
        value: sort_content.prompt(f"column_{value}")
        or sort_content.option_label("category", value)
        for value in CATEGORY_ORDER
    }
    request_words = ctx.exercise("feedback_request")
    reply = request.reply if request else None
    return render(
        "feedback/report.html.j2",
        skipped="",
        show_sort=ctx.shows("feedback_sort"),
        adds_up=_adds_up(sorted_feedback, request, ctx),
        send_by=parse_day(request.send_by) if request else None,
        reply_label=request_content.option_label("reply", reply) if reply else "",
        fallback=request_words.prompt("fallback") if reply in NO_ANSWER else "",
        follow_up_on=parse_day(request.follow_up_on) if request else None,
        meeting_on=parse_day(goals.meeting_on) if goals else None,
        habits=[
            content.exercise("hearing_feedback").option_label("habits", value)
            for value in hearing.habits
        ]
        if hearing
        else [],
        practised=bool(hearing and hearing.practised),
        trait_dates={item.id: parse_day(item.due) for item in sorted_feedback.traits},
        whom_labels=[content.exercise("feedback_whom").option_label("whom", v) for v in whom.whom]
        if whom
        else [],
        whom=whom,
        message=(request.message or compose_request(request_content, request.model_dump()))
        if request
        else "",
        questions=[
            content.exercise("question_bank").option_label("questions", v)
            for v in questions.questions
        ]
        if questions
        else [],
        own_questions=questions.own_questions if questions else "",
        goals=[
            {
                "label": option.label,
                "aimed": option.value in goals.aims,
                "done": option.value in goals.achieved,
            }
            for option in goals_content.options.get("goals", [])
            if option.value in goals.aims or option.value in goals.achieved
        ]
        if goals
        else [],
        goals_notes=goals.notes if goals else "",
        feedback=sorted_feedback,
        column_labels=column_labels,
        gap_kind_labels={
            option.value: option.label for option in sort_content.options.get("gap_kind", [])
        },
        skill_names={element_id: skill.name for element_id, skill in skills.skills.items()},
        uses_skills=any(item.onet_skill for item in sorted_feedback.gaps),
        attribution=skills.attribution,
        feedback_chart=_feedback_chart(sorted_feedback, column_labels)
        if sorted_feedback.total
        else "",
        review=[
            {
                "label": option.label,
                "rating": review.ratings.get(option.value),
                "note": review.notes.get(option.value, ""),
            }
            for option in review_content.options.get("areas", [])
            if option.value in review.ratings or option.value in review.notes
        ]
        if review
        else [],
    )


def _adds_up(feedback: SortedFeedback, request: RequestAnswer | None, ctx: ReportContext) -> str:
    """Two lines on where the feedback stands."""
    if feedback.total:
        counts = feedback.counts
        planned = sum(1 for item in feedback.gaps if item.action) + sum(
            1 for item in feedback.traits if item.workaround
        )
        return (
            f"You heard {counts['strength']} strengths, {counts['gap']} gaps you can close and "
            f"{counts['trait']} traits to work around. {planned} of the "
            f"{counts['gap'] + counts['trait']} that need something have a next step."
        )
    if not ctx.shows("feedback_request"):
        return "No decision yet, so no feedback: you have your questions ready in case it is a no."
    if request is None:
        return "No feedback yet, and no request written. Five minutes in step 02 changes that."
    if request.reply == "no_feedback":
        return "No feedback is coming from them. Your own review, below, takes its place."
    if request.reply:
        return "Your request has gone. When you have had the conversation, sort what you heard."
    due = parse_day(request.send_by)
    when = f" by {due:%d %B}" if due else ""
    return f"No feedback yet. Your request is written; send it{when}."


def _feedback_chart(feedback: SortedFeedback, column_labels: dict[str, str]) -> Markup:
    """One bar per group: how the feedback divides between strengths, gaps and traits."""
    counts = feedback.counts
    labels = [column_labels[value] for value in CATEGORY_ORDER]
    values = [counts[value] for value in CATEGORY_ORDER]

    svg = bar_rows(
        labels,
        [
            Series(
                "",
                values,
                colours=[PALETTE[0], PALETTE[1], PALETTE[2]][: len(values)],
                value_labels=[str(value) for value in values],
            )
        ],
        integer=True,
        axis_label="pieces of feedback",
    )
    alt = "Your feedback by group: " + ", ".join(
        f"{label}: {value}" for label, value in zip(labels, values, strict=True)
    )
    if feedback.unsorted:
        alt += f"; {len(feedback.unsorted)} not sorted yet"
    # figure_html escapes its alt text and caption; the SVG is ours, so it is marked safe here.
    return Markup(figure_html(svg, alt=alt, caption="How the feedback you received divides up."))

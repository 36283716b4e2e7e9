"""Report section for step 02: the ask, the meeting aims, the sorted feedback and the self-review."""

from __future__ import annotations

from markupsafe import Markup

from kit.core.vocabularies import load_onet_skills
from kit.steps.feedback.answers import (
    FeedbackSortAnswer,
    MeetingGoalsAnswer,
    QuestionBankAnswer,
    RequestAnswer,
    SelfReviewAnswer,
    WhomAnswer,
)
from kit.steps.feedback.request import CATEGORY_ORDER, SortedFeedback, compose_request
from kit.workbook.charts import PALETTE, Series, bar_rows, figure_html
from kit.workbook.report_context import ReportContext
from kit.workbook.templating import render


def render_section(ctx: ReportContext) -> str:
    content = ctx.content
    whom = ctx.answer("feedback_whom", WhomAnswer)
    request = ctx.answer("feedback_request", RequestAnswer)
    questions = ctx.answer("question_bank", QuestionBankAnswer)
    goals = ctx.answer("meeting_goals", MeetingGoalsAnswer)
    sort = ctx.answer("feedback_sort", FeedbackSortAnswer)
    review = ctx.answer("self_review", SelfReviewAnswer)
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
    return render(
        "feedback/report.html.j2",
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

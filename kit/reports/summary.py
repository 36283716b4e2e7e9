"""The report's first page: situation, decision, the top three goals with dates, and the
next step this week. It is the page a person pins up, so it is short and prints on its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kit.steps.check_in.answers import SituationAnswer
from kit.steps.commit_and_check_out.answers import ResilienceAnswer
from kit.steps.follow_up.answers import FollowUpReviewAnswer
from kit.steps.follow_up.progress import progress_counts
from kit.steps.plan import inputs as plan_inputs
from kit.steps.plan.answers import Goal, PlanGoalsAnswer
from kit.steps.plan.roadmap import Milestone, milestones
from kit.workbook.dates import parse_day
from kit.workbook.raw_answers import latest_values
from kit.workbook.report_context import ReportContext
from kit.workbook.templating import render

TOP_GOALS = 3
THIS_WEEK = timedelta(days=7)


@dataclass(frozen=True)
class NextStep:
    text: str
    due: date | None
    source: str


def top_goals(answer: PlanGoalsAnswer | None, limit: int = TOP_GOALS) -> list[Goal]:
    """Short-term goals first, each group by date (undated last), in the person's order otherwise."""
    if answer is None:
        return []
    ranked = sorted(
        enumerate(answer.goals),
        key=lambda pair: (
            pair[1].horizon != "short",
            pair[1].due is None,
            pair[1].due or "",
            pair[0],
        ),
    )
    return [goal for _position, goal in ranked[:limit]]


def next_step(ctx: ReportContext, upcoming: list[Milestone]) -> NextStep | None:
    """The step-06 commitment, else the earliest open milestone within a week of the report."""
    commitment = ctx.answer("resilience_commitments", ResilienceAnswer)
    if commitment is not None and commitment.next_step:
        return NextStep(commitment.next_step, parse_day(commitment.next_step_due), "commitment")
    soon = [m for m in upcoming if ctx.generated_on <= m.day <= ctx.generated_on + THIS_WEEK]
    if soon:
        return NextStep(soon[0].title, soon[0].day, "plan")
    return None


def render_section(ctx: ReportContext) -> str:
    values = latest_values(ctx.history)
    situation = ctx.answer("situation", SituationAnswer)
    situation_content = ctx.content.exercises.get("situation")
    goals = top_goals(ctx.answer("plan_goals", PlanGoalsAnswer))
    horizon = ctx.content.exercises.get("plan_goals")
    review = ctx.answer("follow_up_review", FollowUpReviewAnswer)
    rounds = progress_counts(review.model_dump()["rounds"]) if review else []
    return render(
        "summary.html.j2",
        situation=situation,
        situation_label=(
            situation_content.option_label("kind", situation.kind)
            if situation and situation_content
            else ""
        ),
        decision=plan_inputs.decision(values, ctx.content),
        goals=[
            {
                "text": goal.text,
                "due": parse_day(goal.due),
                "horizon": horizon.option_label("horizon", goal.horizon)
                if horizon
                else goal.horizon,
            }
            for goal in goals
        ],
        next_step=next_step(ctx, milestones(values)),
        last_round=rounds[-1] if rounds else None,
        round_count=len(rounds),
    )

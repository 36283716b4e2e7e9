"""Report section for step 05: goals with their SMART check, the skill, visibility and network
plans, the applications tracker, and the roadmap chart with the check-in dates."""

from __future__ import annotations

from typing import Any

from kit.steps.plan import inputs as plan_inputs
from kit.steps.plan.answers import (
    ApplicationsAnswer,
    NetworkPlanAnswer,
    PlanGoalsAnswer,
    SkillPlanAnswer,
    VisibilityPlanAnswer,
)
from kit.steps.plan.charts import roadmap_chart
from kit.steps.plan.roadmap import check_in_days, milestones
from kit.steps.plan.smart import check_goal, words_of
from kit.workbook.dates import parse_day
from kit.workbook.raw_answers import latest_values
from kit.workbook.report_context import ReportContext
from kit.workbook.templating import render


def _label(ctx: ReportContext, exercise_id: str, option_list: str, value: str | None) -> str:
    exercise = ctx.content.exercises.get(exercise_id)
    if not value:
        return ""
    return exercise.option_label(option_list, value) if exercise else value


def render_section(ctx: ReportContext) -> str:
    values = latest_values(ctx.history)
    goals = ctx.answer("plan_goals", PlanGoalsAnswer)
    skills = ctx.answer("skill_plan", SkillPlanAnswer)
    visibility = ctx.answer("visibility_plan", VisibilityPlanAnswer)
    network = ctx.answer("network_plan", NetworkPlanAnswer)
    applications = ctx.answer("applications", ApplicationsAnswer)
    role = str(values.get("situation", {}).get("role") or "")
    context_words = frozenset(
        word
        for text in [role, *(gap.text for gap in plan_inputs.gaps(values))]
        for word in words_of(text)
        if len(word) > 3
    )
    goal_rows: list[dict[str, Any]] = []
    for goal in goals.goals if goals else []:
        check = check_goal(
            goal.text,
            parse_day(goal.due),
            goal.horizon,
            ctx.generated_on,
            why=goal.why,
            context_words=context_words,
        )
        goal_rows.append(
            {
                "text": goal.text,
                "why": goal.why,
                "due": parse_day(goal.due),
                "horizon": _label(ctx, "plan_goals", "horizon", goal.horizon),
                "letters": check.letters,
                "hints": check.hints,
            }
        )
    research_options = (
        ctx.content.exercises["applications"].options.get("research", [])
        if "applications" in ctx.content.exercises
        else []
    )
    dated = milestones(values)
    check_ins = check_in_days(values, ctx.generated_on) if dated or goals else []
    chart = roadmap_chart(dated, check_ins) if dated else ""
    has_plan = any(
        (
            goals and goals.goals,
            skills and skills.items,
            visibility and visibility.items,
            network and network.items,
            applications and applications.targets,
        )
    )
    return render(
        "plan/report.html.j2",
        has_plan=has_plan,
        goals=goal_rows,
        skills=[
            {
                "skill": item.skill,
                "how": _label(ctx, "skill_plan", "how", item.how),
                "first_step": item.first_step,
                "due": parse_day(item.due),
            }
            for item in (skills.items if skills else [])
        ],
        gap_count=len(plan_inputs.gaps(values)),
        visibility=[
            {"label": item.label, "action": item.action, "due": parse_day(item.due)}
            for item in (visibility.items if visibility else [])
        ],
        network=[
            {
                "kind": _label(ctx, "network_plan", "kind", item.kind),
                "who": item.who,
                "next_step": item.next_step,
                "due": parse_day(item.due),
            }
            for item in (network.items if network else [])
        ],
        applications=applications,
        targets=[
            {
                "company": target.company,
                "role": target.role,
                "research": [
                    (option.label, option.value in target.research) for option in research_options
                ],
                "status": _label(ctx, "applications", "status", target.status),
                "note": target.note,
            }
            for target in (applications.targets if applications else [])
        ],
        external=plan_inputs.situation_kind(values) == "external_job",
        chart=chart,
        check_ins=check_ins,
        participant_id=ctx.participant.id,
    )

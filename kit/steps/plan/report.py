"""Report section for step 05: goals with their SMART check, the skill, visibility and network
plans, the applications tracker (each with its "apply by" and "why me"), money and references
after a layoff, and the roadmap chart with the check-in dates. Parts the person's path skips
are left out."""

from __future__ import annotations

from typing import Any

from kit.steps.plan import inputs as plan_inputs
from kit.steps.plan.answers import (
    ApplicationsAnswer,
    MoneyAndReferencesAnswer,
    NetworkPlanAnswer,
    PlanGoalsAnswer,
    SkillPlanAnswer,
    VisibilityPlanAnswer,
)
from kit.steps.plan.charts import roadmap_chart
from kit.steps.plan.roadmap import check_in_days, milestones
from kit.steps.plan.smart import check_goal
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
    money = ctx.answer("money_and_references", MoneyAndReferencesAnswer)
    context_words = plan_inputs.goal_context_words(values)
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
            money,
        )
    )
    smart = sum(1 for row in goal_rows if all(letter.met for letter in row["letters"]))
    upcoming = [m for m in dated if m.day >= ctx.generated_on]
    adds_up = (
        f"{len(goal_rows)} goals, {smart} of them meeting all of SMART; "
        f"{len(dated)} dated items on your roadmap"
        + (f", the next on {upcoming[0].day:%d %B}." if upcoming else ".")
    )
    return render(
        "plan/report.html.j2",
        has_plan=has_plan,
        adds_up=adds_up,
        show_skills=ctx.shows("skill_plan"),
        show_visibility=ctx.shows("visibility_plan"),
        show_applications=ctx.shows("applications"),
        money=money,
        runway=_label(ctx, "money_and_references", "runway", money.runway if money else None),
        references=[
            {"who": item.who, "ask_by": parse_day(item.ask_by), "note": item.note}
            for item in (money.references if money else [])
        ],
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
                "why_me": target.why_me,
                "apply_by": parse_day(target.apply_by),
            }
            for target in (applications.targets if applications else [])
        ],
        external=ctx.situation.kind in ("external_job", "laid_off"),
        laid_off=ctx.situation.kind == "laid_off",
        chart=chart,
        check_ins=check_ins,
        participant_id=ctx.participant.id,
    )

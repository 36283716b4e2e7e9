"""The report's first page: the card people pin up, then the heading of "your workings".

It holds, in this order: the kind words the person wrote to themselves; what happened and
where they are heading (marked provisional while the decision waits for the conversations);
three strengths to lean on; what to do this week, in the next 30 days and by 90 days, each
dated and counted from the day the report is made; who is with them; where to get help; and
the next check-in. Only goals that pass the SMART check reach the card; the others are named
on a "to sharpen" line. The harsh thought from step 01 never appears here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from kit.core.support import shown_contacts
from kit.steps.check_in.answers import SituationAnswer
from kit.steps.commit_and_check_out.answers import (
    AccountabilityAnswer,
    ResilienceAnswer,
    StrengthsRecapAnswer,
)
from kit.steps.feelings_and_control.answers import CompassionAnswer, SupportAnswer
from kit.steps.follow_up.answers import FollowUpNextAnswer, FollowUpReviewAnswer
from kit.steps.follow_up.progress import progress_counts
from kit.steps.plan import inputs as plan_inputs
from kit.steps.plan.answers import PlanGoalsAnswer
from kit.steps.plan.roadmap import check_in_days, milestones
from kit.steps.plan.smart import check_goal
from kit.steps.position.answers import EitherOutcomeAnswer, PositionDecisionAnswer
from kit.workbook.dates import parse_day
from kit.workbook.decision_state import CONVERSATION, DecisionState, decision_state
from kit.workbook.partners import ACCOUNTABILITY_PARTNER, read_partners
from kit.workbook.report_context import ReportContext
from kit.workbook.situation import LAID_OFF, STILL_OPEN
from kit.workbook.templating import render

THIS_WEEK = timedelta(days=7)
NEXT_30_DAYS = timedelta(days=30)
BY_90_DAYS = timedelta(days=90)
STRENGTHS = 3
SUPPORT_PEOPLE = 2


@dataclass(frozen=True)
class CardLine:
    """One dated thing to do on the card; ``overdue`` when its day has already passed."""

    text: str
    day: date | None
    kind_label: str
    overdue: bool = False


@dataclass(frozen=True)
class Sharpen:
    """A goal kept off the card until it is sharper, and what it lacks."""

    text: str
    missing: str


@dataclass(frozen=True)
class Heading:
    """Where the person is heading: a decision (and its state) or their path's own aim."""

    label: str
    why: str
    state: str
    waiting_for: tuple[str, ...] = ()
    revisit: bool = False
    if_yes: str = ""
    if_no: str = ""


@dataclass
class FirstPage:
    """Everything on the card, worked out from one person's answers and the report's date."""

    kind_words: str = ""
    happened: str = ""
    role: str = ""
    heading: Heading | None = None
    strengths: list[str] = field(default_factory=list)
    this_week: list[CardLine] = field(default_factory=list)
    next_30: list[CardLine] = field(default_factory=list)
    by_90: list[CardLine] = field(default_factory=list)
    to_sharpen: list[Sharpen] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    partner: str = ""
    rhythm: str = ""
    next_check_in: date | None = None


def first_page(ctx: ReportContext) -> FirstPage:
    """The card for one person, as of ``ctx.generated_on``."""
    page = FirstPage()
    compassion = ctx.answer("compassion_rewrite", CompassionAnswer)
    page.kind_words = compassion.kind if compassion else ""
    page.happened, page.role = _what_happened(ctx)
    page.heading = _heading(ctx)
    page.strengths = _strengths(ctx)
    _plan_lines(ctx, page)
    _who_is_with_me(ctx, page)
    page.next_check_in = _next_check_in(ctx)
    return page


def _what_happened(ctx: ReportContext) -> tuple[str, str]:
    situation = ctx.answer("situation", SituationAnswer)
    if situation is None or "situation" not in ctx.content.exercises:
        return "", ""
    words = ctx.content.exercise("situation")
    text = words.option_label("kind", situation.kind)
    if situation.stage:
        text += f" ({words.option_label('stage', situation.stage).lower()})"
    if situation.how_long_ago:
        text += f", {words.option_label('how_long_ago', situation.how_long_ago).lower()}"
    return text, situation.role


def _heading(ctx: ReportContext) -> Heading | None:
    kind = ctx.situation.kind
    if kind == STILL_OPEN:
        either = ctx.answer("either_outcome", EitherOutcomeAnswer)
        return Heading(
            "Ready for either answer",
            "",
            "path",
            if_yes=either.if_yes if either else "",
            if_no=either.if_no if either else "",
        )
    if kind == LAID_OFF:
        return Heading("Your next role: people, applications, money and references", "", "path")
    state = decision_state(ctx.values, ctx.situation)
    decision = ctx.answer("position_decision", PositionDecisionAnswer)
    if state.status == "none" or decision is None:
        if ctx.situation.heard_this_week:
            return Heading("", "", "not_yet", state.waiting_for)
        return None
    label = (
        decision.own_option
        if decision.decision == "own"
        else ctx.content.exercise("position_decision").option_label("decision", decision.decision)
    )
    return Heading(label, decision.why, state.status, state.waiting_for, state.revisit)


def _strengths(ctx: ReportContext) -> list[str]:
    recap = ctx.answer("strengths_recap", StrengthsRecapAnswer)
    found = [recap.lean_on] if recap and recap.lean_on else []
    found += [item.text for item in plan_inputs.strengths(ctx.values)]
    found += [recap.also_true] if recap and recap.also_true else []
    return list(dict.fromkeys(text for text in found if text))[:STRENGTHS]


def _plan_lines(ctx: ReportContext, page: FirstPage) -> None:
    """Dated lines in three horizons; goals that miss part of SMART go to "to sharpen"."""
    today = ctx.generated_on
    goals = ctx.answer("plan_goals", PlanGoalsAnswer)
    context = plan_inputs.goal_context_words(ctx.values)
    weak: set[str] = set()
    for goal in goals.goals if goals else []:
        check = check_goal(
            goal.text,
            parse_day(goal.due),
            goal.horizon,
            today,
            why=goal.why,
            context_words=context,
        )
        if not check.complete:
            weak.add(f"plan_goals:{goal.id}")
            missing = ", ".join(letter.name.lower() for letter in check.letters if not letter.met)
            page.to_sharpen.append(Sharpen(goal.text, missing))
    for milestone in milestones(ctx.values):
        if milestone.ref in weak:
            continue
        line = CardLine(milestone.title, milestone.day, milestone.kind_label, milestone.day < today)
        if milestone.day <= today + THIS_WEEK:
            page.this_week.append(line)
        elif milestone.day <= today + NEXT_30_DAYS:
            page.next_30.append(line)
        elif milestone.day <= today + BY_90_DAYS:
            page.by_90.append(line)
    commitment = ctx.answer("resilience_commitments", ResilienceAnswer)
    if commitment and commitment.next_step and not commitment.next_step_due:
        page.this_week.insert(0, CardLine(commitment.next_step, None, "Next step"))


def _who_is_with_me(ctx: ReportContext, page: FirstPage) -> None:
    support = ctx.answer("support_people", SupportAnswer)
    words = ctx.content.exercises.get("support_people")
    for person in (support.people if support else [])[:SUPPORT_PEOPLE]:
        who = words.option_label("relationship", person.relationship) if words else ""
        named = f"{person.name} ({who.lower()})" if person.name else who
        page.people.append(f"{named}: {person.first_step}" if person.first_step else named)
    accountability = ctx.answer("accountability", AccountabilityAnswer)
    paired = read_partners(ctx.values.get(ACCOUNTABILITY_PARTNER), ctx.partner_names)
    if accountability and accountability.partner_name:
        page.partner = accountability.partner_name
    elif paired.names:
        page.partner = ", ".join(paired.names)
    if accountability:
        how_words = ctx.content.exercises.get("accountability")
        how = (
            how_words.option_label("how", accountability.how)
            if how_words and accountability.how
            else ""
        )
        page.rhythm = ", ".join(part for part in (how.lower(), accountability.when) if part)


def _next_check_in(ctx: ReportContext) -> date | None:
    today = ctx.generated_on
    chosen = ctx.answer("follow_up_next", FollowUpNextAnswer)
    chosen_day = parse_day(chosen.next_check_in) if chosen else None
    if chosen_day is not None and chosen_day >= today:
        return chosen_day
    upcoming = [day for _days, day in check_in_days(ctx.values, today) if day >= today]
    return min(upcoming, default=None)


def waiting_words(state: Heading | DecisionState, mentor: bool) -> list[str]:
    """The conversations a decision waits for, in words."""
    names = {
        "feedback": "the feedback",
        CONVERSATION: f"the conversation with your {'mentor' if mentor else 'manager'}",
    }
    return [names.get(name, name) for name in state.waiting_for]


def render_section(ctx: ReportContext) -> str:
    page = first_page(ctx)
    review = ctx.answer("follow_up_review", FollowUpReviewAnswer)
    rounds = progress_counts(review.model_dump()["rounds"]) if review else []
    support = ctx.content.support
    contacts, where_to_look = shown_contacts(support, solo=ctx.situation.solo)
    heading = page.heading
    return render(
        "summary.html.j2",
        page=page,
        horizons=_horizons(page, ctx.generated_on),
        waiting=" and ".join(waiting_words(heading, ctx.situation.manager_unaware))
        if heading
        else "",
        support=support,
        contacts=contacts,
        where_to_look=where_to_look,
        last_round=rounds[-1] if rounds else None,
        round_count=len(rounds),
        generated_on=ctx.generated_on,
    )


def _horizons(page: FirstPage, today: date) -> Sequence[tuple[str, list[CardLine]]]:
    return (
        (f"This week (to {today + THIS_WEEK:%d %B})", page.this_week),
        (f"The next 30 days (to {today + NEXT_30_DAYS:%d %B})", page.next_30),
        (f"By 90 days (to {today + BY_90_DAYS:%d %B %Y})", page.by_90),
    )

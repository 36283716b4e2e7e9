"""Everything dated in a person's plan, as one list of milestones, plus the check-in days.

The roadmap chart, the calendar file, the report's summary and the follow-up all need "what
is due when"; it is computed once here from the latest raw answers (so it works in a
notebook, in a report kernel and in the CLI alike) and never raises on odd data. Besides the
plan's own goals and actions, the real-world actions earlier steps dated (``inputs.dated_actions``)
and each application's "apply by" and reference's "ask by" are items too; an item the answers
show as done (a request that got a reply, a meeting that was held) drops off the milestones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kit.steps.plan.inputs import dated_actions
from kit.workbook.dates import parse_day

CHECK_IN_DAYS = {"day_30": 30, "day_60": 60, "day_90": 90}
"""Option values of the roadmap's ``check_ins`` and the days after the start they fall on."""

KIND_LABELS = {
    "goal": "Goal",
    "skill": "Skill",
    "visibility": "Visibility",
    "network": "Network",
    "application": "Application",
    "reference": "Reference",
    "feedback_request": "Feedback request",
    "feedback_meeting": "Feedback meeting",
    "workaround": "Workaround",
    "manager_meeting": "Manager conversation",
    "mentor_meeting": "Mentor conversation",
    "answer_due": "Answer due",
    "next_step": "Next step",
    "check_in": "Check-in",
}


@dataclass(frozen=True)
class Milestone:
    """A dated item of the plan; ``ref`` is ``<exercise id>:<item id>`` (stable across edits)."""

    day: date
    title: str
    kind: str
    ref: str
    detail: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class PlanItem:
    """Any goal or action the follow-up can review, dated or not; ``done`` when the answers
    already show it happened."""

    ref: str
    kind: str
    title: str
    due: date | None
    done: bool = False

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def _items(
    values: Mapping[str, Mapping[str, Any]], exercise_id: str, key: str
) -> list[Mapping[str, Any]]:
    raw = values.get(exercise_id, {}).get(key)
    return (
        [item for item in raw if isinstance(item, Mapping) and item.get("id")]
        if isinstance(raw, list)
        else []
    )


def _title(*candidates: Any) -> str:
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            return " ".join(candidate.split())
    return ""


def plan_items(values: Mapping[str, Mapping[str, Any]]) -> list[PlanItem]:
    """Goals first, then skills, visibility, network, applications and references, each in the
    person's order, then the dated actions of earlier steps."""
    found: list[PlanItem] = []
    for item in _items(values, "plan_goals", "goals"):
        found.append(
            PlanItem(
                f"plan_goals:{item['id']}",
                "goal",
                _title(item.get("text")),
                parse_day(item.get("due")),
            )
        )
    for item in _items(values, "skill_plan", "items"):
        title = _title(item.get("first_step"), item.get("skill"))
        if item.get("first_step") and item.get("skill"):
            title = f"{_title(item.get('skill'))}: {_title(item.get('first_step'))}"
        found.append(
            PlanItem(f"skill_plan:{item['id']}", "skill", title, parse_day(item.get("due")))
        )
    for item in _items(values, "visibility_plan", "items"):
        found.append(
            PlanItem(
                f"visibility_plan:{item['id']}",
                "visibility",
                _title(item.get("action"), item.get("label")),
                parse_day(item.get("due")),
            )
        )
    for item in _items(values, "network_plan", "items"):
        title = _title(item.get("who"))
        if _title(item.get("next_step")):
            title = f"{title}: {_title(item.get('next_step'))}"
        found.append(
            PlanItem(f"network_plan:{item['id']}", "network", title, parse_day(item.get("due")))
        )
    for item in _items(values, "applications", "targets"):
        title = _title(item.get("company"))
        if title and _title(item.get("role")):
            title = f"{title}, {_title(item.get('role'))}"
        found.append(
            PlanItem(
                f"applications:{item['id']}",
                "application",
                f"Apply: {title}" if title else "",
                parse_day(item.get("apply_by")),
                done=item.get("status") not in (None, "researching"),
            )
        )
    for item in _items(values, "money_and_references", "references"):
        who = _title(item.get("who"))
        found.append(
            PlanItem(
                f"money_and_references:{item['id']}",
                "reference",
                f"Ask {who} for a reference" if who else "",
                parse_day(item.get("ask_by")),
            )
        )
    found += [
        PlanItem(action.ref, action.kind, action.title, action.due, action.done)
        for action in dated_actions(values)
    ]
    return [item for item in found if item.title]


def milestones(values: Mapping[str, Mapping[str, Any]]) -> list[Milestone]:
    """Every dated goal and action not yet done, plus the step 06 next step, sorted by date."""
    found = [
        Milestone(item.due, item.title, item.kind, item.ref)
        for item in plan_items(values)
        if item.due and not item.done
    ]
    commitments = values.get("resilience_commitments", {})
    next_day = parse_day(commitments.get("next_step_due"))
    next_step = _title(commitments.get("next_step"))
    if next_day and next_step:
        found.append(Milestone(next_day, next_step, "next_step", "resilience_commitments:n1"))
    return sorted(found, key=lambda milestone: (milestone.day, milestone.kind, milestone.ref))


def plan_start(values: Mapping[str, Mapping[str, Any]], fallback: date) -> date:
    """The day check-ins count from: the roadmap's chosen start, else ``fallback``."""
    return parse_day(values.get("roadmap", {}).get("start")) or fallback


def check_in_days(
    values: Mapping[str, Mapping[str, Any]], fallback_start: date
) -> list[tuple[int, date]]:
    """The 30/60/90-day check-ins chosen (all three if the roadmap was never answered)."""
    roadmap = values.get("roadmap")
    chosen = roadmap.get("check_ins") if isinstance(roadmap, Mapping) else None
    keys = (
        [key for key in chosen if key in CHECK_IN_DAYS]
        if isinstance(chosen, list)
        else list(CHECK_IN_DAYS)
    )
    start = plan_start(values, fallback_start)
    return sorted((CHECK_IN_DAYS[key], start + timedelta(days=CHECK_IN_DAYS[key])) for key in keys)


def closed_refs(values: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """Items the latest follow-up marked done or dropped: the updated calendar leaves them out."""
    rounds = values.get("follow_up_review", {}).get("rounds")
    if not isinstance(rounds, list) or not rounds or not isinstance(rounds[-1], Mapping):
        return set()
    reviews = rounds[-1].get("items")
    return {
        str(review.get("ref"))
        for review in (reviews if isinstance(reviews, list) else [])
        if isinstance(review, Mapping) and review.get("status") in ("done", "dropped")
    }

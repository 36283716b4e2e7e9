"""What the plan takes from earlier steps, read defensively from stored answers.

This is step 05's one declared input: the only place it reads other steps. Steps 02
(feedback), 03 (position) and 04 (manager conversation) are separate exercises that may not
have been answered, may have been answered with an older shape, or may not exist in this
content at all. Besides gaps, strengths and asks, it reads the real-world actions those steps
dated (sending the feedback request, the feedback meeting, booking the manager conversation,
trait workarounds, the expected answer while a decision is open) so they join the roadmap,
the calendar file and the follow-up like goals. The plan must still work, so this module
reads their raw stored values by the agreed exercise ids and field names, skips anything
malformed, and returns small typed records. Nothing here raises on odd data: a missing step
is simply empty, and the callers say so to the person.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from kit.core.content import Content
from kit.core.vocabularies import load_onet_skills
from kit.errors import NextRoundError
from kit.steps.plan.smart import words_of
from kit.workbook.dates import parse_day
from kit.workbook.raw_answers import RawAnswers, text_of
from kit.workbook.situation import read_situation

FEEDBACK_SORT = "feedback_sort"
MANAGER_AGENDA = "manager_agenda"
SITUATION = "situation"

NO_ANSWER = ("no_reply", "no_feedback")


@dataclass(frozen=True)
class FeedbackItem:
    """One sorted item of feedback from step 02."""

    id: str
    text: str
    category: str
    gap_kind: str | None = None
    onet_skill: str | None = None
    action: str = ""


@dataclass(frozen=True)
class Ask:
    """One ask from the step 04 agenda: its stable key and a label for people."""

    key: str
    label: str


def feedback_items(values: RawAnswers) -> list[FeedbackItem]:
    """Every well-formed sorted feedback item from step 02, in the person's order."""
    items = values.get(FEEDBACK_SORT, {}).get("items")
    found: list[FeedbackItem] = []
    if not isinstance(items, list):
        return found
    for raw in items:
        if not isinstance(raw, Mapping):
            continue
        item_id, text = text_of(raw.get("id")), text_of(raw.get("text"))
        category = raw.get("category")
        if not item_id or not text or category not in ("strength", "gap", "trait"):
            continue
        gap_kind = raw.get("gap_kind") if raw.get("gap_kind") in ("skill", "experience") else None
        onet = text_of(raw.get("onet_skill")) or None
        found.append(
            FeedbackItem(item_id, text, str(category), gap_kind, onet, text_of(raw.get("action")))
        )
    return found


def gaps(values: RawAnswers) -> list[FeedbackItem]:
    """The gaps the person can close: the skill plan starts from these."""
    return [item for item in feedback_items(values) if item.category == "gap"]


def strengths(values: RawAnswers) -> list[FeedbackItem]:
    return [item for item in feedback_items(values) if item.category == "strength"]


def readable_key(key: str) -> str:
    """``represent_team`` becomes ``Represent team``: a fallback label when content has none."""
    words = key.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def manager_asks(values: RawAnswers, content: Content | None) -> list[Ask]:
    """The asks from step 04's agenda, labelled from its content when that exists."""
    agenda = values.get(MANAGER_AGENDA, {})
    raw_asks = agenda.get("asks")
    exercise = content.exercises.get(MANAGER_AGENDA) if content is not None else None
    asks: list[Ask] = []
    if isinstance(raw_asks, list):
        for key in dict.fromkeys(k for k in raw_asks if isinstance(k, str) and k.strip()):
            label = exercise.option_label("asks", key) if exercise is not None else key
            asks.append(Ask(key, label if label != key else readable_key(key)))
    other = text_of(agenda.get("other_asks"))
    if other:
        asks.append(Ask("other", other))
    return asks


@dataclass(frozen=True)
class DatedAction:
    """A real-world action an earlier step dated; ``done`` when the answers show it happened."""

    ref: str
    kind: str
    title: str
    due: date | None
    done: bool = False


def dated_actions(values: RawAnswers) -> list[DatedAction]:
    """The actions of steps 02, 03 and 04 that carry a date, in workshop order.

    Evidence marks an action done: a reply (or sorted feedback) means the request went out,
    sorted feedback means the meeting happened, meeting notes with a date mean it was booked.
    """
    found: list[DatedAction] = []
    heard = bool(strengths(values) or gaps(values) or _traits(values))
    request = _mapping(values.get("feedback_request"))
    recipient = text_of(request.get("recipient"))
    reply = request.get("reply")
    found.append(
        DatedAction(
            "feedback_request:send",
            "feedback_request",
            "Send your feedback request" + (f" to {recipient}" if recipient else ""),
            parse_day(request.get("send_by")),
            done=heard or isinstance(reply, str),
        )
    )
    if reply in NO_ANSWER:
        found.append(
            DatedAction(
                "feedback_request:follow_up",
                "feedback_request",
                "Send one polite follow-up about feedback",
                parse_day(request.get("follow_up_on")),
                done=heard,
            )
        )
    meeting = _mapping(values.get("meeting_goals"))
    found.append(
        DatedAction(
            "meeting_goals:meeting",
            "feedback_meeting",
            "Feedback meeting",
            parse_day(meeting.get("meeting_on")),
            done=heard or bool(meeting.get("achieved")),
        )
    )
    for item in _traits(values):
        if item.due is not None:
            title = f"Work around it: {item.workaround}" if item.workaround else item.text
            found.append(DatedAction(f"{FEEDBACK_SORT}:{item.id}", "workaround", title, item.due))
    outcome = _mapping(values.get("either_outcome"))
    found.append(
        DatedAction(
            "either_outcome:answer",
            "answer_due",
            "The answer is due",
            parse_day(outcome.get("expect_by")),
        )
    )
    agenda = _mapping(values.get(MANAGER_AGENDA))
    mentor = read_situation(values.get(SITUATION)).manager_unaware
    held = text_of(_mapping(values.get("meeting_notes")).get("held_on"))
    found.append(
        DatedAction(
            f"{MANAGER_AGENDA}:booking",
            "mentor_meeting" if mentor else "manager_meeting",
            f"Book the conversation with your {'mentor' if mentor else 'manager'}",
            parse_day(agenda.get("book_by")),
            done=bool(held),
        )
    )
    return [action for action in found if action.due is not None]


@dataclass(frozen=True)
class Trait:
    """A trait from step 02's feedback, with its workaround and the day it starts."""

    id: str
    text: str
    workaround: str
    due: date | None


def _traits(values: RawAnswers) -> list[Trait]:
    items = _mapping(values.get(FEEDBACK_SORT)).get("items")
    found = []
    for raw in items if isinstance(items, list) else []:
        if not isinstance(raw, Mapping) or raw.get("category") != "trait":
            continue
        item_id, text = text_of(raw.get("id")), text_of(raw.get("text"))
        if item_id and text:
            found.append(
                Trait(item_id, text, text_of(raw.get("workaround")), parse_day(raw.get("due")))
            )
    return found


def _mapping(raw: object) -> Mapping[str, Any]:
    return raw if isinstance(raw, Mapping) else {}


def goal_context_words(values: RawAnswers) -> frozenset[str]:
    """Words from the person's role and gaps: a goal that mentions them is relevant (SMART's R)."""
    texts = [text_of(values.get(SITUATION, {}).get("role"))]
    texts += [gap.text for gap in gaps(values)]
    return frozenset(word for text in texts for word in words_of(text) if len(word) > 3)


def onet_skill_name(element_id: str, content: Content | None) -> str:
    """The O*NET skill name for an element id, if the vocabulary ships; else the id."""
    if content is None:
        return element_id
    try:
        skills = load_onet_skills(content.directory)
    except NextRoundError:
        return element_id
    found = skills.skills.get(element_id)
    return found.name if found is not None else element_id

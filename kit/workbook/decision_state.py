"""Is the step 03 decision settled, provisional, or not taken yet?

The advice is to take stock once the conversations are done: the feedback (step 02) and the
conversation with one's manager, or a mentor (step 04). A decision taken before them is
*provisional*: the report says so, and once the conversations have happened the person is
brought back to look at it again. Which conversations a decision waits for depends on the
path (a layoff or a decision still open waits for none). The decision records which
conversations had happened when it was saved (``informed_by``), so this needs no clock.

Like ``kit.workbook.situation``, this reads raw stored values by their contract fields and
never raises on odd data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kit.workbook.situation import LAID_OFF, STILL_OPEN, Situation

FEEDBACK = "feedback"
CONVERSATION = "conversation"
NOT_YET = "not_yet"
HEARD = ("strength", "gap", "trait")

Values = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class DecisionState:
    """``status`` is ``none``, ``not_yet``, ``provisional`` or ``settled``; ``waiting_for``
    names the conversations still to have; ``revisit`` is true when conversations the
    decision did not know about have happened since (time to look at it again)."""

    decision: str | None
    status: str
    waiting_for: tuple[str, ...] = ()
    revisit: bool = False

    @property
    def provisional(self) -> bool:
        return self.status == "provisional"


def conversations_needed(situation: Situation) -> tuple[str, ...]:
    if situation.kind in (LAID_OFF, STILL_OPEN):
        return ()
    return (FEEDBACK, CONVERSATION)


def conversations_done(values: Values) -> tuple[str, ...]:
    """The conversations that have happened, as far as the stored answers show."""
    done = []
    if _feedback_heard(values):
        done.append(FEEDBACK)
    held_on = _mapping(values.get("meeting_notes")).get("held_on")
    if isinstance(held_on, str) and held_on:
        done.append(CONVERSATION)
    return tuple(done)


def decision_state(values: Values, situation: Situation) -> DecisionState:
    raw = _mapping(values.get("position_decision"))
    decision = raw.get("decision")
    needed = conversations_needed(situation)
    done = conversations_done(values)
    waiting = tuple(c for c in needed if c not in done)
    if not isinstance(decision, str) or not decision:
        return DecisionState(None, "none", waiting)
    if decision == NOT_YET:
        return DecisionState(NOT_YET, NOT_YET, waiting, revisit=bool(needed) and not waiting)
    informed = raw.get("informed_by")
    informed = informed if isinstance(informed, list) else []
    unknown_then = [c for c in needed if c not in informed]
    if not unknown_then:
        return DecisionState(decision, "settled")
    return DecisionState(
        decision, "provisional", waiting, revisit=any(c in done for c in unknown_then)
    )


def _feedback_heard(values: Values) -> bool:
    """Sorted feedback, or the end of the fallback: no feedback is coming and one's own review
    is written."""
    items = _mapping(values.get("feedback_sort")).get("items")
    if isinstance(items, list) and any(
        isinstance(item, Mapping) and item.get("category") in HEARD for item in items
    ):
        return True
    no_feedback = _mapping(values.get("feedback_request")).get("reply") == "no_feedback"
    return no_feedback and bool(_mapping(values.get("self_review")).get("ratings"))


def _mapping(raw: object) -> Mapping[str, Any]:
    return raw if isinstance(raw, Mapping) else {}

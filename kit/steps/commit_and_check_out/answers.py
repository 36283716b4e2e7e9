"""Answers to step 06: strengths, commitments, accountability, advice, feedback.

The mood check-out shares its model with the check-in (``kit.workbook.mood.MoodAnswer``)
so the two can be compared word for word.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from kit.workbook.answers import Answer, FreeText, one_of, register
from kit.workbook.dated_items import StoredDay
from kit.workbook.mood import MoodAnswer

register("mood_check_out")(MoodAnswer)


@register("strengths_recap")
class StrengthsRecapAnswer(Answer):
    lean_on: FreeText = ""
    also_true: FreeText = ""


@register("resilience_commitments")
class ResilienceAnswer(Answer):
    """Self-care, a realistic next step (with a date), and the next hand to raise."""

    self_care: FreeText = ""
    next_step: FreeText = ""
    next_step_due: StoredDay = None
    raise_hand: FreeText = ""


@register("accountability")
class AccountabilityAnswer(Answer):
    """Who checks in with the person, how and when (the pairing itself is the console's)."""

    partner_name: FreeText = ""
    how: Annotated[str, AfterValidator(one_of("how"))] | None = None
    when: FreeText = ""


@register("advice_for_others")
class AdviceAnswer(Answer):
    """Advice for others; it reaches the group only when ``share`` is true."""

    text: FreeText = ""
    share: bool = False


@register("session_feedback")
class SessionFeedbackAnswer(Answer):
    rating: int | None = Field(default=None, ge=1, le=5)
    comment: FreeText = ""
    share_comment: bool = False

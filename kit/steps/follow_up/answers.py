"""Answers to step 07, the follow-up: every review round so far, and the next check-in date.

All rounds live in one answer (``rounds``, oldest first) so that a progress chart over every
follow-up reads one value, and so that each edit is still an append-only revision.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from kit.workbook.answers import FreeText, one_of, register, some_of
from kit.workbook.dated_items import ItemsAnswer, StoredDay

Ref = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,60}:[a-z0-9_]{1,40}$")]
"""``<exercise id>:<item id>`` (``plan_goals:g2``) or a single dated action
(``feedback_request:send``)."""


class ItemReview(BaseModel):
    """Where one plan item stands: ``ref`` is ``<exercise id>:<item id>``, e.g. ``plan_goals:g2``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    ref: Ref
    status: Annotated[str, AfterValidator(one_of("status"))] | None = None
    note: FreeText = ""


class Round(BaseModel):
    """One follow-up, on one day."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: Annotated[str, StringConstraints(pattern=r"^r[0-9]{1,4}$")]
    date: Annotated[StoredDay, Field()]
    items: list[ItemReview] = Field(default=[], max_length=200)
    changes: Annotated[list[str], AfterValidator(some_of("changes"))] = []
    changes_note: FreeText = ""

    @field_validator("date")
    @classmethod
    def _dated(cls, value: str | None) -> str:
        if not value:
            raise ValueError("a follow-up needs its date")
        return value


@register("follow_up_review")
class FollowUpReviewAnswer(ItemsAnswer):
    rounds: list[Round] = Field(default=[], max_length=200)

    @field_validator("rounds")
    @classmethod
    def _in_order(cls, rounds: list[Round]) -> list[Round]:
        ids = [round_.id for round_ in rounds]
        if len(set(ids)) != len(ids):
            raise ValueError("two follow-ups share an id")
        dates = [round_.date or "" for round_ in rounds]
        if dates != sorted(dates):
            raise ValueError("follow-ups must be in date order")
        return rounds


@register("follow_up_next")
class FollowUpNextAnswer(ItemsAnswer):
    next_check_in: StoredDay = None

"""Answers to step 02: plan the ask, write the request, pick questions, aim the meeting, sort the feedback."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from kit.core.vocabularies import load_onet_skills
from kit.errors import NextRoundError
from kit.workbook.answers import (
    Answer,
    FreeText,
    ItemId,
    content_of,
    exercise_of,
    free_text,
    one_of,
    register,
    some_of,
)
from kit.workbook.dated_items import StoredDay
from kit.workbook.items import check_ids, check_no_duplicates, check_option, check_text


@register("feedback_whom")
class WhomAnswer(Answer):
    """Whom the person could ask for feedback."""

    whom: Annotated[list[str], AfterValidator(some_of("whom"))] = Field(default_factory=list)
    others: FreeText = ""


@register("feedback_request")
class RequestAnswer(Answer):
    """The choices behind the request and the message itself, as the person last left it.

    ``edited`` is true once the person changed the message by hand: from then on a new choice
    does not overwrite their words (see ``kit.steps.feedback.request.compose_request``).
    ``send_by`` dates sending it (a plan action); ``reply`` says what came back, and when there
    was no answer, ``follow_up_on`` dates the one polite follow-up.
    """

    recipient: FreeText = ""
    role: FreeText = ""
    acceptance: Annotated[str, AfterValidator(one_of("acceptance"))] | None = None
    ask: Annotated[str, AfterValidator(one_of("ask"))] | None = None
    meeting: Annotated[str, AfterValidator(one_of("meeting"))] | None = None
    times: FreeText = ""
    sign_off: FreeText = ""
    message: FreeText = ""
    edited: bool = False
    send_by: StoredDay = None
    reply: Annotated[str, AfterValidator(one_of("reply"))] | None = None
    follow_up_on: StoredDay = None


@register("question_bank")
class QuestionBankAnswer(Answer):
    """The questions picked, in the order the person wants to ask them."""

    questions: Annotated[list[str], AfterValidator(some_of("questions"))] = Field(
        default_factory=list
    )
    own_questions: FreeText = ""


@register("meeting_goals")
class MeetingGoalsAnswer(Answer):
    """A checklist to come back to: what the person aims for, and later what they got."""

    aims: Annotated[list[str], AfterValidator(some_of("goals"))] = Field(default_factory=list)
    achieved: Annotated[list[str], AfterValidator(some_of("goals"))] = Field(default_factory=list)
    notes: FreeText = ""
    meeting_on: StoredDay = None


@register("hearing_feedback")
class HearingFeedbackAnswer(Answer):
    """The habits the person will practise when they hear feedback, and whether they tried it."""

    habits: Annotated[list[str], AfterValidator(some_of("habits"))] = Field(default_factory=list)
    practised: bool = False
    hardest: FreeText = ""


class FeedbackItem(BaseModel):
    """One piece of feedback and what the person makes of it (the step 02 contract).

    ``category`` is None until sorted. A gap has a ``gap_kind``, may link an O*NET skill by its
    element id, and needs an ``action``; a trait needs a ``workaround``, dated by ``due``. Kind
    and skill are cleared when the item is not (or no longer) a gap, and the date when it is
    not a trait, so readers never see a stale link.
    """

    model_config = ConfigDict(extra="forbid")

    id: ItemId
    text: str
    category: str | None = None
    gap_kind: str | None = None
    onet_skill: str | None = None
    action: str = ""
    workaround: str = ""
    due: StoredDay = None

    @property
    def needs_action(self) -> bool:
        return self.category == "gap" and not self.action

    @property
    def needs_workaround(self) -> bool:
        return self.category == "trait" and not self.workaround


@register("feedback_sort")
class FeedbackSortAnswer(Answer):
    """Every piece of feedback, in the person's order, each sorted (or not yet)."""

    items: list[FeedbackItem] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_items(self, info: ValidationInfo) -> FeedbackSortAnswer:
        check_ids(self.items)
        skills = None
        for position, item in enumerate(self.items, start=1):
            item.text = check_text(item.text, position, info)
            item.category = check_option(item.category, "category", position, info)
            item.action = check_text(item.action, position, info, required=False)
            item.workaround = check_text(item.workaround, position, info, required=False)
            if item.category != "trait":
                item.due = None
            if item.category != "gap":
                item.gap_kind = None
                item.onet_skill = None
                continue
            item.gap_kind = check_option(item.gap_kind, "gap_kind", position, info)
            if item.onet_skill:
                skills = skills or load_onet_skills(content_of(info).directory)
                try:
                    skills.skill(item.onet_skill)
                except NextRoundError as exc:
                    raise ValueError(f"item {position}: {exc}") from None
            else:
                item.onet_skill = None
        check_no_duplicates([item.text for item in self.items])
        return self

    def in_category(self, category: str | None) -> list[FeedbackItem]:
        return [item for item in self.items if item.category == category]

    @property
    def open_actions(self) -> int:
        """Gaps without an action plus traits without a workaround: what is left to decide."""
        return sum(1 for item in self.items if item.needs_action or item.needs_workaround)


@register("self_review")
class SelfReviewAnswer(Answer):
    """The person's own rating (1 to 5) and a note per area of the role."""

    ratings: dict[str, int] = Field(default_factory=dict)
    notes: dict[str, str] = Field(default_factory=dict)

    @field_validator("ratings")
    @classmethod
    def _ratings(cls, ratings: dict[str, int], info: ValidationInfo) -> dict[str, int]:
        areas = exercise_of(info).option_values("areas")
        for area, rating in ratings.items():
            if area not in areas:
                raise ValueError(f"{area!r} is not one of the areas offered here")
            if not 1 <= rating <= 5:
                raise ValueError(f"a rating goes from 1 to 5 (got {rating})")
        return {area: ratings[area] for area in areas if area in ratings}

    @field_validator("notes")
    @classmethod
    def _notes(cls, notes: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        areas = exercise_of(info).option_values("areas")
        unknown = [area for area in notes if area not in areas]
        if unknown:
            raise ValueError(
                f"{', '.join(map(repr, unknown))} is not one of the areas offered here"
            )
        cleaned = {area: free_text(notes[area], info) for area in areas if area in notes}
        return {area: text for area, text in cleaned.items() if text}

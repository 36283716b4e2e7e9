"""Answers to step 03: role fit, trade-offs, values, taking stock, the weights and the decision.

``position_decision`` is read by later steps (contract): ``decision`` is one of go_again,
redirect, prepare_to_leave, look_now (a no from one's own organisation), apply_elsewhere,
apply_there_again, stay_and_grow, rethink_target (a no from another one), not_yet or own;
``own_option`` names an own option; ``why`` is the person's reason; ``suggested`` is the
option the matrix suggested when they decided ("" if it had no single suggestion);
``informed_by`` lists the conversations (``feedback``, ``conversation``) that had happened
when they decided (``kit.workbook.decision_state``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from kit.steps.position.values import load_values
from kit.workbook.answers import Answer, FreeText, ItemId, content_of, exercise_of, one_of, register
from kit.workbook.dated_items import StoredDay

TOP_VALUES_LIMIT = 5
MAX_WEIGHT = 3
MAX_OWN_TRADE_OFFS = 10


@register("role_fit")
class RoleFitAnswer(Answer):
    """How the role serves the person's career goal and whether they would be happy in it."""

    career_goal: FreeText = ""
    fit: Annotated[str, AfterValidator(one_of("fit"))] | None = None
    happy: Annotated[str, AfterValidator(one_of("happy"))] | None = None
    note: FreeText = ""


class TradeOff(BaseModel):
    """One price of the role: a listed one (``own`` false, ``id`` is its option value) or
    one the person added (``own`` true, with a stable ``id`` such as ``own3`` and a ``text``)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: ItemId
    own: bool = False
    text: FreeText = ""
    acceptability: Annotated[str, AfterValidator(one_of("acceptability"))] | None = None

    @model_validator(mode="after")
    def _listed_or_described(self, info: ValidationInfo) -> TradeOff:
        if self.own and not self.text:
            raise ValueError("a trade-off you added is empty: type what it is, or remove it")
        if not self.own and self.id not in exercise_of(info).option_values("trade_offs"):
            raise ValueError(f"{self.id!r} is not one of the listed trade-offs")
        return self


@register("trade_offs")
class TradeOffsAnswer(Answer):
    items: list[TradeOff] = Field(default_factory=list)

    @field_validator("items")
    @classmethod
    def _distinct(cls, items: list[TradeOff]) -> list[TradeOff]:
        ids = [item.id for item in items]
        if len(ids) != len(set(ids)):
            raise ValueError("the same trade-off appears twice")
        if sum(item.own for item in items) > MAX_OWN_TRADE_OFFS:
            raise ValueError(f"please keep to {MAX_OWN_TRADE_OFFS} trade-offs of your own")
        return items


@register("values_sort")
class ValuesSortAnswer(Answer):
    """Up to five values from the shipped vocabulary, most important first."""

    top: list[str] = Field(default_factory=list)
    note: FreeText = ""

    @field_validator("top")
    @classmethod
    def _known_ranked(cls, top: list[str], info: ValidationInfo) -> list[str]:
        vocabulary = load_values(content_of(info))
        unknown = [key for key in top if vocabulary.get(key) is None]
        if unknown:
            raise ValueError(
                f"{', '.join(map(repr, unknown))} is not in the values list; pick from the values shown"
            )
        ranked = list(dict.fromkeys(top))
        if len(ranked) > TOP_VALUES_LIMIT:
            raise ValueError(f"pick at most {TOP_VALUES_LIMIT} values; unpick one first")
        return ranked


@register("take_stock")
class TakeStockAnswer(Answer):
    know_why: Annotated[str, AfterValidator(one_of("know_why"))] | None = None
    what_it_takes: FreeText = ""
    odds: Annotated[str, AfterValidator(one_of("odds"))] | None = None
    manager_values: Annotated[str, AfterValidator(one_of("manager_values"))] | None = None
    path_here: Annotated[str, AfterValidator(one_of("path_here"))] | None = None
    note: FreeText = ""


@register("option_weights")
class OptionWeightsAnswer(Answer):
    """How much each criterion of the options matrix matters (0..3), keyed by criterion id.

    ``suggested`` records what the matrix suggested with these weights ("" for none), so a
    later reader sees what the person saw even if earlier answers change afterwards.
    """

    weights: dict[
        Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]{0,79}$")],
        Annotated[int, Field(ge=0, le=MAX_WEIGHT)],
    ] = Field(default_factory=dict)
    suggested: str = ""

    @field_validator("suggested")
    @classmethod
    def _an_option(cls, value: str, info: ValidationInfo) -> str:
        if value and value not in exercise_of(info).option_values("decision"):
            raise ValueError(f"{value!r} is not one of the options")
        return value


@register("position_decision")
class PositionDecisionAnswer(Answer):
    """The person's own decision, which may differ from the matrix's suggestion."""

    decision: Annotated[str, AfterValidator(one_of("decision"))]
    own_option: FreeText = ""
    why: FreeText = ""
    suggested: str = ""
    informed_by: list[Literal["feedback", "conversation"]] = Field(default_factory=list)

    @field_validator("suggested")
    @classmethod
    def _an_option(cls, value: str, info: ValidationInfo) -> str:
        if value and (
            value in ("own", "not_yet") or value not in exercise_of(info).option_values("decision")
        ):
            raise ValueError(f"{value!r} is not an option the matrix can suggest")
        return value

    @model_validator(mode="after")
    def _own_needs_words(self, info: ValidationInfo) -> PositionDecisionAnswer:
        if self.decision == "own" and not self.own_option:
            exercise = exercise_of(info)
            raise ValueError(
                f"{exercise.prompt('own_option') or 'Your own option'}: "
                f"{exercise.prompt('own_needed') or 'say what it is'}"
            )
        return self


@register("either_outcome")
class EitherOutcomeAnswer(Answer):
    """While a decision is still open: when the answer is due, and a first step for each answer."""

    expect_by: StoredDay = None
    if_yes: FreeText = ""
    if_no: FreeText = ""
    meanwhile: FreeText = ""

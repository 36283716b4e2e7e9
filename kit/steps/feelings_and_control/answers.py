"""Answers to step 01: name the feelings, notice the two pulls, face Monday morning, be kind,
reframe, sort, lean on people."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from kit.workbook.answers import Answer, FreeText, ItemId, register, some_of
from kit.workbook.items import check_ids, check_no_duplicates, check_option, check_text
from kit.workbook.mood import MoodAnswer


@register("name_emotions")
class NamedEmotionsAnswer(MoodAnswer):
    """The same shape as the check-in mood (words from the vocabulary, one per family, a note),
    kept separately because naming feelings after the first shock is a different moment."""


@register("reflexes")
class ReflexesAnswer(Answer):
    """Which unhelpful pull the person notices (withdrawing, lashing out) and what they will do."""

    pulls: Annotated[list[str], AfterValidator(some_of("pulls"))] = Field(default_factory=list)
    instead: Annotated[list[str], AfterValidator(some_of("instead"))] = Field(default_factory=list)
    in_my_words: FreeText = ""

    @model_validator(mode="after")
    def _neither_means_none(self) -> ReflexesAnswer:
        # Ticking a pull after "neither" means the person changed their mind: the pull wins.
        if "neither" in self.pulls and len(self.pulls) > 1:
            self.pulls = [pull for pull in self.pulls if pull != "neither"]
        return self


@register("facing_colleagues")
class FacingColleaguesAnswer(Answer):
    """How the person will handle going back (or telling people) with grace, and their line."""

    moves: Annotated[list[str], AfterValidator(some_of("moves"))] = Field(default_factory=list)
    my_line: FreeText = ""
    hardest: FreeText = ""


@register("compassion_rewrite")
class CompassionAnswer(Answer):
    """The harsh thought and the kind answer a friend would get; both kept, the kind one shown.

    The harsh thought reaches the report only when ``harsh_in_report`` is ticked: a page people
    pin up should not repeat the cruellest thing they said to themselves.
    """

    harsh: FreeText = ""
    kind: FreeText = ""
    harsh_in_report: bool = False


@register("not_personal")
class NotPersonalAnswer(Answer):
    """The story the person tells themselves, next to other explanations of the decision."""

    story: FreeText = ""
    explanations: Annotated[list[str], AfterValidator(some_of("explanations"))] = Field(
        default_factory=list
    )
    other_explanation: FreeText = ""


class CircleItem(BaseModel):
    """One part of the situation and where it sits: change, influence, let go (None: not sorted)."""

    model_config = ConfigDict(extra="forbid")

    id: ItemId
    text: str
    zone: str | None = None


@register("circle_of_control")
class CircleAnswer(Answer):
    """The person's list, in their order, each part sorted (or not yet) into a zone."""

    items: list[CircleItem] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_items(self, info: ValidationInfo) -> CircleAnswer:
        check_ids(self.items)
        for position, item in enumerate(self.items, start=1):
            item.text = check_text(item.text, position, info)
            item.zone = check_option(item.zone, "zones", position, info)
        check_no_duplicates([item.text for item in self.items])
        return self

    def in_zone(self, zone: str) -> list[CircleItem]:
        return [item for item in self.items if item.zone == zone]


class SupportPerson(BaseModel):
    """Someone to talk to: who they are to the person, an optional name, how and the first step."""

    model_config = ConfigDict(extra="forbid")

    id: ItemId
    relationship: str
    name: str = ""
    how: str | None = None
    first_step: str = ""


@register("support_people")
class SupportAnswer(Answer):
    """The people the person can lean on, in their order."""

    people: list[SupportPerson] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_people(self, info: ValidationInfo) -> SupportAnswer:
        check_ids(self.people)
        for position, person in enumerate(self.people, start=1):
            person.relationship = (
                check_option(person.relationship, "relationship", position, info) or ""
            )
            person.how = check_option(person.how, "how", position, info)
            person.name = check_text(person.name, position, info, required=False)
            person.first_step = check_text(person.first_step, position, info, required=False)
        check_no_duplicates([person.name for person in self.people])
        return self

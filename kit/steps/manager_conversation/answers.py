"""Answers to step 04: the agenda for the meeting with one's manager, practice, and notes after.

``manager_agenda`` is read by later steps (contract): ``goal``, ``asks`` (option values of
``options.asks``), ``other_asks``; the other fields are this step's own.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from kit.workbook.answers import Answer, FreeText, one_of, register, some_of
from kit.workbook.dated_items import StoredDay

MAX_COMMITMENTS = 12


@register("manager_agenda")
class ManagerAgendaAnswer(Answer):
    """What the person wants from the meeting and what they will ask.

    ``script`` is the opening in the person's own words once they have edited it; empty means
    "use the opening suggested from my answers" (``kit.steps.manager_conversation.agenda.suggested_opening``).
    ``ambition`` is the role they want next, said plainly; ``in_my_place`` adds "what would you
    do in my place?"; ``book_by`` dates booking the meeting (a plan action). On the mentor path
    (``manager_unaware``) the same fields plan a conversation with a mentor.
    """

    goal: FreeText = ""
    ambition: FreeText = ""
    asks: Annotated[list[str], AfterValidator(some_of("asks"))] = Field(default_factory=list)
    other_asks: FreeText = ""
    candid_read: bool = False
    holding_back: Annotated[list[str], AfterValidator(some_of("holding_back"))] = Field(
        default_factory=list
    )
    holding_back_other: FreeText = ""
    asset: FreeText = ""
    script: FreeText = ""
    in_my_place: bool = False
    book_by: StoredDay = None


@register("roleplay_practice")
class RoleplayPracticeAnswer(Answer):
    """How the practice went. ``mode`` records whether it was done in a pair, a trio or alone
    (the partner's name is not kept here: it belongs to the pairing, not to this answer)."""

    mode: Literal["pair", "trio", "solo"] = "solo"
    practised: bool = False
    listen_for: Annotated[list[str], AfterValidator(some_of("listen_for"))] = Field(
        default_factory=list
    )
    went_well: FreeText = ""
    to_change: FreeText = ""


class Commitment(BaseModel):
    """One promise from the meeting, with a stable id so edits and removals keep their place."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]{0,39}$")]
    text: FreeText

    @field_validator("text")
    @classmethod
    def _not_empty(cls, text: str) -> str:
        if not text:
            raise ValueError("a commitment is empty: type it, or remove it")
        return text


@register("meeting_notes")
class MeetingNotesAnswer(Answer):
    held_on: date | None = None
    what_was_said: FreeText = ""
    mine: list[Commitment] = Field(default_factory=list)
    theirs: list[Commitment] = Field(default_factory=list)
    reaction: Annotated[str, AfterValidator(one_of("reaction"))] | None = None
    reaction_note: FreeText = ""

    @field_validator("held_on")
    @classmethod
    def _not_in_future(cls, held_on: date | None) -> date | None:
        # One day of slack: the person's calendar day may be ahead of the server's.
        if held_on is not None and held_on > date.today() + timedelta(days=1):
            raise ValueError(
                "that date is in the future; these notes are for after the meeting "
                "(leave it empty until then)"
            )
        return held_on

    @field_validator("mine", "theirs")
    @classmethod
    def _distinct(cls, items: list[Commitment]) -> list[Commitment]:
        if len({item.id for item in items}) != len(items):
            raise ValueError("the same commitment appears twice")
        if len(items) > MAX_COMMITMENTS:
            raise ValueError(f"please keep to {MAX_COMMITMENTS} commitments on each side")
        return items


#: Reactions after which the kit points out that a poor reaction is information about fit.
POOR_REACTIONS = ("noncommittal", "dismissive", "hostile")

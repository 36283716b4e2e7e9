"""Answers to step 00: confidentiality, situation, mood check-in, hopes for today."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from kit.workbook.answers import Answer, FreeText, one_of, register, some_of
from kit.workbook.mood import MoodAnswer


@register("confidentiality")
class ConfidentialityAnswer(Answer):
    """Whether the person agreed to the room's terms (they may also withdraw agreement)."""

    agreed: bool


@register("situation")
class SituationAnswer(Answer):
    """What happened and when; ``kind`` drives questions in later steps."""

    kind: Annotated[str, AfterValidator(one_of("kind"))]
    how_long_ago: Annotated[str, AfterValidator(one_of("how_long_ago"))] | None = None
    role: FreeText = ""
    details: FreeText = ""


register("mood_check_in")(MoodAnswer)


@register("hopes_for_today")
class HopesAnswer(Answer):
    hopes: Annotated[list[str], AfterValidator(some_of("hopes"))] = Field(default_factory=list)
    in_my_words: FreeText = ""

"""Answers to step 00: confidentiality, situation, mood check-in, hopes for today."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from kit.workbook.answers import Answer, FreeText, one_of, register, some_of
from kit.workbook.mood import MoodAnswer


@register("confidentiality")
class ConfidentialityAnswer(Answer):
    """Whether the person agreed to the room's terms (they may also withdraw agreement)."""

    agreed: bool


@register("situation")
class SituationAnswer(Answer):
    """What happened and when; later steps branch on it (``kit.workbook.situation``).

    ``stage`` (how far the application got) and ``manager_knows`` (whether one's own manager
    knows about it) belong to an application at another organisation only; for any other kind
    they are cleared, so a later step never branches on a stale answer.
    """

    kind: Annotated[str, AfterValidator(one_of("kind"))]
    stage: Annotated[str, AfterValidator(one_of("stage"))] | None = None
    manager_knows: Annotated[str, AfterValidator(one_of("manager_knows"))] | None = None
    how_long_ago: Annotated[str, AfterValidator(one_of("how_long_ago"))] | None = None
    role: FreeText = ""
    details: FreeText = ""

    @model_validator(mode="after")
    def _external_only(self) -> SituationAnswer:
        if self.kind != "external_job":
            self.stage = None
            self.manager_knows = None
        return self


register("mood_check_in")(MoodAnswer)


@register("hopes_for_today")
class HopesAnswer(Answer):
    hopes: Annotated[list[str], AfterValidator(some_of("hopes"))] = Field(default_factory=list)
    in_my_words: FreeText = ""

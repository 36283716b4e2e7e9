"""Answers to step 00: confidentiality, situation, mood check-in, hopes for today."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from kit.answers.base import Answer, content_of, free_text, one_of, register, some_of

FreeText = Annotated[str, AfterValidator(free_text)]


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


class EmotionPick(BaseModel):
    """One emotion word; family and intensity come from the vocabulary, not from the caller."""

    model_config = ConfigDict(extra="forbid")

    word: str
    family: str = ""
    intensity: int = 0


@register("mood_check_in", "mood_check_out")
class MoodAnswer(Answer):
    """Emotion words from the shipped vocabulary, at most one per family, plus a private note."""

    emotions: list[EmotionPick]
    note: FreeText = ""

    @field_validator("emotions")
    @classmethod
    def _known_words(cls, picks: list[EmotionPick], info: ValidationInfo) -> list[EmotionPick]:
        vocabulary = content_of(info).emotions
        unknown = [pick.word for pick in picks if pick.word not in vocabulary]
        if unknown:
            raise ValueError(
                f"{', '.join(map(repr, unknown))} is not in the emotion vocabulary; "
                "pick from the words shown"
            )
        normalised: dict[str, EmotionPick] = {}
        for pick in picks:
            emotion = vocabulary[pick.word]
            normalised[emotion.family] = EmotionPick(
                word=emotion.word, family=emotion.family, intensity=emotion.intensity
            )
        return list(normalised.values())


@register("hopes_for_today")
class HopesAnswer(Answer):
    hopes: Annotated[list[str], AfterValidator(some_of("hopes"))] = Field(default_factory=list)
    in_my_words: FreeText = ""

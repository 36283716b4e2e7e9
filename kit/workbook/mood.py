"""How someone feels, as they name it: emotion words from the shipped vocabulary.

The same answer shape serves the check-in (step 00), naming the feelings (step 01) and the
check-out (step 06), so their words can be set side by side.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from kit.workbook.answers import Answer, FreeText, content_of, stored


class EmotionPick(BaseModel):
    """One emotion word; family and intensity come from the vocabulary, not from the caller."""

    model_config = ConfigDict(extra="forbid")

    word: str
    family: str = ""
    intensity: int = 0


class MoodAnswer(Answer):
    """Emotion words from the shipped vocabulary, at most one per family, plus a private note."""

    emotions: list[EmotionPick]
    note: FreeText = ""

    @field_validator("emotions")
    @classmethod
    def _known_words(cls, picks: list[EmotionPick], info: ValidationInfo) -> list[EmotionPick]:
        vocabulary = content_of(info).emotions
        unknown = [pick.word for pick in picks if pick.word not in vocabulary]
        if unknown and not stored(info):
            raise ValueError(
                f"{', '.join(map(repr, unknown))} is not in the emotion vocabulary; "
                "pick from the words shown"
            )
        normalised: dict[str, EmotionPick] = {}
        for pick in picks:
            emotion = vocabulary.get(pick.word)
            if emotion is not None:
                normalised[emotion.family] = EmotionPick(
                    word=emotion.word, family=emotion.family, intensity=emotion.intensity
                )
        # A stored word taken out of the vocabulary since is kept as it was saved.
        return [*normalised.values(), *(pick for pick in picks if pick.word not in vocabulary)]

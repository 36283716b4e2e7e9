"""The base answer model, its registry and the checks shared by every exercise.

Validation runs with the exercise's content in the pydantic context, because which options
exist and how long free text may be are content decisions a facilitator can change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Self, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo

from kit.content import Content, ExerciseContent
from kit.errors import AnswerError

A = TypeVar("A", bound="Answer")

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_REGISTRY: dict[str, type[Answer]] = {}


class Answer(BaseModel):
    """An answer as it is stored: plain JSON-able fields, validated against the content."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @classmethod
    def parse(
        cls, data: Mapping[str, Any], exercise: ExerciseContent, content: Content
    ) -> Self:
        """Validate ``data``; raise ``AnswerError`` with one friendly sentence per problem."""
        try:
            return cls.model_validate(dict(data), context={"exercise": exercise, "content": content})
        except ValidationError as exc:
            raise AnswerError(exercise.id, _friendly(exc, exercise)) from None


def register(*exercise_ids: str) -> Callable[[type[A]], type[A]]:
    """Class decorator: this model holds the answers to these exercises."""

    def decorate(model: type[A]) -> type[A]:
        for exercise_id in exercise_ids:
            _REGISTRY[exercise_id] = model
        return model

    return decorate


def answer_model_for(exercise_id: str) -> type[Answer]:
    try:
        return _REGISTRY[exercise_id]
    except KeyError:
        raise AnswerError(exercise_id, f"No answer model is registered for {exercise_id!r}.") from None


def registered_exercise_ids() -> list[str]:
    return sorted(_REGISTRY)


def parse_answer(
    exercise_id: str, data: Mapping[str, Any], content: Content
) -> Answer:
    """Validate a stored or incoming answer by exercise id."""
    return answer_model_for(exercise_id).parse(data, content.exercise(exercise_id), content)


# -- checks used inside field validators ---------------------------------------------------


def exercise_of(info: ValidationInfo) -> ExerciseContent:
    context = info.context or {}
    return context["exercise"]  # type: ignore[no-any-return]


def content_of(info: ValidationInfo) -> Content:
    context = info.context or {}
    return context["content"]  # type: ignore[no-any-return]


def free_text(value: str, info: ValidationInfo) -> str:
    """Keep what a person typed, minus invisible control characters, within the length limit."""
    cleaned = _CONTROL_CHARACTERS.sub("", value).strip()
    limit = exercise_of(info).max_text_length
    if len(cleaned) > limit:
        raise ValueError(
            f"that text is {len(cleaned):,} characters long and the limit here is {limit:,}. "
            "Please shorten it; it stays in the box until it fits"
        )
    return cleaned


def one_of(option_list: str) -> Callable[[str, ValidationInfo], str]:
    """A validator: the value must be one of the exercise's options in ``option_list``."""

    def check(value: str, info: ValidationInfo) -> str:
        allowed = exercise_of(info).option_values(option_list)
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of the choices offered here")
        return value

    return check


def some_of(option_list: str) -> Callable[[list[str], ValidationInfo], list[str]]:
    """A validator: every value is one of the options, each at most once, in given order."""

    def check(values: list[str], info: ValidationInfo) -> list[str]:
        allowed = exercise_of(info).option_values(option_list)
        unknown = [value for value in values if value not in allowed]
        if unknown:
            raise ValueError(f"{', '.join(map(repr, unknown))} not among the choices offered here")
        return list(dict.fromkeys(values))

    return check


def _friendly(exc: ValidationError, exercise: ExerciseContent) -> str:
    """One sentence per problem, naming the field by the prompt the person saw."""
    sentences = []
    for error in exc.errors():
        message = str(error["msg"]).removeprefix("Value error, ")
        location = [str(part) for part in error["loc"]]
        field = exercise.prompt(location[0]) if location else ""
        field = f"“{field}”" if field else " ".join(location).replace("_", " ")
        if error["type"] == "missing" or error.get("input", "") is None:
            message = "this needs an answer"
        elif error["type"] == "extra_forbidden":
            message = "this is not part of the exercise"
        sentence = f"{field}: {message}" if field else message
        sentences.append(sentence[0].upper() + sentence[1:] + ("" if sentence.endswith(".") else "."))
    return " ".join(sentences)

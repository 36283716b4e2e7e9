"""The base answer model, the field types and checks every step's answers share.

Validation runs with the exercise's content in the pydantic context, because which options
exist and how long free text may be are content decisions a facilitator can change. A step's
``answers`` module registers its models with :func:`register`; ``kit.steps`` finds them.

Those content checks are for new answers. An answer read back from the store (for a report)
was valid when it was saved; if the content changed since (a lower ``max_text_length``, an
option taken out), :meth:`Answer.read_stored` still reads it as saved: the text whole, the old
option's value kept. Only an answer of the wrong shape (a number where text belongs) is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any, Self, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    StringConstraints,
    ValidationError,
    ValidationInfo,
)

from kit.core.content import Content, ExerciseContent
from kit.errors import AnswerError
from kit.workbook.plain_text import without_controls

A = TypeVar("A", bound="Answer")

_REGISTRY: dict[str, type[Answer]] = {}
# How many parts of a stored answer may be set aside before it counts as unreadable.
_MOST_PARTS_SET_ASIDE = 50


class Answer(BaseModel):
    """An answer as it is stored: plain JSON-able fields, validated against the content."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @classmethod
    def parse(cls, data: Mapping[str, Any], exercise: ExerciseContent, content: Content) -> Self:
        """Validate ``data``; raise ``AnswerError`` with one friendly sentence per problem."""
        try:
            return cls.model_validate(
                dict(data), context={"exercise": exercise, "content": content}
            )
        except ValidationError as exc:
            raise AnswerError(exercise.id, _friendly(exc, exercise)) from None

    @classmethod
    def read_stored(
        cls, data: Mapping[str, Any], exercise: ExerciseContent, content: Content
    ) -> tuple[Self, list[str]]:
        """Read an answer as it was saved, whatever the content says today.

        The content's limits and option lists are not applied (see the module docstring);
        control characters are still removed. A part that a step's own content check still
        refuses (a list item naming something the content no longer has) is set aside, and
        its place is returned (``"items 3"``), never its value, so a caller can log it. An
        answer of the wrong shape raises ``AnswerError`` as :meth:`parse` does.
        """
        context = {"exercise": exercise, "content": content, "stored": True}
        value: Any = dict(data)
        set_aside: list[str] = []
        while True:
            try:
                return cls.model_validate(value, context=context), set_aside
            except ValidationError as exc:
                errors = exc.errors()
                places = [tuple(error["loc"]) for error in errors]
                if (
                    len(set_aside) >= _MOST_PARTS_SET_ASIDE
                    or any(error["type"] != "value_error" for error in errors)
                    or not all(places)
                ):
                    cls.parse(data, exercise, content)  # the step's own words for the problem
                    raise AnswerError(exercise.id, _friendly(exc, exercise)) from None
                for place in sorted(places, reverse=True):  # later list items first
                    value = _without(value, place)
                    set_aside.append(" ".join(str(part) for part in place))


def stored(info: ValidationInfo) -> bool:
    """True while an answer is read back from the store, where content checks do not apply."""
    return bool((info.context or {}).get("stored"))


def _without(value: Any, place: Sequence[str | int]) -> Any:
    """``value`` (a dict of lists and dicts) with the part at ``place`` removed."""
    head, rest = place[0], place[1:]
    if isinstance(value, dict) and head in value:
        if not rest or not isinstance(value[head], dict | list):
            return {key: item for key, item in value.items() if key != head}
        return {**value, head: _without(value[head], rest)}
    if isinstance(value, list) and isinstance(head, int) and 0 <= head < len(value):
        if not rest or not isinstance(value[head], dict | list):
            return value[:head] + value[head + 1 :]
        return [*value[:head], _without(value[head], rest), *value[head + 1 :]]
    return value


def register(*exercise_ids: str) -> Callable[[type[A]], type[A]]:
    """Class decorator: this model holds the answers to these exercises."""

    def decorate(model: type[A]) -> type[A]:
        for exercise_id in exercise_ids:
            _REGISTRY[exercise_id] = model
        return model

    return decorate


def registered_model(exercise_id: str) -> type[Answer] | None:
    """The model registered for ``exercise_id`` so far (``kit.steps`` imports the step first)."""
    return _REGISTRY.get(exercise_id)


# -- checks used inside field validators ---------------------------------------------------


def exercise_of(info: ValidationInfo) -> ExerciseContent:
    context = info.context or {}
    return context["exercise"]  # type: ignore[no-any-return]


def content_of(info: ValidationInfo) -> Content:
    context = info.context or {}
    return context["content"]  # type: ignore[no-any-return]


def free_text(value: str, info: ValidationInfo) -> str:
    """Keep what a person typed, minus invisible control characters, within the length limit
    (a stored answer keeps its whole text: the limit may have been lowered since)."""
    cleaned = without_controls(value).strip()
    limit = exercise_of(info).max_text_length
    if len(cleaned) > limit and not stored(info):
        raise ValueError(
            f"that text is {len(cleaned):,} characters long and the limit here is {limit:,}. "
            "Please shorten it; it stays in the box until it fits"
        )
    return cleaned


FreeText = Annotated[str, AfterValidator(free_text)]
"""Text a person typed: control characters removed, within the exercise's length limit."""

ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]{0,39}$")]
"""The stable id of an item in a list (``g1``, ``gap3``, ``own_2``): edits, moves and a
follow-up months later refer to the item by it, whatever the order on screen."""


def one_of(option_list: str) -> Callable[[str, ValidationInfo], str]:
    """A validator: the value must be one of the exercise's options in ``option_list``."""

    def check(value: str, info: ValidationInfo) -> str:
        allowed = exercise_of(info).option_values(option_list)
        if value not in allowed and not stored(info):
            raise ValueError(f"{value!r} is not one of the choices offered here")
        return value

    return check


def some_of(option_list: str) -> Callable[[list[str], ValidationInfo], list[str]]:
    """A validator: every value is one of the options, each at most once, in given order."""

    def check(values: list[str], info: ValidationInfo) -> list[str]:
        allowed = exercise_of(info).option_values(option_list)
        unknown = [value for value in values if value not in allowed]
        if unknown and not stored(info):
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
        sentences.append(
            sentence[0].upper() + sentence[1:] + ("" if sentence.endswith(".") else ".")
        )
    return " ".join(sentences)

"""Shared pieces for answers that hold a list of items (goals, skills, contacts, reviews).

Items carry stable ids (``g1``, ``s2``…) so an edit, a reorder or a removal never confuses
one item with another, and so a follow-up months later can refer to "goal g2". Problems
inside a list are reported by the item's number as the person sees it ("Goal 2, By when:
…"), not by pydantic's index path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

from kit.core.content import Content, ExerciseContent
from kit.errors import AnswerError
from kit.workbook.answers import Answer, ItemId
from kit.workbook.dates import check_stored_day

MAX_ITEMS = 40

StoredDay = Annotated[str | None, AfterValidator(check_stored_day)]


class Item(BaseModel):
    """One entry in a list; subclasses add the fields."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: ItemId


def unique_ids(items: list[Any], what: str) -> list[Any]:
    """Reject two items with the same id: edits would land on the wrong one."""
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"two {what} share the id {item.id!r}; remove one and add it again")
        seen.add(item.id)
    if len(items) > MAX_ITEMS:
        raise ValueError(
            f"{len(items)} {what} is more than this list holds ({MAX_ITEMS}); keep the ones that matter most"
        )
    return items


class ItemsAnswer(Answer):
    """An answer with lists of items; errors name the item as the person numbered it."""

    @classmethod
    def parse(cls, data: Mapping[str, Any], exercise: ExerciseContent, content: Content) -> Self:
        try:
            return cls.model_validate(
                dict(data), context={"exercise": exercise, "content": content}
            )
        except ValidationError as exc:
            raise AnswerError(exercise.id, friendly_item_errors(exc, exercise)) from None


def friendly_item_errors(exc: ValidationError, exercise: ExerciseContent) -> str:
    """One sentence per problem: "Goal 2, “By when”: … ." """
    item_word = exercise.prompt("item") or "Item"
    sentences: list[str] = []
    for error in exc.errors():
        message = str(error["msg"]).removeprefix("Value error, ")
        location = list(error["loc"])
        if (
            error["type"] == "missing"
            or (error.get("input", "") is None and error["type"] != "value_error")
            or error["type"] in ("string_too_short", "too_short")
        ):
            message = "this needs an answer"
        elif error["type"] == "extra_forbidden":
            message = "this is not part of the exercise"
        elif error["type"] == "string_pattern_mismatch":
            message = "this item's id is damaged; remove the item and add it again"
        parts: list[str] = []
        if len(location) >= 2 and isinstance(location[1], int):
            parts.append(f"{item_word} {location[1] + 1}")
            location = location[2:]
        elif location:
            parts.append(
                f"“{exercise.prompt(str(location[0]))}”"
                if exercise.prompt(str(location[0]))
                else str(location[0]).replace("_", " ")
            )
            location = []
        if location and isinstance(location[0], str):
            field = exercise.prompt(location[0])
            parts.append(f"“{field}”" if field else location[0].replace("_", " "))
        where = ", ".join(parts)
        sentence = f"{where}: {message}" if where else message
        sentences.append(
            sentence[0].upper() + sentence[1:] + ("" if sentence.endswith(".") else ".")
        )
    return " ".join(sentences)

"""Checks shared by answers that are lists of items a person builds up one at a time.

Circle-of-control parts, support people and feedback items all have a stable ``id`` (so a
move or an edit is about the same item, however the list is reordered) and a short text. The
checks run on the whole list, so the message can say which item to fix, in words a participant
understands ("item 3 is already on your list").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from pydantic import ValidationInfo

from kit.workbook.answers import exercise_of, free_text, stored

_SPACES = re.compile(r"\s+")


class Item(Protocol):
    id: str


def check_ids(items: Sequence[Item]) -> None:
    """Every item keeps its own id: two items with one id would make a move ambiguous."""
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"two items share the id {item.id!r}; each item needs its own")
        seen.add(item.id)


def check_text(text: str, position: int, info: ValidationInfo, *, required: bool = True) -> str:
    """One item's text, cleaned like any free text; empty is refused when the text is the item."""
    try:
        cleaned = free_text(text, info)
    except ValueError as exc:
        raise ValueError(f"item {position}: {exc}") from None
    if required and not cleaned:
        raise ValueError(f"item {position} is empty; write a few words or remove it")
    return cleaned


def same_words(text: str) -> str:
    """How two texts compare for duplicates: case and spacing do not make a new item."""
    return _SPACES.sub(" ", text).strip().casefold()


def check_no_duplicates(texts: Sequence[str]) -> None:
    """Refuse a text already on the list (the second copy would only split the sorting)."""
    seen: dict[str, int] = {}
    for position, text in enumerate(texts, start=1):
        key = same_words(text)
        if not key:
            continue
        if key in seen:
            raise ValueError(
                f"item {position} (“{_preview(text)}”) is already on your list as item {seen[key]}"
            )
        seen[key] = position


def check_option(
    value: str | None, option_list: str, position: int, info: ValidationInfo
) -> str | None:
    """An item's choice must be one offered in the content (or None: not chosen yet); a stored
    answer keeps the choice it was saved with."""
    if value is None:
        return None
    if value not in exercise_of(info).option_values(option_list) and not stored(info):
        raise ValueError(f"item {position}: {value!r} is not one of the choices offered here")
    return value


def _preview(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"

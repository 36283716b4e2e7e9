"""The personal values vocabulary for step 03's values sort, loaded from ``data/``.

The list is the Personal Values Card Sort (public domain, attribution in the file); by default
people are offered a work-relevant selection of it (``offer`` and ``work`` in the file). Each value
may carry a *leaning*, a named set of ratings saying which way that value tends to pull when a
person weighs staying against going; the options matrix (``kit.steps.position.matrix``) turns a person's top
values into criteria through it. Kept apart from ``kit.core.content`` because only step 03 uses it,
but validated the same way: every problem at once, naming the file and the entry to fix.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kit.core.content import Content, Key, Text
from kit.errors import ContentError

VALUES_FILE = Path("vocabularies") / "values.toml"
INTERNAL_OPTIONS = ("go_again", "redirect", "prepare_to_leave", "look_now")
"""The options weighed after a no from one's own organisation (and on the general path)."""
EXTERNAL_OPTIONS = ("apply_elsewhere", "apply_there_again", "stay_and_grow", "rethink_target")
"""The options weighed after a no from another organisation."""
DECISION_OPTIONS = INTERNAL_OPTIONS + EXTERNAL_OPTIONS
Rating = Annotated[int, Field(ge=-2, le=2)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Leaning(_Strict):
    """How a value tends to pull: a phrase for people and a rating per option (-2..+2)."""

    label: Text
    ratings: dict[Key, Rating]


class PersonalValue(_Strict):
    value: Key
    label: Text
    description: Text
    leaning: Annotated[str, StringConstraints(pattern=r"^([a-z0-9][a-z0-9_]*)?$")] = ""


class _ValuesFile(_Strict):
    source: Text
    offer: Literal["work", "full"] = "full"
    work: list[Key] = Field(default_factory=list)
    leaning: dict[Key, Leaning] = Field(default_factory=dict)
    value: list[PersonalValue] = Field(min_length=5)


@dataclass(frozen=True)
class ValuesVocabulary:
    """The values in their shipped order, by key, with the leanings they refer to."""

    source: str
    values: tuple[PersonalValue, ...]
    leanings: dict[str, Leaning]
    offered: tuple[PersonalValue, ...] = ()

    def offered_with(self, picked: Sequence[str]) -> tuple[PersonalValue, ...]:
        """The cards shown: the offered selection, plus any value already picked (an answer
        saved with the full deck keeps its cards), in the file's order."""
        keep = {value.value for value in self.offered} | set(picked)
        return tuple(value for value in self.values if value.value in keep)

    def get(self, key: str) -> PersonalValue | None:
        return next((value for value in self.values if value.value == key), None)

    def label(self, key: str) -> str:
        found = self.get(key)
        return found.label if found else key

    def leaning_of(self, key: str) -> Leaning | None:
        found = self.get(key)
        return self.leanings.get(found.leaning) if found and found.leaning else None


def load_values(content: Content) -> ValuesVocabulary:
    """The vocabulary next to ``content``'s other files; ``ContentError`` if it is unusable."""
    return _load(content.directory / VALUES_FILE)


def clear_cache() -> None:
    _load.cache_clear()


@lru_cache(maxsize=4)
def _load(path: Path) -> ValuesVocabulary:
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except FileNotFoundError:
        raise ContentError(
            path, None, "file is missing (the values sort in step 03 needs it)"
        ) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(path, None, f"not valid UTF-8 TOML: {exc}") from None
    try:
        parsed = _ValuesFile.model_validate(raw)
    except ValidationError as exc:
        first, *rest = [_problem(path, raw, error) for error in exc.errors()]
        raise ContentError(first.path, first.entry, first.problem, others=rest) from None
    problems: list[ContentError] = []
    seen: set[str] = set()
    for value in parsed.value:
        if value.value in seen:
            problems.append(ContentError(path, f"value {value.value!r}", "used twice"))
        seen.add(value.value)
        if value.leaning and value.leaning not in parsed.leaning:
            problems.append(
                ContentError(
                    path,
                    f"value {value.value!r}",
                    f"leaning {value.leaning!r} is not defined; use one of "
                    f'{", ".join(sorted(parsed.leaning))} or ""',
                )
            )
    known = {value.value for value in parsed.value}
    for key in parsed.work:
        if key not in known:
            problems.append(
                ContentError(
                    path, "work", f"{key!r} is not a value in this file; check the spelling"
                )
            )
    if parsed.offer == "work" and not parsed.work:
        problems.append(ContentError(path, "offer", '"work" needs a `work` list of value keys'))
    for name, leaning in parsed.leaning.items():
        unknown = sorted(set(leaning.ratings) - set(DECISION_OPTIONS))
        if unknown:
            problems.append(
                ContentError(
                    path,
                    f"leaning {name!r}",
                    f"ratings for unknown options {', '.join(unknown)}; the options are "
                    f"{', '.join(DECISION_OPTIONS)}",
                )
            )
    if problems:
        raise ContentError(
            problems[0].path, problems[0].entry, problems[0].problem, others=problems[1:]
        )
    offered = (
        tuple(value for value in parsed.value if value.value in set(parsed.work))
        if parsed.offer == "work"
        else tuple(parsed.value)
    )
    return ValuesVocabulary(parsed.source, tuple(parsed.value), dict(parsed.leaning), offered)


def _problem(path: Path, raw: dict[str, object], error: object) -> ContentError:
    details = dict(error)  # type: ignore[call-overload]
    location = list(details["loc"])
    entry = None
    if len(location) >= 2 and location[0] == "value" and isinstance(location[1], int):
        items = raw.get("value")
        item = items[location[1]] if isinstance(items, list) and location[1] < len(items) else None
        name = item.get("value") if isinstance(item, dict) else None
        entry = f"value {name!r}" if name else f"value #{location[1] + 1}"
        location = location[2:]
    field_path = ".".join(str(part) for part in location)
    message = (
        "unknown field (check the spelling)"
        if details["type"] == "extra_forbidden"
        else details["msg"]
    )
    return ContentError(path, entry, f"{field_path + ': ' if field_path else ''}{message}")

"""The workshop's words and timings, loaded from ``data/`` and checked before anyone sees them.

Facilitators adapt prompts, options and timeboxes by editing TOML files, not code. Because a
typo there would otherwise surface mid-session as a broken widget, everything is validated on
load and every problem is reported at once, naming the file, the entry and what to change.

Layout of ``data/``::

    steps.toml                    the run-of-show: [[step]] id, number, title, timebox, purpose
    exercises/NN_<step>.toml      step = "<step id>", then [[exercise]] entries for that step
    vocabularies/emotions.toml    [[family]] id, label, words = [{word, intensity}] (1 mild..3 intense)
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kit.core.workspace import content_dir
from kit.errors import ContentError

_M = TypeVar("_M", bound=BaseModel)

Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    """One choice in a list: a stable ``value`` for the store, a ``label`` for people."""

    value: Key
    label: Text
    hint: str = ""


class ExerciseContent(_Strict):
    """Everything a person reads in one exercise. Field names are shared by all exercises;
    which prompts and option lists an exercise needs is checked by its class in ``kit``."""

    id: Key
    title: Text
    intro: str = ""
    prompts: dict[Key, Text] = Field(default_factory=dict)
    options: dict[Key, list[Option]] = Field(default_factory=dict)
    group_fields: list[Key] = Field(
        default_factory=list,
        description="answer fields that may appear in anonymous group views (nothing else does)",
    )
    max_text_length: int = Field(default=2000, ge=50, le=20000)

    def option_values(self, name: str) -> list[str]:
        return [option.value for option in self.options.get(name, [])]

    def option_label(self, name: str, value: str) -> str:
        for option in self.options.get(name, []):
            if option.value == value:
                return option.label
        return value

    def prompt(self, name: str) -> str:
        return self.prompts.get(name, "")


class Step(_Strict):
    """One notebook of the workshop, with its place in the run-of-show."""

    id: Key
    number: int = Field(ge=0, le=99)
    title: Text
    timebox_minutes: int = Field(ge=0, le=240)
    purpose: Text
    notebook: Annotated[str, StringConstraints(pattern=r"^[0-9]{2}_[a-z0-9_]+\.ipynb$")]
    in_session: bool = True


class EmotionWord(_Strict):
    word: Key
    label: Text
    intensity: int = Field(ge=1, le=3)


class EmotionFamily(_Strict):
    """One of Plutchik's eight primary emotions, with its words from mild to intense."""

    id: Key
    label: Text
    words: list[EmotionWord] = Field(min_length=1)


class _StepsFile(_Strict):
    step: list[Step] = Field(min_length=1)


class _ExercisesFile(_Strict):
    step: Key
    exercise: list[ExerciseContent] = Field(min_length=1)


class _EmotionsFile(_Strict):
    source: Text
    family: list[EmotionFamily] = Field(min_length=1)


@dataclass(frozen=True)
class Emotion:
    """A word from the vocabulary with its family and intensity (1 mild, 2 clear, 3 intense)."""

    word: str
    label: str
    family: str
    family_label: str
    intensity: int


@dataclass(frozen=True)
class Content:
    """All validated content. Get it with :func:`load_content`."""

    directory: Path
    steps: dict[str, Step]
    exercises: dict[str, ExerciseContent]
    exercise_step: dict[str, str]
    emotion_families: list[EmotionFamily]
    emotions: dict[str, Emotion] = field(repr=False)

    def step(self, step_id: str) -> Step:
        try:
            return self.steps[step_id]
        except KeyError:
            raise ContentError(
                self.directory / "steps.toml", None, f"there is no step {step_id!r}"
            ) from None

    def exercise(self, exercise_id: str) -> ExerciseContent:
        try:
            return self.exercises[exercise_id]
        except KeyError:
            raise ContentError(
                self.directory / "exercises",
                None,
                f"no exercise file defines the exercise {exercise_id!r}",
            ) from None

    def exercises_of(self, step_id: str) -> list[ExerciseContent]:
        return [self.exercises[eid] for eid, sid in self.exercise_step.items() if sid == step_id]

    def ordered_steps(self) -> list[Step]:
        return sorted(self.steps.values(), key=lambda step: step.number)


def load_content(directory: Path | None = None) -> Content:
    """Load and validate every content file; raise one ``ContentError`` listing all problems."""
    return _load_content(Path(directory or content_dir()).resolve())


def clear_cache() -> None:
    """Forget loaded content (after a facilitator edits a file, and in tests)."""
    _load_content.cache_clear()


@lru_cache(maxsize=8)
def _load_content(directory: Path) -> Content:
    problems: list[ContentError] = []

    steps_path = directory / "steps.toml"
    steps_file = _parse(steps_path, _StepsFile, problems)
    steps: dict[str, Step] = {}
    if steps_file is not None:
        for step in steps_file.step:
            if step.id in steps:
                problems.append(ContentError(steps_path, f"step {step.id!r}", "id used twice"))
            steps[step.id] = step

    exercises: dict[str, ExerciseContent] = {}
    exercise_step: dict[str, str] = {}
    for path in sorted((directory / "exercises").glob("*.toml")):
        parsed = _parse(path, _ExercisesFile, problems)
        if parsed is None:
            continue
        if steps and parsed.step not in steps:
            problems.append(
                ContentError(path, "step", f"{parsed.step!r} is not a step id in steps.toml")
            )
        for exercise in parsed.exercise:
            if exercise.id in exercises:
                problems.append(
                    ContentError(
                        path, f"exercise {exercise.id!r}", "id already used by another exercise"
                    )
                )
            exercises[exercise.id] = exercise
            exercise_step[exercise.id] = parsed.step

    emotions_path = directory / "vocabularies" / "emotions.toml"
    emotions_file = _parse(emotions_path, _EmotionsFile, problems)
    emotions: dict[str, Emotion] = {}
    families = list(emotions_file.family) if emotions_file else []
    for family in families:
        for word in family.words:
            if word.word in emotions:
                problems.append(
                    ContentError(
                        emotions_path, f"family {family.id!r}", f"word {word.word!r} twice"
                    )
                )
            emotions[word.word] = Emotion(
                word.word, word.label, family.id, family.label, word.intensity
            )

    if problems:
        raise _combine(problems)
    return Content(directory, steps, exercises, exercise_step, families, emotions)


def _parse(path: Path, model: type[_M], problems: list[ContentError]) -> _M | None:
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except FileNotFoundError:
        problems.append(ContentError(path, None, "file is missing"))
        return None
    except UnicodeDecodeError as exc:
        problems.append(
            ContentError(path, None, f"not UTF-8 text ({exc.reason}); save it as UTF-8")
        )
        return None
    except tomllib.TOMLDecodeError as exc:
        problems.append(ContentError(path, None, f"not valid TOML: {exc}"))
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems.extend(_explain(path, raw, exc.errors()))
        return None


def _explain(path: Path, raw: dict[str, Any], errors: Iterable[Any]) -> list[ContentError]:
    """Turn pydantic's error locations into 'exercise 'mood', options.x: what is wrong'."""
    found = []
    for error in errors:
        location = list(error["loc"])
        entry = None
        if len(location) >= 2 and isinstance(location[1], int):
            table, index = str(location[0]), location[1]
            items = raw.get(table) if isinstance(raw, dict) else None
            item = items[index] if isinstance(items, list) and index < len(items) else None
            name = item.get("id") if isinstance(item, dict) else None
            entry = f"{table} {name!r}" if name else f"{table} #{index + 1}"
            location = location[2:]
        elif location:
            entry = str(location[0])
            location = location[1:]
        field_path = ".".join(str(part) for part in location)
        message = str(error["msg"])
        if error["type"] == "extra_forbidden":
            message = "unknown field (check the spelling)"
        found.append(
            ContentError(path, entry, f"{field_path + ': ' if field_path else ''}{message}")
        )
    return found


def _combine(problems: list[ContentError]) -> ContentError:
    if len(problems) == 1:
        return problems[0]
    first = problems[0]
    return ContentError(first.path, first.entry, first.problem, others=problems[1:])

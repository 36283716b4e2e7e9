"""The workshop's words and timings, loaded from ``data/`` and checked before anyone sees them.

Facilitators adapt prompts, options and timeboxes by editing TOML files, not code. Because a
typo there would otherwise surface mid-session as a broken widget, everything is validated on
load and every problem is reported at once, naming the file, the entry and what to change.

Layout of ``data/``::

    steps.toml                    the run-of-show: [[step]] id, number, title, timebox, purpose
    exercises/NN_<step>.toml      step = "<step id>", then [[exercise]] entries for that step
    vocabularies/emotions.toml    [[family]] id, label, words = [{word, intensity}] (1 mild..3 intense),
                                  and [[group]]s of single words people use after a no
    support.toml                  where to get help: contacts the facilitator fills in, and a default

Exercises branch on a person's *path*: the tags their situation gives them (its kind such as
``external_job``, the stage an external application reached, ``manager_unaware`` when their
own manager does not know, ``solo`` when they work alone). An exercise's ``variants`` reword it
for a tag or hide it with a sentence saying why; an option's ``only_for`` / ``not_for`` say
whom it is offered to. Answers are always checked against every option, offered or not, so a
saved answer still reads after a person's path (or the content) changes.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kit.core.support import SupportFile, check_support
from kit.core.workspace import content_dir
from kit.errors import ContentError

_M = TypeVar("_M", bound=BaseModel)

Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


PATH_TAGS = ("manager_unaware", "solo")
"""Path tags that do not come from the situation's options: the person's own manager does not
know about an external application (or there is none), and the person works alone."""


class Option(_Strict):
    """One choice in a list: a stable ``value`` for the store, a ``label`` for people.

    ``only_for`` / ``not_for`` name path tags: the option is offered only to people with one of
    the first, and never to people with one of the second. ``retired`` options are no longer
    offered but still read, so answers saved with them keep their meaning. ``group`` puts an
    option under a sub-heading (the exercise says which groups it has).
    """

    value: Key
    label: Text
    hint: str = ""
    group: Annotated[str, StringConstraints(pattern=r"^([a-z0-9][a-z0-9_]*)?$")] = ""
    only_for: list[Key] = Field(default_factory=list)
    not_for: list[Key] = Field(default_factory=list)
    retired: bool = False

    def offered_to(self, tags: Sequence[str]) -> bool:
        if self.retired or any(tag in self.not_for for tag in tags):
            return False
        return not self.only_for or any(tag in self.only_for for tag in tags)


class Variant(_Strict):
    """How an exercise reads on one path: a new title, intro or prompts, a sentence for this
    path (``note``), or ``hidden`` with the note saying why it does not apply."""

    title: str = ""
    intro: str | None = None
    prompts: dict[Key, Text] = Field(default_factory=dict)
    note: str = ""
    hidden: bool = False


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
    variants: dict[Key, Variant] = Field(
        default_factory=dict, description="per path tag: rewording, a note, or hidden"
    )
    only_for: list[Key] = Field(
        default_factory=list,
        description="path tags this exercise is for; everyone else sees prompts.not_for_you",
    )
    note: str = ""
    hidden: bool = False

    def for_path(self, tags: Sequence[str]) -> ExerciseContent:
        """This exercise as a person on ``tags`` sees it: variants applied in tag order, and only
        the options offered to them. Answers are still validated against ``self``."""
        title, intro, prompts = self.title, self.intro, dict(self.prompts)
        note, hidden = self.note, self.hidden
        for tag in tags:
            variant = self.variants.get(tag)
            if variant is None:
                continue
            title = variant.title or title
            intro = intro if variant.intro is None else variant.intro
            prompts.update(variant.prompts)
            note = variant.note or note
            hidden = hidden or variant.hidden
        if self.only_for and not any(tag in self.only_for for tag in tags):
            hidden, note = True, prompts.get("not_for_you", note)
        options = {
            name: [option for option in listed if option.offered_to(tags)]
            for name, listed in self.options.items()
        }
        return self.model_copy(
            update={
                "title": title,
                "intro": intro,
                "prompts": prompts,
                "options": options,
                "note": note,
                "hidden": hidden,
            }
        )

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


class EmotionGroup(_Strict):
    """Single words people use after a no (disappointed, numb...): each can be picked on its
    own, beside one word per family of the wheel."""

    id: Key
    label: Text
    words: list[EmotionWord] = Field(min_length=1)


class _EmotionsFile(_Strict):
    source: Text
    family: list[EmotionFamily] = Field(min_length=1)
    group: list[EmotionGroup] = Field(default_factory=list)


@dataclass(frozen=True)
class Emotion:
    """A word from the vocabulary with its family and intensity (1 mild, 2 clear, 3 intense).

    A word from a group is its own family (``family`` is the word), so any number of them can
    be picked next to the wheel's one word per family."""

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
    emotion_groups: list[EmotionGroup] = field(default_factory=list)
    support: SupportFile | None = None

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

    def path_tags(self) -> set[str]:
        """Every tag a variant or an option may name: situation kinds and stages, and
        ``PATH_TAGS``."""
        situation = self.exercises.get("situation")
        found = set(PATH_TAGS)
        if situation is not None:
            found |= set(situation.option_values("kind")) | set(situation.option_values("stage"))
        return found


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

    problems.extend(_check_path_tags(directory, exercises, exercise_step))

    emotions_path = directory / "vocabularies" / "emotions.toml"
    emotions_file = _parse(emotions_path, _EmotionsFile, problems)
    emotions: dict[str, Emotion] = {}
    families = list(emotions_file.family) if emotions_file else []
    groups = list(emotions_file.group) if emotions_file else []
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
    family_ids = {family.id for family in families}
    for group in groups:
        for word in group.words:
            if word.word in emotions or word.word in family_ids:
                problems.append(
                    ContentError(emotions_path, f"group {group.id!r}", f"word {word.word!r} twice")
                )
            emotions[word.word] = Emotion(
                word.word, word.label, word.word, group.label, word.intensity
            )

    support_path = directory / "support.toml"
    support = _parse(support_path, SupportFile, problems)
    if support is not None:
        problems.extend(check_support(support_path, support))

    if problems:
        raise _combine(problems)
    return Content(directory, steps, exercises, exercise_step, families, emotions, groups, support)


def _check_path_tags(
    directory: Path, exercises: dict[str, ExerciseContent], exercise_step: dict[str, str]
) -> list[ContentError]:
    """Every tag a variant or an option names must be one a person can have."""
    situation = exercises.get("situation")
    if situation is None:
        return []
    known = (
        set(PATH_TAGS)
        | set(situation.option_values("kind"))
        | set(situation.option_values("stage"))
    )
    problems = []
    for exercise_id, exercise in exercises.items():
        path = directory / "exercises" / f"{exercise_step[exercise_id]}.toml"
        named = [(f"variants.{tag}", tag) for tag in exercise.variants]
        named += [("only_for", tag) for tag in exercise.only_for]
        named += [
            (f"options.{name} {option.value!r}", tag)
            for name, listed in exercise.options.items()
            for option in listed
            for tag in (*option.only_for, *option.not_for)
        ]
        for where, tag in named:
            if tag not in known:
                problems.append(
                    ContentError(
                        path,
                        f"exercise {exercise_id!r}",
                        f"{where}: {tag!r} is not a situation kind, a stage or one of "
                        f"{', '.join(PATH_TAGS)}; check the spelling",
                    )
                )
    return problems


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

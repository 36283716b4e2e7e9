"""The workshop's steps: one package each, found from ``data/steps.toml`` and nothing else.

A step with id ``NN_name`` lives in the package ``kit.steps.name``. Its parts are found by
module name, the way Django finds an app's models from ``INSTALLED_APPS``, so adding a step
or an exercise never means editing a list here::

    answers.py     answer models, each registered with ``kit.workbook.answers.register``
    exercises.py   widgets, each registered with ``kit.workbook.exercise.register_exercise``
    report.py      ``render_section(ctx) -> str``: the step's section of the personal report
    demo.py        ``answers(persona, rng) -> {exercise id: value}`` for the demo cohort

A part a step does not have is simply absent. Everything else in a step's folder is logic only
that step uses. Steps do not import each other; a step that builds on earlier ones reads them
through its one ``inputs`` module.

Importing this package is cheap: a step's modules are imported when first asked for, and its
answers never pull in widgets.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from kit.core.content import Content, Step
from kit.errors import AnswerError, NextRoundError
from kit.workbook.answers import Answer, registered_model

if TYPE_CHECKING:  # only for the signatures: importing kit.steps must stay light
    from kit.workbook.personas import Persona
    from kit.workbook.report_context import ReportContext

Section = Callable[["ReportContext"], str]
DemoAnswers = Callable[["Persona", random.Random], dict[str, dict[str, Any]]]


def package_of(step_id: str) -> str:
    """``05_plan`` → ``kit.steps.plan``: the number orders the step, the rest names its package."""
    number, _, name = step_id.partition("_")
    if not (number.isdigit() and name.isidentifier()):
        raise NextRoundError(
            f"The step id {step_id!r} does not look like 'NN_name' (for example '05_plan')."
        )
    return f"{__name__}.{name}"


def step_part(step: Step | str, part: str) -> ModuleType | None:
    """The step's ``answers``, ``exercises``, ``report`` or ``demo`` module, or None if absent."""
    step_id = step if isinstance(step, str) else step.id
    name = f"{package_of(step_id)}.{part}"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name in (name, package_of(step_id)):
            return None
        raise


def load_answer_models(content: Content) -> None:
    """Import every step's answer models, so each exercise's model is registered."""
    for step in content.ordered_steps():
        step_part(step, "answers")


def answer_model_for(exercise_id: str, content: Content) -> type[Answer]:
    """The model that validates answers to ``exercise_id`` (from the step that owns it)."""
    step_id = content.exercise_step.get(exercise_id)
    if step_id is not None:
        step_part(step_id, "answers")
    model = registered_model(exercise_id)
    if model is None:
        raise AnswerError(exercise_id, f"No answer model is registered for {exercise_id!r}.")
    return model


def parse_answer(exercise_id: str, data: Mapping[str, Any], content: Content) -> Answer:
    """Validate a stored or incoming answer by exercise id."""
    model = answer_model_for(exercise_id, content)
    return model.parse(data, content.exercise(exercise_id), content)


def exercise_class(exercise_id: str, content: Content) -> type[Any]:
    """The widget class of ``exercise_id``, from its step's ``exercises`` module."""
    from kit.workbook.exercise import registered_exercise

    step_id = content.exercise_step.get(exercise_id)
    if step_id is not None:
        step_part(step_id, "exercises")
    found = registered_exercise(exercise_id)
    if found is None:
        raise NextRoundError(f"There is no exercise called {exercise_id!r} in the kit.")
    return found


def check_all_content(content: Content) -> None:
    """Check every exercise class against the content (``nextround check``, tests)."""
    from kit.workbook.exercise import check_exercise_content

    for exercise_id in content.exercises:
        check_exercise_content(exercise_class(exercise_id, content), content)


def report_sections(content: Content) -> list[tuple[Step, Section]]:
    """Each step's report section, in workshop order (steps without one are left out)."""
    sections = []
    for step in content.ordered_steps():
        module = step_part(step, "report")
        if module is not None:
            sections.append((step, cast(Section, module.render_section)))
    return sections


def demo_generators(content: Content) -> list[tuple[Step, DemoAnswers]]:
    """Each step's demo-answer generator, in workshop order."""
    generators = []
    for step in content.ordered_steps():
        module = step_part(step, "demo")
        if module is not None:
            generators.append((step, cast(DemoAnswers, module.answers)))
    return generators

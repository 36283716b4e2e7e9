"""What every exercise widget shares: save on every change, show the saved answer back.

An exercise subclass builds its controls, says how to read them into a plain dict
(``collect``) and how to put a saved answer back into them (``fill``). Everything else is
here: validation through the exercise's answer model, saving through the session (never SQL),
a calm status line, disabling until the person has said who they are, and reloading when the
person changes. The status line is the only place errors appear, so a participant never
sees a traceback and never loses what is in the boxes.

Each exercise is built for the person's path (``kit.workbook.situation``): ``self.content`` is
the content as that path reads it (variants applied, only the options offered to them), or a
sentence saying why the exercise does not apply. Answers are checked against the exercise's
full content (``self.base_content``), so an answer saved on another path still loads.
"""

from __future__ import annotations

import html
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, ClassVar, Generic, Protocol, TypeVar, cast

import ipywidgets as widgets
from traitlets import TraitError

from kit.core.content import Content, ExerciseContent, Option
from kit.core.store import Participant, Revision, Store
from kit.errors import AnswerError, ContentError, NextRoundError
from kit.workbook.answers import Answer
from kit.workbook.choice_group import ChoiceGroup
from kit.workbook.dates import new_date_problem
from kit.workbook.situation import SITUATION, Situation, read_situation

ParticipantListener = Callable[[Participant | None], None]


class Page(Protocol):
    """What an exercise needs from the page it sits on (``kit.steps.page.Session``)."""

    content: Content
    store: Store
    participant: Participant | None
    read_only: bool  # the session has ended: answers are shown, not changed

    def save(self, exercise_id: str, value: dict[str, Any]) -> Revision: ...

    def saved(self, exercise_id: str) -> Revision | None: ...

    def on_participant_change(self, listener: ParticipantListener) -> None: ...


A = TypeVar("A", bound=Answer)
# "auto", not "100%": a widget's margin comes on top of 100% and gives every box a scrollbar.
FULL_WIDTH = widgets.Layout(width="auto", max_width="46rem")
WAITING_FOR_PERSON = "Start at the top of the page; your answers are saved from then on."

_EXERCISES: dict[str, type[Exercise[Any]]] = {}


def register_exercise(cls: type[E]) -> type[E]:
    """Class decorator: make the exercise available to ``Session.exercise(id)``."""
    _EXERCISES[cls.exercise_id] = cls
    return cls


def registered_exercise(exercise_id: str) -> type[Exercise[Any]] | None:
    """The class registered for ``exercise_id`` so far (``kit.steps`` imports the step first)."""
    return _EXERCISES.get(exercise_id)


def situation_of(page: Page) -> Situation:
    """The situation of whoever works on ``page`` (the general path until they say who)."""
    participant = page.participant
    if participant is None:
        return Situation()
    revision = page.saved(SITUATION)
    return read_situation(revision.value if revision else None, solo=participant.cohort_id is None)


class Exercise(ABC, Generic[A]):
    """One exercise on screen, bound to a session (store + participant)."""

    exercise_id: ClassVar[str]
    answer_model: ClassVar[type[Answer]]
    needs_options: ClassVar[tuple[str, ...]] = ()

    def __init__(self, session: Page) -> None:
        self.session = session
        self.base_content: ExerciseContent = session.content.exercise(self.exercise_id)
        self.content: ExerciseContent = self.base_content
        check_exercise_content(type(self), session.content)
        self.status = widgets.HTML(value="", layout=FULL_WIDTH)
        self.status.add_class("nr-status")
        self._filling = False
        self.situation = Situation()
        self._built_for: tuple[str, ...] | None = None
        self.widget = widgets.VBox(layout=FULL_WIDTH)
        self.widget.add_class("nr-exercise")
        self.widget.add_class(f"nr-exercise-{self.exercise_id.replace('_', '-')}")
        session.on_participant_change(self._participant_changed)
        self._participant_changed(session.participant)

    @property
    def hidden(self) -> bool:
        """True when the exercise does not apply to this person's path (a note says why)."""
        return self.content.hidden

    def _lay_out(self) -> None:
        """Build the controls for the person's path: again whenever the path changes."""
        self.content = self.base_content.for_path(self.situation.tags)
        header = widgets.HTML(
            f"<h2 class='nr-title'>{html.escape(self.content.title)}</h2>"
            + (
                f"<p class='nr-intro'>{html.escape(self.content.intro)}</p>"
                if self.content.intro and not self.content.hidden
                else ""
            )
        )
        parts: list[widgets.Widget] = [header]
        if self.content.note:
            note = widgets.HTML(
                f"<div class='nr-card nr-path-note'>{html.escape(self.content.note)}</div>",
                layout=FULL_WIDTH,
            )
            parts.append(note)
        if self.content.hidden:
            self.widget.children = parts
            return
        self.widget.children = [*parts, *self.build(), self.status]

    # -- what subclasses provide ----------------------------------------------------------

    @abstractmethod
    def build(self) -> Sequence[widgets.Widget]:
        """Create the controls; wire their changes to ``self.save``."""

    @abstractmethod
    def collect(self) -> dict[str, Any]:
        """Read the controls into the raw shape of the answer model."""

    @abstractmethod
    def fill(self, answer: A | None) -> None:
        """Show a saved answer in the controls (``None``: reset them to empty)."""

    def after_save(self, answer: A) -> None:
        """Hook for exercises that show something back once saved (a kind rewrite, a list)."""

    def saved_message(self, answer: A) -> str:
        return "Saved"

    # -- behaviour shared by all exercises ------------------------------------------------

    def save(self, *_: object) -> Revision | None:
        """Validate what is in the controls and append it to the store as a new revision."""
        if self._filling or self.hidden:
            return None
        if self.session.participant is None:
            self._show(WAITING_FOR_PERSON, kind="wait")
            return None
        try:
            answer = cast(
                A,
                self.answer_model.parse(self.collect(), self.base_content, self.session.content),
            )
            revision = self.session.save(self.exercise_id, answer.model_dump(mode="json"))
        except AnswerError as exc:
            self._show(
                f"Not saved yet: {exc.problem} Your earlier answer is still kept.", kind="problem"
            )
            return None
        except NextRoundError as exc:
            self._show(f"Not saved: {exc}", kind="problem")
            return None
        self._show(
            f"{self.saved_message(answer)} at {revision.saved_at_local:%H:%M}.", kind="saved"
        )
        self.after_save(answer)
        return revision

    def check_new_date(self, field: str, day: date | None, what: str) -> str | None:
        """``day`` as stored text, refused (``AnswerError``) if newly picked and already past or
        years away. A date saved earlier may pass quietly: old plans stay editable."""
        revision = self.session.saved(self.exercise_id)
        before = revision.value.get(field) if revision else None
        if day is not None and before != day.isoformat():
            problem = new_date_problem(day, date.today(), what)
            if problem:
                raise AnswerError(self.exercise_id, problem)
        return day.isoformat() if day else None

    def saved_answer(self) -> A | None:
        """The person's current answer as a typed model, or None."""
        revision = self.session.saved(self.exercise_id)
        if revision is None:
            return None
        return self.answer_model.parse(  # type: ignore[return-value]
            revision.value, self.base_content, self.session.content
        )

    def _participant_changed(self, participant: Participant | None) -> None:
        self.situation = situation_of(self.session)
        if self.situation.tags != self._built_for:
            self._built_for = self.situation.tags
            self._lay_out()
        if self.hidden:
            return
        self._filling = True
        problem = ""
        try:
            saved = self.saved_answer() if participant is not None else None
            self.fill(saved)
        except NextRoundError as exc:
            saved = None
            problem = f"Your saved answer could not be shown: {exc}"
        except TraitError:
            # A choice saved on another path (the situation changed since) is not offered here.
            saved = None
            problem = (
                "Your saved answer was given before your situation changed, and one of its "
                "choices is not offered now. It is still kept; choose again here."
            )
        finally:
            self._filling = False
        set_enabled(self.widget, participant is not None and not self.session.read_only)
        if problem:
            self._show(problem, kind="problem")
        elif participant is None:
            self._show(WAITING_FOR_PERSON, kind="wait")
        elif saved is not None:
            revision = self.session.saved(self.exercise_id)
            when = f" from {revision.saved_at_local:%d %b, %H:%M}" if revision else ""
            self._show(
                f"Showing your saved answer{when}. Change anything and it is saved again.",
                kind="saved",
            )
            self.after_save(saved)
        else:
            self._show("", kind="wait")

    def _show(self, message: str, *, kind: str) -> None:
        icon = {"saved": "✓ ", "problem": "⚠ ", "wait": ""}[kind]
        self.status.value = (
            f"<div class='nr-status-{kind}' role='status'>{icon}{html.escape(message)}</div>"
            if message
            else ""
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


E = TypeVar("E", bound=Exercise[Any])


def check_exercise_content(cls: type[Exercise[Any]], content: Content) -> None:
    """Fail with the file and entry to fix when content lacks an option list the class uses."""
    exercise = content.exercise(cls.exercise_id)
    missing = [name for name in cls.needs_options if not exercise.options.get(name)]
    if missing:
        step = content.exercise_step[cls.exercise_id]
        raise ContentError(
            content.directory / "exercises" / f"{step}.toml",
            f"exercise {cls.exercise_id!r}",
            f"needs at least one option under options.{', options.'.join(missing)}",
        )


# -- small builders so every exercise labels its controls the same way ----------------------

# Controls whose ``description`` ipywidgets draws as a ``<label for=…>`` tied to the input.
_NAMEABLE = (
    widgets.Text,
    widgets.Textarea,
    widgets.Dropdown,
    widgets.DatePicker,
    widgets.IntText,
    widgets.BoundedIntText,
)


def prompt_label(text: str) -> widgets.HTML:
    label = widgets.HTML(f"<label class='nr-prompt'>{html.escape(text)}</label>")
    return label


def name_control(text: str, control: widgets.Widget) -> None:
    """Give ``control`` a visible label that is also its name for screen readers.

    The label is ipywidgets' own ``<label for=…>`` (plain text, never HTML); the page's
    stylesheet (``page.css``) shows it above the box, in full, however long.
    """
    control.description = text
    control.add_class("nr-labelled")


def number_row(control: widgets.Widget, position: int) -> None:
    """Label a list row's text box with its number ("2."), shown before it on its line.

    A row's words are the person's own, so the number is the label that stays put; a
    tooltip on the box can say more.
    """
    if isinstance(control, _NAMEABLE):
        control.description = f"{position}."
        control.add_class("nr-numbered")


def labelled(text: str, control: widgets.Widget) -> widgets.VBox:
    """A control under its prompt, the prompt shown and tied to the control.

    A text box, a list or a date picker gets the prompt as its label; a question with answers
    (``ChoiceGroup``) as its legend. A box holding exactly one such control beside buttons (a
    line and its Add button) names that control. Anything else (tick-boxes, toggle buttons,
    each named by its own words) gets the prompt as a line of text above it.
    """
    if isinstance(control, ChoiceGroup):
        control.description = text
        return widgets.VBox([control], layout=FULL_WIDTH)
    if isinstance(control, _NAMEABLE):
        name_control(text, control)
        return widgets.VBox([control], layout=FULL_WIDTH)
    if isinstance(control, widgets.Box):
        inputs = [child for child in control.children if isinstance(child, _NAMEABLE)]
        if len(inputs) == 1 and not inputs[0].description:
            name_control(text, inputs[0])
            return widgets.VBox([control], layout=FULL_WIDTH)
    return widgets.VBox([prompt_label(text), control], layout=FULL_WIDTH)


def text_area(
    on_change: Callable[..., Any], placeholder: str = "", rows: int = 3
) -> widgets.Textarea:
    """Free text, saved when the person leaves the box (not on every keystroke)."""
    area = widgets.Textarea(
        placeholder=placeholder, rows=rows, continuous_update=False, layout=FULL_WIDTH
    )
    area.observe(on_change, names="value")
    return area


def text_line(on_change: Callable[..., Any], placeholder: str = "") -> widgets.Text:
    line = widgets.Text(placeholder=placeholder, continuous_update=False, layout=FULL_WIDTH)
    line.observe(on_change, names="value")
    return line


def tick_box(
    on_change: Callable[..., Any], description: str, *, hidden: bool = False
) -> widgets.Checkbox:
    """One yes/no, unticked until the person ticks it, saved when it changes. Its width is the
    shared auto width (100% plus the widget's margin overflowed the exercise's column)."""
    box = widgets.Checkbox(
        value=False,
        description=description,
        indent=False,
        layout=widgets.Layout(width="auto", max_width="46rem", display="none" if hidden else ""),
    )
    box.observe(on_change, names="value")
    return box


def single_choice(options: Sequence[Option], on_change: Callable[..., Any]) -> ChoiceGroup:
    """One of several options, as a radio group; nothing is chosen until the person picks."""
    group = ChoiceGroup(options=[(option.label, option.value) for option in options])
    group.observe(on_change, names="value")
    return group


def many_choices(
    options: Sequence[Option], on_change: Callable[..., Any]
) -> tuple[widgets.VBox, dict[str, widgets.Checkbox]]:
    """Tick-boxes; returns the box and the boxes by option value."""
    boxes = {
        option.value: widgets.Checkbox(
            value=False, description=option.label, indent=False, layout=FULL_WIDTH
        )
        for option in options
    }
    for box in boxes.values():
        box.observe(on_change, names="value")
    return widgets.VBox(list(boxes.values()), layout=FULL_WIDTH), boxes


def set_enabled(widget: widgets.Widget, enabled: bool) -> None:
    """Enable or disable every control inside ``widget``."""
    if hasattr(widget, "disabled") and not isinstance(widget, widgets.Box):
        widget.disabled = not enabled
    for child in getattr(widget, "children", ()):
        set_enabled(child, enabled)

"""A step's page: the step, the store, and who is working.

Each step notebook starts with ``step = open_step("00_check_in")``, shows ``step`` (the step's
heading and a "who are you" box), then calls ``step.exercise(id)`` once per exercise.
Exercises listen to the session, so a person can run every cell first and say who they are
afterwards; the exercises then unlock and show that person's saved answers.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from kit.core import identity
from kit.core.content import Content, load_content
from kit.core.store import Participant, Revision, Store
from kit.errors import IdentityError, NextRoundError
from kit.steps import exercise_class
from kit.workbook.exercise import FULL_WIDTH, Exercise, ParticipantListener
from kit.workbook.notice import Notice
from kit.workbook.support_card import SupportCard


class Session:
    """One step opened by one person (or by nobody yet) against one store."""

    def __init__(
        self,
        step_id: str,
        *,
        store: Store | None = None,
        participant_id: str | None = None,
        content: Content | None = None,
    ) -> None:
        self.content = content or load_content()
        self.step = self.content.step(step_id)
        self.store = store or Store.open()
        self.participant: Participant | None = identity.resolve_participant(
            self.store, participant_id
        )
        self._listeners: list[ParticipantListener] = []
        self.picker = IdentityPicker(self)

    def on_participant_change(self, listener: ParticipantListener) -> None:
        self._listeners.append(listener)

    def choose(self, participant: Participant | None) -> None:
        """Switch to ``participant`` (None: nobody) and tell every exercise on the page."""
        self.participant = participant
        identity.remember(participant)
        self.picker.refresh()
        for listener in self._listeners:
            listener(participant)

    def save(self, exercise_id: str, value: dict[str, Any]) -> Revision:
        if self.participant is None:
            raise IdentityError("Choose who you are before answering.")
        return self.store.save_answer(self.participant.id, exercise_id, value)

    def saved(self, exercise_id: str) -> Revision | None:
        if self.participant is None:
            return None
        return self.store.latest_answer(self.participant.id, exercise_id)

    def exercise(self, exercise_id: str) -> Exercise[Any] | Notice:
        """The exercise's widget, bound to this session; a calm notice if it cannot be built."""
        try:
            exercise = exercise_class(exercise_id, self.content)
            return exercise(self)  # type: ignore[no-any-return]
        except NextRoundError as exc:
            return Notice(f"This exercise cannot be shown: {exc}")

    def support(self) -> SupportCard:
        """Where to get help, as the person working sees it (contacts, or where to look)."""
        return SupportCard(self)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        minutes = self.step.timebox_minutes
        timing = f" · about {minutes} minutes" if minutes else ""
        header = widgets.HTML(
            f"<div class='nr-step'><p class='nr-step-purpose'>{html.escape(self.step.purpose)}"
            f"<span class='nr-step-time'>{timing}</span></p></div>",
            layout=FULL_WIDTH,
        )
        return widgets.VBox([header, self.picker.widget])._repr_mimebundle_(**kwargs)


class IdentityPicker:
    """'Who are you?': pick yourself from the roster, or start on your own with a name."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.message = widgets.HTML()
        self.widget = widgets.VBox(layout=FULL_WIDTH)
        self.widget.add_class("nr-identity")
        self.refresh()

    def refresh(self) -> None:
        participant = self.session.participant
        if participant is not None:
            change = widgets.Button(description="Not you? Change", icon="user")
            change.on_click(lambda _button: self.session.choose(None))
            working_as = widgets.HTML(
                f"<p class='nr-working-as'>You are working as <b>{html.escape(participant.display_name)}</b>."
                " Your answers are private to you.</p>"
            )
            self.widget.children = [working_as, change]
            return
        children: list[widgets.Widget] = [
            widgets.HTML(
                "<p class='nr-prompt'><b>Who are you?</b> Your answers are saved under your name and stay private to you.</p>"
            )
        ]
        roster = identity.roster_for_picker(self.session.store)
        if roster:
            self.roster = widgets.Dropdown(
                options=[("— choose your name —", "")]
                + [(person.display_name, person.id) for person in roster],
                value="",
                description="In a group:",
                style={"description_width": "initial"},
            )
            pick = widgets.Button(description="That's me", button_style="primary")
            pick.add_class("nr-pick-me")
            pick.on_click(self._picked_from_roster)
            children.append(widgets.HBox([self.roster, pick]))
        self.solo_name = widgets.Text(
            placeholder="your first name or a nickname",
            description="On my own:",
            style={"description_width": "initial"},
        )
        start = widgets.Button(description="Start on my own")
        start.add_class("nr-start-solo")
        start.on_click(self._started_solo)
        children += [widgets.HBox([self.solo_name, start]), self.message]
        self.widget.children = children

    def _picked_from_roster(self, _button: widgets.Button) -> None:
        if not self.roster.value:
            self._problem("Choose your name from the list first.")
            return
        self._choose(lambda: self.session.store.get_participant(self.roster.value))

    def _started_solo(self, _button: widgets.Button) -> None:
        self._choose(lambda: identity.start_solo(self.session.store, self.solo_name.value))

    def _choose(self, find: Callable[[], Participant]) -> None:
        try:
            participant = find()
        except NextRoundError as exc:
            self._problem(str(exc))
            return
        self.message.value = ""
        self.session.choose(participant)

    def _problem(self, text: str) -> None:
        self.message.value = f"<p class='nr-status-problem' role='alert'>⚠ {html.escape(text)}</p>"


def open_step(step_id: str, *, participant_id: str | None = None) -> Session | Notice:
    """Open a step for the notebook; a store or content problem becomes a readable notice."""
    try:
        return Session(step_id, participant_id=participant_id)
    except NextRoundError as exc:
        return Notice(
            f"The workshop cannot start here yet. {exc} Ask your facilitator if this persists."
        )

"""A step's page: the step, the store, and who is working.

Each step notebook starts with ``step = open_step("00_check_in")``, shows ``step`` (the step's
heading and who is working), then calls ``step.exercise(id)`` once per exercise.

Who is working comes from a secret, never from a name picked in a list (``kit.core.identity``):
the participant app resolves a join link on its server and starts the page's kernel as that
person; a hub gives its user; a person working alone in their own workspace types a first name
or a nickname once, and the workspace remembers it. Nothing on the page can change who it is
for: in a room, a page that does not know its person says so and offers nothing to type.
"""

from __future__ import annotations

import html
import os
import weakref
from typing import Any

import ipywidgets as widgets

from kit.core import identity
from kit.core.content import Content, load_content
from kit.core.store import Participant, Revision, Store
from kit.errors import IdentityError, NextRoundError
from kit.steps import exercise_class
from kit.workbook.downloads import Downloads
from kit.workbook.exercise import (
    FULL_WIDTH,
    WAITING_FOR_PERSON,
    Exercise,
    ParticipantListener,
    set_enabled,
)
from kit.workbook.notice import Notice
from kit.workbook.page_style import stylesheet
from kit.workbook.support_card import SupportCard

READ_ONLY_ENV = "NEXTROUND_READ_ONLY"
SESSION_ENDED = "The session has ended: your answers are shown here to read, not to change."
_open_sessions: weakref.WeakSet[Session] = weakref.WeakSet()


def open_sessions() -> list[Session]:
    """The step pages open in this kernel (the participant app's frame tells them the room closed)."""
    return list(_open_sessions)


class Session:
    """One step opened by one person (or by nobody yet) against one store.

    ``read_only`` (``NEXTROUND_READ_ONLY=1``, or :meth:`set_read_only` when a facilitator closes
    the room) shows the person's answers with every control disabled, and refuses saves here,
    in the kernel, whatever a page sends.
    """

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
        self.read_only = os.environ.get(READ_ONLY_ENV, "") == "1"
        self._exercises: list[Exercise[Any]] = []
        self.who = WhoIsWorking(self)
        _open_sessions.add(self)

    def set_read_only(self, read_only: bool) -> None:
        """Stop (or allow again) changes on this page, at once, for every exercise on it."""
        self.read_only = read_only
        self.who.refresh()
        for exercise in self._exercises:
            set_enabled(exercise.widget, self.participant is not None and not read_only)

    def on_participant_change(self, listener: ParticipantListener) -> None:
        self._listeners.append(listener)

    def choose(self, participant: Participant | None) -> None:
        """Work as ``participant`` from now on and tell every exercise on the page.

        Called when someone alone gives their name; tests use it to switch people. No widget
        calls it with a person the page was not opened for.
        """
        self.participant = participant
        self.who.refresh()
        for listener in self._listeners:
            listener(participant)

    def save(self, exercise_id: str, value: dict[str, Any]) -> Revision:
        if self.participant is None:
            raise IdentityError(WAITING_FOR_PERSON)
        if self.read_only:
            raise IdentityError(SESSION_ENDED)
        return self.store.save_answer(self.participant.id, exercise_id, value)

    def saved(self, exercise_id: str) -> Revision | None:
        if self.participant is None:
            return None
        return self.store.latest_answer(self.participant.id, exercise_id)

    def exercise(self, exercise_id: str) -> Exercise[Any] | Notice:
        """The exercise's widget, bound to this session; a calm notice if it cannot be built."""
        try:
            built: Exercise[Any] = exercise_class(exercise_id, self.content)(self)
        except NextRoundError as exc:
            return Notice(f"This exercise cannot be shown: {exc}")
        self._exercises.append(built)
        return built

    def support(self) -> SupportCard:
        """Where to get help, as the person working sees it (contacts, or where to look)."""
        return SupportCard(self)

    def downloads(self) -> Downloads:
        """ "Download my report" and "Add to my calendar", for the person working."""
        return Downloads()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.header()._repr_mimebundle_(**kwargs)

    def header(self) -> widgets.VBox:
        """The top of the step's page: the pages' stylesheet, the step's purpose, who works."""
        minutes = self.step.timebox_minutes
        timing = f" · about {minutes} minutes" if minutes else ""
        purpose = widgets.HTML(
            f"<div class='nr-step'><p class='nr-step-purpose'>{html.escape(self.step.purpose)}"
            f"<span class='nr-step-time'>{timing}</span></p></div>",
            layout=FULL_WIDTH,
        )
        return widgets.VBox([stylesheet(), purpose, self.who.widget])


class WhoIsWorking:
    """The line under the step's heading: whose page this is, or (alone, first visit) a name box."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.message = widgets.HTML()
        self.widget = widgets.VBox(layout=FULL_WIDTH)
        self.widget.add_class("nr-identity")
        self.refresh()

    def refresh(self) -> None:
        participant = self.session.participant
        if participant is not None:
            ended = (
                f"<p class='nr-read-only' role='status'>{SESSION_ENDED}</p>"
                if self.session.read_only
                else ""
            )
            self.widget.children = [
                widgets.HTML(
                    "<p class='nr-working-as'>You are working as "
                    f"<b>{html.escape(participant.display_name)}</b>. "
                    f"Your answers are private to you.</p>{ended}"
                )
            ]
            return
        if not identity.may_start_solo():
            self.widget.children = [
                widgets.HTML(
                    "<p class='nr-status-problem' role='alert'>This page does not know who you "
                    "are. Open your personal link again, or ask your facilitator for it.</p>"
                )
            ]
            return
        self.solo_name = widgets.Text(
            description="What should we call you?",
            placeholder="a first name or a nickname",
            continuous_update=False,
            layout=widgets.Layout(width="auto", max_width="20rem"),
        )
        self.solo_name.add_class("nr-solo-name")
        self.solo_name.add_class("nr-labelled")
        start = widgets.Button(description="Start", button_style="primary")
        start.add_class("nr-start-solo")
        start.on_click(self._started_solo)
        self.widget.children = [
            widgets.HTML(
                "<p class='nr-prompt'>Your answers are saved on this computer under the name "
                "you give, and stay private to you.</p>"
            ),
            widgets.HBox(
                [self.solo_name, start],
                layout=widgets.Layout(flex_flow="row wrap", align_items="flex-end"),
            ),
            self.message,
        ]

    def _started_solo(self, _button: widgets.Button) -> None:
        try:
            participant = identity.start_solo(self.session.store, self.solo_name.value)
        except NextRoundError as exc:
            self.message.value = (
                f"<p class='nr-status-problem' role='alert'>⚠ {html.escape(str(exc))}</p>"
            )
            return
        self.message.value = ""
        identity.remember(participant)
        self.session.choose(participant)


def open_step(step_id: str, *, participant_id: str | None = None) -> Session | Notice:
    """Open a step for the notebook; a store or content problem becomes a readable notice."""
    try:
        return Session(step_id, participant_id=participant_id)
    except NextRoundError as exc:
        return Notice(
            f"The workshop cannot start here yet. {exc} Ask your facilitator if this persists."
        )

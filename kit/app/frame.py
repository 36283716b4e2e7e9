"""What runs in every page's kernel around the step: the step bar, following the room's pace.

The app serves copies of the step notebooks whose first cell is ``start("<step id>")``. By
then the kernel's environment holds who the page is for (``NEXTROUND_PARTICIPANT``), put
there by the server from the person's join link when it started the kernel; nothing the page
sends can change it (``kit.app.server``). ``start`` shows the step bar: every step, where you
are, which you have done, which the room is on, Previous and Next. A thread reads the room's
pace from the store every second and updates the bar on the kernel's own event loop, so a
step the facilitator opens appears within two seconds, without a reload; when the facilitator
closes the room, the page's exercises turn read-only the same way.

The kernel also answers: it forked from the app's kernel starter, which imported ipywidgets
before any kernel existed, so ``start`` registers ipywidgets' comm target itself (otherwise
every widget on the page would stay "Loading widget…").
"""

from __future__ import annotations

import asyncio
import html
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from kit.core.content import Content, Step, load_content
from kit.core.identity import PARTICIPANT_ENV
from kit.core.logs import logger
from kit.core.store import RoomState, Store
from kit.errors import NextRoundError
from kit.room.pace import answers_locked, step_is_open
from kit.steps.page import READ_ONLY_ENV, open_sessions

log = logger(__name__)

POLL_SECONDS = 1.0
QUERY_ENV = "NEXTROUND_APP_QUERY_URL"  # set by the server on pages it prepares ahead
PERSON_FROM_REQUEST = (
    "HTTP_X_NEXTROUND_PARTICIPANT"  # the header the server set, as Voilà passes it
)
STEP_BAR_STYLE = """<style>
.nr-stepbar-nav{font-size:.95rem;line-height:1.4;margin:0 0 1rem;border-bottom:1px solid #ddd;padding-bottom:.6rem}
.nr-sb-steps{display:flex;flex-wrap:wrap;gap:.35rem .9rem;list-style:none;margin:0;padding:0}
.nr-sb-step a{color:#1f4e79}
.nr-sb-here b{color:#111}
.nr-sb-closed{color:#6b6b6b}
.nr-sb-room{text-decoration:underline;text-decoration-color:#c77d00;text-underline-offset:.25em}
.nr-sb-move{margin-top:.4rem}
.nr-sb-banner{margin:.5rem 0 0;padding:.4rem .6rem;background:#fff4dc;border-radius:6px}
.nr-visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
</style>"""


@dataclass(frozen=True)
class Pace:
    """What the step bar shows: the room's state and the steps this person has answered in."""

    room: RoomState | None
    answered_steps: frozenset[str]
    finished_steps: frozenset[str]

    def is_open(self, step: Step) -> bool:
        return step_is_open(self.room, step, answered_in_it=step.id in self.answered_steps)


def read_pace(store: Store, content: Content, participant_id: str | None) -> Pace:
    """The room's state (None alone) and which steps this person has started and finished."""
    if participant_id is None:
        return Pace(None, frozenset(), frozenset())
    person = store.get_participant(participant_id)
    room = store.room_state(person.cohort_id) if person.cohort_id else None
    answered = store.answered_exercises(participant_id)
    started, finished = set(), set()
    for step in content.ordered_steps():
        ids = {exercise.id for exercise in content.exercises_of(step.id)}
        if ids & answered:
            started.add(step.id)
        if ids and ids <= answered:
            finished.add(step.id)
    return Pace(room, frozenset(started), frozenset(finished))


class StepBar:
    """Steps 00–07 at the top of every page, following the room; see the module docstring."""

    def __init__(self, step_id: str, content: Content, store: Store) -> None:
        self.step = content.step(step_id)
        self.content = content
        self.store = store
        self.participant_id = os.environ.get(PARTICIPANT_ENV, "").strip() or None
        self.widget = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.widget.add_class("nr-stepbar")
        self.pace = self._read()
        self.widget.value = render_bar(self.step, content.ordered_steps(), self.pace)
        self._stop = threading.Event()
        self.loop = _running_loop()

    def refresh(self) -> None:
        """Read the room now and redraw (a page that has just learned whom it serves)."""
        self.pace = self._read()
        self._show(self.pace)

    def follow(self) -> None:
        """Keep the bar in step with the room until the kernel goes away."""
        if self.participant_id is None or self.loop is None:
            return
        threading.Thread(target=self._poll, name="nextround-step-bar", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _read(self) -> Pace:
        try:
            return read_pace(self.store, self.content, self.participant_id)
        except NextRoundError as exc:
            log.warning("step bar could not read the room: %s", exc)
            return Pace(None, frozenset(), frozenset())

    def _poll(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            pace = self._read()
            if pace != self.pace:
                self.pace = pace
                self._on_loop(self._show, pace)

    def _show(self, pace: Pace) -> None:
        self.widget.value = render_bar(self.step, self.content.ordered_steps(), pace)
        locked = answers_locked(pace.room, self.step)
        for session in open_sessions():
            if session.read_only != locked:
                session.set_read_only(locked)

    def _on_loop(self, function: Callable[..., Any], *args: Any) -> None:
        """Widgets change on the kernel's own event loop, never from the polling thread."""
        assert self.loop is not None
        self.loop.call_soon_threadsafe(function, *args)


def render_bar(here: Step, steps: list[Step], pace: Pace) -> str:
    """The bar's HTML: links to open steps, a kind word for the others, Previous and Next."""
    room_step = pace.room.current_step if pace.room is not None else None
    items = []
    for step in steps:
        label = f"{step.number:02d} {html.escape(step.title)}"
        state = ""
        if step.id in pace.finished_steps:
            state = (
                "<span class='nr-sb-state'> ✓<span class='nr-visually-hidden'> done</span></span>"
            )
        classes = ["nr-sb-step"]
        if step.id == room_step:
            classes.append("nr-sb-room")
        if step.id == here.id:
            classes.append("nr-sb-here")
            items.append(
                f"<li class='{' '.join(classes)}' aria-current='step'><b>{label}</b>{state}</li>"
            )
        elif pace.is_open(step):
            items.append(
                f"<li class='{' '.join(classes)}'><a href='{step.id}'>{label}</a>{state}</li>"
            )
        else:
            items.append(
                f"<li class='{' '.join(classes)} nr-sb-closed'>{label}"
                "<span class='nr-visually-hidden'> (not open yet)</span></li>"
            )
    ids = [step.id for step in steps]
    position = ids.index(here.id)
    nav = []
    if position > 0 and pace.is_open(steps[position - 1]):
        nav.append(f"<a class='nr-sb-prev' href='{ids[position - 1]}'>← Previous</a>")
    if position < len(ids) - 1:
        following = steps[position + 1]
        if pace.is_open(following):
            nav.append(f"<a class='nr-sb-next' href='{following.id}'>Next →</a>")
        else:
            nav.append(
                "<span class='nr-sb-wait'>The next step opens when your facilitator opens it."
                "</span>"
            )
    banner = ""
    if room_step and room_step != here.id:
        target = next((step for step in steps if step.id == room_step), None)
        if target is not None:
            banner = (
                f"<p class='nr-sb-banner' role='status'>Your facilitator has opened "
                f"<b>{target.number:02d} {html.escape(target.title)}</b>. "
                f"<a href='{target.id}'>Go there</a></p>"
            )
    closed = ""
    if pace.room is not None and pace.room.closed:
        later = [step for step in steps if not step.in_session]
        if not here.in_session:
            closed = (
                "<p class='nr-sb-banner' role='status'>The session has ended. This step is "
                "for afterwards: come back to it whenever you are ready.</p>"
            )
        else:
            closed = (
                "<p class='nr-sb-banner' role='status'>The session has ended. Your answers are "
                "shown here to read and download; they can no longer be changed."
                + "".join(
                    f" <a href='{step.id}'>{step.number:02d} {html.escape(step.title)}</a> "
                    "is open for when you come back."
                    for step in later
                )
                + "</p>"
            )
    return (
        STEP_BAR_STYLE
        + f"<nav class='nr-stepbar-nav' aria-label='Workshop steps' data-here='{here.id}' "
        f"data-room-step='{room_step or ''}'><ol class='nr-sb-steps'>{''.join(items)}</ol>"
        f"<div class='nr-sb-move'>{' · '.join(nav)}</div>{banner}{closed}</nav>"
    )


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_event_loop()
    except RuntimeError:
        return None


_bars: list[StepBar] = []


def prepare_kernel() -> None:
    """Make widgets work in a kernel forked from the app's starter.

    ipywidgets registers its comm target when first imported inside a kernel; the starter
    imported it before any kernel existed, so a forked kernel registers it here.
    """
    widgets.register_comm_target()


def start(step_id: str) -> widgets.Widget:
    """The page's first cell: make widgets work in this kernel and show the step bar.

    A page prepared ahead (before anyone asked for it) has nobody yet: it waits, in a thread,
    for the server to say whom it was given to, then becomes that person's page.
    """
    prepare_kernel()
    bar = StepBar(step_id, load_content(), Store.open())
    _bars.append(bar)
    # The step page, made by the next cells, opens read-only after the session for its steps.
    os.environ[READ_ONLY_ENV] = "1" if answers_locked(bar.pace.room, bar.step) else ""
    query = os.environ.get(QUERY_ENV, "")
    if bar.participant_id is None and query:
        waiting = threading.Thread(
            target=_await_person,
            args=(query, os.environ.get("VOILA_KERNEL_ID", ""), bar),
            name="nextround-await-person",
            daemon=True,
        )
        waiting.start()
    else:
        bar.follow()
    return bar.widget


def _await_person(query: str, kernel_id: str, bar: StepBar) -> None:
    """Read, once, the request the server gave this prepared page to; bind to its person."""

    async def read_once() -> str | bytes | None:
        # The server's own address on loopback; its certificate (if any) is for the room's name.
        request = HTTPRequest(f"{query}/{kernel_id}", validate_cert=False)
        socket = await websocket_connect(request)
        try:
            return await socket.read_message()
        finally:
            socket.close()

    private_loop = asyncio.new_event_loop()
    try:
        raw = private_loop.run_until_complete(read_once())
    except Exception as exc:  # the page then stays a page for nobody, and says so
        log.warning("a prepared page was not told whom it serves: %s", exc)
        return
    finally:
        private_loop.close()
    person = str(json.loads(raw or "{}").get(PERSON_FROM_REQUEST, "")).strip()
    if person and bar.loop is not None:
        bar.loop.call_soon_threadsafe(bind, person, bar)


def bind(participant_id: str, bar: StepBar) -> None:
    """Make this prepared page ``participant_id``'s: every step page in it, and its step bar."""
    if bar.participant_id is not None:
        raise NextRoundError("This page already serves someone.")
    os.environ[PARTICIPANT_ENV] = participant_id
    person = bar.store.get_participant(participant_id)
    for session in open_sessions():
        session.choose(person)
    bar.participant_id = participant_id
    bar.refresh()
    bar.follow()


def warm_up() -> None:
    """What the app's kernel starter imports before forking page kernels (never the store).

    ipywidgets, the step page and every step's widgets and answer models, SQLAlchemy's SQLite
    dialect, and the content files: the same for everybody, so a forked kernel starts with them.
    """
    import sqlalchemy

    import kit.steps.page  # noqa: F401
    from kit.steps import exercise_class

    sqlalchemy.create_engine("sqlite://").dispose()
    content = load_content()
    for exercise_id in content.exercises:
        exercise_class(exercise_id, content)

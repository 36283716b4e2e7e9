"""The facilitator's console: one cohort's session, part by part, behind the facilitator's link.

``notebooks/facilitator_console.ipynb`` shows one part per cell::

    console = open_console()
    console                      # the cohort (a picker only in JupyterLab) and Refresh
    console.run_of_show()        # steps, what is open for the room, the shared countdown
    console.room()               # who joined, how far the step has got, who may need a word
    console.walk_ins()           # add someone on the spot and show their join card
    console.pairs()              # role-play and accountability pairs from who is present
    console.group_views()        # anonymous views: what the projector shows, never a name
    console.reports()            # everyone's reports, in a batch beside the console
    console.end_session()        # close the room (and reopen it)

The run-of-show sets the room's pace (:mod:`kit.room.pace`): opening a step here opens it on
every participant's page within two seconds. Names appear only in the room, walk-in and pairs
parts; everything about answers comes from :mod:`kit.room.group_views`, where the minimum
group size is enforced. The console reads the store again every second in a thread
(:mod:`kit.room.follow`), so the countdown, a co-facilitator's changes and, every few
seconds, the room keep up by themselves. Clocks are injected, so tests drive the countdown
without waiting.
"""

from __future__ import annotations

import html
import random
from collections.abc import Callable
from datetime import datetime
from typing import Any

import ipywidgets as widgets

from kit.core.content import Content, load_content
from kit.core.store import Cohort, Participant, Store, utc_now
from kit.errors import NextRoundError
from kit.room.cohort_page import choose_cohort, in_app, ready_for_widgets
from kit.room.console_pace import EndSessionPanel, RunOfShowPanel
from kit.room.console_parts import CONSOLE_CSS, Desk, button, part, problem
from kit.room.console_people import PairsPanel, RoomPanel, ShowCard, WalkInPanel
from kit.room.console_reports import ReportsPanel
from kit.room.follow import Follower
from kit.room.group_views import GroupView
from kit.room.pace import Room
from kit.room.projector import CohortViews, views_html
from kit.room.timer import Clock
from kit.workbook.exercise import FULL_WIDTH, labelled
from kit.workbook.notice import Notice

ROOM_EVERY_SECONDS = 10.0


class FacilitatorConsole:
    """Everything on the facilitator's screen for one cohort; see the module docstring.

    ``show_card`` gives a walk-in's join card as HTML (the app passes one; without it the
    console says which command prints the card). ``cohort_fixed`` hides the cohort picker:
    true in the app, where the facilitator's link decides the cohort.
    """

    def __init__(
        self,
        store: Store,
        content: Content,
        *,
        cohort_id: str | None = None,
        clock: Clock = utc_now,
        rng: random.Random | None = None,
        autotick: bool = True,
        show_card: ShowCard | None = None,
        cohort_fixed: bool | None = None,
    ) -> None:
        self.cohorts: list[Cohort] = store.list_cohorts()
        self.desk = Desk(store, content, choose_cohort(self.cohorts, cohort_id), clock)
        self.cohort_fixed = in_app() if cohort_fixed is None else cohort_fixed
        self.views: dict[str, GroupView] = {}
        self._views = CohortViews(store, content, self.desk.cohort_id)
        self.pace = RunOfShowPanel(self.desk, on_move=self.refresh_room)
        self.ending = EndSessionPanel(self.desk)
        self.room_panel = RoomPanel(self.desk, current_step=self._current_step)
        self.walk_in_panel = WalkInPanel(self.desk, show_card, on_added=self.refresh_room)
        self.pairs_panel = PairsPanel(self.desk, rng or random.Random())
        self.reports_panel = ReportsPanel(self.desk)
        self.views_html = widgets.HTML()
        self.views_widget = part(
            [
                widgets.HTML(
                    "<p>The projector shows the views of the step the room is on, in large "
                    "type. Nothing here names anyone.</p>"
                ),
                self.views_html,
            ],
            "nr-group-views",
        )
        self._build_header()
        self.refresh()
        self.followers: list[Follower[Any]] = [
            Follower(self.pace.read, self._draw_pace, name="nextround-console-pace"),
            Follower(
                self._read_room,
                self._draw_room,
                name="nextround-console-room",
                interval=ROOM_EVERY_SECONDS,
            ),
        ]
        if autotick:
            for follower in self.followers:
                follower.start()

    # -- header: cohort and refresh ---------------------------------------------------------

    def _build_header(self) -> None:
        self.refresh_button = button("Refresh", "refresh", "nr-refresh")
        self.refresh_button.on_click(lambda _button: self.refresh())
        self.header_status = widgets.HTML()
        self.cohort_picker = widgets.Dropdown(
            options=[(f"{cohort.title} ({cohort.id})", cohort.id) for cohort in self.cohorts],
            value=self.desk.cohort_id,
            layout=widgets.Layout(width="32rem"),
        )
        self.cohort_picker.observe(self._cohort_changed, names="value")
        if self.cohort_fixed:
            title = html.escape(self.cohort.title)
            chooser: widgets.Widget = widgets.HTML(f"<h2 class='nr-cohort-title'>{title}</h2>")
        else:
            chooser = labelled("Cohort", self.cohort_picker)
        self.header = widgets.VBox(
            [
                widgets.HTML(CONSOLE_CSS),
                widgets.HBox(
                    [chooser, self.refresh_button], layout=widgets.Layout(align_items="flex-end")
                ),
                self.header_status,
            ],
            layout=FULL_WIDTH,
        )
        self.header.add_class("nr-console")

    def _cohort_changed(self, change: dict[str, Any]) -> None:
        self.desk.cohort_id = str(change["new"])
        self._views = CohortViews(self.desk.store, self.desk.content, self.desk.cohort_id)
        self.pairs_panel.forget()
        self.room_panel.page = 0
        self.refresh()

    @property
    def cohort_id(self) -> str:
        return self.desk.cohort_id

    @property
    def cohort(self) -> Cohort:
        return self.desk.store.get_cohort(self.desk.cohort_id)

    def _current_step(self) -> str:
        room = self.pace.room
        return self.pace.timer(room).step_id if room is not None else self.pace.show.first.id

    def refresh(self) -> None:
        """Read the store again: the pace, the room, the group views and who is present."""
        try:
            cohort = self.cohort
            self.pace.refresh()
            self.ending.refresh()
            self.refresh_room()
            self.pairs_panel.refresh()
        except NextRoundError as exc:
            self.header_status.value = problem(str(exc))
            return
        self.header_status.value = (
            f"<p>Minimum group size for views: <b>{cohort.min_group_size}</b>. "
            f"Updated at {datetime.now():%H:%M:%S}.</p>"
        )

    def refresh_room(self) -> None:
        self._draw_room(self._read_room())

    def _read_room(self) -> tuple[object, ...]:
        return (self.room_panel.read(), self._views.current())

    def _draw_room(self, reading: tuple[Any, ...]) -> None:
        listing, views = reading
        self.room_panel.draw(listing)
        self.views = views
        value = views_html(views)
        if self.views_html.value != value:
            self.views_html.value = value

    def _draw_pace(self, reading: tuple[Room, datetime]) -> None:
        self.pace.draw(reading)
        self.ending.draw(reading[0])

    def stop_ticking(self) -> None:
        for follower in self.followers:
            follower.stop()

    # -- display -------------------------------------------------------------------------------

    def run_of_show(self) -> widgets.Widget:
        return self.pace.widget

    def room(self) -> widgets.Widget:
        return self.room_panel.widget

    def walk_ins(self) -> widgets.Widget:
        return self.walk_in_panel.widget

    def pairs(self) -> widgets.Widget:
        return self.pairs_panel.widget

    def group_views(self) -> widgets.Widget:
        return self.views_widget

    def reports(self) -> widgets.Widget:
        return self.reports_panel.widget

    def end_session(self) -> widgets.Widget:
        return self.ending.widget

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.header._repr_mimebundle_(**kwargs)


class _ConsoleNotice(Notice):
    """A notice that also answers the console's part calls, so every cell shows the reason."""

    def _same(self) -> Notice:
        return self

    run_of_show = room = walk_ins = pairs = group_views = reports = end_session = _same


def open_console(
    cohort_id: str | None = None, *, show_card: Callable[[Participant], str] | None = None
) -> FacilitatorConsole | _ConsoleNotice:
    """The console for the notebook; a store or content problem becomes a readable notice."""
    ready_for_widgets()
    try:
        return FacilitatorConsole(
            Store.open(), load_content(), cohort_id=cohort_id, show_card=show_card
        )
    except NextRoundError as exc:
        return _ConsoleNotice(f"The console cannot start yet. {exc}")

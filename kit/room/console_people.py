"""The console's parts that name people: the room, walk-ins and pairs.

Names appear here and nowhere else a facilitator might put on the shared screen: the group
views (and the projector) never show one. The room part shows counts for everyone and names
only of the people who may need a word (not joined yet, or quiet for a while), a page at a
time (:mod:`kit.room.attention`), so a large cohort never draws one row per person. A walk-in
is added on the spot and their join card shown on screen, through a hook the app gives
(``show_card``), since the links and cards live in the app's layer above this one.
"""

from __future__ import annotations

import html
import random
from collections.abc import Callable

import ipywidgets as widgets

from kit.core.store import Participant
from kit.errors import NextRoundError
from kit.room.attention import AttentionPage, minutes_quiet, who_needs_attention
from kit.room.console_parts import Desk, button, done, part, problem
from kit.room.pairs import PAIR_KINDS, Group, make_pairs, pair_history, save_pairs
from kit.workbook.exercise import FULL_WIDTH, labelled, prompt_label
from kit.workbook.partners import ROLEPLAY_PARTNER

DEFAULT_IDLE_MINUTES = 10
PRESENCE_TICK_LIMIT = 40
"""Up to this many people, pairs offer a tick box per person; above, everyone who joined."""

ShowCard = Callable[[Participant], str]
"""Gives a person's join card as HTML (the app's ``card_html`` of their personal link)."""


class RoomPanel:
    """How many joined, how far the current step has got, and who may need a word."""

    def __init__(self, desk: Desk, current_step: Callable[[], str]) -> None:
        self.desk = desk
        self.current_step = current_step
        self.page = 1
        self.idle_minutes = widgets.BoundedIntText(
            value=DEFAULT_IDLE_MINUTES, min=1, max=180, layout=widgets.Layout(width="6rem")
        )
        self.idle_minutes.observe(lambda _change: self.refresh(), names="value")
        self.room_joined = widgets.HTML()
        self.room_counts = widgets.HTML()
        self.room_help = widgets.HTML()
        self.earlier_button = button("Previous page", "arrow-left", "nr-attention-earlier")
        self.later_button = button("Next page", "arrow-right", "nr-attention-later")
        self.earlier_button.on_click(lambda _b: self.turn(-1))
        self.later_button.on_click(lambda _b: self.turn(+1))
        self.widget = part(
            [
                self.room_joined,
                self.room_counts,
                labelled(
                    "May need a word after this many minutes without saving anything",
                    self.idle_minutes,
                ),
                self.room_help,
                widgets.HBox([self.earlier_button, self.later_button]),
            ],
            "nr-room",
        )

    def turn(self, pages: int) -> None:
        self.page = max(self.page + pages, 1)
        self.refresh()

    def read(self) -> tuple[AttentionPage, str]:
        listing = who_needs_attention(
            self.desk.store,
            self.desk.cohort_id,
            quiet_minutes=int(self.idle_minutes.value),
            now=self.desk.clock(),
            page=self.page,
        )
        return listing, self._counts_html(listing.members)

    def refresh(self) -> None:
        self.draw(self.read())

    def draw(self, reading: tuple[AttentionPage, str]) -> None:
        listing, counts = reading
        self.page = listing.page
        self.room_joined.value = (
            f"<p><b>{listing.joined} of {listing.members}</b> on the roster have joined.</p>"
        )
        self.room_counts.value = counts
        self.room_help.value = self._attention_html(listing)
        self.earlier_button.disabled = listing.page == 1
        self.later_button.disabled = listing.page >= listing.pages

    def _counts_html(self, members: int) -> str:
        step = self.desk.content.step(self.current_step())
        exercises = self.desk.content.exercises_of(step.id)
        if not exercises:
            return f"<p class='nr-empty'>Step {step.number:02d} has no exercises in this content yet.</p>"
        answered = self.desk.store.answered_in_cohort(self.desk.cohort_id)
        rows = "".join(
            f"<tr><td>{html.escape(exercise.title)}</td>"
            f"<td>{len(answered.get(exercise.id, set()))} of {members}</td></tr>"
            for exercise in exercises
        )
        return (
            f"<table class='nr-progress'><caption>Answered so far in step {step.number:02d} · "
            f"{html.escape(step.title)}</caption><tbody>{rows}</tbody></table>"
        )

    def _attention_html(self, listing: AttentionPage) -> str:
        minutes = int(self.idle_minutes.value)
        if not listing.total:
            return (
                "<p class='nr-all-well'>Everyone on the roster has joined and saved something "
                f"in the last {minutes} minutes.</p>"
            )
        now = self.desk.clock()
        rows = "".join(
            f"<tr><td>{html.escape(entry.display_name)}</td><td>"
            + (
                "not joined yet"
                if entry.last_saved is None
                else f"nothing saved for {minutes_quiet(entry, now)} min"
            )
            + "</td></tr>"
            for entry in listing.people
        )
        return (
            f"<table class='nr-may-need-help'><caption>May need a word: {listing.total} "
            f"{'person' if listing.total == 1 else 'people'} (page {listing.page} of "
            f"{listing.pages})</caption><tbody>{rows}</tbody></table>"
            "<p>A quiet person may simply be thinking; a gentle check-in is usually welcome.</p>"
        )


class WalkInPanel:
    """Someone who is not on the roster: add them now and show their card on screen."""

    def __init__(
        self, desk: Desk, show_card: ShowCard | None, on_added: Callable[[], None]
    ) -> None:
        self.desk = desk
        self.show_card = show_card
        self.on_added = on_added
        self.name = widgets.Text(placeholder="First name (or how they want to be called)")
        self.add_button = button("Add and show their card", "user-plus", "nr-walk-in-add")
        self.hide_button = button("Hide the card", "eye-slash", "nr-walk-in-hide")
        self.card = widgets.HTML()
        self.card.add_class("nr-walk-in-card")
        self.status = widgets.HTML()
        self.add_button.on_click(lambda _b: self.add())
        self.hide_button.on_click(lambda _b: self.hide())
        self.hide_button.layout.display = "none"
        self.widget = part(
            [
                labelled("Name", self.name),
                widgets.HBox([self.add_button, self.hide_button]),
                self.status,
                self.card,
            ],
            "nr-walk-ins",
        )

    def add(self) -> Participant | None:
        try:
            person = self.desk.store.add_participant(
                str(self.name.value), cohort_id=self.desk.cohort_id
            )
        except NextRoundError as exc:
            self.status.value = problem(str(exc))
            return None
        self.name.value = ""
        if self.show_card is None:
            self.status.value = done(
                f"{person.display_name} is added (id {person.id}). Their card: "
                f"nextround room cards --cohort {self.desk.cohort_id} --participant {person.id} "
                f"--out {person.id}.html"
            )
        else:
            try:
                self.card.value = self.show_card(person)
            except NextRoundError as exc:
                self.status.value = problem(f"{person.display_name} is added, but {exc}")
            else:
                self.status.value = done(
                    f"{person.display_name} is added. Let them scan their card, then hide it."
                )
                self.hide_button.layout.display = None
        self.on_added()
        return person

    def hide(self) -> None:
        self.card.value = ""
        self.hide_button.layout.display = "none"


class PairsPanel:
    """Role-play and accountability pairs from who is here; saved only when confirmed."""

    def __init__(self, desk: Desk, rng: random.Random) -> None:
        self.desk = desk
        self.rng = rng
        self.proposal: list[Group] = []
        self.pair_kind = widgets.ToggleButtons(
            options=[(label, key) for key, label in PAIR_KINDS.items()]
        )
        self.presence = widgets.VBox()
        self.presence_note = widgets.HTML()
        self.presence_boxes: dict[str, widgets.Checkbox] = {}
        self.joined: list[str] = []
        self.make_button = button("Make pairs", "users", "nr-pairs-make", "primary")
        self.reshuffle_button = button("Reshuffle", "random", "nr-pairs-reshuffle")
        self.confirm_button = button("Confirm and tell participants", "check", "nr-pairs-ok")
        self.make_button.on_click(lambda _b: self.make_pairs())
        self.reshuffle_button.on_click(lambda _b: self.make_pairs(reshuffle=True))
        self.confirm_button.on_click(lambda _b: self.confirm_pairs())
        self.pairs_html = widgets.HTML()
        self.pairs_status = widgets.HTML()
        self.widget = part(
            [
                labelled("Which pairing", self.pair_kind),
                widgets.VBox(
                    [prompt_label("Who is in the room"), self.presence_note, self.presence],
                    layout=FULL_WIDTH,
                ),
                widgets.HBox([self.make_button, self.reshuffle_button, self.confirm_button]),
                self.pairs_html,
                self.pairs_status,
            ],
            "nr-pairs",
        )

    def refresh(self) -> None:
        """Who joined; a tick box each in a room-sized cohort (ticks kept across refreshes)."""
        store, cohort_id = self.desk.store, self.desk.cohort_id
        members = store.list_participants(cohort_id)
        activity = store.last_activity_in_cohort(cohort_id)
        self.joined = [member.id for member in members if member.id in activity]
        if len(members) > PRESENCE_TICK_LIMIT:
            self.presence_boxes = {}
            self.presence.children = []
            self.presence_note.value = (
                f"<p>Pairs are made among the {len(self.joined)} people who have joined.</p>"
            )
            return
        previous = {pid: box.value for pid, box in self.presence_boxes.items()}
        self.presence_boxes = {
            member.id: widgets.Checkbox(
                value=previous.get(member.id, member.id in activity),
                description=member.display_name,
                indent=False,
            )
            for member in members
        }
        self.presence_note.value = (
            "<p>People who have joined are ticked; untick anyone who has left.</p>"
        )
        self.presence.children = list(self.presence_boxes.values())

    def present(self) -> list[str]:
        if not self.presence_boxes:
            return list(self.joined)
        return [pid for pid, box in self.presence_boxes.items() if box.value]

    def forget(self) -> None:
        """Another cohort: no proposal and no ticks carry over."""
        self.proposal = []
        self.presence_boxes = {}
        self.pairs_html.value = ""
        self.pairs_status.value = ""

    def make_pairs(self, *, reshuffle: bool = False) -> list[Group]:
        """Propose groups from who is here; a reshuffle moves away from the current proposal."""
        try:
            history = pair_history(self.desk.store, self.desk.cohort_id)
            avoid = self.proposal if reshuffle else []
            self.proposal = make_pairs(self.present(), history, avoid=avoid, rng=self.rng)
        except NextRoundError as exc:
            self.pairs_status.value = problem(str(exc))
            return []
        wanted = {pid for group in self.proposal for pid in group}
        names = {
            member.id: member.display_name
            for member in self.desk.store.list_participants(self.desk.cohort_id)
            if member.id in wanted
        }
        items = "".join(
            "<li>" + " · ".join(html.escape(names.get(pid, pid)) for pid in group) + "</li>"
            for group in self.proposal
        )
        repeats = sum(1 for group in self.proposal for pair in _pairs(group) if pair in history)
        note = (
            "Nobody is paired with someone they were paired with before."
            if not repeats
            else f"{repeats} pairing{'s' if repeats != 1 else ''} repeat an earlier one: there "
            "was no way round it."
        )
        self.pairs_html.value = f"<ol class='nr-pair-list'>{items}</ol><p>{note}</p>"
        self.pairs_status.value = (
            "<p>Not saved yet: press Confirm when the room is happy with it.</p>"
        )
        return self.proposal

    def confirm_pairs(self) -> None:
        if not self.proposal:
            self.pairs_status.value = problem("Make pairs first.")
            return
        try:
            saved = save_pairs(
                self.desk.store, self.desk.cohort_id, str(self.pair_kind.value), self.proposal
            )
        except NextRoundError as exc:
            self.pairs_status.value = problem(str(exc))
            return
        step = "04" if saved.kind == ROLEPLAY_PARTNER else "06"
        self.pairs_status.value = done(
            f"Saved as round {saved.round}: each person now sees their partner in step {step}."
        )


def _pairs(group: Group) -> list[frozenset[str]]:
    return [frozenset((a, b)) for i, a in enumerate(group) for b in group[i + 1 :]]

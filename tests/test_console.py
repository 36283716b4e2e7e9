"""The facilitator console without a browser: the room (paged), group views without names,
walk-ins with their card, pairs, and which cohort a console is for."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from kit.app.cards import card_html
from kit.app.links import personal_links
from kit.core.content import Content
from kit.core.store import Participant, Store, utc_now
from kit.room.attention import DEFAULT_PAGE_SIZE
from kit.room.console import FacilitatorConsole, open_console
from kit.workbook.notice import Notice
from kit.workbook.personas import PERSONAS

pytestmark = pytest.mark.both_stores


class Clock:
    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2026, 12, 3, 9, 30)

    def __call__(self) -> datetime:
        return self.now


def _console(
    store: Store,
    content: Content,
    clock: Clock | None = None,
    cohort_id: str = "demo",
    **extra: object,
) -> FacilitatorConsole:
    return FacilitatorConsole(
        store,
        content,
        cohort_id=cohort_id,
        clock=clock or Clock(),
        rng=random.Random(7),
        autotick=False,
        **extra,  # type: ignore[arg-type]
    )


def test_the_room_shows_counts_and_who_may_need_a_word(demo_store: Store, content: Content) -> None:
    clock = Clock(utc_now())  # the demo answers were saved just now
    console = _console(demo_store, content, clock)
    room = console.room_panel
    assert (
        f"{len(PERSONAS)} of {len(PERSONAS)}</b> on the roster have joined"
        in room.room_joined.value
    )
    assert "How you feel right now</td><td>" in room.room_counts.value
    assert "Everyone on the roster has joined" in room.room_help.value
    clock.now += timedelta(minutes=30)
    console.refresh()
    assert (
        "Amara Okafor" in room.room_help.value
        and "nothing saved for 30 min" in room.room_help.value
    )
    demo_store.save_answer("demo-amara", "hopes_for_today", {"hopes": ["plan"], "in_my_words": ""})
    clock.now = utc_now() + timedelta(minutes=5)
    console.refresh()
    assert "Amara Okafor" not in room.room_help.value


def test_a_large_cohort_is_shown_a_page_at_a_time(store: Store, content: Content) -> None:
    store.create_cohort("Programme", cohort_id="big")
    people = [store.add_participant(f"Person {n:03d}", cohort_id="big") for n in range(150)]
    for person in people[:100]:
        store.save_answer(person.id, "hopes_for_today", {"hopes": ["plan"], "in_my_words": ""})
    store.save_answer(people[7].id, "hopes_for_today", {"hopes": ["plan"], "in_my_words": ""})
    clock = Clock(utc_now() + timedelta(minutes=20))
    console = _console(store, content, clock, cohort_id="big")
    room = console.room_panel
    assert "100 of 150</b> on the roster have joined" in room.room_joined.value
    assert "150 people (page 1 of 6)" in room.room_help.value
    assert room.room_help.value.count("<tr>") == DEFAULT_PAGE_SIZE
    assert "Person 100" in room.room_help.value  # who has not joined comes first
    assert "not joined yet" in room.room_help.value
    assert room.earlier_button.disabled and not room.later_button.disabled
    for _ in range(5):
        room.later_button.click()
    assert "page 6 of 6" in room.room_help.value and room.later_button.disabled
    # The last page ends with the one who saved last: the shortest quiet.
    assert room.room_help.value.rindex("Person 007") > room.room_help.value.rindex("Person 099")
    assert "nothing saved for 20 min" in room.room_help.value
    room.earlier_button.click()
    assert "page 5 of 6" in room.room_help.value and not room.later_button.disabled
    assert not console.pairs_panel.presence_boxes  # no tick box per person either
    assert "among the 100 people who have joined" in console.pairs_panel.presence_note.value


def test_group_views_render_and_never_show_a_name_or_private_words(
    demo_store: Store, content: Content
) -> None:
    console = _console(demo_store, content)
    page = console.views_html.value
    assert "Mood at check-in" in page and "nr-view-shown" in page
    assert "Where people stand (step 03)" in page and "so this view stays private" not in page
    for persona in PERSONAS:
        assert persona.name not in page and persona.story not in page and persona.role not in page


def test_a_small_cohort_sees_not_enough_answers_everywhere(store: Store, content: Content) -> None:
    store.create_cohort("Tiny", cohort_id="tiny")
    for index in range(4):
        person = store.add_participant(f"Tiny {index}", cohort_id="tiny")
        store.save_answer(
            person.id, "mood_check_in", {"emotions": [{"word": "grief"}], "note": "hidden"}
        )
    console = _console(store, content, cohort_id="tiny")
    assert console.views["mood_check_in"].status == "waiting"
    assert "nr-view-shown" not in console.views_html.value
    assert "Sadness" not in console.views_html.value and "hidden" not in console.views_html.value


def test_switching_cohort_recomputes_everything(demo_store: Store, content: Content) -> None:
    demo_store.create_cohort("Tiny", cohort_id="tiny")
    console = _console(demo_store, content)
    assert console.views["mood_check_in"].shown
    console.cohort_picker.value = "tiny"
    assert not console.views["mood_check_in"].shown
    assert "0 of 0" in console.room_panel.room_joined.value
    assert console.pairs_panel.presence_boxes == {}


def test_in_the_app_the_cohort_is_fixed_by_the_link(
    demo_store: Store, content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_store.create_cohort("Other <b>group</b>", cohort_id="other")
    monkeypatch.setenv("NEXTROUND_APP_MODE", "room")
    monkeypatch.setenv("NEXTROUND_COHORT", "demo")
    console = open_console()
    assert isinstance(console, FacilitatorConsole) and console.cohort_id == "demo"
    header = repr(console.header.children)
    assert "Dropdown" not in header and "nr-cohort-title" in header and "other" not in header
    monkeypatch.setenv("NEXTROUND_COHORT", "nowhere")
    notice = open_console()
    assert isinstance(notice, Notice) and "nowhere" in notice.text and "other" not in notice.text


def test_in_jupyterlab_the_console_opens_on_the_newest_cohort_with_a_picker(
    demo_store: Store, content: Content
) -> None:
    demo_store.create_cohort("Later", cohort_id="later")
    console = open_console()
    assert isinstance(console, FacilitatorConsole) and console.cohort_id == "later"
    assert "Dropdown" in repr(console.header.children)


def test_a_walk_in_is_added_and_their_card_shown_until_hidden(
    store: Store, content: Content
) -> None:
    store.create_cohort("Spring <i>Leeds</i>", cohort_id="spring")
    shown: list[Participant] = []

    def show_card(person: Participant) -> str:  # what the app's adapter does
        shown.append(person)
        cohort = store.get_cohort("spring")
        link = personal_links(store, "spring", "http://10.0.0.5:8866", only=person.id)[0]
        return card_html(link, cohort)

    console = _console(store, content, cohort_id="spring", show_card=show_card)
    walk_in = console.walk_in_panel
    walk_in.name.value = "Zoë <script>alert(1)</script>"
    walk_in.add_button.click()
    assert [person.display_name for person in shown] == ["Zoë <script>alert(1)</script>"]
    assert shown[0].cohort_id == "spring" and store.get_participant(shown[0].id)
    assert "<svg" in walk_in.card.value and "http://10.0.0.5:8866/j/" in walk_in.card.value
    assert "<script>" not in walk_in.card.value + walk_in.status.value
    assert walk_in.name.value == "" and walk_in.hide_button.layout.display is None
    assert "0 of 1</b> on the roster" in console.room_panel.room_joined.value
    walk_in.hide_button.click()
    assert walk_in.card.value == "" and walk_in.hide_button.layout.display == "none"


def test_a_walk_in_without_a_card_hook_says_which_command_prints_it(
    store: Store, content: Content
) -> None:
    store.create_cohort("Spring", cohort_id="spring")
    walk_in = _console(store, content, cohort_id="spring").walk_in_panel
    walk_in.name.value = "   "
    walk_in.add_button.click()
    assert "Please type a name" in walk_in.status.value and not store.list_participants("spring")
    walk_in.name.value = "Ravi"
    walk_in.add_button.click()
    assert "nextround room cards --cohort spring --participant ravi" in walk_in.status.value
    assert walk_in.card.value == ""


def test_pairs_from_who_is_present_then_reshuffle_then_confirm(
    demo_store: Store, content: Content
) -> None:
    pairs = _console(demo_store, content).pairs_panel
    chosen = {"demo-amara", "demo-bilal", "demo-chen", "demo-dolores", "demo-emeka"}
    for pid, box in pairs.presence_boxes.items():
        box.value = pid in chosen
    first = pairs.make_pairs()
    assert sorted(len(group) for group in first) == [2, 3]
    assert sorted(p for g in first for p in g) == sorted(chosen)
    assert "Amara Okafor" in pairs.pairs_html.value
    pairs.reshuffle_button.click()
    assert pairs.proposal != first
    pairs.pair_kind.value = "accountability_partner"
    pairs.confirm_button.click()
    assert "Saved as round 1" in pairs.pairs_status.value and "step 06" in pairs.pairs_status.value
    for group in pairs.proposal:
        for person in group:
            saved = demo_store.latest_answer(person, "accountability_partner")
            assert (
                saved is not None
                and saved.value["round"] == 1
                and saved.value["partner_id"] in group
            )


def test_pairs_problems_are_shown_not_raised(demo_store: Store, content: Content) -> None:
    pairs = _console(demo_store, content).pairs_panel
    for box in pairs.presence_boxes.values():
        box.value = False
    pairs.make_button.click()
    assert "at least two people" in pairs.pairs_status.value
    pairs.confirm_button.click()
    assert "Make pairs first" in pairs.pairs_status.value


def test_with_no_cohort_the_console_explains_what_to_do(store: Store) -> None:
    notice = open_console()
    assert isinstance(notice, Notice)
    assert "nextround cohort create" in notice.text
    assert notice.run_of_show() is notice and notice.pairs() is notice
    assert notice.walk_ins() is notice and notice.reports() is notice
    assert notice.end_session() is notice


def test_an_unknown_cohort_is_a_notice(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEXTROUND_COHORT", "nowhere")
    notice = open_console()
    assert isinstance(notice, Notice) and "nowhere" in notice.text

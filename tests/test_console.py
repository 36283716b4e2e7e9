"""The facilitator console without a browser: timer buttons, the room, group views and pairs."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from kit.core.content import Content
from kit.core.store import Store, utc_now
from kit.room.console import FacilitatorConsole, open_console
from kit.workbook.notice import Notice
from kit.workbook.personas import PERSONAS

pytestmark = pytest.mark.both_stores


class FakeClock:
    def __init__(self) -> None:
        self.seconds = 0.0
        self.wall = datetime(2026, 12, 3, 9, 30)
        self.utc = datetime(2026, 12, 3, 9, 30)

    def __call__(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return self.wall

    def utc_now(self) -> datetime:
        return self.utc

    def advance(self, seconds: float) -> None:
        self.seconds += seconds
        self.wall += timedelta(seconds=seconds)
        self.utc += timedelta(seconds=seconds)


def _console(
    store: Store, content: Content, clock: FakeClock, cohort_id: str = "demo"
) -> FacilitatorConsole:
    return FacilitatorConsole(
        store,
        content,
        cohort_id=cohort_id,
        clock=clock,
        wall_clock=clock.now,
        utc_clock=clock.utc_now,
        rng=random.Random(7),
        autotick=False,
    )


def test_timer_buttons_start_pause_extend_and_announce_the_end(
    demo_store: Store, content: Content
) -> None:
    clock = FakeClock()
    console = _console(demo_store, content, clock)
    assert (
        "15:00" in console.timer_display.value and "ready to start" in console.timer_display.value
    )
    console.sound.value = True
    console.buttons["start"].click()
    clock.advance(60)
    console.tick()
    assert "14:00" in console.timer_display.value and "running" in console.timer_display.value
    console.buttons["pause"].click()
    clock.advance(600)
    console.tick()
    assert "14:00" in console.timer_display.value and "paused" in console.timer_display.value
    console.buttons["plus5"].click()
    assert "19:00" in console.timer_display.value
    console.buttons["start"].click()
    clock.advance(19 * 60 + 5)
    console.tick()
    assert (
        "nr-timer-over" in console.timer_display.value
        and "Time is up" in console.timer_display.value
    )
    assert "−00:05" in console.timer_display.value
    assert "Time is up" in console.timer_message.value
    assert console.chime.value.startswith("<audio autoplay src='data:audio/wav;base64,")
    assert "behind" in console.plan_line.value
    console.buttons["next"].click()
    minutes = content.step("01_feelings_and_control").timebox_minutes
    assert (
        "Feelings and control" in console.timer_display.value
        and f"{minutes}:00" in console.timer_display.value
    )
    assert console.chime.value == "" and "nr-current" in console.agenda.value


def test_the_end_is_silent_unless_sound_was_asked_for(demo_store: Store, content: Content) -> None:
    clock = FakeClock()
    console = _console(demo_store, content, clock)
    console.buttons["start"].click()
    clock.advance(16 * 60)
    console.tick()
    assert "Time is up" in console.timer_message.value and console.chime.value == ""


def test_the_room_shows_counts_and_who_may_need_help(demo_store: Store, content: Content) -> None:
    clock = FakeClock()
    clock.utc = utc_now()  # the demo answers were saved just now
    console = _console(demo_store, content, clock)
    assert (
        f"{len(PERSONAS)} of {len(PERSONAS)}</b> on the roster have joined"
        in console.room_joined.value
    )
    assert "How you feel right now</td><td>" in console.room_counts.value
    assert "Everyone who joined has saved something recently" in console.room_help.value
    clock.utc += timedelta(minutes=30)
    console.refresh()
    assert (
        "No activity for 10 minutes" in console.room_help.value
        and "Amara Okafor" in console.room_help.value
    )
    demo_store.save_answer("demo-amara", "hopes_for_today", {"hopes": ["plan"], "in_my_words": ""})
    clock.utc = utc_now() + timedelta(minutes=5)
    console.refresh()
    assert "Amara Okafor" not in console.room_help.value


def test_group_views_render_and_never_show_private_words(
    demo_store: Store, content: Content
) -> None:
    console = _console(demo_store, content, FakeClock())
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
    console = _console(store, content, FakeClock(), cohort_id="tiny")
    assert console.views["mood_check_in"].status == "waiting"
    assert "nr-view-shown" not in console.views_html.value
    assert "Sadness" not in console.views_html.value and "hidden" not in console.views_html.value


def test_switching_cohort_recomputes_everything(demo_store: Store, content: Content) -> None:
    demo_store.create_cohort("Tiny", cohort_id="tiny")
    console = _console(demo_store, content, FakeClock())
    assert console.views["mood_check_in"].shown
    console.cohort_picker.value = "tiny"
    assert not console.views["mood_check_in"].shown
    assert "0 of 0" in console.room_joined.value and console.presence_boxes == {}


def test_pairs_from_who_is_present_then_reshuffle_then_confirm(
    demo_store: Store, content: Content
) -> None:
    console = _console(demo_store, content, FakeClock())
    for pid, box in console.presence_boxes.items():
        box.value = pid in {"demo-amara", "demo-bilal", "demo-chen", "demo-dolores", "demo-emeka"}
    first = console.make_pairs()
    assert sorted(len(group) for group in first) == [2, 3]
    assert sorted(p for g in first for p in g) == [
        "demo-amara",
        "demo-bilal",
        "demo-chen",
        "demo-dolores",
        "demo-emeka",
    ]
    console.reshuffle_button.click()
    assert console.proposal != first
    console.pair_kind.value = "accountability_partner"
    console.confirm_button.click()
    assert (
        "Saved as round 1" in console.pairs_status.value and "step 06" in console.pairs_status.value
    )
    for group in console.proposal:
        for person in group:
            saved = demo_store.latest_answer(person, "accountability_partner")
            assert (
                saved is not None
                and saved.value["round"] == 1
                and saved.value["partner_id"] in group
            )


def test_pairs_problems_are_shown_not_raised(demo_store: Store, content: Content) -> None:
    console = _console(demo_store, content, FakeClock())
    for box in console.presence_boxes.values():
        box.value = False
    console.make_button.click()
    assert "at least two people" in console.pairs_status.value
    console.confirm_button.click()
    assert "Make pairs first" in console.pairs_status.value


def test_with_no_cohort_the_console_explains_what_to_do(store: Store) -> None:
    notice = open_console()
    assert isinstance(notice, Notice)
    assert "nextround cohort create" in notice.text
    assert notice.run_of_show() is notice and notice.pairs() is notice


def test_an_unknown_cohort_is_a_notice(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEXTROUND_COHORT", "nowhere")
    notice = open_console()
    assert isinstance(notice, Notice) and "nowhere" in notice.text

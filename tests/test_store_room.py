"""What the store keeps for a room beyond its pace (revision 0004): the run-of-show's clock,
and a cheap question the projector asks every second: may the group views have changed?"""

from __future__ import annotations

import pytest

from kit.core.store import Store
from kit.errors import RoomNotStartedError
from kit.reports.data_rights import erase_participant
from kit.room.group_views import SOURCE_EXERCISES

pytestmark = pytest.mark.both_stores

CLOCK = {"version": 1, "step": "00_check_in", "state": "running", "counted_s": 1.5}


def test_the_clock_is_kept_with_a_started_room_only(store: Store) -> None:
    store.create_cohort("Spring", cohort_id="spring")
    with pytest.raises(RoomNotStartedError):
        store.set_room_timer("spring", CLOCK)
    assert store.room_timer("spring") is None and not store.room_state("spring").paced
    store.set_room_state(
        "spring", opened_steps=("00_check_in",), current_step="00_check_in", closed=False
    )
    assert store.room_timer("spring") is None
    store.set_room_timer("spring", CLOCK)
    assert store.room_timer("spring") == CLOCK
    store.set_room_state(
        "spring", opened_steps=("00_check_in",), current_step="00_check_in", closed=True
    )
    assert store.room_timer("spring") == CLOCK  # closing keeps the clock as it was


def test_the_views_version_moves_with_a_view_answer_only(store: Store) -> None:
    store.create_cohort("Spring", cohort_id="spring")
    store.create_cohort("Autumn", cohort_id="autumn")
    ana = store.add_participant("Ana", cohort_id="spring").id
    ben = store.add_participant("Ben", cohort_id="autumn").id
    version = store.group_views_version("spring", SOURCE_EXERCISES)
    store.save_answer(ana, "hopes_for_today", {"hopes": ["plan"], "in_my_words": ""})
    store.save_answer(ben, "mood_check_in", {"emotions": [], "note": ""})
    assert store.group_views_version("spring", SOURCE_EXERCISES) == version
    store.save_answer(ana, "mood_check_in", {"emotions": [{"word": "grief"}], "note": ""})
    moved = store.group_views_version("spring", SOURCE_EXERCISES)
    assert moved != version
    store.save_answer(ana, "advice_for_others", {"text": "keep going", "share": False})
    assert store.group_views_version("spring", SOURCE_EXERCISES) != moved


def test_the_views_version_moves_when_someone_counted_is_erased(store: Store) -> None:
    store.create_cohort("Spring", cohort_id="spring")
    people = [store.add_participant(f"P{n}", cohort_id="spring").id for n in range(3)]
    for person in people:
        store.save_answer(person, "mood_check_in", {"emotions": [{"word": "grief"}], "note": ""})
    late = store.add_participant("Late", cohort_id="spring").id
    store.save_answer(late, "hopes_for_today", {"hopes": ["plan"], "in_my_words": ""})
    version = store.group_views_version("spring", SOURCE_EXERCISES)
    erase_participant(store, people[0])  # an older revision: the newest id stays the same
    assert store.group_views_version("spring", SOURCE_EXERCISES) != version

"""Who needs attention: the console's paged list of people not joined or quiet too long.

A real store (SQLite and PostgreSQL): people who never saved come first (by name), then the
longest quiet; a page at a time with the counts over every page; the boundary is "more than
N minutes"; another cohort never shows; a page past the end shows the last one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from kit.core.store import Store
from kit.room.attention import AttentionPage, minutes_quiet, who_needs_attention

pytestmark = pytest.mark.both_stores


def names(page: AttentionPage) -> list[str]:
    return [person.display_name for person in page.people]


@pytest.fixture
def saved(store: Store) -> dict[str, datetime]:
    """When each saved last: Bea and Ann never joined; Cy, Di and Ed saved (Cy last, after an
    earlier save)."""
    store.create_cohort("Room", cohort_id="room")
    store.create_cohort("Next door", cohort_id="next-door")
    store.add_participant("Zed", cohort_id="next-door")  # not joined, but not in this room
    ids = {
        name: store.add_participant(name, cohort_id="room").id
        for name in ["Bea", "Ann", "Cy", "Di", "Ed"]
    }
    last = {}
    for name in ("Cy", "Di", "Ed", "Cy"):
        last[name] = store.save_answer(ids[name], "situation", {"kind": "other"}).saved_at
    return last


def test_not_joined_first_by_name_then_the_longest_quiet(
    store: Store, saved: dict[str, datetime]
) -> None:
    just_after = saved["Cy"] + timedelta(seconds=1)
    page = who_needs_attention(store, "room", quiet_minutes=10, now=just_after)
    assert names(page) == ["Ann", "Bea"]
    assert (page.not_joined, page.quiet, page.total, page.pages) == (2, 0, 2, 1)
    assert all(person.last_saved is None for person in page.people)

    later = saved["Cy"] + timedelta(minutes=11)
    page = who_needs_attention(store, "room", quiet_minutes=10, now=later)
    assert names(page) == ["Ann", "Bea", "Di", "Ed", "Cy"]
    assert [person.last_saved for person in page.people[2:]] == [
        saved["Di"],
        saved["Ed"],
        saved["Cy"],
    ]
    assert (page.not_joined, page.quiet) == (2, 3)
    assert (page.members, page.joined) == (5, 3)  # Zed, next door, counts in neither
    assert [minutes_quiet(person, later) for person in page.people] == [None, None, 11, 11, 11]


def test_quiet_means_more_than_the_minutes_given(store: Store, saved: dict[str, datetime]) -> None:
    page = who_needs_attention(
        store, "room", quiet_minutes=5, now=saved["Ed"] + timedelta(minutes=5)
    )
    assert names(page) == ["Ann", "Bea", "Di"]  # Ed saved exactly 5 minutes ago: not yet


def test_a_page_at_a_time_with_the_counts_over_every_page(
    store: Store, saved: dict[str, datetime]
) -> None:
    later = saved["Cy"] + timedelta(hours=1)
    pages = [
        who_needs_attention(store, "room", quiet_minutes=10, now=later, page=n, page_size=2)
        for n in (1, 2, 3)
    ]
    assert [names(page) for page in pages] == [["Ann", "Bea"], ["Di", "Ed"], ["Cy"]]
    assert {(page.pages, page.total, page.page_size) for page in pages} == {(3, 5, 2)}
    past_the_end = who_needs_attention(
        store, "room", quiet_minutes=10, now=later, page=9, page_size=2
    )
    assert (past_the_end.page, names(past_the_end)) == (3, ["Cy"])
    first = who_needs_attention(store, "room", quiet_minutes=10, now=later, page=0, page_size=2)
    assert first.page == 1 and names(first) == ["Ann", "Bea"]


def test_nobody_needs_attention_is_one_empty_page(store: Store) -> None:
    store.create_cohort("Room", cohort_id="room")
    person = store.add_participant("Ann", cohort_id="room").id
    now = store.save_answer(person, "situation", {"kind": "other"}).saved_at
    page = who_needs_attention(store, "room", quiet_minutes=10, now=now, page=3)
    assert (page.people, page.page, page.pages, page.total) == ((), 1, 1, 0)
    assert (page.members, page.joined) == (1, 1)


def test_impossible_settings_are_refused_with_what_to_change(store: Store) -> None:
    store.create_cohort("Room", cohort_id="room")
    now = store.save_answer(
        store.add_participant("Ann", cohort_id="room").id, "situation", {}
    ).saved_at
    with pytest.raises(ValueError, match="quiet_minutes must be at least 1"):
        who_needs_attention(store, "room", quiet_minutes=0, now=now)
    with pytest.raises(ValueError, match="page_size must be from 1 to 200"):
        who_needs_attention(store, "room", quiet_minutes=5, now=now, page_size=0)

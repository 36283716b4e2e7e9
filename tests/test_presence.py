"""Who may need a word: quiet people first (the longest quiet first), then who has not joined,
a page at a time with the totals the console shows above the page."""

from __future__ import annotations

from datetime import timedelta

from kit.room.presence import needs_attention

from kit.core.store import Store, utc_now


def test_quiet_people_first_then_who_has_not_joined(store: Store) -> None:
    store.create_cohort("Spring", cohort_id="spring")
    ids = {name: store.add_participant(name, cohort_id="spring").id for name in "ABCDE"}
    for name in ("C", "A", "E"):  # C saved first, so C has been quiet longest
        store.save_answer(ids[name], "hopes_for_today", {"hopes": ["plan"], "in_my_words": ""})
    later = utc_now() + timedelta(minutes=15)
    listing = needs_attention(store, "spring", quiet_minutes=10, now=later)
    order = [entry.participant.display_name for entry in listing.people]
    assert order == ["C", "A", "E", "B", "D"]
    assert (listing.total, listing.members, listing.joined, listing.pages) == (5, 5, 3, 1)
    assert listing.people[0].quiet_minutes(later) == 15 and listing.people[3].last_saved is None
    recent = needs_attention(store, "spring", quiet_minutes=30, now=later)
    assert [entry.participant.display_name for entry in recent.people] == ["B", "D"]


def test_pages_are_clamped_and_counted(store: Store) -> None:
    store.create_cohort("Spring", cohort_id="spring")
    for n in range(7):
        store.add_participant(f"P{n}", cohort_id="spring")
    now = utc_now()
    last = needs_attention(store, "spring", quiet_minutes=10, now=now, page=99, page_size=3)
    assert (last.page, last.pages, len(last.people)) == (2, 3, 1)
    first = needs_attention(store, "spring", quiet_minutes=10, now=now, page=-1, page_size=3)
    assert first.page == 0 and len(first.people) == 3
    store.create_cohort("Empty", cohort_id="empty")
    empty = needs_attention(store, "empty", quiet_minutes=10, now=now)
    assert (empty.total, empty.pages, empty.people) == (0, 1, ())

"""The release rule on its own (kit.room.releases): many generated histories, no store.

A history is a sequence of saves (each counting or not) and erasures. After every step the log
is what the store would hold then (the erased people's revisions gone, a departure in their
place) and the release is replayed from scratch, as the console does on every refresh.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kit.room.releases import Departure, Release, Saved, replay


def counts(value: Mapping[str, Any]) -> bool:
    return value.get("ok") is True


Step = tuple[str, int, bool]
steps_strategy = st.lists(
    st.tuples(
        st.sampled_from(["save"] * 8 + ["erase"]),
        st.integers(0, 14),
        st.booleans(),
    ),
    min_size=1,
    max_size=80,
)


def logs_after_each_step(
    steps: list[Step],
) -> Iterator[tuple[list[Saved], list[Departure], set[str]]]:
    """After each step: the log the store would hold, the departures and who was erased."""
    log: list[Saved] = []
    departures: list[Departure] = []
    gone: set[str] = set()
    newest = 0
    for action, index, ok in steps:
        person = f"p{index}"
        if person in gone:
            continue
        if action == "erase":
            mine = [saved for saved in log if saved.person == person]
            entered = next((saved.revision for saved in mine if counts(saved.value)), None)
            if entered is not None:
                departures.append(Departure(entered, newest))
            log = [saved for saved in log if saved.person != person]
            gone.add(person)
        else:
            newest += 1
            log.append(Saved(newest, person, {"ok": ok, "at": newest}))
        yield log, departures, gone


def history(steps: list[Step], k: int) -> list[tuple[Release, set[str]]]:
    """The release after each step, with who had been erased by then."""
    return [
        (replay(log, departures, k, counts), set(gone))
        for log, departures, gone in logs_after_each_step(steps)
    ]


@settings(max_examples=300, deadline=None)
@given(steps=steps_strategy, k=st.integers(3, 6))
def test_releases_are_nested_and_grow_by_at_least_k_whatever_happens(
    steps: list[Step], k: int
) -> None:
    shown: list[frozenset[str]] = []
    for release, gone in history(steps, k):
        if not release.shown:
            continue
        now = release.members
        assert len(now) >= k and not (now & gone)
        for earlier in shown:
            assert earlier - gone <= now
            assert now == earlier or len(now - earlier) >= k
        if not shown or shown[-1] != now:
            shown.append(now)


@settings(max_examples=300, deadline=None)
@given(steps=steps_strategy, k=st.integers(3, 6))
def test_a_view_shows_each_member_as_of_its_release_point(steps: list[Step], k: int) -> None:
    """Between two releases the shown answers never move, however people edit."""
    previous: Release | None = None
    for release, _gone in history(steps, k):
        for person in release.members:
            value = release.contributions[person]
            assert counts(value) and value["at"] <= release.point
        same_release = previous is not None and previous.point == release.point
        if same_release and release.shown and previous is not None and previous.shown:
            assert release.contributions == previous.contributions
        previous = release


def test_a_late_counting_answer_joins_with_the_next_k_not_in_place_of_someone() -> None:
    log = [Saved(1, "x", {"ok": False})] + [Saved(i, f"p{i}", {"ok": True}) for i in (2, 3, 4)]
    first = replay(log, [], 3, counts)
    assert first.members == {"p2", "p3", "p4"} and first.point == 4
    log.append(Saved(5, "x", {"ok": True}))
    assert replay(log, [], 3, counts).members == first.members


def test_an_erased_member_withholds_until_k_new_people_then_everyone_here_is_released() -> None:
    log = [Saved(i, f"p{i}", {"ok": True}) for i in (1, 2, 4)]  # p3, at 3, was erased after 4
    gone = [Departure(entered_at=3, left_at=4)]
    release = replay(log, gone, 3, counts)
    assert release.withheld and not release.shown and release.members == {"p1", "p2"}
    log.append(Saved(5, "p5", {"ok": True}))
    assert not replay(log, gone, 3, counts).shown  # p4 and p5: two new people, fewer than 3
    log.append(Saved(6, "p6", {"ok": True}))
    release = replay(log, gone, 3, counts)
    assert release.shown and release.members == {"p1", "p2", "p4", "p5", "p6"}

"""Pairs from who is present: everyone placed once, trios for odd counts, no repeats, reshuffles."""

from __future__ import annotations

import random
from itertools import combinations

import pytest

from kit.core.store import Store
from kit.errors import PairingError
from kit.room.demo import build_demo
from kit.room.pairs import make_pairs, next_round, pair_history, repeats, save_pairs

pytestmark = pytest.mark.both_stores


def _people(n: int) -> list[str]:
    return [f"p{i:02d}" for i in range(n)]


@pytest.mark.parametrize("n", [2, 3, 4, 5, 8, 13, 30])
def test_everyone_present_is_placed_exactly_once(n: int) -> None:
    groups = make_pairs(_people(n), rng=random.Random(n))
    placed = [person for group in groups for person in group]
    assert sorted(placed) == _people(n)
    sizes = sorted(len(group) for group in groups)
    assert sizes == ([2] * (n // 2 - 1) + [3] if n % 2 else [2] * (n // 2))


@pytest.mark.parametrize("n", [4, 6, 7, 9, 12, 15])
def test_three_rounds_in_a_row_never_repeat_a_pairing(n: int) -> None:
    history: set[frozenset[str]] = set()
    rng = random.Random(1000 + n)
    for _round in range(3):
        groups = make_pairs(_people(n), history, rng=rng)
        assert repeats(groups, history) == 0
        for group in groups:
            history.update(frozenset(pair) for pair in combinations(group, 2))


def test_a_repeat_is_made_only_when_there_is_no_way_round_it() -> None:
    history = {frozenset(("p00", "p01"))}
    assert make_pairs(["p00", "p01"], history, rng=random.Random(1)) == [("p00", "p01")]


def test_a_reshuffle_gives_a_different_arrangement() -> None:
    people = _people(10)
    first = make_pairs(people, rng=random.Random(5))
    second = make_pairs(people, avoid=first, rng=random.Random(6))
    assert set(first) != set(second)
    assert repeats(second, {frozenset(p) for g in first for p in combinations(g, 2)}) == 0


@pytest.mark.parametrize("present", [[], ["p00"], ["p00", "p00"]])
def test_fewer_than_two_people_is_a_clear_error(present: list[str]) -> None:
    with pytest.raises(PairingError, match="at least two people"):
        make_pairs(present)


def test_confirmed_pairs_reach_each_participant_in_the_contract_shape(demo_store: Store) -> None:
    groups = [("demo-amara", "demo-bilal"), ("demo-chen", "demo-dolores", "demo-emeka")]
    saved = save_pairs(demo_store, "demo", "roleplay_partner", groups)
    assert saved.round == 1
    amara = demo_store.latest_answer("demo-amara", "roleplay_partner")
    assert amara is not None
    assert amara.value == {"partner_id": "demo-bilal", "round": 1}  # ids only, never names
    emeka = demo_store.latest_answer("demo-emeka", "roleplay_partner")
    assert emeka is not None and emeka.value["partner_id"] == "demo-chen"
    assert emeka.value["also_with"] == [{"partner_id": "demo-dolores"}]
    assert next_round(demo_store, "demo", "roleplay_partner") == 2
    assert next_round(demo_store, "demo", "accountability_partner") == 1
    history = pair_history(demo_store, "demo")
    assert frozenset(("demo-amara", "demo-bilal")) in history
    assert frozenset(("demo-dolores", "demo-emeka")) in history
    again = make_pairs(
        ["demo-amara", "demo-bilal", "demo-chen", "demo-dolores"], history, rng=random.Random(2)
    )
    assert repeats(again, history) == 0


def test_pairs_with_someone_outside_the_cohort_are_refused(store: Store) -> None:
    build_demo(store)
    with pytest.raises(PairingError, match="Not in this cohort"):
        save_pairs(store, "demo", "accountability_partner", [("demo-amara", "ghost")])
    with pytest.raises(PairingError, match="not a kind"):
        save_pairs(store, "demo", "lunch_partner", [("demo-amara", "demo-bilal")])
    assert store.latest_answer("demo-amara", "accountability_partner") is None

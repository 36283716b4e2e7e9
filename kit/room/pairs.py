"""Pairs for the role-play (step 04) and accountability partners (step 06).

Pairs are made from who is present, avoiding anyone who has already been paired with the
same person in this cohort (a second round should bring new voices), and with a reshuffle
that also avoids the arrangement on screen. With an odd number present, one group is a
trio, so nobody is left to practise alone.

When the facilitator confirms, each paired person gets an answer under
``roleplay_partner`` or ``accountability_partner``: ``{"partner_id", "round"}`` and, in a
trio, ``"also_with": [{"partner_id"}]``. Ids only: steps 04 and 06 look the names up when
they read the newest one to say "your partner is …" (``kit.workbook.partners``), so erasing a
person needs only to blank their id in these answers.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from kit.core.store import Store
from kit.errors import PairingError
from kit.workbook.partners import ACCOUNTABILITY_PARTNER, ROLEPLAY_PARTNER, partner_ids

PAIR_KINDS: dict[str, str] = {
    ROLEPLAY_PARTNER: "Role-play partners (step 04)",
    ACCOUNTABILITY_PARTNER: "Accountability partners (step 06)",
}
_ATTEMPTS = 400

Group = tuple[str, ...]


def _pairs_within(group: Sequence[str]) -> list[frozenset[str]]:
    return [frozenset(pair) for pair in combinations(group, 2)]


def repeats(groups: Iterable[Group], history: set[frozenset[str]]) -> int:
    """How many two-person meetings in ``groups`` already happened in ``history``."""
    return sum(1 for group in groups for pair in _pairs_within(group) if pair in history)


def make_pairs(
    present: Sequence[str],
    history: Iterable[frozenset[str]] = (),
    *,
    avoid: Iterable[Group] = (),
    rng: random.Random | None = None,
) -> list[Group]:
    """Pairs (and one trio for an odd count) from ``present``, with as few repeats as possible.

    ``history`` holds every two people who were partners before; ``avoid`` is an arrangement
    to move away from (a reshuffle): its pairs count as repeats too, so a reshuffle differs
    whenever another arrangement exists. Many random arrangements are tried and the one with
    the fewest repeats wins; ties are broken at random, so a reshuffle really changes things.
    """
    people = list(dict.fromkeys(present))
    if len(people) < 2:
        raise PairingError(
            f"Pairs need at least two people present (there {'is' if len(people) == 1 else 'are'} "
            f"{len(people)}). Tick who is in the room first."
        )
    rng = rng or random.Random()
    met = set(history)
    for group in avoid:
        met.update(_pairs_within(group))
    best: list[Group] = []
    best_score: tuple[int, int] | None = None
    for _attempt in range(_ATTEMPTS):
        arrangement = _greedy(people, met, rng)
        score = (repeats(arrangement, met), _trio_repeats(arrangement, met))
        if best_score is None or score < best_score:
            best, best_score = arrangement, score
            if score == (0, 0):
                break
    return sorted((tuple(sorted(group)) for group in best), key=lambda group: group[0])


def _greedy(people: list[str], met: set[frozenset[str]], rng: random.Random) -> list[Group]:
    """One arrangement: shuffle, then pair each person with a new face where one is free."""
    order = people[:]
    rng.shuffle(order)
    groups: list[list[str]] = []
    while len(order) >= 2:
        first = order.pop(0)
        fresh = [other for other in order if frozenset((first, other)) not in met]
        partner = fresh[0] if fresh else order[0]
        order.remove(partner)
        groups.append([first, partner])
    if order:  # one person left: join the pair where they meet fewest people again
        last = order[0]
        choice = min(
            range(len(groups)),
            key=lambda i: (sum(frozenset((last, p)) in met for p in groups[i]), rng.random()),
        )
        groups[choice].append(last)
    return [tuple(group) for group in groups]


def _trio_repeats(groups: Sequence[Group], met: set[frozenset[str]]) -> int:
    return sum(repeats([group], met) for group in groups if len(group) > 2)


@dataclass(frozen=True)
class PairRound:
    """A confirmed set of groups for one kind of pairing, numbered per cohort."""

    kind: str
    round: int
    groups: tuple[Group, ...]


def pair_history(store: Store, cohort_id: str) -> set[frozenset[str]]:
    """Every two people in the cohort who were ever partners, of either kind."""
    met: set[frozenset[str]] = set()
    for kind in PAIR_KINDS:
        for revision in store.revisions_in_cohort(cohort_id, kind):
            for partner in partner_ids(revision.value):
                if partner:  # "" is a partner who has left the workshop
                    met.add(frozenset((revision.participant_id, partner)))
    return met


def next_round(store: Store, cohort_id: str, kind: str) -> int:
    rounds = [
        int(revision.value.get("round", 0) or 0)
        for revision in store.revisions_in_cohort(cohort_id, _check_kind(kind))
    ]
    return max(rounds, default=0) + 1


def save_pairs(store: Store, cohort_id: str, kind: str, groups: Sequence[Group]) -> PairRound:
    """Tell each paired person who their partner is, as a new round of ``kind``.

    One transaction: if saving fails for anyone, nobody in the round is told a partner.
    """
    _check_kind(kind)
    members = {person.id for person in store.list_participants(cohort_id)}
    everyone = [person for group in groups for person in group]
    strangers = [person for person in everyone if person not in members]
    if strangers:
        raise PairingError(f"Not in this cohort: {', '.join(strangers)}. Refresh the console.")
    if len(set(everyone)) != len(everyone):
        raise PairingError("Someone appears in two groups; make the pairs again.")
    with store.transaction():  # a round reaches everyone in it, or nobody
        number = next_round(store, cohort_id, kind)
        for group in groups:
            for person in group:
                others = [other for other in group if other != person]
                value: dict[str, object] = {"partner_id": others[0], "round": number}
                if len(others) > 1:
                    value["also_with"] = [{"partner_id": other} for other in others[1:]]
                store.save_answer(person, kind, value)
    return PairRound(kind, number, tuple(tuple(group) for group in groups))


def _check_kind(kind: str) -> str:
    if kind not in PAIR_KINDS:
        raise PairingError(
            f"{kind!r} is not a kind of pairing; use one of {', '.join(PAIR_KINDS)}."
        )
    return kind

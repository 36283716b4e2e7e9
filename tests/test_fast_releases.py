"""The quick way to the group views gives exactly what the replay of every answer gives.

``cohort_releases`` (the store judges answers in SQL, the replay runs over where people
entered, only the shown revisions are read) must release the same people at the same points,
with the same answers, as ``replayed_releases`` (the rule's definition: every revision
replayed in order), whatever the history: saves that count, partial and malformed ones,
edits, withdrawn consent and erasures. Checked on generated histories, on the pure replay
and on real stores (SQLite and PostgreSQL); then the cohort report's people counts.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_group_view_releases import apply, ops_strategy
from test_releases import Step, counts, logs_after_each_step, steps_strategy

from kit.core.content import Content, load_content
from kit.core.store import Store
from kit.reports.cohort import CohortSummary
from kit.room.group_views import (
    SOURCE_EXERCISES,
    cohort_releases,
    cohort_views,
    compute_views,
    replayed_releases,
    skill_labels,
)
from kit.room.releases import Release, release_entries, replay

pytestmark = pytest.mark.both_stores

_cohorts = itertools.count()
SHARE_TICK = {"shared_advice": "share", "session_feedback": "share_comment"}


def the_same(fast: Release, replayed: Release, consent: str | None) -> bool:
    """Everything a view is made of: who, where, whether withheld, how many, what they said,
    and (for a view with a share tick) whether each member's tick is on now."""
    ticks_agree = consent is None or all(
        (fast.latest[person].get(consent) is True) == (replayed.latest[person].get(consent) is True)
        for person in replayed.members
    )
    return ticks_agree and (
        fast.members,
        fast.point,
        fast.withheld,
        fast.entered,
        fast.new,
        dict(fast.contributions),
    ) == (
        replayed.members,
        replayed.point,
        replayed.withheld,
        replayed.entered,
        replayed.new,
        dict(replayed.contributions),
    )


@settings(max_examples=400, deadline=None)
@given(steps=steps_strategy, k=st.integers(1, 6))
def test_releasing_from_entries_alone_is_the_replay(steps: list[Step], k: int) -> None:
    """After every step of a generated history (as ``test_releases`` builds them), the replay
    over where people entered equals the replay of the whole log."""
    for log, departures, _gone in logs_after_each_step(steps):
        entries: dict[str, int] = {}
        for saved in log:
            if counts(saved.value):
                entries.setdefault(saved.person, saved.revision)
        full = replay(log, departures, k, counts)
        quick = release_entries(entries, departures, k)
        assert (quick.members, quick.point, quick.withheld, quick.entered, quick.new) == (
            full.members,
            full.point,
            full.withheld,
            full.entered,
            full.new,
        )


def test_release_entries_needs_k_of_at_least_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        release_entries({"p": 1}, [], 0)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ops=ops_strategy,
    k=st.integers(3, 4),
    focus=st.sampled_from(SOURCE_EXERCISES),
    check_every=st.integers(1, 4),
)
def test_the_quick_releases_are_the_replayed_ones_after_any_history(
    store: Store, tmp_path: Path, ops: list[Any], k: int, focus: str, check_every: int
) -> None:
    """Every view, on a real store, checked every few operations and at the end; and the
    views computed from both are equal, table for table."""
    content = load_content()
    labels = skill_labels(content)
    cohort = store.create_cohort("Room", cohort_id=f"room-{next(_cohorts)}", min_group_size=k)
    people = [store.add_participant(f"Person {i}", cohort_id=cohort.id).id for i in range(12)]
    gone: set[str] = set()
    for number, op in enumerate(ops, start=1):
        apply(store, people, tmp_path / "reports", op, focus, gone)
        if number % check_every and number != len(ops):
            continue
        quick = cohort_releases(store, cohort.id)
        replayed = replayed_releases(store, cohort.id)
        for key, release in replayed.items():
            assert the_same(quick[key], release, SHARE_TICK.get(key)), key
        assert compute_views(quick, k, content, labels) == compute_views(
            replayed, k, content, labels
        )


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    saves=st.lists(
        st.tuples(st.integers(0, 9), st.sampled_from(["confidentiality", *SOURCE_EXERCISES])),
        max_size=25,
    )
)
def test_the_report_counts_people_per_step_as_a_count_of_their_answers_would(
    store: Store, content: Content, saves: list[tuple[int, str]]
) -> None:
    cohort = store.create_cohort("Room", cohort_id=f"room-{next(_cohorts)}")
    people = [store.add_participant(f"Person {i}", cohort_id=cohort.id).id for i in range(10)]
    _elsewhere = store.create_cohort("Elsewhere", cohort_id=f"room-{next(_cohorts)}")
    stranger = store.add_participant("Stranger", cohort_id=_elsewhere.id).id
    store.save_answer(stranger, "situation", {"kind": "other"})
    for index, exercise_id in saves:
        store.save_answer(people[index], exercise_id, {"note": "x"})

    summary = CohortSummary.load(store, cohort.id, content)

    answered = store.answered_in_cohort(cohort.id)
    everyone = set().union(*answered.values()) if answered else set()
    assert summary.roster == 10
    assert summary.took_part == (
        f"fewer than {summary.k}" if 0 < len(everyone) < summary.k else str(len(everyone))
    )
    for step in summary.steps:
        step_id = next(s.id for s in content.ordered_steps() if f"{s.number:02d}" == step.number)
        ids = [exercise.id for exercise in content.exercises_of(step_id)]
        people_here = set().union(*(answered.get(eid, set()) for eid in ids))
        shown = str(len(people_here))
        if 0 < len(people_here) < summary.k:
            shown = f"fewer than {summary.k}"
        assert step.people == (shown if ids else "no exercises in this content")
    assert summary.views == cohort_views(store, cohort.id, content)

"""Group views: only group fields, never fewer than k people, never a difference of one person.

Answers for steps 01–06 are seeded in the contract shapes with ``store.save_answer``, as the
other steps' widgets will save them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.core.content import Content
from kit.core.store import Store
from kit.room.group_views import (
    SOURCE_EXERCISES,
    AnswerRecord,
    GroupView,
    cohort_views,
    compute_views,
    project,
    released_population,
)

pytestmark = pytest.mark.both_stores

EMOTION_WORDS = ["grief", "annoyance", "rage", "serenity", "interest", "fear", "trust", "sadness"]
SKILLS = ["2.A.1.a", "2.A.1.b", "2.B.1.a", "2.B.3.e"]


def _value(exercise_id: str, seed: int) -> dict[str, Any]:
    """A contract-shaped answer for any source exercise, varied by ``seed``."""
    rng = random.Random(seed)
    if exercise_id in ("mood_check_in", "mood_check_out"):
        return {
            "emotions": [{"word": w} for w in rng.sample(EMOTION_WORDS, rng.randint(0, 3))],
            "note": f"private note {seed}",
        }
    if exercise_id == "situation":
        return {
            "kind": rng.choice(["internal_promotion", "internal_move", "external_job", "other"]),
            "how_long_ago": rng.choice(["this_week", None]),
            "role": f"secret role {seed}",
            "details": f"secret {seed}",
        }
    if exercise_id == "feedback_sort":
        return {
            "items": [
                {
                    "id": f"f{i}",
                    "text": f"private feedback {seed}-{i}",
                    "category": rng.choice(["strength", "gap", "trait", None]),
                    "gap_kind": "skill",
                    "onet_skill": rng.choice(SKILLS),
                    "action": "",
                    "workaround": "",
                }
                for i in range(rng.randint(0, 3))
            ]
        }
    if exercise_id == "position_decision":
        return {
            "decision": rng.choice(["go_again", "redirect", "prepare_to_leave", "look_now", "own"]),
            "own_option": f"private option {seed}",
            "why": f"private why {seed}",
            "suggested": "go_again",
        }
    if exercise_id == "advice_for_others":
        return {"text": f"advice number {seed}", "share": rng.random() < 0.5}
    if exercise_id == "session_feedback":
        return {
            "rating": rng.randint(1, 5),
            "comment": f"comment number {seed}",
            "share_comment": rng.random() < 0.5,
        }
    raise AssertionError(exercise_id)


def _cohort(store: Store, size: int, *, k: int = 5, cohort_id: str = "room") -> list[str]:
    store.create_cohort("Room", cohort_id=cohort_id, min_group_size=k)
    return [store.add_participant(f"Person {i}", cohort_id=cohort_id).id for i in range(size)]


def test_below_k_a_view_says_not_enough_answers_and_shows_nothing(
    store: Store, content: Content
) -> None:
    people = _cohort(store, 8)
    for index, person in enumerate(people[:4]):
        store.save_answer(person, "situation", _value("situation", index))
    view = cohort_views(store, "room", content)["situation"]
    assert view.status == "waiting" and not view.shown
    assert "Not enough answers yet" in view.message and "4 so far" in view.message
    assert view.tables == () and view.texts == () and view.counted == 0


def test_views_grow_in_steps_of_k(store: Store, content: Content) -> None:
    people = _cohort(store, 12)
    counted = []
    for index, person in enumerate(people):
        store.save_answer(person, "position_decision", _value("position_decision", index))
        counted.append(cohort_views(store, "room", content)["decisions"].counted)
    assert counted == [0, 0, 0, 0, 5, 5, 5, 5, 5, 10, 10, 10]
    view = cohort_views(store, "room", content)["decisions"]
    assert "first 10 of 12" in view.message
    assert sum(row.values[0] for row in view.tables[0].rows) == 10


def test_the_minimum_group_size_never_drops_below_three(content: Content) -> None:
    records = {"situation": [AnswerRecord(f"p{i}", i, {"kind": "other"}) for i in range(2)]}
    assert not compute_views(records, 1, content)["situation"].shown
    records = {"situation": [AnswerRecord(f"p{i}", i, {"kind": "other"}) for i in range(3)]}
    assert compute_views(records, 2, content)["situation"].counted == 3


def test_views_read_only_group_fields_and_never_private_text(
    store: Store, content: Content
) -> None:
    people = _cohort(store, 10)
    for index, person in enumerate(people):
        for exercise_id in SOURCE_EXERCISES:
            store.save_answer(person, exercise_id, _value(exercise_id, index))
    views = cohort_views(store, "room", content)
    assert all(view.shown for view in views.values())
    everything = repr(views)
    for secret in ("private", "secret", "Person "):
        assert secret not in everything
    item = {
        "id": "f1",
        "text": "you interrupt people",
        "category": "gap",
        "onet_skill": "2.A.1.a",
        "action": "x",
    }
    assert project({"items": [item], "extra": 1}, ("items",)) == {
        "items": [{"category": "gap", "onet_skill": "2.A.1.a"}]
    }


def test_free_text_reaches_the_group_only_when_its_author_shared_it(
    store: Store, content: Content
) -> None:
    people = _cohort(store, 6)
    for index, person in enumerate(people):
        store.save_answer(
            person, "advice_for_others", {"text": f"Advice {index}", "share": index % 2 == 0}
        )
        store.save_answer(
            person,
            "session_feedback",
            {"rating": 4, "comment": f"Comment {index}", "share_comment": index == 1},
        )
    views = cohort_views(store, "room", content)
    assert views["shared_advice"].texts == ("Advice 0", "Advice 2", "Advice 4")
    assert views["session_feedback"].texts == ("Comment 1",)
    assert "3 of 5" in views["shared_advice"].summary  # the first five answers only


def test_skill_gaps_count_people_not_items_and_only_skills_shared_by_two(content: Content) -> None:
    def sort(*skills: str) -> dict[str, Any]:
        return {
            "items": [
                {"id": f"f{i}", "text": "t", "category": "gap", "onet_skill": s}
                for i, s in enumerate(skills)
            ]
            + [{"id": "s", "text": "t", "category": "strength", "onet_skill": "2.B.3.e"}]
        }

    answers = [
        sort("2.A.1.a", "2.A.1.a"),
        sort("2.A.1.a"),
        sort("2.B.1.a"),
        sort(),
        sort("2.A.1.b", "2.B.1.a"),
    ]
    records = {
        "feedback_sort": [AnswerRecord(f"p{i}", i, value) for i, value in enumerate(answers)]
    }
    view = compute_views(records, 5, content, {"2.A.1.a": "Reading Comprehension"})["skill_gaps"]
    assert [(row.label, row.values) for row in view.tables[0].rows] == [
        ("Reading Comprehension", (2,)),
        ("2.B.1.a", (2,)),
    ]
    assert "4 of 5" in view.summary


def test_the_mood_shift_compares_released_views_and_waits_for_both(content: Content) -> None:
    check_in = [AnswerRecord(f"p{i}", i, {"emotions": [{"word": "grief"}]}) for i in range(5)]
    check_out = [
        AnswerRecord(f"p{i}", 10 + i, {"emotions": [{"word": "serenity"}]}) for i in range(4)
    ]
    views = compute_views({"mood_check_in": check_in, "mood_check_out": check_out}, 5, content)
    assert views["mood_shift"].status == "waiting"
    check_out.append(AnswerRecord("p4", 20, {"emotions": [{"word": "serenity"}, {"word": "fear"}]}))
    views = compute_views({"mood_check_in": check_in, "mood_check_out": check_out}, 5, content)
    shift = {row.label: row.values for row in views["mood_shift"].tables[0].rows}
    assert shift["Sadness"] == (100, 0) and shift["Joy"] == (0, 100) and shift["Fear"] == (0, 20)
    assert views["mood_shift"].counted == 0  # no population of its own


def test_content_that_does_not_allow_a_field_keeps_the_view_private(
    store: Store, content: Content
) -> None:
    situation = content.exercise("situation").model_copy(update={"group_fields": ["how_long_ago"]})
    narrowed = Content(
        content.directory,
        content.steps,
        {**content.exercises, "situation": situation},
        content.exercise_step,
        content.emotion_families,
        content.emotions,
    )
    records = {"situation": [AnswerRecord(f"p{i}", i, {"kind": "other"}) for i in range(6)]}
    view = compute_views(records, 5, narrowed)["situation"]
    assert view.status == "not_allowed" and view.tables == ()
    assert "group_fields" in view.message


# -- the k rule as a property ----------------------------------------------------------------

Event = tuple[int, str, int]
events_strategy = st.lists(
    st.tuples(
        st.integers(0, 24),
        st.sampled_from(SOURCE_EXERCISES[:3]) | st.sampled_from(SOURCE_EXERCISES),
        st.integers(0, 10_000),
    ),
    min_size=10,
    max_size=150,
)


def _replay(
    events: list[Event],
    k: int,
    content: Content,
    each: Callable[[dict[str, GroupView], bool], None],
) -> None:
    """Apply answers one by one (as the console would see them) and hand every state to ``each``."""
    latest: dict[tuple[str, str], AnswerRecord] = {}
    for revision, (person, exercise_id, seed) in enumerate(events, start=1):
        key = (exercise_id, f"p{person}")
        edit = key in latest
        first = latest[key].first_revision if edit else revision
        latest[key] = AnswerRecord(f"p{person}", first, _value(exercise_id, seed))
        records: dict[str, list[AnswerRecord]] = {}
        for (eid, _pid), record in latest.items():
            records.setdefault(eid, []).append(record)
        each(compute_views(records, k, content), edit)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(events=events_strategy, k=st.integers(3, 7))
def test_no_aggregate_from_fewer_than_k_and_no_two_views_differ_by_fewer_than_k(
    events: list[Event], k: int, content: Content
) -> None:
    released: dict[str, list[int]] = {}

    def check(views: dict[str, GroupView], _edit: bool) -> None:
        for key, view in views.items():
            if not view.shown:
                assert view.tables == () and view.texts == () and view.counted == 0
                continue
            if key == "mood_shift":
                continue
            assert view.counted >= k and view.counted % k == 0
            for earlier in released.setdefault(key, []):
                assert earlier == view.counted or abs(earlier - view.counted) >= k
            released[key].append(view.counted)
            if key in ("situation", "decisions"):
                assert sum(row.values[0] for row in view.tables[0].rows) == view.counted

    _replay(events, k, content, check)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(events=events_strategy, k=st.integers(3, 6))
def test_one_more_answer_never_changes_a_view_on_its_own(
    events: list[Event], k: int, content: Content
) -> None:
    """Without edits, a view either stays exactly the same or grows by at least k people."""
    previous: dict[str, GroupView] = {}

    def check(views: dict[str, GroupView], edit: bool) -> None:
        for key, view in views.items():
            before = previous.get(key)
            if (
                before is not None
                and before.shown
                and view.shown
                and not edit
                and key != "mood_shift"
            ):
                if before.counted == view.counted:
                    assert (before.tables, before.texts, before.summary) == (
                        view.tables,
                        view.texts,
                        view.summary,
                    )
                else:
                    assert view.counted - before.counted >= k
            previous[key] = view

    _replay(events, k, content, check)


def test_released_populations_are_nested_prefixes_of_the_first_answer_order() -> None:
    records = [AnswerRecord(f"p{i}", 10 * i, {}) for i in range(13)]
    random.Random(3).shuffle(records)  # the order comes from first revisions, not from the list
    sizes = [
        len(released_population([r for r in records if r.first_revision < 10 * n], 5))
        for n in range(14)
    ]
    assert sizes == [0, 0, 0, 0, 0, 5, 5, 5, 5, 5, 10, 10, 10, 10]
    ten = {r.participant_id for r in released_population(records, 5)}
    assert ten == {f"p{i}" for i in range(10)}


def test_the_shipped_content_allows_every_view_its_fields(content: Content) -> None:
    """Each exercise a view reads exists in the content and lists the view's fields as group fields."""
    from kit.room.group_views import allowed_fields

    for exercise_id in SOURCE_EXERCISES:
        assert exercise_id in content.exercises, exercise_id
        assert allowed_fields(exercise_id, content) is not None, exercise_id

"""Group views: only group fields, never fewer than k people, never a difference of one person.

Answers for steps 01–06 are seeded in the contract shapes with ``store.save_answer``, as the
other steps' widgets will save them.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from kit.core.content import Content
from kit.core.store import Store
from kit.room.group_views import (
    FIELDS_READ,
    SOURCE_EXERCISES,
    GroupView,
    cohort_views,
    compute_views,
    project,
    release_all,
)
from kit.room.releases import Saved

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


def _views(
    answers: dict[str, list[dict[str, Any]]],
    k: int,
    content: Content,
    skills: dict[str, str] | None = None,
) -> dict[str, GroupView]:
    """The views over one answer per person (person i saved revision i), as the store would."""
    logs = {
        exercise_id: [
            Saved(i, f"p{i}", project(value, FIELDS_READ[exercise_id]))
            for i, value in enumerate(values, start=1)
        ]
        for exercise_id, values in answers.items()
    }
    return compute_views(release_all(logs, {}, k), k, content, skills)


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
    assert not _views({"situation": [{"kind": "other"}] * 2}, 1, content)["situation"].shown
    assert _views({"situation": [{"kind": "other"}] * 3}, 2, content)["situation"].counted == 3


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
    skills = {"2.A.1.a": "Reading Comprehension"}
    view = _views({"feedback_sort": answers}, 5, content, skills)["skill_gaps"]
    assert [(row.label, row.values) for row in view.tables[0].rows] == [
        ("Reading Comprehension", (2,)),
        ("2.B.1.a", (2,)),
    ]
    assert "4 of 5" in view.summary


def test_the_mood_shift_compares_released_views_and_waits_for_both(content: Content) -> None:
    check_in = [{"emotions": [{"word": "grief"}]}] * 5
    check_out = [{"emotions": [{"word": "serenity"}]}] * 4
    views = _views({"mood_check_in": check_in, "mood_check_out": check_out}, 5, content)
    assert views["mood_shift"].status == "waiting"
    check_out.append({"emotions": [{"word": "serenity"}, {"word": "fear"}]})
    views = _views({"mood_check_in": check_in, "mood_check_out": check_out}, 5, content)
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
    view = _views({"situation": [{"kind": "other"}] * 6}, 5, narrowed)["situation"]
    assert view.status == "not_allowed" and view.tables == ()
    assert "group_fields" in view.message


def test_the_shipped_content_allows_every_view_its_fields(content: Content) -> None:
    """Each exercise a view reads exists in the content and lists the view's fields as group fields."""
    from kit.room.group_views import allowed_fields

    for exercise_id in SOURCE_EXERCISES:
        assert exercise_id in content.exercises, exercise_id
        assert allowed_fields(exercise_id, content) is not None, exercise_id

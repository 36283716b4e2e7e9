from __future__ import annotations

from kit.core.content import Content
from kit.core.store import Store
from kit.room.demo import DEMO_COHORT_ID, build_demo, demo_answers
from kit.steps import parse_answer
from kit.workbook.personas import PERSONAS


def test_demo_answers_are_deterministic_for_a_seed() -> None:
    assert demo_answers(7) == demo_answers(7)
    assert demo_answers(7) != demo_answers(8)


def test_demo_answers_are_valid_and_varied(content: Content) -> None:
    answers = demo_answers()
    assert len(PERSONAS) >= 12
    for by_exercise in answers.values():
        for exercise_id, value in by_exercise.items():
            parse_answer(exercise_id, value, content)
    kinds = {a["situation"]["kind"] for a in answers.values()}
    assert kinds == {
        "internal_promotion",
        "internal_move",
        "external_job",
        "laid_off",
        "still_open",
        "other",
    }
    assert any("mood_check_in" not in a for a in answers.values()), (
        "someone skips the mood check-in"
    )


def test_building_the_demo_is_idempotent(store: Store) -> None:
    cohort, created = build_demo(store)
    assert created and cohort.id == DEMO_COHORT_ID
    revisions = len(store.history("demo-amara"))
    store.save_answer("demo-amara", "confidentiality", {"agreed": False})
    _, created_again = build_demo(store)
    assert not created_again
    assert len(store.list_participants(DEMO_COHORT_ID)) == len(PERSONAS)
    assert len(store.history("demo-amara")) == revisions + 1, "an edit is not thrown away"


def test_reset_rebuilds_the_demo_from_scratch(store: Store) -> None:
    build_demo(store)
    store.save_answer("demo-amara", "confidentiality", {"agreed": False})
    _, created = build_demo(store, reset=True)
    assert created
    assert store.latest_answer("demo-amara", "confidentiality").value == {"agreed": True}  # type: ignore[union-attr]

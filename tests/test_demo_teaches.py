"""The demo cohort shows the method working: plans follow each person's own feedback, people
turned down elsewhere talk to a mentor and are seen outside, this week's news waits for a
decision, early decisions are provisional (one is due a second look), and nobody answers an
exercise their path hides."""

from __future__ import annotations

from collections import Counter

from kit.core.content import Content
from kit.room.demo import demo_answers
from kit.workbook.decision_state import decision_state
from kit.workbook.personas import PERSONAS


def test_every_gap_heard_becomes_a_skill_action_with_the_persons_first_step() -> None:
    answers = demo_answers()
    for persona in PERSONAS:
        sorted_items = answers[persona.key].get("feedback_sort", {}).get("items", [])
        gaps = {item["id"]: item for item in sorted_items if item["category"] == "gap"}
        planned = answers[persona.key].get("skill_plan", {}).get("items", [])
        assert {item["gap_id"] for item in planned} == set(gaps), persona.key
        for item in planned:
            assert item["first_step"] == gaps[item["gap_id"]]["action"], persona.key
            assert item["due"], "every skill action is dated"


def test_people_turned_down_elsewhere_have_no_internal_manager_or_internal_posts() -> None:
    answers = demo_answers()
    for persona in PERSONAS:
        if persona.situation != "external_job":
            continue
        mine = answers[persona.key]
        assert persona.path.manager_unaware, persona.key
        agenda = mine.get("manager_agenda")
        if agenda:
            assert set(agenda["asks"]) <= {
                "introductions",
                "review_application",
                "mock_interview",
                "their_path",
            }, persona.key
        for item in mine.get("visibility_plan", {}).get("items", []):
            assert "internal" not in item["action"].lower(), persona.key
        decision = mine.get("position_decision", {}).get("decision")
        assert decision in (
            None,
            "not_yet",
            "own",
            "apply_elsewhere",
            "apply_there_again",
            "stay_and_grow",
            "rethink_target",
        ), persona.key
        targets = mine["applications"]["targets"]
        assert all(target["apply_by"] for target in targets), "every application is dated"


def test_news_from_this_week_waits_and_early_decisions_wait_for_the_conversations() -> None:
    answers = demo_answers()
    states = {}
    for persona in PERSONAS:
        state = decision_state(answers[persona.key], persona.path)
        states[persona.key] = state
        if persona.how_long_ago == "this_week" and persona.situation not in ("laid_off",):
            assert state.status == "not_yet", persona.key
    statuses = Counter(state.status for state in states.values())
    assert statuses["provisional"] >= 2 and statuses["settled"] >= 3 and statuses["not_yet"] >= 2
    assert states["dolores"].revisit, "the demo shows a decision due a second look"


def test_nobody_answers_an_exercise_their_path_hides(content: Content) -> None:
    answers = demo_answers()
    for persona in PERSONAS:
        for exercise_id in answers[persona.key]:
            exercise = content.exercise(exercise_id).for_path(persona.path.tags)
            assert not exercise.hidden, (persona.key, exercise_id)

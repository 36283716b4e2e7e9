"""Pure step 01/02 logic: the request text, grouping feedback, the demo answers for both steps."""

from __future__ import annotations

from kit.core.content import Content
from kit.room.demo import demo_answers
from kit.steps import check_all_content, parse_answer
from kit.steps.feedback.answers import FeedbackSortAnswer
from kit.steps.feedback.request import SortedFeedback, compose_request
from kit.workbook.personas import PERSONAS


def test_compose_request_accepts_asks_and_proposes_in_that_order(content: Content) -> None:
    exercise = content.exercise("feedback_request")
    text = compose_request(
        exercise,
        {
            "recipient": "  Sam  ",
            "role": "Head of Data",
            "acceptance": "congratulate",
            "ask": "what_to_develop",
            "meeting": "coffee",
            "times": "",
            "sign_off": "Ana",
        },
    )
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "Dear Sam,"
    assert "Head of Data role" in paragraphs[1] and "I accept the decision" in paragraphs[1]
    assert paragraphs[2].startswith("I would like to understand what I could develop")
    assert paragraphs[3] == "Would you have time for a coffee, at a moment that suits you?"
    assert paragraphs[4] == "Thank you for considering it.\nAna"
    for contesting in ("unfair", "appeal", "reconsider", "wrong"):
        assert contesting not in text.lower()


def test_compose_request_leaves_out_what_was_not_chosen(content: Content) -> None:
    text = compose_request(content.exercise("feedback_request"), {"times": "Fridays are best."})
    assert (
        text
        == "Hello,\n\nThank you for letting me know the outcome.\n\nFridays are best.\n\nThank you for considering it."
    )


def test_sorted_feedback_groups_by_category(content: Content) -> None:
    answer = parse_answer("feedback_sort", demo_answers()["hana"]["feedback_sort"], content)
    assert isinstance(answer, FeedbackSortAnswer)
    grouped = SortedFeedback.of(answer)
    assert grouped.counts == {"strength": 2, "gap": 1, "trait": 0}
    assert [item.text for item in grouped.unsorted] == ["Roadmap trade-offs not explained"]
    assert grouped.total == 4
    assert SortedFeedback.of(None).total == 0


def test_non_gaps_never_carry_a_skill_link(content: Content) -> None:
    answer = parse_answer(
        "feedback_sort",
        {
            "items": [
                {
                    "id": "f1",
                    "text": "Calm",
                    "category": "strength",
                    "gap_kind": "skill",
                    "onet_skill": "2.A.1.a",
                }
            ]
        },
        content,
    )
    assert answer.model_dump()["items"][0]["onet_skill"] is None  # type: ignore[index]


def test_step_01_and_02_content_matches_the_exercise_classes(content: Content) -> None:
    check_all_content(content)
    for exercise_id in ("circle_of_control", "feedback_sort", "feedback_request", "self_review"):
        assert content.exercise_step[exercise_id] in ("01_feelings_and_control", "02_feedback")


def test_demo_answers_for_steps_01_and_02_are_valid_and_varied(content: Content) -> None:
    answers = demo_answers()
    for by_exercise in answers.values():
        for exercise_id, value in by_exercise.items():
            parse_answer(exercise_id, value, content)
    stages = {p.key: p.feedback_stage for p in PERSONAS}
    with_sort = {key for key, a in answers.items() if a.get("feedback_sort")}
    assert with_sort == {key for key, stage in stages.items() if stage == "received"}
    assert any("feedback_whom" not in a for a in answers.values()), (
        "someone has not started step 02"
    )
    assert any("feedback_request" not in a and "feedback_whom" in a for a in answers.values())
    assert all("circle_of_control" in a for a in answers.values())
    zones = {item["zone"] for a in answers.values() for item in a["circle_of_control"]["items"]}
    assert zones == {"change", "influence", "let_go", None}
    categories = {
        item["category"]
        for a in answers.values()
        for item in a.get("feedback_sort", {}).get("items", [])
    }
    assert categories == {"strength", "gap", "trait", None}

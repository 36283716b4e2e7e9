"""Step 02 widgets driven headless: the request builder, the question bank, the feedback sort."""

from __future__ import annotations

from typing import Any

import pytest
from stored import latest_value as _latest
from stored import person_in_room

from kit.core.content import Content
from kit.core.store import Store
from kit.errors import AnswerError
from kit.steps import parse_answer
from kit.steps.feedback.exercises import FeedbackRequest, FeedbackSort, QuestionBank
from kit.steps.page import Session

STEP = "02_feedback"


@pytest.fixture
def person(store: Store) -> str:
    return person_in_room(store)


def _session(store: Store, person_id: str) -> Session:
    return Session(STEP, store=store, participant_id=person_id)


def _sort(store: Store, person_id: str) -> FeedbackSort:
    exercise = _session(store, person_id).exercise("feedback_sort")
    assert isinstance(exercise, FeedbackSort)
    return exercise


def _add(sort: FeedbackSort, text: str) -> None:
    sort.new_text.value = text
    sort.add_button.click()


def _row(sort: FeedbackSort, position: int) -> Any:
    return sort.rows.children[position]


def _text(sort: FeedbackSort, position: int) -> Any:
    return _row(sort, position).children[0].children[0]


def _button(sort: FeedbackSort, position: int, which: str) -> Any:
    """The row's move-up, move-down or remove button (they share a line with its text)."""
    return _row(sort, position).children[0].children[{"up": 1, "down": 2, "remove": 3}[which]]


def _gap_controls(sort: FeedbackSort, position: int) -> tuple[Any, Any, Any]:
    details = _row(sort, position).children[2]
    kind, skill, action = (box.children[-1] for box in details.children)
    return kind, skill, action


def test_whom_to_ask_saves_the_ticks(store: Store, person: str) -> None:
    whom = _session(store, person).exercise("feedback_whom")
    whom.whom["hiring_manager"].value = True
    whom.whom["panel"].value = True
    whom.others.value = "The sponsor of the programme"
    assert _latest(store, person, "feedback_whom") == {
        "whom": ["hiring_manager", "panel"],
        "others": "The sponsor of the programme",
    }


def test_the_request_is_built_from_choices_and_stays_non_adversarial(
    store: Store, person: str
) -> None:
    store.save_answer(
        person,
        "situation",
        {"kind": "internal_promotion", "how_long_ago": None, "role": "Team lead", "details": ""},
    )
    request = _session(store, person).exercise("feedback_request")
    assert isinstance(request, FeedbackRequest)
    assert request.role.value == "Team lead", "the role comes from the check-in"
    assert request.sign_off.value == "Ana Lima"
    request.recipient.value = "Priya"
    request.acceptance.value = "respect"
    request.ask.value = "stronger_candidate"
    request.meeting.value = "call_20"
    request.times.value = "Tuesday or Thursday afternoon suits me."
    message = request.message.value
    assert message.startswith("Dear Priya,")
    assert "Team lead role" in message
    assert "I respect the decision, and I am not asking you to revisit it." in message
    assert "stronger candidate" in message
    assert "20 minutes for a short call" in message and "Tuesday or Thursday" in message
    assert message.rstrip().endswith("Ana Lima")
    saved = _latest(store, person, "feedback_request")
    assert saved["message"] == message and saved["edited"] is False


def test_the_persons_edits_are_kept_when_a_choice_changes_until_they_rebuild(
    store: Store, person: str
) -> None:
    request = _session(store, person).exercise("feedback_request")
    request.acceptance.value = "understand"
    edited = request.message.value.replace("Hello,", "Hi Sam,")
    request.message.value = edited
    assert _latest(store, person, "feedback_request")["edited"] is True
    assert "kept" in request.edit_note.value
    request.meeting.value = "coffee"  # a new choice must not overwrite the edit
    assert request.message.value == edited
    saved = _latest(store, person, "feedback_request")
    assert saved["message"] == edited and saved["meeting"] == "coffee"

    reopened = _session(store, person).exercise("feedback_request")
    assert reopened.message.value == edited, "edits survive a new kernel"
    reopened.rebuild.click()
    assert "time for a coffee" in reopened.message.value and "Hi Sam" not in reopened.message.value
    assert _latest(store, person, "feedback_request")["edited"] is False


def test_a_10000_character_message_is_refused_and_the_last_good_one_kept(
    store: Store, person: str
) -> None:
    request = _session(store, person).exercise("feedback_request")
    request.acceptance.value = "respect"
    good = _latest(store, person, "feedback_request")["message"]
    request.message.value = "y" * 10_000
    assert "10,000 characters" in request.status.value
    assert request.message.value == "y" * 10_000
    assert _latest(store, person, "feedback_request")["message"] == good


def test_question_bank_keeps_the_order_picked_and_reordered(store: Store, person: str) -> None:
    bank = _session(store, person).exercise("question_bank")
    assert isinstance(bank, QuestionBank)
    bank.picks["hesitations"].value = True
    bank.picks["detailed_feedback"].value = True
    bank.picks["skills_experience"].value = True
    assert _latest(store, person, "question_bank")["questions"] == [
        "hesitations",
        "detailed_feedback",
        "skills_experience",
    ]
    bank.ordered.children[2].children[1].click()  # move "skills" up
    bank.ordered.children[0].children[1].click()  # already first
    assert "already at the top" in bank.status.value
    assert _latest(store, person, "question_bank")["questions"] == [
        "hesitations",
        "skills_experience",
        "detailed_feedback",
    ]
    bank.picks["hesitations"].value = False
    assert _latest(store, person, "question_bank")["questions"] == [
        "skills_experience",
        "detailed_feedback",
    ]
    again = _session(store, person).exercise("question_bank")
    assert again.order == ["skills_experience", "detailed_feedback"]
    assert "1. Which skills" in again.ordered.children[0].children[0].value


def test_meeting_goals_are_a_checklist_to_come_back_to(store: Store, person: str) -> None:
    goals = _session(store, person).exercise("meeting_goals")
    goals.aims["learn_hesitations"].value = True
    goals.aims["support_for_growth"].value = True
    again = _session(store, person).exercise("meeting_goals")
    again.achieved["learn_hesitations"].value = True
    saved = _latest(store, person, "meeting_goals")
    assert saved["aims"] == ["learn_hesitations", "support_for_growth"] and saved["achieved"] == [
        "learn_hesitations"
    ]
    assert "1 of 2 done" in again.status.value


def test_feedback_sort_follows_the_contract(store: Store, person: str) -> None:
    sort = _sort(store, person)
    _add(sort, "Great with clients")
    _add(sort, "No budget experience")
    _add(sort, "Quiet in big meetings")
    _row(sort, 0).children[1].value = "strength"
    _row(sort, 1).children[1].value = "gap"
    kind, skill, action = _gap_controls(sort, 1)
    kind.value = "experience"
    skill.value = "2.B.5.b"
    action.value = "Shadow the budget round"
    _row(sort, 2).children[1].value = "trait"
    _row(sort, 2).children[2].children[0].children[-1].value = "Send my view in writing first"
    assert _latest(store, person, "feedback_sort") == {
        "items": [
            {
                "id": "f1",
                "text": "Great with clients",
                "category": "strength",
                "gap_kind": None,
                "onet_skill": None,
                "action": "",
                "workaround": "",
                "due": None,
            },
            {
                "id": "f2",
                "text": "No budget experience",
                "category": "gap",
                "gap_kind": "experience",
                "onet_skill": "2.B.5.b",
                "action": "Shadow the budget round",
                "workaround": "",
                "due": None,
            },
            {
                "id": "f3",
                "text": "Quiet in big meetings",
                "category": "trait",
                "gap_kind": None,
                "onet_skill": None,
                "action": "",
                "workaround": "Send my view in writing first",
                "due": None,
            },
        ]
    }
    assert "Great with clients" in sort.shown_back.value, "strengths come back as a confidence list"
    assert "O*NET" in sort.widget.children[-2].value, "the attribution is shown with the list"


def test_moving_feedback_between_groups_twice_keeps_one_item_and_asks_for_the_next_step(
    store: Store, person: str
) -> None:
    sort = _sort(store, person)
    _add(sort, "Presents detail first")
    _row(sort, 0).children[1].value = "gap"
    assert "1 gap needs an action" in sort.status.value
    _row(sort, 0).children[1].value = "trait"
    assert "1 trait needs a workaround" in sort.status.value
    _row(sort, 0).children[1].value = "gap"
    items = _latest(store, person, "feedback_sort")["items"]
    assert len(items) == 1 and items[0]["id"] == "f1" and items[0]["category"] == "gap"
    assert "nr-gap-details" in _row(sort, 0).children[2]._dom_classes


def test_feedback_edit_reorder_remove_and_reopen(store: Store, person: str) -> None:
    sort = _sort(store, person)
    _add(sort, "One")
    _add(sort, "Two")
    _text(sort, 0).value = "One, edited"
    _button(sort, 1, "up").click()
    assert [i["text"] for i in _latest(store, person, "feedback_sort")["items"]] == [
        "Two",
        "One, edited",
    ]
    _button(sort, 0, "remove").click()
    assert [i["id"] for i in _latest(store, person, "feedback_sort")["items"]] == ["f1"]
    again = _sort(store, person)
    assert [_text(again, n).value for n in range(len(again.rows.children))] == ["One, edited"]


def test_empty_duplicate_long_and_hostile_feedback(store: Store, person: str) -> None:
    sort = _sort(store, person)
    _add(sort, "")
    assert "empty" in sort.status.value and store.latest_answer(person, "feedback_sort") is None
    _add(sort, "<b onmouseover=alert(1)>Good</b>")
    _add(sort, "<B ONMOUSEOVER=alert(1)>good</B>")
    assert "already on your list" in sort.status.value
    _add(sort, "z" * 10_000)
    assert "10,000 characters" in sort.status.value and sort.new_text.value == "z" * 10_000
    items = _latest(store, person, "feedback_sort")["items"]
    assert [i["text"] for i in items] == ["<b onmouseover=alert(1)>Good</b>"]
    _row(sort, 0).children[1].value = "strength"
    assert (
        "<b onmouseover" not in sort.shown_back.value
        and "&lt;b onmouseover" in sort.shown_back.value
    )


def test_an_onet_id_that_does_not_exist_is_refused_with_a_clear_message(content: Content) -> None:
    value = {
        "items": [
            {
                "id": "f1",
                "text": "Budgets",
                "category": "gap",
                "gap_kind": "skill",
                "onet_skill": "2.Z.9.q",
                "action": "",
                "workaround": "",
            }
        ]
    }
    with pytest.raises(AnswerError) as caught:
        parse_answer("feedback_sort", value, content)
    assert "'2.Z.9.q' is not a skill in the O*NET list" in caught.value.problem
    assert caught.value.problem.startswith("Item 1:")


def test_a_stale_onet_link_in_the_store_does_not_break_the_page_or_the_store(
    store: Store, person: str
) -> None:
    stale = {"items": [{"id": "f1", "text": "x", "category": "gap", "onet_skill": "9.9.9.9"}]}
    store.save_answer(person, "feedback_sort", stale)
    sort = _sort(store, person)  # builds without raising
    assert sort.items == []
    assert _latest(store, person, "feedback_sort") == stale, (
        "opening the page never rewrites an answer"
    )


def test_self_review_rates_each_area_with_a_note(store: Store, person: str) -> None:
    review = _session(store, person).exercise("self_review")
    review.ratings["interview"].value = 2
    review.notes["interview"].value = "Nerves"
    review.ratings["skills"].value = 4
    assert _latest(store, person, "self_review") == {
        "ratings": {"skills": 4, "interview": 2},
        "notes": {"interview": "Nerves"},
    }
    again = _session(store, person).exercise("self_review")
    assert again.ratings["interview"].value == 2 and again.notes["interview"].value == "Nerves"


def test_self_review_refuses_ratings_outside_one_to_five(content: Content) -> None:
    with pytest.raises(AnswerError, match="1 to 5"):
        parse_answer("self_review", {"ratings": {"skills": 9}}, content)
    with pytest.raises(AnswerError, match="not one of the areas"):
        parse_answer("self_review", {"ratings": {"charisma": 3}}, content)

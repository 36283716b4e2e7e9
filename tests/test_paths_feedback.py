"""Step 02 on each path: whom to ask and what to ask fit the situation, a layoff skips the step,
a decision still open waits for it, and a request that meets silence has a fallback."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from stored import latest_value, person_in_room, shown_text

from kit.core.content import Content
from kit.core.store import Store
from kit.steps import parse_answer
from kit.steps.page import Session

STEP_02 = (
    "feedback_whom",
    "feedback_request",
    "question_bank",
    "meeting_goals",
    "hearing_feedback",
    "feedback_sort",
    "self_review",
)


def _person(store: Store, kind: str, **situation: Any) -> str:
    person = person_in_room(store)
    store.save_answer(person, "situation", {"kind": kind, **situation})
    return person


def _exercise(store: Store, person: str, exercise_id: str) -> Any:
    return Session("02_feedback", store=store, participant_id=person).exercise(exercise_id)


def _offered(exercise: Any, option_list: str) -> set[str]:
    return {option.value for option in exercise.content.options[option_list]}


def test_a_promotion_is_not_asked_about_a_hiring_manager_a_panel_or_an_application(
    store: Store,
) -> None:
    person = _person(store, "internal_promotion")
    whom = _offered(_exercise(store, person, "feedback_whom"), "whom")
    assert {"decision_maker", "my_manager", "panel_if_any"} <= whom
    assert not {"hiring_manager", "panel"} & whom
    questions = _exercise(store, person, "question_bank")
    asked = shown_text(questions.widget)
    assert "application" not in asked and "the interviews" not in asked
    assert {"how_decided", "process_performance", "ambition_clear"} <= set(questions.picks)
    review = _exercise(store, person, "self_review")
    assert "how_i_came_across" in review.ratings and "interview" not in review.ratings


def test_screened_out_asks_the_recruiter_about_the_application(store: Store) -> None:
    person = _person(store, "external_job", stage="screened_out", manager_knows="no")
    whom = _offered(_exercise(store, person, "feedback_whom"), "whom")
    assert "panel" not in whom and "hr" in whom
    questions = _exercise(store, person, "question_bank")
    assert "what_screened_out" in questions.picks and "interview_performance" not in questions.picks
    assert "application" in _exercise(store, person, "self_review").ratings


def test_after_the_final_round_the_panel_and_hiring_manager_are_offered(store: Store) -> None:
    person = _person(store, "external_job", stage="final_round", manager_knows="yes")
    whom = _offered(_exercise(store, person, "feedback_whom"), "whom")
    assert {"hiring_manager", "panel", "hr"} <= whom and "my_manager" not in whom


def test_a_layoff_skips_the_feedback_step_and_says_why(store: Store) -> None:
    person = _person(store, "laid_off")
    for exercise_id in STEP_02:
        exercise = _exercise(store, person, exercise_id)
        assert exercise.hidden, exercise_id
        assert "no single decision" in shown_text(exercise.widget)


def test_still_open_prepares_but_writes_no_request(store: Store) -> None:
    person = _person(store, "still_open")
    hidden = {eid for eid in STEP_02 if _exercise(store, person, eid).hidden}
    assert hidden == {"feedback_request", "meeting_goals", "feedback_sort"}
    whom = _exercise(store, person, "feedback_whom")
    assert "If the answer is no" in shown_text(whom.widget)


def test_silence_from_an_employer_gets_one_follow_up_then_someone_else_then_own_review(
    store: Store,
) -> None:
    person = _person(store, "external_job", stage="final_round", manager_knows="no")
    request = _exercise(store, person, "feedback_request")
    request.acceptance.value = "respect"
    request.send_by.value = date.today() + timedelta(days=2)
    assert request.fallback.layout.display == "none"
    request.reply.value = "no_feedback"
    assert request.fallback.layout.display == "flex"
    fallback = shown_text(request.fallback)
    assert "one short, polite follow-up" in fallback
    assert "the recruiter or someone from the panel" in fallback
    assert "your own review" in fallback
    request.follow_up_on.value = date.today() + timedelta(days=7)
    saved = latest_value(store, person, "feedback_request")
    assert saved["send_by"] == (date.today() + timedelta(days=2)).isoformat()
    assert saved["reply"] == "no_feedback"
    assert saved["follow_up_on"] == (date.today() + timedelta(days=7)).isoformat()


def test_a_send_date_already_past_is_refused_and_the_last_good_one_kept(store: Store) -> None:
    person = _person(store, "internal_promotion")
    request = _exercise(store, person, "feedback_request")
    request.send_by.value = date.today() + timedelta(days=1)
    request.send_by.value = date.today() - timedelta(days=3)
    assert "is in the past" in request.status.value
    assert (
        latest_value(store, person, "feedback_request")["send_by"]
        == (date.today() + timedelta(days=1)).isoformat()
    )


def test_the_feedback_meeting_and_a_workaround_get_dates(store: Store) -> None:
    person = _person(store, "internal_move")
    goals = _exercise(store, person, "meeting_goals")
    goals.meeting_on.value = date.today() + timedelta(days=6)
    assert (
        latest_value(store, person, "meeting_goals")["meeting_on"]
        == (date.today() + timedelta(days=6)).isoformat()
    )
    sort = _exercise(store, person, "feedback_sort")
    sort.new_text.value = "Quiet in big meetings"
    sort.add_button.click()
    sort.rows.children[0].children[1].value = "trait"
    details = sort.rows.children[0].children[2]
    details.children[0].children[-1].value = "Send my view in writing first"
    details.children[1].children[-1].value = date.today() + timedelta(days=3)
    item = latest_value(store, person, "feedback_sort")["items"][0]
    assert item["due"] == (date.today() + timedelta(days=3)).isoformat()


def test_hearing_feedback_is_practised_in_a_pair_or_alone(store: Store) -> None:
    person = _person(store, "internal_promotion")
    hearing = _exercise(store, person, "hearing_feedback")
    assert "in a pair" in hearing.practice.value
    hearing.habits["listen"].value = True
    hearing.habits["no_defending"].value = True
    hearing.practised.value = True
    saved = latest_value(store, person, "hearing_feedback")
    assert saved["habits"] == ["listen", "no_defending"] and saved["practised"] is True
    alone = store.add_participant("Sam")
    solo = Session("02_feedback", store=store, participant_id=alone.id).exercise("hearing_feedback")
    assert "on your own" in solo.practice.value and "pair" not in solo.practice.value


@pytest.mark.parametrize(
    ("exercise_id", "old"),
    [
        (
            "feedback_request",
            {
                "recipient": "",
                "role": "",
                "acceptance": "respect",
                "ask": None,
                "meeting": None,
                "times": "",
                "sign_off": "",
                "message": "Hello",
                "edited": False,
            },
        ),
        ("meeting_goals", {"aims": ["learn_hesitations"], "achieved": [], "notes": ""}),
        (
            "feedback_sort",
            {
                "items": [
                    {
                        "id": "f1",
                        "text": "Quiet",
                        "category": "trait",
                        "gap_kind": None,
                        "onet_skill": None,
                        "action": "",
                        "workaround": "Write first",
                    }
                ]
            },
        ),
    ],
)
def test_answers_saved_in_the_old_shape_still_load(
    content: Content, exercise_id: str, old: dict[str, Any]
) -> None:
    parse_answer(exercise_id, old, content)

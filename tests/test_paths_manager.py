"""Step 04 on each path: the agenda says what one wants next and asks "what would you do in my
place?", a candid read comes with a caveat, the meeting gets a booking date, a manager who does
not know about an application elsewhere is replaced by a mentor, and after the meeting the
person is sent back to their decision."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from stored import latest_value, person_in_room, shown_text

from kit.core.content import Content
from kit.core.store import Store
from kit.steps import parse_answer
from kit.steps.page import Session

STEP_04 = ("manager_agenda", "roleplay_practice", "meeting_notes")


def _person(store: Store, kind: str, **situation: Any) -> str:
    person = person_in_room(store)
    store.save_answer(person, "situation", {"kind": kind, **situation})
    return person


def _exercise(store: Store, person: str, exercise_id: str) -> Any:
    return Session("04_manager_conversation", store=store, participant_id=person).exercise(
        exercise_id
    )


def test_the_agenda_says_plainly_which_role_is_next_and_asks_what_they_would_do(
    store: Store,
) -> None:
    person = _person(store, "internal_promotion")
    agenda = _exercise(store, person, "manager_agenda")
    agenda.ambition.value = "Team lead for the data platform"
    agenda.in_my_place.value = True
    agenda.candid_read.value = True
    agenda.book_by.value = date.today() + timedelta(days=5)
    text = agenda.agenda.value
    assert "The role I want next: Team lead for the data platform" in text
    assert "If you were in my place, what would you do next?" in text
    assert "the role I want next is team lead for the data platform" in agenda.script.value
    saved = latest_value(store, person, "manager_agenda")
    assert saved["ambition"] == "Team lead for the data platform" and saved["in_my_place"]
    assert saved["book_by"] == (date.today() + timedelta(days=5)).isoformat()
    caveat = agenda.candid_caveat.value
    assert "get on well enough with your manager" in caveat
    children = list(agenda.widget.children)
    assert children.index(agenda.candid_caveat) < children.index(agenda.candid_read), (
        "the caveat comes before the ask"
    )


def test_a_booking_date_already_past_is_refused(store: Store) -> None:
    person = _person(store, "internal_move")
    agenda = _exercise(store, person, "manager_agenda")
    agenda.goal.value = "Two stretch projects"
    agenda.book_by.value = date.today() - timedelta(days=1)
    assert "is in the past" in agenda.status.value
    assert latest_value(store, person, "manager_agenda")["book_by"] is None


def test_a_manager_who_knows_about_an_application_elsewhere_hears_about_growth_here(
    store: Store,
) -> None:
    person = _person(store, "external_job", stage="final_round", manager_knows="yes")
    agenda = _exercise(store, person, "manager_agenda")
    assert "Your manager knows you applied elsewhere" in shown_text(agenda.widget)
    assert "prospects here" in agenda.candid_read.description


def test_without_the_managers_knowledge_the_conversation_is_with_a_mentor(store: Store) -> None:
    person = _person(store, "external_job", stage="first_interview", manager_knows="no")
    agenda = _exercise(store, person, "manager_agenda")
    assert "mentor" in agenda.content.title
    assert set(agenda.asks) == {
        "introductions",
        "review_application",
        "mock_interview",
        "their_path",
    }
    agenda.goal.value = "A view of what roles like this look for"
    agenda.asks["mock_interview"].value = True
    agenda.candid_read.value = True
    agenda.asset.value = "An introduction of my own"
    text = agenda.agenda.value + agenda.script.value
    assert "Conversation with my mentor" in text and "practice interview" in text
    assert "manager" not in text.lower()
    cohort = store.get_participant(person).cohort_id
    jo = store.add_participant("Jo", cohort_id=cohort)
    store.save_answer(person, "roleplay_partner", {"partner_id": jo.id, "round": 1})
    practice = _exercise(store, person, "roleplay_practice")
    assert "plays your mentor" in practice.how.value and "manager" not in practice.how.value
    notes = _exercise(store, person, "meeting_notes")
    assert notes.content.title == "After the conversation"
    assert "manager" not in shown_text(notes.widget).lower()


def test_a_layoff_and_a_decision_still_open_skip_the_manager_step(store: Store) -> None:
    for kind, reason in (("laid_off", "reference"), ("still_open", "whatever the answer")):
        person = _person(store, kind)
        for exercise_id in STEP_04:
            exercise = _exercise(store, person, exercise_id)
            assert exercise.hidden, (kind, exercise_id)
            assert reason in shown_text(exercise.widget)


def test_after_the_meeting_a_provisional_decision_is_sent_back_for_a_second_look(
    store: Store,
) -> None:
    person = _person(store, "internal_promotion")
    store.save_answer(person, "position_decision", {"decision": "go_again", "informed_by": []})
    notes = _exercise(store, person, "meeting_notes")
    assert notes.revisit.value == ""
    notes.held_on.value = date.today() - timedelta(days=1)
    assert "go back to step 03" in notes.revisit.value


def test_after_both_conversations_not_yet_becomes_a_good_moment_to_decide(store: Store) -> None:
    person = _person(store, "internal_promotion")
    store.save_answer(person, "position_decision", {"decision": "not_yet"})
    store.save_answer(
        person,
        "feedback_sort",
        {"items": [{"id": "f1", "text": "Calm", "category": "strength"}]},
    )
    notes = _exercise(store, person, "meeting_notes")
    notes.held_on.value = date.today()
    assert "good moment to decide" in notes.revisit.value


def test_an_agenda_saved_in_the_old_shape_still_loads(content: Content) -> None:
    old = {
        "goal": "More scope",
        "asks": ["lead_project"],
        "other_asks": "",
        "candid_read": True,
        "holding_back": [],
        "holding_back_other": "",
        "asset": "",
        "script": "",
    }
    answer = parse_answer("manager_agenda", old, content).model_dump()
    assert answer["ambition"] == "" and answer["book_by"] is None and not answer["in_my_place"]

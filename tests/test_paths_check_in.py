"""Step 00 sets the path: six kinds of situation, the questions only an application elsewhere
needs, what the answer means for the next steps, and honest ground rules for rooms and for
people working alone."""

from __future__ import annotations

import pytest
from stored import latest_value, person_in_room, shown_text

from kit.core.content import Content
from kit.core.store import Store
from kit.steps import parse_answer
from kit.steps.page import Session


@pytest.fixture
def person(store: Store) -> tuple[Store, str]:
    return store, person_in_room(store)


def test_the_situation_offers_every_kind_of_no(person: tuple[Store, str]) -> None:
    store, person_id = person
    situation = Session("00_check_in", store=store, participant_id=person_id).exercise("situation")
    kinds = [value for _label, value in situation.kind.options]
    assert kinds == [
        "internal_promotion",
        "internal_move",
        "external_job",
        "laid_off",
        "still_open",
        "other",
    ]


def test_only_an_application_elsewhere_asks_the_stage_and_whether_the_manager_knows(
    person: tuple[Store, str],
) -> None:
    store, person_id = person
    situation = Session("00_check_in", store=store, participant_id=person_id).exercise("situation")
    situation.kind.value = "internal_promotion"
    assert situation.external_questions.layout.display == "none"
    situation.kind.value = "external_job"
    assert situation.external_questions.layout.display == "flex"
    situation.stage.value = "final_round"
    situation.manager_knows.value = "no"
    saved = latest_value(store, person_id, "situation")
    assert (saved["kind"], saved["stage"], saved["manager_knows"]) == (
        "external_job",
        "final_round",
        "no",
    )
    assert "conversation with a mentor" in situation.path.value

    situation.kind.value = "internal_move"
    saved = latest_value(store, person_id, "situation")
    assert saved["stage"] is None and saved["manager_knows"] is None, "no stale branch answers"
    assert situation.external_questions.layout.display == "none"


def test_a_layoff_is_told_what_the_workshop_does_not_cover(person: tuple[Store, str]) -> None:
    store, person_id = person
    situation = Session("00_check_in", store=store, participant_id=person_id).exercise("situation")
    situation.kind.value = "laid_off"
    assert "does not cover severance" in situation.path.value
    assert "money and references" in situation.path.value


def test_still_open_asks_when_they_applied_not_when_they_heard(person: tuple[Store, str]) -> None:
    store, person_id = person
    situation = Session("00_check_in", store=store, participant_id=person_id).exercise("situation")
    situation.kind.value = "still_open"
    assert "When did you apply" in situation.how_long_ago.description
    assert "prepare for either answer" in situation.path.value


def test_a_situation_saved_in_the_old_shape_still_loads(content: Content) -> None:
    old = {"kind": "external_job", "how_long_ago": "this_week", "role": "Lead", "details": ""}
    answer = parse_answer("situation", old, content)
    assert answer.model_dump()["stage"] is None and answer.model_dump()["kind"] == "external_job"


def test_the_room_reads_all_five_terms_the_one_limit_and_who_can_read_answers(
    person: tuple[Store, str],
) -> None:
    store, person_id = person
    terms = Session("00_check_in", store=store, participant_id=person_id).exercise(
        "confidentiality"
    )
    shown = shown_text(terms.widget)
    assert shown.count("<li>") == 5
    assert "safety comes first" in shown
    assert "can technically open it" in shown and "will not read your answers" in shown


def test_someone_working_alone_is_never_told_about_the_group(store: Store) -> None:
    alone = store.add_participant("Sam")  # no cohort: working alone
    session = Session("00_check_in", store=store, participant_id=alone.id)
    terms = session.exercise("confidentiality")
    shown = shown_text(terms.widget)
    for room_word in ("group", "room"):
        assert room_word not in shown.lower()
    assert "your own workspace" in shown
    terms.agree.value = True
    assert latest_value(store, alone.id, "confidentiality") == {"agreed": True}


def test_someone_working_alone_is_never_offered_to_share_with_a_group(store: Store) -> None:
    alone = store.add_participant("Sam")
    session = Session("06_commit_and_check_out", store=store, participant_id=alone.id)
    advice = session.exercise("advice_for_others")
    advice.text.value = "Give it a week before deciding anything."
    advice.share.value = True  # even if a box somehow were ticked
    assert latest_value(store, alone.id, "advice_for_others")["share"] is False
    assert "It stays private to you" in advice.status.value
    feedback = session.exercise("session_feedback")
    for exercise in (advice, feedback):
        shown = shown_text(exercise.widget).lower()
        assert "group" not in shown and "facilitator" not in shown, exercise.exercise_id

    in_room = person_in_room(store)
    room = Session("06_commit_and_check_out", store=store, participant_id=in_room)
    assert "with the group" in shown_text(room.exercise("advice_for_others").widget)


def test_a_saved_answer_that_no_longer_reads_says_so_instead_of_going_blank(
    person: tuple[Store, str],
) -> None:
    store, person_id = person
    store.save_answer(person_id, "hopes_for_today", {"hopes": ["a hope no longer offered"]})
    hopes = Session("00_check_in", store=store, participant_id=person_id).exercise(
        "hopes_for_today"
    )
    assert "could not be shown" in hopes.status.value

"""Step 06 widgets driven headless: strengths, commitments, partner, advice, check-out, feedback."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from stored import latest_value as _saved
from stored import person_in_room

from kit.core.store import Store
from kit.steps.page import Session

TODAY = date.today()


@pytest.fixture
def person(store: Store) -> tuple[Store, str]:
    return store, person_in_room(store)


def _open(store: Store, person_id: str, exercise_id: str) -> Any:
    return Session("06_commit_and_check_out", store=store, participant_id=person_id).exercise(
        exercise_id
    )


def test_strengths_from_step_02_are_shown_back_escaped(person: tuple[Store, str]) -> None:
    store, person_id = person
    store.save_answer(
        person_id,
        "feedback_sort",
        {
            "items": [
                {"id": "f1", "text": "<i>Calm</i> under pressure", "category": "strength"},
                {"id": "f2", "text": "Budgets", "category": "gap", "gap_kind": "skill"},
            ]
        },
    )
    recap = _open(store, person_id, "strengths_recap")
    assert (
        "&lt;i&gt;Calm&lt;/i&gt; under pressure" in recap.recap.value
        and "Budgets" not in recap.recap.value
    )
    recap.lean_on.value = "Calm under pressure"
    assert _saved(store, person_id, "strengths_recap") == {
        "lean_on": "Calm under pressure",
        "also_true": "",
    }


def test_strengths_recap_without_feedback_says_so(person: tuple[Store, str]) -> None:
    store, person_id = person
    assert "no strengths sorted yet" in _open(store, person_id, "strengths_recap").recap.value


def test_commitments_with_a_date_this_week(person: tuple[Store, str]) -> None:
    store, person_id = person
    commit = _open(store, person_id, "resilience_commitments")
    commit.next_step.value = "Email my manager"
    commit.next_step_due.value = TODAY + timedelta(days=3)
    assert (
        _saved(store, person_id, "resilience_commitments")["next_step_due"]
        == (TODAY + timedelta(days=3)).isoformat()
    )
    commit.next_step_due.value = TODAY + timedelta(days=20)
    assert "more than a week away" in commit.status.value
    commit.next_step_due.value = TODAY - timedelta(days=1)
    assert "in the past" in commit.status.value
    assert (
        _saved(store, person_id, "resilience_commitments")["next_step_due"]
        == (TODAY + timedelta(days=20)).isoformat()
    )


def test_the_partner_assigned_by_the_console_is_shown_but_not_copied(
    person: tuple[Store, str],
) -> None:
    """The assigned partner's name is looked up and shown, never typed into this answer, so
    erasing the partner leaves nothing of them here."""
    store, person_id = person
    partner = store.add_participant("Bilal <Haddad>", cohort_id="room")
    store.save_answer(person_id, "accountability_partner", {"partner_id": partner.id, "round": 1})
    exercise = _open(store, person_id, "accountability")
    assert "Bilal &lt;Haddad&gt;" in exercise.pairing.value
    assert exercise.partner_name.value == ""
    exercise.how.value = "coffee"
    assert _saved(store, person_id, "accountability") == {
        "partner_name": "",
        "how": "coffee",
        "when": "",
    }


def test_working_alone_asks_for_someone_you_trust(person: tuple[Store, str]) -> None:
    store, person_id = person
    exercise = _open(store, person_id, "accountability")
    assert "someone you trust" in exercise.pairing.value and exercise.partner_name.value == ""


def test_advice_is_private_until_the_author_opts_in(person: tuple[Store, str]) -> None:
    store, person_id = person
    advice = _open(store, person_id, "advice_for_others")
    advice.text.value = "Ask for the feedback."
    assert _saved(store, person_id, "advice_for_others") == {
        "text": "Ask for the feedback.",
        "share": False,
    }
    assert "private" in advice.status.value
    advice.share.value = True
    assert _saved(store, person_id, "advice_for_others")["share"] is True
    assert "shared with the group" in advice.status.value


def test_mood_check_out_is_saved_apart_and_charted_beside_the_check_in(
    person: tuple[Store, str],
) -> None:
    store, person_id = person
    store.save_answer(
        person_id,
        "mood_check_in",
        {"emotions": [{"word": "rage", "family": "anger", "intensity": 3}], "note": ""},
    )
    check_out = _open(store, person_id, "mood_check_out")
    check_out.rows["anger"].value = "annoyance"
    assert _saved(store, person_id, "mood_check_out")["emotions"] == [
        {"word": "annoyance", "family": "anger", "intensity": 1}
    ]
    assert _saved(store, person_id, "mood_check_in")["emotions"][0]["word"] == "rage", (
        "the check-in is untouched"
    )
    assert (
        "<figure" in check_out.comparison.value
        and "3 at the start, 1 at the end" in check_out.comparison.value
    )


def test_mood_check_out_without_a_check_in_says_so(person: tuple[Store, str]) -> None:
    store, person_id = person
    check_out = _open(store, person_id, "mood_check_out")
    check_out.rows["joy"].value = "serenity"
    assert "no check-in saved" in check_out.comparison.value


def test_session_feedback(person: tuple[Store, str]) -> None:
    store, person_id = person
    feedback = _open(store, person_id, "session_feedback")
    feedback.rating.value = 4
    feedback.comment.value = "More time for the plan"
    assert _saved(store, person_id, "session_feedback") == {
        "rating": 4,
        "comment": "More time for the plan",
        "share_comment": False,
    }
    feedback.comment.value = "y" * 3000
    assert "3,000 characters" in feedback.status.value
    assert _saved(store, person_id, "session_feedback")["comment"] == "More time for the plan"

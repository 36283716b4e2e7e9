"""Step 01 on each path: the words people use after a no, a balanced "is it about me?", going
back on Monday morning, and a harsh thought that stays off the report unless asked for."""

from __future__ import annotations

from typing import Any

import pytest
from stored import latest_value, person_in_room, shown_text

from kit.core.content import Content
from kit.core.store import Store
from kit.steps import parse_answer
from kit.steps.page import Session


def _person(store: Store, kind: str | None, **situation: Any) -> str:
    person = person_in_room(store)
    if kind is not None:
        store.save_answer(person, "situation", {"kind": kind, **situation})
    return person


def _exercise(store: Store, person: str, exercise_id: str) -> Any:
    return Session("01_feelings_and_control", store=store, participant_id=person).exercise(
        exercise_id
    )


def test_the_words_people_use_after_a_no_can_be_picked_beside_the_wheel(store: Store) -> None:
    person = _person(store, "internal_promotion")
    feelings = _exercise(store, person, "name_emotions")
    feelings.rows["sadness"].value = "sadness"
    feelings.words["disappointed"].value = True
    feelings.words["money_worries"].value = True
    saved = [pick["word"] for pick in latest_value(store, person, "name_emotions")["emotions"]]
    assert saved == ["sadness", "disappointed", "money_worries"]
    assert "worried about money" in feelings.status.value
    labels = shown_text(feelings.widget)
    for word in ("rejected", "embarrassed", "ashamed", "doubting myself", "resentful", "bitter"):
        assert word in labels
    for word in ("jealous", "hurt", "relieved", "numb"):
        assert word in labels


@pytest.mark.parametrize(
    "kind", ["internal_promotion", "internal_move", "external_job", "laid_off", "other"]
)
def test_is_it_about_me_is_balanced_between_outside_and_within_reach(
    store: Store, kind: str
) -> None:
    person = _person(store, kind)
    reframe = _exercise(store, person, "not_personal")
    offered = reframe.content.options["explanations"]
    outside = [o for o in offered if o.group == "outside"]
    inside = [o for o in offered if o.group == "inside"]
    assert len(inside) >= 3 and abs(len(outside) - len(inside)) <= 1, (kind, outside, inside)
    assert "internal_politics" not in reframe.explanations, "the grievance option is retired"
    if kind == "internal_promotion":
        assert {"stronger_candidate", "not_clear_i_wanted_it"} <= set(reframe.explanations)
    if kind == "external_job":
        assert "not_clear_i_wanted_it" not in reframe.explanations, "they applied: they knew"
        assert "stronger_candidate" in reframe.explanations
    shown = shown_text(reframe.widget)
    assert "Outside your control" in shown and "Within your reach next time" in shown


def test_is_it_about_me_waits_while_the_decision_is_still_open(store: Store) -> None:
    person = _person(store, "still_open")
    reframe = _exercise(store, person, "not_personal")
    assert reframe.hidden
    assert "no decision yet" in shown_text(reframe.widget)
    assert not hasattr(reframe, "story"), "nothing to answer on this path"


def test_an_answer_with_the_retired_option_still_loads(content: Content) -> None:
    answer = parse_answer(
        "not_personal",
        {"story": "", "explanations": ["internal_politics", "timing"], "other_explanation": ""},
        content,
    )
    assert answer.model_dump()["explanations"] == ["internal_politics", "timing"]


def test_monday_morning_fits_the_situation(store: Store) -> None:
    promoted_over = _exercise(store, _person(store, "internal_promotion"), "facing_colleagues")
    assert "congratulate" in promoted_over.moves
    promoted_over.moves["congratulate"].value = True
    promoted_over.my_line.value = "Not this time; I am focusing on what comes next."
    person = promoted_over.session.participant.id
    assert latest_value(store, person, "facing_colleagues")["moves"] == ["congratulate"]

    elsewhere = _exercise(store, _person(store, "external_job"), "facing_colleagues")
    assert "congratulate" not in elsewhere.moves
    laid_off = _exercise(store, _person(store, "laid_off"), "facing_colleagues")
    assert laid_off.content.title == "Telling people" and "goodbyes" in laid_off.moves
    assert "keep_standards" not in laid_off.moves


def test_the_harsh_thought_is_kept_off_the_report_unless_ticked(store: Store) -> None:
    person = _person(store, "internal_promotion")
    rewrite = _exercise(store, person, "compassion_rewrite")
    rewrite.harsh.value = "I am not good enough"
    rewrite.kind.value = "You were close, and you will be ready"
    assert latest_value(store, person, "compassion_rewrite")["harsh_in_report"] is False
    rewrite.harsh_in_report.value = True
    assert latest_value(store, person, "compassion_rewrite")["harsh_in_report"] is True

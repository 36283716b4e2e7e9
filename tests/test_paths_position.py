"""Step 03 on each path: an application elsewhere is weighed in its own words and options, a
decision waits for the conversations (not yet, provisional, revisit), values are a lens, and
the values deck offers a work-relevant selection."""

from __future__ import annotations

from typing import Any

from stored import latest_value, person_in_room, shown_text

from kit.core.content import Content
from kit.core.store import Store
from kit.steps import parse_answer
from kit.steps.page import Session
from kit.steps.position.matrix import (
    STOCK_TAKE_WEIGHTS,
    build_matrix,
    position_answers_from_values,
)

STEP_03 = (
    "role_fit",
    "trade_offs",
    "values_sort",
    "take_stock",
    "option_weights",
    "position_decision",
    "either_outcome",
)
SORTED_FEEDBACK = {
    "items": [
        {
            "id": "f1",
            "text": "Clear thinker",
            "category": "strength",
            "gap_kind": None,
            "onet_skill": None,
            "action": "",
            "workaround": "",
        },
    ]
}


def _person(store: Store, kind: str, **situation: Any) -> str:
    person = person_in_room(store)
    store.save_answer(person, "situation", {"kind": kind, **situation})
    return person


def _exercise(store: Store, person: str, exercise_id: str) -> Any:
    return Session("03_position", store=store, participant_id=person).exercise(exercise_id)


def _offered(exercise: Any) -> list[str]:
    return [value for _label, value in exercise.decision.options]


def test_an_application_elsewhere_asks_about_that_employer_and_where_you_are_now(
    store: Store,
) -> None:
    person = _person(store, "external_job", stage="final_round", manager_knows="yes")
    stock = shown_text(_exercise(store, person, "take_stock").widget)
    assert "with that employer" in stock and "Where you are now" in stock
    assert "your odds of getting it here" not in stock
    decision = _exercise(store, person, "position_decision")
    assert _offered(decision) == [
        "apply_elsewhere",
        "apply_there_again",
        "stay_and_grow",
        "rethink_target",
        "not_yet",
        "own",
    ]
    store.save_answer(person, "role_fit", {"fit": "very_well", "happy": "happy"})
    weights = _exercise(store, person, "option_weights")
    assert weights.matrix.options == (
        "apply_elsewhere",
        "apply_there_again",
        "stay_and_grow",
        "rethink_target",
    )
    assert weights.outcome.suggested == "apply_there_again", "a role that fits: try there again"
    assert "Apply there again later" in weights.chart.value


def test_a_no_from_ones_own_organisation_weighs_staying_and_going(store: Store) -> None:
    person = _person(store, "internal_promotion")
    decision = _exercise(store, person, "position_decision")
    assert _offered(decision) == [
        "go_again",
        "redirect",
        "prepare_to_leave",
        "look_now",
        "not_yet",
        "own",
    ]


def test_someone_who_heard_this_week_starts_on_not_yet(store: Store) -> None:
    person = _person(store, "internal_promotion", how_long_ago="this_week")
    decision = _exercise(store, person, "position_decision")
    assert decision.decision.value == "not_yet"
    assert "only this week" in decision.timing.value
    assert store.latest_answer(person, "position_decision") is None, "shown, not saved"
    decision.why.value = "I want to hear the feedback first."
    assert latest_value(store, person, "position_decision")["decision"] == "not_yet"
    assert "deciding after your conversations" in decision.timing.value


def test_an_early_decision_is_provisional_until_the_conversations_then_revisited(
    store: Store,
) -> None:
    person = _person(store, "internal_move", how_long_ago="this_month")
    decision = _exercise(store, person, "position_decision")
    assert decision.decision.value is None
    decision.decision.value = "redirect"
    saved = latest_value(store, person, "position_decision")
    assert saved["informed_by"] == []
    assert "provisional" in decision.timing.value
    assert "the feedback and the conversation with your manager" in decision.timing.value

    store.save_answer(person, "feedback_sort", SORTED_FEEDBACK)
    store.save_answer(person, "meeting_notes", {"held_on": "2026-11-30"})
    again = _exercise(store, person, "position_decision")
    assert "Is this still right?" in again.timing.value
    again.why.value = "The conversation confirmed it."
    assert latest_value(store, person, "position_decision")["informed_by"] == [
        "feedback",
        "conversation",
    ]
    assert again.timing.value == "", "settled: nothing left to wait for"


def test_a_decision_kept_from_the_manager_waits_for_a_mentor_instead(store: Store) -> None:
    person = _person(store, "external_job", stage="first_interview", manager_knows="no")
    decision = _exercise(store, person, "position_decision")
    decision.decision.value = "apply_elsewhere"
    assert "the conversation with your mentor" in decision.timing.value
    assert "manager" not in decision.timing.value


def test_values_are_a_lens_no_single_value_outweighs_the_stock_take(content: Content) -> None:
    answers = position_answers_from_values(
        {
            "values_sort": {"top": ["achievement", "adventure", "stability", "growth", "power"]},
            "take_stock": {
                "know_why": "yes",
                "odds": "good",
                "manager_values": "yes",
                "path_here": "yes",
            },
        },
        content,
    )
    matrix = build_matrix(answers, content)
    stock = {name for name, _weight in STOCK_TAKE_WEIGHTS}
    weights = matrix.default_weights

    def reach(criterion_id: str) -> float:
        criterion = next(c for c in matrix.criteria if c.id == criterion_id)
        return weights[criterion_id] * max(abs(r) for r in criterion.ratings.values())

    values = [c.id for c in matrix.criteria if c.id.startswith("value_")]
    assert len(values) >= 4
    smallest_stock = min(weights[name] for name in stock)
    for value in values:
        assert weights[value] <= smallest_stock
        assert reach(value) < sum(reach(name) for name in stock)


def test_the_values_deck_offers_a_work_selection_and_keeps_earlier_picks(store: Store) -> None:
    person = _person(store, "internal_promotion")
    deck = _exercise(store, person, "values_sort")
    shown = {key for key, card in deck.cards.items() if card.layout.display != "none"}
    assert {"achievement", "autonomy", "family", "purpose"} <= shown
    assert not {"monogamy", "gods_will", "attractiveness", "romance"} & shown
    store.save_answer(person, "values_sort", {"top": ["spirituality", "growth"], "note": ""})
    reopened = _exercise(store, person, "values_sort")
    assert reopened.cards["spirituality"].layout.display != "none", "an earlier pick stays"
    assert reopened.cards["spirituality"].value is True


def test_the_fit_question_does_not_call_any_role_the_obvious_next_step(store: Store) -> None:
    fit = shown_text(_exercise(store, _person(store, "internal_promotion"), "role_fit").widget)
    assert "obvious next step" not in fit


def test_a_layoff_skips_where_you_stand(store: Store) -> None:
    person = _person(store, "laid_off")
    for exercise_id in STEP_03:
        assert _exercise(store, person, exercise_id).hidden, exercise_id


def test_still_open_is_a_short_path_ready_for_either_answer(store: Store) -> None:
    person = _person(store, "still_open")
    shown = {eid for eid in STEP_03 if not _exercise(store, person, eid).hidden}
    assert shown == {"role_fit", "either_outcome"}
    ready = _exercise(store, person, "either_outcome")
    ready.if_yes.value = "Tell my team and plan the handover"
    ready.if_no.value = "Ask for feedback within three days"
    assert (
        latest_value(store, person, "either_outcome")["if_no"]
        == "Ask for feedback within three days"
    )
    other = _exercise(store, _person(store, "internal_promotion"), "either_outcome")
    assert other.hidden and "still waiting" in shown_text(other.widget)


def test_a_decision_saved_in_the_old_shape_still_loads(content: Content) -> None:
    old = {"decision": "look_now", "own_option": "", "why": "", "suggested": "go_again"}
    assert parse_answer("position_decision", old, content).model_dump()["informed_by"] == []


def test_a_decision_saved_before_the_situation_changed_does_not_break_the_page(
    store: Store,
) -> None:
    person = _person(store, "internal_promotion")
    store.save_answer(person, "position_decision", {"decision": "go_again", "informed_by": []})
    store.save_answer(person, "situation", {"kind": "external_job", "stage": "final_round"})
    decision = _exercise(store, person, "position_decision")
    assert "before your situation changed" in decision.status.value
    assert store.latest_answer(person, "position_decision").value["decision"] == "go_again"  # type: ignore[union-attr]
    decision.decision.value = "apply_elsewhere"
    assert latest_value(store, person, "position_decision")["decision"] == "apply_elsewhere"

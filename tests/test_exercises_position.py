"""Step 03 widgets driven headless: answer, weigh, decide, and check what the store holds."""

from __future__ import annotations

from typing import Any

import pytest
from stored import latest_value as _latest
from stored import person_in_room

from kit.core.store import Store
from kit.steps.page import Session

FEEDBACK = {
    "items": [
        {
            "id": "f1",
            "text": "Clients trust you",
            "category": "strength",
            "gap_kind": None,
            "onet_skill": None,
            "action": "",
            "workaround": "",
        },
        {
            "id": "f2",
            "text": "Budgeting",
            "category": "gap",
            "gap_kind": "skill",
            "onet_skill": "2.A.1.a",
            "action": "Course",
            "workaround": "",
        },
        {
            "id": "f3",
            "text": "Too blunt",
            "category": "trait",
            "gap_kind": None,
            "onet_skill": None,
            "action": "",
            "workaround": "Pause first",
        },
    ]
}


@pytest.fixture
def person(store: Store) -> tuple[Store, str]:
    return store, person_in_room(store)


def _page(store: Store, person_id: str) -> dict[str, Any]:
    session = Session("03_position", store=store, participant_id=person_id)
    ids = (
        "role_fit",
        "trade_offs",
        "values_sort",
        "take_stock",
        "option_weights",
        "position_decision",
    )
    return {exercise_id: session.exercise(exercise_id) for exercise_id in ids}


def test_opened_before_step_02_it_says_what_is_missing_and_still_works(
    person: tuple[Store, str],
) -> None:
    store, person_id = person
    page = _page(store, person_id)
    assert "no sorted feedback from you yet" in page["take_stock"].feedback_box.value
    assert "step 02" in page["option_weights"].missing.value
    assert "Answer at least one" in page["option_weights"].chart.value
    page["take_stock"].odds.value = "fair"
    page["take_stock"].path_here.value = "yes"
    assert _latest(store, person_id, "take_stock")["path_here"] == "yes"
    assert set(page["option_weights"].weight_rows) == {"odds", "path_here"}, (
        "the matrix follows the new answers"
    )


def test_sorted_feedback_from_step_02_is_summarised_and_weighed(person: tuple[Store, str]) -> None:
    store, person_id = person
    store.save_answer(person_id, "feedback_sort", FEEDBACK)
    page = _page(store, person_id)
    assert "1 strength, 1 gap you can close, 1 trait" in page["take_stock"].feedback_box.value
    assert "feedback" in page["option_weights"].weight_rows
    assert "step 02" not in page["option_weights"].missing.value


def test_role_fit_is_saved_and_shown_again_on_reopening(person: tuple[Store, str]) -> None:
    store, person_id = person
    page = _page(store, person_id)
    page["role_fit"].fit.value = "well"
    page["role_fit"].career_goal.value = "Lead the data team"
    again = _page(store, person_id)["role_fit"]
    assert (again.fit.value, again.career_goal.value) == ("well", "Lead the data team")
    assert "Showing your saved answer" in again.status.value


def test_trade_offs_listed_and_own_with_stable_ids(person: tuple[Store, str]) -> None:
    store, person_id = person
    trade = _page(store, person_id)["trade_offs"]
    trade.listed["relocation"].value = "deal_breaker"
    first = trade.own.add("More travel")
    second = trade.own.add("Weekend on-call")
    trade.own.extra_of(second).value = "hard"
    trade.own.remove(first)
    third = trade.own.add("Less coding")
    assert (first, second, third) == ("own1", "own2", "own3")
    items = _latest(store, person_id, "trade_offs")["items"]
    assert [(i["id"], i["acceptability"]) for i in items] == [
        ("relocation", "deal_breaker"),
        ("own2", "hard"),
        ("own3", None),
    ]

    reopened = _page(store, person_id)["trade_offs"]
    assert reopened.own.row_ids() == ["own2", "own3"]
    assert reopened.own.add("Another") == "own4", "ids are never reused"


def test_emptying_an_own_trade_off_is_refused_and_the_text_stays(person: tuple[Store, str]) -> None:
    store, person_id = person
    trade = _page(store, person_id)["trade_offs"]
    item = trade.own.add("More travel")
    trade.own.text_of(item).value = "   "
    assert "empty" in trade.status.value and "remove it" in trade.status.value
    assert _latest(store, person_id, "trade_offs")["items"][0]["text"] == "More travel"


def test_values_sort_keeps_at_most_five_in_the_order_given(person: tuple[Store, str]) -> None:
    store, person_id = person
    values = _page(store, person_id)["values_sort"]
    for key in ("honesty", "growth", "family", "stability", "achievement"):
        values.cards[key].value = True
    values.cards["adventure"].value = True
    assert values.cards["adventure"].value is False
    assert "already have five" in values.status.value
    values.move("achievement", -1)
    values.cards["growth"].value = False
    assert _latest(store, person_id, "values_sort")["top"] == [
        "honesty",
        "family",
        "achievement",
        "stability",
    ]
    reopened = _page(store, person_id)["values_sort"]
    assert reopened.top == ["honesty", "family", "achievement", "stability"]
    assert reopened.cards["family"].value and not reopened.cards["growth"].value
    assert "1.</b>&nbsp;Honesty" in reopened.ranked.children[0].children[0].value


def test_weights_are_saved_and_the_suggestion_follows_them(person: tuple[Store, str]) -> None:
    store, person_id = person
    page = _page(store, person_id)
    page["role_fit"].fit.value = "very_well"  # favours going again
    page["take_stock"].path_here.value = "yes"  # favours redirect most
    weights = page["option_weights"]
    weights.weight_rows["fit"].value = 3
    weights.weight_rows["path_here"].value = 1
    # go_again 3*2 + 1*1 = 7; redirect 3*(-1) + 1*2 = -1
    saved = _latest(store, person_id, "option_weights")
    assert saved == {"weights": {"fit": 3, "path_here": 1}, "suggested": "go_again"}
    assert "Go for it again here" in weights.chart.value and "+7" in weights.chart.value
    assert "Go for it again here" in page["position_decision"].suggestion.value
    weights.weight_rows["fit"].value = 0
    weights.weight_rows["path_here"].value = 3
    assert _latest(store, person_id, "option_weights")["suggested"] == "redirect"
    assert "Redirect to another path here" in page["position_decision"].suggestion.value


def test_all_weights_zero_is_saved_with_a_clear_message_and_no_suggestion(
    person: tuple[Store, str],
) -> None:
    store, person_id = person
    page = _page(store, person_id)
    page["role_fit"].fit.value = "well"
    page["take_stock"].odds.value = "good"
    for buttons in page["option_weights"].weight_rows.values():
        buttons.value = 0
    assert "nothing to weigh yet" in page["option_weights"].chart.value
    assert _latest(store, person_id, "option_weights") == {
        "weights": {"fit": 0, "odds": 0},
        "suggested": "",
    }
    assert "no single suggestion" in page["position_decision"].suggestion.value


def test_a_tie_is_explained_and_nothing_is_suggested(person: tuple[Store, str]) -> None:
    store, person_id = person
    page = _page(store, person_id)
    page["take_stock"].manager_values.value = "yes"  # go_again +1, redirect +2
    page["role_fit"].happy.value = "very_happy"  # go_again +2, redirect 0
    weights = page["option_weights"]
    weights.weight_rows["manager_values"].value = 2  # go_again 2, redirect 4
    weights.weight_rows["happy"].value = 1  # go_again 2+2=4, redirect 4+0=4
    assert "equally" in weights.chart.value and "cannot separate them" in weights.chart.value
    assert _latest(store, person_id, "option_weights")["suggested"] == ""


def test_the_decision_is_the_persons_own_and_may_differ(person: tuple[Store, str]) -> None:
    store, person_id = person
    page = _page(store, person_id)
    page["role_fit"].fit.value = "very_well"
    decision = page["position_decision"]
    decision.why.value = "I want a change of scene."
    assert "needs an answer" in decision.status.value
    assert store.latest_answer(person_id, "position_decision") is None
    decision.decision.value = "look_now"
    saved = _latest(store, person_id, "position_decision")
    assert saved == {
        "decision": "look_now",
        "own_option": "",
        "why": "I want a change of scene.",
        "suggested": "go_again",
        "informed_by": [],
    }
    assert "chose differently" in decision.differs.value


def test_an_own_option_needs_words(person: tuple[Store, str]) -> None:
    store, person_id = person
    decision = _page(store, person_id)["position_decision"]
    decision.decision.value = "go_again"
    decision.decision.value = "own"
    assert "Your own option" in decision.status.value and "few words" in decision.status.value
    assert _latest(store, person_id, "position_decision")["decision"] == "go_again"
    decision.own_option.value = "<b>Go freelance</b>"
    assert _latest(store, person_id, "position_decision")["own_option"] == "<b>Go freelance</b>"
    assert "&lt;b&gt;Go freelance" in decision.status.value and "<b>Go" not in decision.status.value


def test_very_long_and_hostile_text_is_refused_or_kept_verbatim(person: tuple[Store, str]) -> None:
    store, person_id = person
    decision = _page(store, person_id)["position_decision"]
    decision.decision.value = "redirect"
    decision.why.value = "<script>alert(1)</script> because"
    assert (
        _latest(store, person_id, "position_decision")["why"] == "<script>alert(1)</script> because"
    )
    decision.why.value = "y" * 5000
    assert "5,000 characters" in decision.status.value
    assert decision.why.value == "y" * 5000
    assert _latest(store, person_id, "position_decision")["why"].startswith("<script>")


def test_the_page_waits_for_the_person_and_then_shows_their_matrix(
    person: tuple[Store, str],
) -> None:
    store, person_id = person
    store.save_answer(person_id, "take_stock", {"odds": "good"})
    store.save_answer(
        person_id, "option_weights", {"weights": {"odds": 3}, "suggested": "go_again"}
    )
    session = Session("03_position", store=store)
    weights = session.exercise("option_weights")
    assert weights.weight_rows == {} and "at the top of the page" in weights.status.value
    session.choose(store.get_participant(person_id))
    assert weights.weight_rows["odds"].value == 3 and not weights.weight_rows["odds"].disabled

"""Step 01 widgets driven headless, as a participant would: set values, click, check the store."""

from __future__ import annotations

from typing import Any

import pytest
from stored import latest_value as _latest
from stored import person_in_room

from kit.core.store import Store
from kit.steps.feelings_and_control.exercises import CircleOfControl, SupportPeople
from kit.steps.page import Session

STEP = "01_feelings_and_control"


@pytest.fixture
def person(store: Store) -> str:
    return person_in_room(store)


def _session(store: Store, person_id: str) -> Session:
    return Session(STEP, store=store, participant_id=person_id)


def _circle(store: Store, person_id: str) -> CircleOfControl:
    exercise = _session(store, person_id).exercise("circle_of_control")
    assert isinstance(exercise, CircleOfControl)
    return exercise


def _add(exercise: CircleOfControl, text: str) -> None:
    exercise.new_text.value = text
    exercise.add_button.click()


def _zone(exercise: CircleOfControl, position: int) -> Any:
    return exercise.rows.children[position].children[1]


def _text(exercise: Any, position: int) -> Any:
    return exercise.rows.children[position].children[0].children[0]


def _button(exercise: Any, position: int, which: str) -> Any:
    """The row's move-up, move-down or remove button (they share a line with its text)."""
    return (
        exercise.rows.children[position]
        .children[0]
        .children[{"up": 1, "down": 2, "remove": 3}[which]]
    )


def test_naming_emotions_saves_words_and_shows_that_they_are_normal(
    store: Store, person: str
) -> None:
    names = _session(store, person).exercise("name_emotions")
    names.rows["sadness"].value = "sadness"
    names.rows["anger"].value = "rage"
    saved = _latest(store, person, "name_emotions")
    assert {e["word"]: e["intensity"] for e in saved["emotions"]} == {"sadness": 2, "rage": 3}
    assert "normal response" in names.accepted.value
    assert store.latest_answer(person, "mood_check_in") is None, "kept apart from the check-in mood"


def test_reflexes_keep_the_pull_and_the_plan_and_drop_neither_when_a_pull_is_ticked(
    store: Store, person: str
) -> None:
    reflexes = _session(store, person).exercise("reflexes")
    reflexes.pulls["neither"].value = True
    reflexes.pulls["lash_out"].value = True
    reflexes.instead["wait_a_day"].value = True
    saved = _latest(store, person, "reflexes")
    assert saved["pulls"] == ["lash_out"] and saved["instead"] == ["wait_a_day"]
    assert reflexes.pulls["neither"].value is False


def test_compassion_rewrite_keeps_both_and_shows_the_kind_one_back(
    store: Store, person: str
) -> None:
    rewrite = _session(store, person).exercise("compassion_rewrite")
    rewrite.harsh.value = "I am useless."
    rewrite.kind.value = "You got to the final round. That is not nothing."
    assert _latest(store, person, "compassion_rewrite") == {
        "harsh": "I am useless.",
        "kind": "You got to the final round. That is not nothing.",
        "harsh_in_report": False,
    }
    assert "You got to the final round" in rewrite.shown_back.value
    assert "useless" not in rewrite.shown_back.value


def test_not_personal_puts_the_story_beside_other_explanations(store: Store, person: str) -> None:
    reframe = _session(store, person).exercise("not_personal")
    reframe.story.value = "They never liked me."
    reframe.explanations["budget"].value = True
    reframe.other_explanation.value = "A re-org nobody told us about"
    saved = _latest(store, person, "not_personal")
    assert saved["explanations"] == ["budget"]
    assert "They never liked me." in reframe.shown_back.value
    assert (
        "Budget or headcount" in reframe.shown_back.value and "re-org" in reframe.shown_back.value
    )


def test_circle_add_sort_move_edit_reorder_remove(store: Store, person: str) -> None:
    circle = _circle(store, person)
    for text in ("My preparation", "The panel's choice", "My manager's view"):
        _add(circle, text)
    assert circle.new_text.value == "", "the box clears after a successful add"
    assert [i["id"] for i in _latest(store, person, "circle_of_control")["items"]] == [
        "c1",
        "c2",
        "c3",
    ]

    _zone(circle, 0).value = "change"
    _zone(circle, 1).value = "let_go"
    _zone(circle, 2).value = "change"
    _zone(circle, 2).value = "influence"  # moved between groups
    items = _latest(store, person, "circle_of_control")["items"]
    assert [(i["id"], i["zone"]) for i in items] == [
        ("c1", "change"),
        ("c2", "let_go"),
        ("c3", "influence"),
    ]
    assert "yours to set down" in circle.shown_back.value, "the let-go list is acknowledged"
    assert "The panel&#x27;s choice" in circle.shown_back.value

    _text(circle, 0).value = "How I prepare next time"  # edit in place
    _button(circle, 2, "up").click()  # move "My manager's view" up
    items = _latest(store, person, "circle_of_control")["items"]
    assert [i["id"] for i in items] == ["c1", "c3", "c2"]
    assert items[0] == {"id": "c1", "text": "How I prepare next time", "zone": "change"}

    _button(circle, 1, "remove").click()  # remove c3
    items = _latest(store, person, "circle_of_control")["items"]
    assert [i["id"] for i in items] == ["c1", "c2"]
    _add(circle, "Sleep")
    assert _latest(store, person, "circle_of_control")["items"][-1]["id"] == "c4", (
        "ids are never reused"
    )


def test_an_item_moved_twice_is_one_item_in_its_last_group(store: Store, person: str) -> None:
    circle = _circle(store, person)
    _add(circle, "The timing")
    _zone(circle, 0).value = "influence"
    _zone(circle, 0).value = "let_go"
    items = _latest(store, person, "circle_of_control")["items"]
    assert items == [{"id": "c1", "text": "The timing", "zone": "let_go"}]
    assert len(store.history(person, "circle_of_control")) == 3
    _button(circle, 0, "up").click()  # already at the top: nothing changes
    assert "already at the top" in circle.status.value
    assert len(store.history(person, "circle_of_control")) == 3


def test_empty_and_duplicate_items_are_refused_and_the_text_stays(
    store: Store, person: str
) -> None:
    circle = _circle(store, person)
    _add(circle, "   ")
    assert "empty" in circle.status.value
    assert store.latest_answer(person, "circle_of_control") is None
    _add(circle, "The decision")
    _add(circle, "  the   DECISION ")
    assert "already on your list" in circle.status.value
    assert circle.new_text.value == "  the   DECISION ", "nothing the person typed is lost"
    assert len(circle.items) == 1 and len(circle.rows.children) == 1
    assert len(_latest(store, person, "circle_of_control")["items"]) == 1


def test_a_10000_character_item_is_refused_kindly_and_the_list_survives(
    store: Store, person: str
) -> None:
    circle = _circle(store, person)
    _add(circle, "Short one")
    _text(circle, 0).value = "x" * 10_000
    assert "10,000 characters" in circle.status.value and "300" in circle.status.value
    assert _text(circle, 0).value == "x" * 10_000, "the text stays in the box"
    assert _latest(store, person, "circle_of_control")["items"][0]["text"] == "Short one"
    assert circle.items[0]["text"] == "Short one"


def test_hostile_item_text_is_stored_verbatim_and_shown_escaped(store: Store, person: str) -> None:
    circle = _circle(store, person)
    hostile = "<script>alert('x')</script>"
    _add(circle, hostile)
    _zone(circle, 0).value = "let_go"
    assert _latest(store, person, "circle_of_control")["items"][0]["text"] == hostile
    assert "<script>" not in circle.shown_back.value
    assert "&lt;script&gt;" in circle.shown_back.value


def test_reopening_shows_the_saved_list_and_new_ids_continue(store: Store, person: str) -> None:
    circle = _circle(store, person)
    _add(circle, "One")
    _add(circle, "Two")
    _zone(circle, 1).value = "change"
    again = _circle(store, person)
    assert [_text(again, n).value for n in range(2)] == ["One", "Two"]
    assert _zone(again, 1).value == "change"
    assert "Showing your saved answer" in again.status.value
    _add(again, "Three")
    assert _latest(store, person, "circle_of_control")["items"][-1]["id"] == "c3"


def test_support_people_need_a_relationship_and_keep_optional_names(
    store: Store, person: str
) -> None:
    support = _session(store, person).exercise("support_people")
    assert isinstance(support, SupportPeople)
    support.new_name.value = "Jo"
    support.add_button.click()
    assert "choose" in support.status.value.lower()
    assert store.latest_answer(person, "support_people") is None
    assert support.new_name.value == "Jo"
    support.new_relationship.value = "friend"
    support.new_how.value = "call"
    support.new_first_step.value = "Call on Sunday"
    support.add_button.click()
    support.new_relationship.value = "mentor"
    support.add_button.click()
    people = _latest(store, person, "support_people")["people"]
    assert people == [
        {
            "id": "s1",
            "relationship": "friend",
            "name": "Jo",
            "how": "call",
            "first_step": "Call on Sunday",
        },
        {"id": "s2", "relationship": "mentor", "name": "", "how": None, "first_step": ""},
    ]
    support.rows.children[1].children[0].children[0].value = "Book a coffee"
    assert _latest(store, person, "support_people")["people"][1]["first_step"] == "Book a coffee"
    assert "2 people" in support.status.value


def test_every_step_01_exercise_waits_for_a_person(store: Store) -> None:
    session = Session(STEP, store=store)
    for exercise_id in (
        "name_emotions",
        "reflexes",
        "compassion_rewrite",
        "not_personal",
        "circle_of_control",
        "support_people",
    ):
        exercise = session.exercise(exercise_id)
        assert "at the top of the page" in exercise.status.value, exercise_id
    circle = session.exercise("circle_of_control")
    assert circle.add_button.disabled and circle.new_text.disabled


def test_hostile_text_in_every_shown_back_field_is_escaped(store: Store, person: str) -> None:
    session = _session(store, person)
    hostile = "<img src=x onerror=alert(1)>"
    rewrite = session.exercise("compassion_rewrite")
    rewrite.kind.value = hostile
    reframe = session.exercise("not_personal")
    reframe.story.value = hostile
    reframe.other_explanation.value = hostile
    support = session.exercise("support_people")
    support.new_relationship.value = "friend"
    support.new_name.value = hostile
    support.add_button.click()
    assert _latest(store, person, "compassion_rewrite")["kind"] == hostile, "kept verbatim"
    shown = [rewrite.shown_back.value, reframe.shown_back.value]
    for html_text in shown:
        assert "<img" not in html_text and "&lt;img src=x onerror=alert(1)&gt;" in html_text
    # A person's name labels their first step: a widget label, drawn as text, never as HTML.
    first_step = support.rows.children[0].children[0].children[0]
    assert first_step.description.endswith(hostile)
    assert not first_step.description_allow_html

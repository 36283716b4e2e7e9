"""Step 07 widgets driven headless: review rounds, what changed, the next check-in and calendar."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from stored import latest_value as _saved
from stored import person_in_room

from kit.core.store import Store
from kit.steps.page import Session

TODAY = date.today()
PLAN = {
    "goals": [
        {
            "id": "g1",
            "horizon": "short",
            "text": "Finish the course",
            "due": (TODAY + timedelta(days=10)).isoformat(),
            "why": "",
        },
        {"id": "g2", "horizon": "long", "text": "Lead a team", "due": None, "why": ""},
    ]
}


@pytest.fixture
def person(store: Store) -> tuple[Store, str]:
    return store, person_in_room(store)


def _open(store: Store, person_id: str, exercise_id: str) -> Any:
    return Session("07_follow_up", store=store, participant_id=person_id).exercise(exercise_id)


def test_follow_up_before_any_plan_says_so_and_still_keeps_what_changed(
    person: tuple[Store, str],
) -> None:
    store, person_id = person
    review = _open(store, person_id, "follow_up_review")
    assert "no plan saved yet" in review.items_box.children[0].value
    review.changes["new_role"].value = True
    rounds = _saved(store, person_id, "follow_up_review")["rounds"]
    assert rounds == [
        {
            "id": "r1",
            "date": TODAY.isoformat(),
            "items": [],
            "changes": ["new_role"],
            "changes_note": "",
        }
    ]


def test_each_goal_gets_a_status_and_a_note(person: tuple[Store, str]) -> None:
    store, person_id = person
    store.save_answer(person_id, "plan_goals", PLAN)
    review = _open(store, person_id, "follow_up_review")
    assert list(review.statuses) == ["plan_goals:g1", "plan_goals:g2"]
    review.statuses["plan_goals:g1"].value = "done"
    review.notes["plan_goals:g2"].value = "Talked to my manager about it"
    items = _saved(store, person_id, "follow_up_review")["rounds"][0]["items"]
    assert items == [
        {"ref": "plan_goals:g1", "status": "done", "note": ""},
        {"ref": "plan_goals:g2", "status": None, "note": "Talked to my manager about it"},
    ]
    assert "1 done" in review.status.value
    assert "<figure" in review.history.value


def test_reopening_soon_continues_the_round_and_later_starts_a_new_one(
    person: tuple[Store, str],
) -> None:
    store, person_id = person
    store.save_answer(person_id, "plan_goals", PLAN)
    earlier = (TODAY - timedelta(days=30)).isoformat()
    store.save_answer(
        person_id,
        "follow_up_review",
        {
            "rounds": [
                {
                    "id": "r1",
                    "date": earlier,
                    "items": [{"ref": "plan_goals:g1", "status": "moving", "note": "halfway"}],
                    "changes": [],
                    "changes_note": "",
                }
            ]
        },
    )
    review = _open(store, person_id, "follow_up_review")
    assert review.round_id == "r2" and review.statuses["plan_goals:g1"].value == "moving", (
        "last statuses as a start"
    )
    assert store.latest_answer(person_id, "follow_up_review").value["rounds"][-1]["id"] == "r1", (
        "nothing saved on opening"
    )
    review.statuses["plan_goals:g1"].value = "done"
    rounds = _saved(store, person_id, "follow_up_review")["rounds"]
    assert [(r["id"], r["date"]) for r in rounds] == [("r1", earlier), ("r2", TODAY.isoformat())]
    assert rounds[0]["items"][0]["status"] == "moving", "the earlier round is kept as it was"
    again = _open(store, person_id, "follow_up_review")
    assert again.round_id == "r2"
    again.statuses["plan_goals:g2"].value = "stalled"
    assert len(_saved(store, person_id, "follow_up_review")["rounds"]) == 2
    assert "2 follow-ups" in again.history.value


def test_a_hostile_note_is_kept_verbatim_and_a_long_one_refused(person: tuple[Store, str]) -> None:
    store, person_id = person
    store.save_answer(person_id, "plan_goals", PLAN)
    review = _open(store, person_id, "follow_up_review")
    review.notes["plan_goals:g1"].value = "<script>x</script>"
    assert (
        _saved(store, person_id, "follow_up_review")["rounds"][0]["items"][0]["note"]
        == "<script>x</script>"
    )
    review.changes_note.value = "z" * 9000
    assert "9,000 characters" in review.status.value
    assert review.changes_note.value == "z" * 9000


def test_next_check_in_and_the_updated_calendar(person: tuple[Store, str]) -> None:
    store, person_id = person
    store.save_answer(person_id, "plan_goals", PLAN)
    store.save_answer(
        person_id,
        "follow_up_review",
        {
            "rounds": [
                {
                    "id": "r1",
                    "date": TODAY.isoformat(),
                    "items": [{"ref": "plan_goals:g1", "status": "done", "note": ""}],
                    "changes": [],
                    "changes_note": "",
                }
            ]
        },
    )
    upcoming = _open(store, person_id, "follow_up_next")
    upcoming.next_check_in.value = TODAY - timedelta(days=2)
    assert (
        "in the past" in upcoming.status.value
        and store.latest_answer(person_id, "follow_up_next") is None
    )
    upcoming.next_check_in.value = TODAY + timedelta(days=28)
    assert _saved(store, person_id, "follow_up_next") == {
        "next_check_in": (TODAY + timedelta(days=28)).isoformat()
    }
    upcoming.download.button.click()
    text = upcoming.download.last_path.read_text(encoding="utf-8")  # type: ignore[union-attr]
    assert "Finish the course" not in text, "a finished goal leaves the calendar"
    assert "next-check-in" in text

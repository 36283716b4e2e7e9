"""Step 05 widgets driven headless: set values, click, check what the store holds."""

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
    return Session("05_plan", store=store, participant_id=person_id).exercise(exercise_id)


def test_a_goal_is_saved_as_typed_with_its_smart_check(person: tuple[Store, str]) -> None:
    store, person_id = person
    goals = _open(store, person_id, "plan_goals")
    assert [row.controls["horizon"].value for row in goals.rows.rows] == ["short", "long"], (
        "one of each to start"
    )
    first = goals.rows.rows[0]
    first.controls["text"].value = "Be better"
    assert _saved(store, person_id, "plan_goals")["goals"] == [
        {"id": "g1", "horizon": "short", "text": "Be better", "due": None, "why": ""}
    ]
    assert (
        "Say exactly what you will do" in first.note.value and "Give it a date" in first.note.value
    )
    first.controls[
        "text"
    ].value = "Present our team's quarterly results to the leadership group twice"
    first.controls["due"].value = TODAY + timedelta(days=60)
    first.controls["why"].value = "So the panel sees my work"
    assert "Meets all of SMART" in first.note.value
    assert "1 meet all of SMART" in goals.status.value
    assert (
        _saved(store, person_id, "plan_goals")["goals"][0]["due"]
        == (TODAY + timedelta(days=60)).isoformat()
    )


def test_a_past_date_is_refused_and_nothing_is_lost(person: tuple[Store, str]) -> None:
    store, person_id = person
    goals = _open(store, person_id, "plan_goals")
    row = goals.rows.rows[0]
    row.controls["text"].value = "Finish the budgeting course"
    row.controls["due"].value = TODAY - timedelta(days=3)
    assert "in the past" in goals.status.value and "goal 1" in goals.status.value
    assert row.controls["due"].value == TODAY - timedelta(days=3), "the date stays in the picker"
    assert _saved(store, person_id, "plan_goals")["goals"][0]["due"] is None, (
        "the last good answer stays"
    )


def test_a_date_far_in_the_future_is_refused(person: tuple[Store, str]) -> None:
    store, person_id = person
    goals = _open(store, person_id, "plan_goals")
    row = goals.rows.rows[1]
    row.controls["text"].value = "Lead a team of my own"
    row.controls["due"].value = TODAY + timedelta(days=5 * 365)
    assert "more than three years away" in goals.status.value
    assert _saved(store, person_id, "plan_goals")["goals"][0]["due"] is None


def test_a_date_that_has_passed_since_saving_does_not_block_edits(
    person: tuple[Store, str],
) -> None:
    store, person_id = person
    old = (TODAY - timedelta(days=40)).isoformat()
    store.save_answer(
        person_id,
        "plan_goals",
        {"goals": [{"id": "g1", "horizon": "short", "text": "Old goal", "due": old, "why": ""}]},
    )
    goals = _open(store, person_id, "plan_goals")
    goals.rows.rows[0].controls["why"].value = "Still matters"
    assert _saved(store, person_id, "plan_goals")["goals"][0] == {
        "id": "g1",
        "horizon": "short",
        "text": "Old goal",
        "due": old,
        "why": "Still matters",
    }


def test_very_long_and_hostile_text(person: tuple[Store, str]) -> None:
    store, person_id = person
    goals = _open(store, person_id, "plan_goals")
    text = goals.rows.rows[0].controls["text"]
    text.value = "<img src=x onerror=alert(1)> & more"
    assert (
        _saved(store, person_id, "plan_goals")["goals"][0]["text"]
        == "<img src=x onerror=alert(1)> & more"
    )
    text.value = "x" * 5000
    assert "Goal 1" in goals.status.value and "5,000 characters" in goals.status.value
    assert text.value == "x" * 5000
    assert _saved(store, person_id, "plan_goals")["goals"][0]["text"].startswith("<img")
    assert "<img" not in goals.rows.rows[0].note.value


def test_ids_stay_stable_through_add_remove_and_reorder(person: tuple[Store, str]) -> None:
    store, person_id = person
    goals = _open(store, person_id, "plan_goals")
    goals.rows.rows[0].controls["text"].value = "First goal here"
    goals.rows.rows[1].controls["text"].value = "Second goal here"
    goals.rows.add_button.click()
    goals.rows.rows[2].controls["text"].value = "Third goal here"
    assert [g["id"] for g in _saved(store, person_id, "plan_goals")["goals"]] == ["g1", "g2", "g3"]
    goals.rows.remove(goals.rows.rows[1])
    goals.rows.add_button.click()
    goals.rows.rows[-1].controls["text"].value = "Fourth goal here"
    goals.rows.move_up(goals.rows.rows[-1])
    saved = _saved(store, person_id, "plan_goals")["goals"]
    assert [(g["id"], g["text"]) for g in saved] == [
        ("g1", "First goal here"),
        ("g4", "Fourth goal here"),
        ("g3", "Third goal here"),
    ]
    reopened = _open(store, person_id, "plan_goals")
    assert [row.item_id for row in reopened.rows.rows] == ["g1", "g4", "g3"]
    assert "Showing your saved answer" in reopened.status.value


def test_adding_an_empty_row_saves_nothing_and_shows_no_error(person: tuple[Store, str]) -> None:
    store, person_id = person
    goals = _open(store, person_id, "plan_goals")
    goals.rows.add_button.click()
    assert "⚠" not in goals.status.value
    assert store.latest_answer(person_id, "plan_goals") is None


FEEDBACK = {
    "items": [
        {
            "id": "f1",
            "text": "Calm presenter",
            "category": "strength",
            "gap_kind": None,
            "onet_skill": None,
            "action": "",
            "workaround": "",
        },
        {
            "id": "f2",
            "text": "<b>Budget</b> experience",
            "category": "gap",
            "gap_kind": "experience",
            "onet_skill": None,
            "action": "Ask for the forecast",
            "workaround": "",
        },
        {
            "id": "f3",
            "text": "Stakeholder management",
            "category": "gap",
            "gap_kind": "skill",
            "onet_skill": None,
            "action": "",
            "workaround": "",
        },
    ]
}


def test_the_gaps_from_step_02_come_in_listed_and_pinned(person: tuple[Store, str]) -> None:
    store, person_id = person
    store.save_answer(person_id, "feedback_sort", FEEDBACK)
    skills = _open(store, person_id, "skill_plan")
    assert [row.hidden["gap_id"] for row in skills.rows.rows] == ["f2", "f3"]
    assert all(row.pinned for row in skills.rows.rows)
    assert "&lt;b&gt;Budget" in skills.rows.rows[0].heading.value
    assert skills.rows.rows[0].controls["first_step"].value == "Ask for the forecast"
    assert skills.notice.value == ""
    skills.rows.rows[1].controls["how"].value = "course"
    skills.rows.rows[1].controls["due"].value = TODAY + timedelta(days=14)
    saved = _saved(store, person_id, "skill_plan")["items"]
    assert [(i["id"], i["gap_id"], i["how"]) for i in saved] == [
        ("s1", "f2", None),
        ("s2", "f3", "course"),
    ]
    skills.rows.remove(skills.rows.rows[0])
    assert len(skills.rows.rows) == 2, "a gap from the feedback cannot be removed, only planned"


def test_skill_plan_without_gaps_says_so_and_still_works(person: tuple[Store, str]) -> None:
    store, person_id = person
    skills = _open(store, person_id, "skill_plan")
    assert "no gaps sorted yet" in skills.notice.value
    skills.rows.add_button.click()
    skills.rows.rows[0].controls["skill"].value = "Public speaking"
    assert _saved(store, person_id, "skill_plan")["items"][0]["skill"] == "Public speaking"


def test_visibility_plan_lists_step_04_asks(person: tuple[Store, str]) -> None:
    store, person_id = person
    store.save_answer(
        person_id,
        "manager_agenda",
        {"goal": "Lead", "asks": ["represent_team", "write_internally"], "other_asks": ""},
    )
    plan = _open(store, person_id, "visibility_plan")
    agenda = plan.session.content.exercise("manager_agenda")
    labels = [
        agenda.option_label("asks", "represent_team"),
        agenda.option_label("asks", "write_internally"),
    ]
    assert [row.title for row in plan.rows.rows] == labels
    plan.rows.rows[1].controls["action"].value = "A post about our release"
    saved = _saved(store, person_id, "visibility_plan")["items"]
    assert saved == [
        {
            "id": "v2",
            "ask": "write_internally",
            "label": labels[1],
            "action": "A post about our release",
            "due": None,
        }
    ]
    reopened = _open(store, person_id, "visibility_plan")
    assert sorted(row.title for row in reopened.rows.rows) == sorted(labels)


def test_visibility_plan_without_asks_says_so(person: tuple[Store, str]) -> None:
    store, person_id = person
    plan = _open(store, person_id, "visibility_plan")
    assert "no asks saved yet" in plan.notice.value
    plan.rows.add_button.click()
    plan.rows.rows[0].controls["action"].value = "Present at the all-hands"
    assert (
        _saved(store, person_id, "visibility_plan")["items"][0]["action"]
        == "Present at the all-hands"
    )


def test_network_plan_saves_each_contact_with_a_next_step(person: tuple[Store, str]) -> None:
    store, person_id = person
    network = _open(store, person_id, "network_plan")
    row = network.rows.rows[0]
    row.controls["kind"].value = "mentor"
    row.controls["who"].value = "Ruth"
    row.controls["next_step"].value = "Ask for 20 minutes"
    assert _saved(store, person_id, "network_plan")["items"] == [
        {
            "id": "n1",
            "kind": "mentor",
            "who": "Ruth",
            "next_step": "Ask for 20 minutes",
            "due": None,
        }
    ]


def test_a_contact_without_a_name_gets_a_clear_message(person: tuple[Store, str]) -> None:
    store, person_id = person
    network = _open(store, person_id, "network_plan")
    network.rows.rows[0].controls["next_step"].value = "Ask for 20 minutes"
    assert "Contact 1" in network.status.value and "needs an answer" in network.status.value
    assert store.latest_answer(person_id, "network_plan") is None


def test_applications_goal_and_tracker(person: tuple[Store, str]) -> None:
    store, person_id = person
    store.save_answer(
        person_id,
        "situation",
        {"kind": "external_job", "how_long_ago": None, "role": "", "details": ""},
    )
    apps = _open(store, person_id, "applications")
    assert apps.content.note == "", "no 'not your situation' note for an external rejection"
    apps.rejections.value = 2
    row = apps.rows.rows[0]
    row.controls["company"].value = "Northwind"
    for box in row.checks["research"].values():
        box.value = True
    row.controls["status"].value = "applied"
    saved = _saved(store, person_id, "applications")
    assert saved["rejections"] == 2 and saved["per_rejection"] == 2
    assert saved["targets"][0]["research"] == ["company", "role", "why_them", "contact", "why_me"]
    assert (
        "<b>4</b> well-researched" in apps.progress.value
        and "Sent: <b>1</b>" in apps.progress.value
    )


def test_applications_note_for_an_internal_rejection(person: tuple[Store, str]) -> None:
    store, person_id = person
    store.save_answer(
        person_id,
        "situation",
        {"kind": "internal_promotion", "how_long_ago": None, "role": "", "details": ""},
    )
    apps = _open(store, person_id, "applications")
    assert "other organisations" in apps.content.note
    assert "other organisations" in apps.widget.children[1].value, "shown under the title"


def test_roadmap_chart_reminders_and_calendar_file(person: tuple[Store, str]) -> None:
    store, person_id = person
    store.save_answer(
        person_id,
        "plan_goals",
        {
            "goals": [
                {
                    "id": "g1",
                    "horizon": "short",
                    "text": "Finish the course",
                    "due": (TODAY + timedelta(days=20)).isoformat(),
                    "why": "",
                }
            ]
        },
    )
    roadmap = _open(store, person_id, "roadmap")
    assert roadmap.chart.value == "", "the chart is drawn on request, not on opening"
    roadmap.show_chart.click()
    assert "<figure" in roadmap.chart.value and "Finish the course" in roadmap.chart.value
    roadmap.check_ins["day_60"].value = False
    assert _saved(store, person_id, "roadmap") == {
        "check_ins": ["day_30", "day_90"],
        "start": TODAY.isoformat(),
    }
    roadmap.download.button.click()
    path = roadmap.download.last_path
    assert path is not None and path.exists() and path.suffix == ".ics"
    assert (
        "data:text/calendar" in roadmap.download.result.value
        and "download=" in roadmap.download.result.value
    )
    text = path.read_text(encoding="utf-8")
    assert "Finish the course" in text and "60-day" not in text and "90-day" in text


def test_roadmap_start_too_long_ago_is_refused(person: tuple[Store, str]) -> None:
    store, person_id = person
    roadmap = _open(store, person_id, "roadmap")
    roadmap.start.value = TODAY - timedelta(days=800)
    assert "within the last year" in roadmap.status.value
    assert store.latest_answer(person_id, "roadmap") is None


def test_nothing_works_until_someone_is_chosen(store: Store) -> None:
    session = Session("05_plan", store=store)
    goals = session.exercise("plan_goals")
    assert goals.rows.rows[0].controls["text"].disabled
    roadmap = session.exercise("roadmap")
    roadmap.download.button.click()
    assert "at the top of the page" in roadmap.download.result.value

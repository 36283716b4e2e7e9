"""Real-world actions get dates: sending the feedback request, the feedback meeting, booking the
manager (or mentor) conversation, each application's "apply by", each trait's workaround and
each reference flow into the roadmap, the calendar file and the step 07 review, like goals."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import icalendar
from stored import latest_value, person_in_room, shown_text

from kit.core.content import Content
from kit.core.store import Store
from kit.steps import parse_answer
from kit.steps.page import Session
from kit.steps.plan.calendar import plan_calendar
from kit.steps.plan.roadmap import milestones, plan_items
from kit.workbook.raw_answers import stored_values

TODAY = date.today()


def _day(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


def _kinds(data: bytes) -> Counter[str]:
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return Counter(str(event["CATEGORIES"].cats[0]) for event in events)


def _internal_plan(store: Store) -> str:
    person = person_in_room(store)
    store.save_answer(person, "situation", {"kind": "internal_promotion"})
    store.save_answer(person, "feedback_request", {"recipient": "Priya", "send_by": _day(2)})
    store.save_answer(person, "meeting_goals", {"aims": [], "achieved": [], "meeting_on": _day(9)})
    store.save_answer(person, "manager_agenda", {"goal": "Next steps", "book_by": _day(6)})
    store.save_answer(
        person,
        "plan_goals",
        {"goals": [{"id": "g1", "horizon": "short", "text": "Lead two meetings", "due": _day(30)}]},
    )
    store.save_answer(
        person, "roadmap", {"check_ins": ["day_30", "day_60", "day_90"], "start": TODAY.isoformat()}
    )
    return person


def test_a_promotion_plan_puts_every_dated_action_in_the_calendar(store: Store) -> None:
    person = _internal_plan(store)
    values = stored_values(store, person)
    assert _kinds(plan_calendar(person, "Ana", values, TODAY)) == {
        "Goal": 1,
        "Feedback request": 1,
        "Feedback meeting": 1,
        "Manager conversation": 1,
        "Check-in": 3,
    }
    titles = [m.title for m in milestones(values)]
    assert titles[0] == "Send your feedback request to Priya", "earliest first"


def test_once_feedback_is_heard_each_trait_workaround_is_dated(store: Store) -> None:
    person = _internal_plan(store)
    store.save_answer(
        person,
        "feedback_sort",
        {
            "items": [
                {
                    "id": "f1",
                    "text": "Quiet in meetings",
                    "category": "trait",
                    "workaround": "Send my view in writing first",
                    "due": _day(4),
                }
            ]
        },
    )
    values = stored_values(store, person)
    kinds = _kinds(plan_calendar(person, "Ana", values, TODAY))
    assert kinds["Workaround"] == 1
    assert kinds["Feedback request"] == 0 and kinds["Feedback meeting"] == 0, "heard: done"
    assert "Work around it: Send my view in writing first" in [m.title for m in milestones(values)]


def test_an_application_elsewhere_dates_each_application_and_the_mentor(store: Store) -> None:
    person = person_in_room(store)
    store.save_answer(
        person, "situation", {"kind": "external_job", "stage": "final_round", "manager_knows": "no"}
    )
    store.save_answer(
        person,
        "feedback_request",
        {"send_by": _day(-3), "reply": "no_reply", "follow_up_on": _day(4)},
    )
    store.save_answer(person, "manager_agenda", {"goal": "Advice", "book_by": _day(5)})
    store.save_answer(
        person,
        "applications",
        {
            "rejections": 1,
            "per_rejection": 2,
            "targets": [
                {
                    "id": "t1",
                    "company": "Northwind",
                    "role": "Data lead",
                    "status": "researching",
                    "apply_by": _day(12),
                },
                {"id": "t2", "company": "Harbour", "status": "researching", "apply_by": _day(20)},
                {"id": "t3", "company": "Kestrel", "status": "applied", "apply_by": _day(1)},
            ],
        },
    )
    kinds = _kinds(plan_calendar(person, "Ana", stored_values(store, person), TODAY))
    assert kinds["Application"] == 2, "one already sent drops off"
    assert kinds["Mentor conversation"] == 1 and kinds["Manager conversation"] == 0
    assert kinds["Feedback request"] == 1, "sent already (it got no reply): only the follow-up"
    titles = [m.title for m in milestones(stored_values(store, person))]
    assert "Apply: Northwind, Data lead" in titles
    assert "Send one polite follow-up about feedback" in titles


def test_evidence_that_it_happened_takes_an_action_off_the_calendar(store: Store) -> None:
    person = _internal_plan(store)
    store.save_answer(person, "meeting_notes", {"held_on": TODAY.isoformat()})
    store.save_answer(
        person,
        "feedback_sort",
        {"items": [{"id": "f1", "text": "Calm", "category": "strength"}]},
    )
    kinds = _kinds(plan_calendar(person, "Ana", stored_values(store, person), TODAY))
    for done in ("Manager conversation", "Feedback request", "Feedback meeting"):
        assert kinds[done] == 0, done
    assert kinds["Goal"] == 1


def test_the_follow_up_reviews_dated_actions_and_closing_one_drops_it(store: Store) -> None:
    person = _internal_plan(store)
    review = Session("07_follow_up", store=store, participant_id=person).exercise(
        "follow_up_review"
    )
    assert set(review.statuses) == {
        "plan_goals:g1",
        "feedback_request:send",
        "meeting_goals:meeting",
        "manager_agenda:booking",
    }
    shown = shown_text(review.items_box)
    assert "Book the conversation with your manager" in shown and "Manager conversation" in shown
    review.statuses["manager_agenda:booking"].value = "done"
    saved = latest_value(store, person, "follow_up_review")["rounds"][0]["items"]
    assert {"ref": "manager_agenda:booking", "status": "done", "note": ""} in saved
    kinds = _kinds(plan_calendar(person, "Ana", stored_values(store, person), TODAY))
    assert kinds["Manager conversation"] == 0 and kinds["Feedback request"] == 1


def test_a_layoff_lines_up_references_with_dates(store: Store) -> None:
    person = person_in_room(store)
    store.save_answer(person, "situation", {"kind": "laid_off"})
    money = Session("05_plan", store=store, participant_id=person).exercise("money_and_references")
    money.runway.value = "one_to_three"
    row = money.rows.rows[0]
    row.controls["who"].value = "My last team lead"
    row.controls["ask_by"].value = TODAY + timedelta(days=3)
    saved = latest_value(store, person, "money_and_references")
    assert saved["runway"] == "one_to_three"
    assert saved["references"][0]["ask_by"] == _day(3)
    kinds = _kinds(plan_calendar(person, "Ana", stored_values(store, person), TODAY))
    assert kinds["Reference"] == 1
    items = {item.ref: item for item in plan_items(stored_values(store, person))}
    assert items["money_and_references:r1"].title == "Ask My last team lead for a reference"


def test_money_and_references_is_for_a_layoff_only(store: Store) -> None:
    person = person_in_room(store)
    store.save_answer(person, "situation", {"kind": "internal_promotion"})
    money = Session("05_plan", store=store, participant_id=person).exercise("money_and_references")
    assert money.hidden and "laid off" in shown_text(money.widget)


def test_an_application_needs_a_future_apply_by_date(store: Store) -> None:
    person = person_in_room(store)
    store.save_answer(person, "situation", {"kind": "external_job"})
    apps = Session("05_plan", store=store, participant_id=person).exercise("applications")
    row = apps.rows.rows[0]
    row.controls["company"].value = "Northwind"
    row.controls["why_me"].value = "I want to build tools people on the ground use"
    row.controls["apply_by"].value = TODAY - timedelta(days=2)
    assert "in the past" in apps.status.value
    row.controls["apply_by"].value = TODAY + timedelta(days=7)
    target = latest_value(store, person, "applications")["targets"][0]
    assert target["apply_by"] == _day(7) and target["why_me"].startswith("I want to build")
    intro = shown_text(apps.widget)
    assert "more applications, not fewer" in intro and "fewer applications" not in intro.replace(
        "more applications, not fewer", ""
    )


def test_interview_practice_closes_a_gap(store: Store) -> None:
    person = person_in_room(store)
    skills = Session("05_plan", store=store, participant_id=person).exercise("skill_plan")
    assert "interview_practice" in {option.value for option in skills.content.options["how"]}


def test_an_application_saved_in_the_old_shape_still_loads(content: Content) -> None:
    old: dict[str, Any] = {
        "rejections": 1,
        "per_rejection": 2,
        "targets": [
            {
                "id": "t1",
                "company": "Northwind",
                "role": "",
                "research": ["company"],
                "status": "applied",
                "note": "",
            }
        ],
    }
    parse_answer("applications", old, content)

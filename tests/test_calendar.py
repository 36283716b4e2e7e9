"""The calendar file: parse what we wrote with icalendar; dates, reminders and UIDs are right."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import icalendar
from click.testing import CliRunner

from kit.cli import main
from kit.core.store import Store
from kit.steps.plan.calendar import (
    CALENDAR_TEXT_LIMIT,
    CHECK_IN_REMINDER,
    MILESTONE_REMINDER,
    calendar_entries,
    plan_calendar,
)

TODAY = date.today()


def _values() -> dict[str, dict[str, Any]]:
    return {
        "plan_goals": {
            "goals": [
                {
                    "id": "g1",
                    "horizon": "short",
                    "text": "Lead two planning meetings",
                    "due": (TODAY + timedelta(days=40)).isoformat(),
                },
                {"id": "g2", "horizon": "long", "text": "Apply for the lead role", "due": None},
            ]
        },
        "skill_plan": {
            "items": [
                {
                    "id": "s1",
                    "skill": "Budgets",
                    "first_step": "Ask finance",
                    "due": (TODAY + timedelta(days=10)).isoformat(),
                }
            ]
        },
        "roadmap": {"check_ins": ["day_30", "day_90"], "start": TODAY.isoformat()},
    }


def _events(data: bytes) -> list[Any]:
    calendar = icalendar.Calendar.from_ical(data)
    return list(calendar.walk("VEVENT"))


def test_round_trip_dates_reminders_and_uids() -> None:
    events = _events(plan_calendar("ana", "Ana", _values(), TODAY))
    by_uid = {str(event["UID"]): event for event in events}
    assert set(by_uid) == {
        "ana.plan_goals-g1@nextround",
        "ana.skill_plan-s1@nextround",
        "ana.check-in-30@nextround",
        "ana.check-in-90@nextround",
    }
    goal = by_uid["ana.plan_goals-g1@nextround"]
    assert goal.decoded("DTSTART") == TODAY + timedelta(days=40)
    assert goal.decoded("DTEND") == TODAY + timedelta(days=41)
    assert "Lead two planning meetings" in str(goal["SUMMARY"])
    alarm = goal.subcomponents[0]
    assert alarm.name == "VALARM" and str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == MILESTONE_REMINDER == timedelta(hours=-15)
    check_in = by_uid["ana.check-in-90@nextround"]
    assert check_in.decoded("DTSTART") == TODAY + timedelta(days=90)
    assert check_in.subcomponents[0].decoded("TRIGGER") == CHECK_IN_REMINDER == timedelta(hours=9)
    assert [event.decoded("DTSTART") for event in events] == sorted(
        event.decoded("DTSTART") for event in events
    )


def test_without_a_roadmap_answer_all_three_check_ins_are_added() -> None:
    values = _values()
    del values["roadmap"]
    days = sorted(e.day for e in calendar_entries("ana", values, TODAY) if "check-in" in e.uid)
    assert days == [TODAY + timedelta(days=n) for n in (30, 60, 90)]


def test_an_empty_plan_still_gives_a_valid_file_with_check_ins() -> None:
    events = _events(plan_calendar("solo", "Solo", {}, TODAY))
    assert len(events) == 3


def test_the_follow_up_leaves_out_finished_items_and_adds_the_next_check_in() -> None:
    values = _values()
    values["follow_up_review"] = {
        "rounds": [
            {
                "id": "r1",
                "date": TODAY.isoformat(),
                "items": [{"ref": "plan_goals:g1", "status": "done", "note": ""}],
            }
        ]
    }
    values["follow_up_next"] = {"next_check_in": (TODAY + timedelta(days=21)).isoformat()}
    uids = {e.uid for e in calendar_entries("ana", values, TODAY)}
    assert "ana.plan_goals-g1@nextround" not in uids
    assert "ana.next-check-in@nextround" in uids


def test_hostile_text_stays_text_in_the_file() -> None:
    values = {
        "plan_goals": {
            "goals": [
                {
                    "id": "g1",
                    "horizon": "short",
                    "text": "Line one\nBEGIN:VEVENT\nX;Y:z, <b>",
                    "due": (TODAY + timedelta(days=5)).isoformat(),
                }
            ]
        }
    }
    events = _events(plan_calendar("ana", "Ana", values, TODAY))
    assert len(events) == 4
    assert "<b>" in str(events[0]["SUMMARY"])


def test_control_characters_never_reach_the_file_and_long_texts_are_shortened() -> None:
    long_title = "Ask for the budget review " * 200
    values = {
        "plan_goals": {
            "goals": [
                {
                    "id": "g1",
                    "horizon": "short",
                    "text": "Lead\x00 the\x1b[2J stand-up\x07\x7f\x85 \ud800twice",
                    "due": (TODAY + timedelta(days=5)).isoformat(),
                },
                {
                    "id": "g2",
                    "horizon": "short",
                    "text": long_title,
                    "due": (TODAY + timedelta(days=6)).isoformat(),
                },
            ]
        }
    }
    data = plan_calendar("ana\x00", "Ana\x1b[31m Red\x00", values, TODAY)

    text = data.decode("utf-8")
    lines = text.split("\r\n")
    assert all(not re.search(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]", line) for line in lines)
    events = {str(event["UID"]): event for event in _events(data)}
    assert "Lead the[2J stand-up twice" in str(events["ana.plan_goals-g1@nextround"]["SUMMARY"])
    summary = str(events["ana.plan_goals-g2@nextround"]["SUMMARY"])
    assert summary.endswith("…") and len(summary) <= CALENDAR_TEXT_LIMIT
    name = str(icalendar.Calendar.from_ical(data)["X-WR-CALNAME"])
    assert name == "Next Round plan: Ana[31m Red"


def test_cli_writes_the_ics(demo_store: Store, workspace: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["calendar", "demo-chen"])
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip().splitlines()[-1])
    assert path == workspace / "calendars" / "plan-demo-chen.ics"
    assert _events(path.read_bytes())
    out = tmp_path / "mine.ics"
    assert runner.invoke(main, ["calendar", "demo-bilal", "--out", str(out)]).exit_code == 0
    assert "Next Round plan: Bilal Haddad" in out.read_text(encoding="utf-8")
    missing = runner.invoke(main, ["calendar", "nobody"])
    assert missing.exit_code == 1 and "No participant with id 'nobody'" in missing.output

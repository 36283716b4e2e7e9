"""Steps 05, 06 and 07 through a real browser: the participant app, one's own link, the central
exercise of each step, see it in the store."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from app_server import RunningApp, open_step, store_of
from browser import chromium_page

from kit.room.demo import demo_answers

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_new_goal_gets_its_smart_check_and_reaches_the_store(room_app: RunningApp) -> None:
    due = date.today() + timedelta(days=45)
    with chromium_page() as page:
        root = open_step(page, room_app, "demo-emeka", "05_plan")
        goals = root.locator(".nr-exercise-plan-goals")
        before = len(demo_answers()["emeka"]["plan_goals"]["goals"])
        page.wait_for_function(
            f"document.querySelectorAll('.nr-exercise-plan-goals .nr-item').length === {before}",
            timeout=60_000,
        )
        goals.locator("button", has_text="Add a goal").click()
        page.wait_for_function(
            f"document.querySelectorAll('.nr-exercise-plan-goals .nr-item').length === {before + 1}",
            timeout=120_000,
        )
        row = goals.locator(".nr-item").last
        row.locator("textarea").fill("Be better")
        row.locator("input[type=date]").fill(due.isoformat())
        row.locator("input[type=date]").press("Tab")
        page.wait_for_selector(
            ".nr-exercise-plan-goals .nr-status-saved >> text=/Saved \\d+ goals/", timeout=120_000
        )
        page.wait_for_selector(
            ".nr-exercise-plan-goals .nr-smart >> text=/Say exactly what you will do/"
        )
        root.locator(".nr-exercise-roadmap .nr-make-calendar").wait_for()
        assert root.get_by_text("Click to show javascript error").count() == 0, (
            "every widget rendered"
        )

    saved = store_of(room_app).latest_answer("demo-emeka", "plan_goals")
    assert saved is not None
    newest = saved.value["goals"][-1]
    assert newest["text"] == "Be better" and newest["id"] == f"g{before + 1}"
    assert newest["due"] == due.isoformat()


def test_the_next_step_this_week_is_committed_in_the_browser(room_app: RunningApp) -> None:
    with chromium_page() as page:
        root = open_step(page, room_app, "demo-amara", "06_commit_and_check_out")
        commitments = root.locator(".nr-exercise-resilience-commitments")
        box = commitments.locator("input[type=text]").first
        box.fill("Book the conversation with my manager")
        box.press("Enter")
        page.wait_for_selector(
            ".nr-exercise-resilience-commitments .nr-status-saved >> text=/Saved/", timeout=120_000
        )

    saved = store_of(room_app).latest_answer("demo-amara", "resilience_commitments")
    assert saved is not None and saved.value["next_step"] == "Book the conversation with my manager"


def test_a_follow_up_status_is_saved_from_the_browser(room_app: RunningApp) -> None:
    with chromium_page() as page:
        root = open_step(page, room_app, "demo-idris", "07_follow_up")
        review = root.locator(".nr-exercise-follow-up-review")
        review.locator(".nr-item select").first.wait_for(timeout=120_000)
        review.locator(".nr-item select").first.select_option(label="Done")
        page.wait_for_selector(
            ".nr-exercise-follow-up-review .nr-status-saved >> text=/1 done/", timeout=120_000
        )
        root.locator(".nr-exercise-follow-up-next .nr-make-calendar").wait_for()
        assert root.get_by_text("Click to show javascript error").count() == 0, (
            "every widget rendered"
        )

    saved = store_of(room_app).latest_answer("demo-idris", "follow_up_review")
    assert saved is not None
    current = saved.value["rounds"][-1]
    assert current["date"] == date.today().isoformat()
    assert current["items"][0] == {"ref": "plan_goals:g1", "status": "done", "note": ""}

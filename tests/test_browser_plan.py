"""Steps 05, 06 and 07 through a real browser: JupyterLab, run all, pick yourself, use the
central exercise of each notebook, see it in the store."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from browser import (
    Lab,
    choose_from_roster_even_if_remembered,
    chromium_page,
    open_and_run_all,
)

from kit.core.store import Store
from kit.room.demo import demo_answers

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _store(lab: Lab) -> Store:
    return Store.open(str(lab.home / "nextround.sqlite"))


def test_a_new_goal_gets_its_smart_check_and_reaches_the_store(lab: Lab) -> None:
    due = date.today() + timedelta(days=45)
    with chromium_page() as page:
        open_and_run_all(page, lab, "05_plan.ipynb")
        root = choose_from_roster_even_if_remembered(page, "Emeka Nwosu")
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

    saved = _store(lab).latest_answer("demo-emeka", "plan_goals")
    assert saved is not None
    newest = saved.value["goals"][-1]
    assert newest["text"] == "Be better" and newest["id"] == f"g{before + 1}"
    assert newest["due"] == due.isoformat()


def test_the_next_step_this_week_is_committed_in_the_browser(lab: Lab) -> None:
    with chromium_page() as page:
        open_and_run_all(page, lab, "06_commit_and_check_out.ipynb")
        root = choose_from_roster_even_if_remembered(page, "Amara Okafor")
        commitments = root.locator(".nr-exercise-resilience-commitments")
        box = commitments.locator("input[type=text]").first
        box.fill("Book the conversation with my manager")
        box.press("Enter")
        page.wait_for_selector(
            ".nr-exercise-resilience-commitments .nr-status-saved >> text=/Saved/", timeout=120_000
        )

    saved = _store(lab).latest_answer("demo-amara", "resilience_commitments")
    assert saved is not None and saved.value["next_step"] == "Book the conversation with my manager"


def test_a_follow_up_status_is_saved_from_the_browser(lab: Lab) -> None:
    with chromium_page() as page:
        open_and_run_all(page, lab, "07_follow_up.ipynb")
        root = choose_from_roster_even_if_remembered(page, "Idris Rahman")
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

    saved = _store(lab).latest_answer("demo-idris", "follow_up_review")
    assert saved is not None
    current = saved.value["rounds"][-1]
    assert current["date"] == date.today().isoformat()
    assert current["items"][0] == {"ref": "plan_goals:g1", "status": "done", "note": ""}

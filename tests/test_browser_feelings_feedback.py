"""Steps 01 and 02 through a real browser: each notebook's central sort done in the UI, then the store checked."""

from __future__ import annotations

import pytest
from app_server import RunningApp, open_step, store_of
from browser import chromium_page

from kit.room.demo import demo_answers

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_circle_of_control_sorted_in_the_browser_reaches_the_store(room_app: RunningApp) -> None:
    new_id = f"c{len(demo_answers()['emeka']['circle_of_control']['items']) + 1}"
    with chromium_page() as page:
        panel = open_step(page, room_app, "demo-emeka", "01_feelings_and_control")
        circle = panel.locator(".nr-exercise-circle-of-control")
        circle.locator("input[placeholder='for example: the feedback I asked for']").fill(
            "Whether they reopen the role"
        )
        circle.locator("button.nr-add").click()
        row = circle.locator(f".nr-item-{new_id}")
        row.wait_for()
        row.locator("button", has_text="I must let go").click()
        circle.locator(".nr-acknowledge >> text=/stop carrying/").wait_for()
        circle.locator(".nr-status-saved").wait_for()
        # Move the new item between groups: influence after all.
        row.locator("button", has_text="I can influence").click()
        circle.locator(".nr-zone-influence >> text=Whether they reopen the role").wait_for()

    store = store_of(room_app)
    saved = store.latest_answer("demo-emeka", "circle_of_control")
    assert saved is not None
    items = {item["id"]: item for item in saved.value["items"]}
    assert items[new_id] == {
        "id": new_id,
        "text": "Whether they reopen the role",
        "zone": "influence",
    }
    assert len(items) == len(demo_answers()["emeka"]["circle_of_control"]["items"]) + 1


def test_feedback_sorted_in_the_browser_reaches_the_store(room_app: RunningApp) -> None:
    assert "feedback_sort" not in demo_answers()["bilal"], "Bilal starts with no feedback"
    with chromium_page() as page:
        panel = open_step(page, room_app, "demo-bilal", "02_feedback")
        sort = panel.locator(".nr-exercise-feedback-sort")
        adder = sort.locator("input[placeholder='for example: strong with clients']")

        adder.fill("Clear, confident portfolio story")
        sort.locator("button.nr-add").click()
        sort.locator(".nr-item-f1").wait_for()
        sort.locator(".nr-item-f1 button", has_text="Strength").click()
        sort.locator(".nr-strengths >> text=Clear, confident portfolio story").wait_for()

        adder.fill("Little experience with regulated products")
        sort.locator("button.nr-add").click()
        sort.locator(".nr-item-f2").wait_for()
        sort.locator(".nr-item-f2 button", has_text="Gap I can close").click()
        details = sort.locator(".nr-item-f2 .nr-gap-details")
        details.wait_for()
        details.locator("button", has_text="Experience").click()
        action = details.locator("input[placeholder='course, project, practice, mentor…']")
        action.fill("Volunteer for the compliance redesign")
        action.press("Enter")
        sort.locator(
            ".nr-status-saved >> text=/^✓ Saved at/"
        ).wait_for()  # nothing left to sort or decide

    store = store_of(room_app)
    saved = store.latest_answer("demo-bilal", "feedback_sort")
    assert saved is not None
    assert saved.value["items"] == [
        {
            "id": "f1",
            "text": "Clear, confident portfolio story",
            "category": "strength",
            "gap_kind": None,
            "onet_skill": None,
            "action": "",
            "workaround": "",
            "due": None,
        },
        {
            "id": "f2",
            "text": "Little experience with regulated products",
            "category": "gap",
            "gap_kind": "experience",
            "onet_skill": None,
            "action": "Volunteer for the compliance redesign",
            "workaround": "",
            "due": None,
        },
    ]

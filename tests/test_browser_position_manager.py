"""Steps 03 and 04 through a real browser: weigh and decide; build the agenda; check the store."""

from __future__ import annotations

import pytest
from app_server import RunningApp, open_step, store_of
from browser import chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_weighing_the_options_and_deciding_reach_the_store(room_app: RunningApp) -> None:
    with chromium_page() as page:
        open_step(page, room_app, "demo-gabriel", "03_position")  # weighed, has not decided
        weights = page.locator(".nr-exercise-option-weights")
        weights.locator(".nr-weight-fit button", has_text="a little").click()
        page.wait_for_selector(
            ".nr-exercise-option-weights .nr-status-saved >> text=/Weights saved/"
        )
        weights.locator(".nr-weight-fit button", has_text="matters most").click()
        page.wait_for_selector(".nr-exercise-option-weights .nr-bar-leader")
        page.wait_for_function(
            "() => document.querySelector('.nr-exercise-position-decision .nr-suggestion').textContent.includes('The matrix')"
        )

        decision = page.locator(".nr-exercise-position-decision")
        decision.locator("label", has_text="Start looking now").click()
        page.wait_for_selector(
            ".nr-exercise-position-decision .nr-status-saved >> text=/Saved: Start looking now/"
        )
        why = decision.locator("textarea")
        why.fill("I would rather choose my next team than wait.")
        why.press("Tab")
        page.wait_for_function(
            "() => document.querySelectorAll('.nr-exercise-position-decision .nr-status-saved').length > 0"
        )
        page.wait_for_timeout(1500)

    store = store_of(room_app)
    weights_saved = store.latest_answer("demo-gabriel", "option_weights")
    decided = store.latest_answer("demo-gabriel", "position_decision")
    assert weights_saved is not None and decided is not None
    assert weights_saved.value["weights"]["fit"] == 3
    assert decided.value["decision"] == "look_now"
    assert decided.value["why"] == "I would rather choose my next team than wait."
    assert decided.value["suggested"] == weights_saved.value["suggested"]
    assert len(store.history("demo-gabriel", "option_weights")) == 3, "demo answer plus two clicks"


def test_building_the_agenda_reaches_the_store(room_app: RunningApp) -> None:
    with chromium_page() as page:
        open_step(page, room_app, "demo-nadia", "04_manager_conversation")  # no agenda yet
        agenda = page.locator(".nr-exercise-manager-agenda")
        goal = agenda.locator("input[type='text']").first
        goal.fill("Own the model monitoring work")
        goal.press("Enter")
        page.wait_for_selector(".nr-exercise-manager-agenda .nr-status-saved")
        agenda.locator("label", has_text="Give me a practice interview").click()
        page.wait_for_selector(
            ".nr-exercise-manager-agenda .nr-agenda >> text=/give me a practice interview/"
        )
        page.wait_for_selector(
            ".nr-exercise-manager-agenda .nr-agenda >> text=/Own the model monitoring work/"
        )

    store = store_of(room_app)
    saved = store.latest_answer("demo-nadia", "manager_agenda")
    assert saved is not None
    assert saved.value["goal"] == "Own the model monitoring work"
    assert saved.value["asks"] == ["mock_interview"], "Nadia's path is a mentor conversation"
    assert saved.value["script"] == ""

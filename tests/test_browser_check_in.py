"""Step 00 through a real browser: the participant app, one's own link, check in, see it stored."""

from __future__ import annotations

import pytest
from app_server import RunningApp, open_step, store_of
from browser import chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_mood_check_in_through_the_browser_reaches_the_store(room_app: RunningApp) -> None:
    with chromium_page() as page:
        open_step(page, room_app, "demo-emeka", "00_check_in")
        page.locator(".nr-emotion-anger button", has_text="furious").click()
        page.wait_for_selector(".nr-exercise-mood-check-in .nr-status-saved >> text=/furious/")
        page.locator(".nr-emotion-joy button", has_text="calm").click()
        page.wait_for_selector(".nr-exercise-mood-check-in .nr-status-saved >> text=/Saved: calm,/")

    store = store_of(room_app)
    saved = store.latest_answer("demo-emeka", "mood_check_in")
    assert saved is not None
    chosen = {e["family"]: (e["word"], e["intensity"]) for e in saved.value["emotions"]}
    assert chosen["anger"] == ("rage", 3) and chosen["joy"] == ("serenity", 1)

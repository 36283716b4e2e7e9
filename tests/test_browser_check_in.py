"""Step 00 through a real browser: JupyterLab, run all, pick yourself, check in, see it stored."""

from __future__ import annotations

import pytest
from browser import (
    Lab,
    choose_from_roster,
    chromium_page,
    open_and_run_all,
)

from kit.core.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_mood_check_in_through_the_browser_reaches_the_store(lab: Lab) -> None:
    with chromium_page() as page:
        open_and_run_all(page, lab, "00_check_in.ipynb")
        page.wait_for_selector(".nr-identity select", timeout=60_000)
        assert page.locator(".nr-exercise-mood-check-in button", has_text="furious").is_disabled()

        choose_from_roster(page, "Emeka Nwosu")
        page.locator(".nr-emotion-anger button", has_text="furious").click()
        page.wait_for_selector(".nr-exercise-mood-check-in .nr-status-saved >> text=/furious/")
        page.locator(".nr-emotion-joy button", has_text="calm").click()
        page.wait_for_selector(".nr-exercise-mood-check-in .nr-status-saved >> text=/Saved: calm,/")

    store = Store.open(str(lab.home / "nextround.sqlite"))
    saved = store.latest_answer("demo-emeka", "mood_check_in")
    assert saved is not None
    chosen = {e["family"]: (e["word"], e["intensity"]) for e in saved.value["emotions"]}
    assert chosen["anger"] == ("rage", 3) and chosen["joy"] == ("serenity", 1)

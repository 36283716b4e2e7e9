"""The facilitator console in a real browser: the demo cohort's group view renders, and a
small cohort's view stays hidden behind "not enough answers yet"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser import (
    Lab,
    chromium_page,
    open_and_run_all,
    require_chromium,
    running_lab,
    scroll_notebook_to,
)

from kit.core.store import Store
from kit.room.demo import build_demo

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    require_chromium()
    home = tmp_path_factory.mktemp("console-home")
    store = Store.open(str(home / "nextround.sqlite"), create=True)
    build_demo(store)
    store.create_cohort("Tiny group", cohort_id="tiny")
    for index in range(3):
        person = store.add_participant(f"Tiny person {index}", cohort_id="tiny")
        store.save_answer(
            person.id, "mood_check_in", {"emotions": [{"word": "grief"}], "note": "only mine"}
        )
    store.close()
    with running_lab(home, {"NEXTROUND_COHORT": "demo"}) as running:
        yield running


def test_console_shows_the_demo_group_view_and_hides_a_small_group(lab: Lab) -> None:
    with chromium_page() as page:
        open_and_run_all(page, lab, "facilitator_console.ipynb")
        mood = ".nr-group-views .nr-view-mood-check-in"
        page.wait_for_selector(f"{mood}.nr-view-shown table >> text=Sadness", timeout=90_000)
        assert page.locator(f"{mood} caption", has_text="Feelings named").count() == 1

        scroll_notebook_to(page, ".nr-console .widget-dropdown select")
        page.locator(".nr-console .widget-dropdown select").first.select_option(
            label="Tiny group (tiny)"
        )
        scroll_notebook_to(page, f"{mood}.nr-view-waiting")
        page.wait_for_selector(f"{mood}.nr-view-waiting >> text=/Not enough answers yet/")
        assert page.locator(f"{mood} table").count() == 0
        assert page.locator(".nr-group-views", has_text="only mine").count() == 0
        assert page.locator(".nr-group-views", has_text="Sadness").count() == 0

        scroll_notebook_to(page, ".nr-pairs input[type=checkbox]")
        assert page.locator(".nr-pairs", has_text="Tiny person 2").count() == 1
        assert page.locator(".jupyter-widgets-error-widget").count() == 0

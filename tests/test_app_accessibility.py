"""Every step page as the participant app serves it in a room (a real app, real Chromium), and
the facilitator's console and projector: axe-core finds nothing on them, of any impact. Headings go in order (the step's h1, each
exercise's h2), every part of the page is inside a landmark (the step bar is its nav, the
page's content its main: ``kit/app/templates/page``), every input has its label.

``test_browser_pages.py`` checks the same notebooks in plain Voilà for critical and serious
findings at two widths; this is the page a participant actually gets.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from app_server import RunningApp, demo_room, open_step, store_of
from browser import EVERY_IMPACT, axe_violations, chromium, require_chromium

from kit.app import links
from kit.core.content import load_content

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STEPS = [step.id for step in load_content().ordered_steps()]
PERSON = "demo-idris"  # answers in every step, so every list shows its rows


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    require_chromium()
    with demo_room(tmp_path_factory.mktemp("accessible")) as app:
        yield app


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as running:
        yield running


@pytest.mark.parametrize("step_id", STEPS)
def test_the_app_s_step_page_has_no_axe_finding_of_any_impact(
    room: RunningApp, browser: Any, step_id: str
) -> None:
    page = browser.new_page()
    page.set_default_timeout(60_000)
    try:
        open_step(page, room, PERSON, step_id)
        page.wait_for_load_state("networkidle")
        assert page.locator(".nr-exercise").count() > 0, "no exercise was drawn"
        assert page.locator("[role=main] nav.nr-stepbar-nav").count() == 1
        found = axe_violations(page, EVERY_IMPACT)
    finally:
        page.close()
    assert not found, f"{step_id}:\n" + "\n".join(found)


def test_the_console_and_the_projector_have_no_axe_finding_of_any_impact(
    room: RunningApp, browser: Any
) -> None:
    store = store_of(room)
    console = links.facilitator_url(room.base_url, links.issue(store, links.FACILITATOR, "demo"))
    store.close()
    page = browser.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(console)
        page.locator(".nr-agenda").first.wait_for(timeout=120_000)
        page.locator(".nr-group-view table").first.wait_for(timeout=120_000)
        found = [f"console: {finding}" for finding in axe_violations(page, EVERY_IMPACT)]
        page.goto(f"{console}/projector")
        page.locator(".nr-projector").first.wait_for(timeout=120_000)
        found += [f"projector: {finding}" for finding in axe_violations(page, EVERY_IMPACT)]
    finally:
        page.close()
    assert not found, "\n".join(found)

"""The room's pace on participants' pages: steps open when the facilitator opens them, the step
bar follows without a reload, a closed room turns pages read-only, a revoked link's page stops.
Driven through the store, as the console does; a real app and Chromium."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from app_server import RunningApp, demo_room, open_step, raw_get, store_of
from browser import chromium_page, require_chromium

from kit.app import links

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    require_chromium()
    with demo_room(tmp_path_factory.mktemp("paced")) as app:
        store = store_of(app)
        store.add_participant("Newcomer", cohort_id="demo", participant_id="newcomer")
        store.close()
        set_pace(app, ("00_check_in",), "00_check_in")
        yield app


def set_pace(
    app: RunningApp, opened: tuple[str, ...], current: str, *, closed: bool = False
) -> None:
    store = store_of(app)
    try:
        store.set_room_state("demo", opened_steps=opened, current_step=current, closed=closed)
    finally:
        store.close()


def test_a_step_not_yet_open_says_so_and_opens_when_the_facilitator_opens_it(
    room: RunningApp,
) -> None:
    token = room.token("newcomer")
    status, body, _ = raw_get(room.base_url, "/step/02_feedback", token)
    assert status == 403 and "not open yet" in body
    with chromium_page() as page:
        open_step(page, room, "newcomer", "00_check_in")
        bar = page.locator("nav[aria-label='Workshop steps']")
        assert bar.locator(".nr-sb-closed", has_text="Facing the feedback").count() == 1
        set_pace(room, ("00_check_in", "01_feelings_and_control", "02_feedback"), "02_feedback")
        page.locator(".nr-sb-banner", has_text="Facing the feedback").wait_for(timeout=15_000)
        assert bar.locator("a[href='02_feedback']").count() >= 1, "no reload needed"
        page.locator(".nr-sb-banner a").click()
        page.locator(".nr-exercise").first.wait_for(timeout=120_000)
        assert page.url.endswith("/step/02_feedback")


def test_what_a_person_answered_stays_reachable_when_the_room_moves_back(room: RunningApp) -> None:
    set_pace(room, ("00_check_in",), "00_check_in")
    # demo-idris has answers in every step: his earlier steps stay open to him.
    assert raw_get(room.base_url, "/step/05_plan", room.token("demo-idris"))[0] == 200
    assert raw_get(room.base_url, "/step/05_plan", room.token("demo-nadia"))[0] in (200, 403)


def test_closing_the_room_makes_open_pages_read_only_and_refuses_saves(room: RunningApp) -> None:
    set_pace(room, ("00_check_in",), "00_check_in")
    # The newcomer has answered nothing after the session: its follow-up is not open yet.
    assert raw_get(room.base_url, "/step/07_follow_up", room.token("newcomer"))[0] == 403
    with chromium_page() as page:
        open_step(page, room, "demo-kwame", "00_check_in")
        box = page.locator(".nr-exercise-hopes-for-today textarea").first
        box.wait_for()
        assert box.is_enabled()
        store = store_of(room)
        before = len(store.history("demo-kwame"))
        store.close()
        set_pace(room, ("00_check_in",), "00_check_in", closed=True)
        page.locator(".nr-read-only").wait_for(timeout=15_000)
        page.wait_for_function(
            "() => document.querySelector('.nr-exercise-hopes-for-today textarea').disabled"
        )
        page.reload()
        page.locator(".nr-read-only").wait_for(timeout=120_000)
        assert page.locator(".nr-exercise-hopes-for-today textarea").first.is_disabled()
        assert raw_get(room.base_url, "/me/plan.ics", room.token("demo-kwame"))[0] == 200
        # The follow-up, outside the session, now opens and takes answers.
        open_step(page, room, "newcomer", "07_follow_up")
        page.get_by_text("This step is for afterwards").wait_for(timeout=120_000)
        follow_up = page.locator(".nr-exercise-follow-up-review textarea").first
        follow_up.wait_for()
        assert follow_up.is_enabled() and page.locator(".nr-read-only").count() == 0
    store = store_of(room)
    assert len(store.history("demo-kwame")) == before
    store.close()
    set_pace(room, ("00_check_in",), "00_check_in")


def test_a_revoked_links_open_page_stops(room: RunningApp) -> None:
    with chromium_page() as page:
        open_step(page, room, "demo-julia", "00_check_in")
        box = page.locator(".nr-exercise-hopes-for-today textarea").first
        box.wait_for()
        store = store_of(room)
        before = len(store.history("demo-julia"))
        store.revoke_link(links.PARTICIPANT, "demo-julia")
        store.close()
        deadline = time.monotonic() + 60
        while "closing a page whose link was revoked" not in room.log.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "the revoked page's kernel was not closed"
            time.sleep(0.5)
        box.fill("written after the link was revoked")
        box.press("Tab")
        page.wait_for_timeout(3000)
    store = store_of(room)
    assert len(store.history("demo-julia")) == before
    store.close()


def test_the_facilitator_link_opens_the_console_and_no_participant_link_does(
    room: RunningApp,
) -> None:
    store = store_of(room)
    facilitator = links.issue(store, links.FACILITATOR, "demo")
    store.close()
    participant = room.token("demo-lucia")
    for path in ("/console", "/projector"):
        status, body, _ = raw_get(room.base_url, path, participant)
        assert status in (403, 404) and "Lucía" not in body, path
    assert raw_get(room.base_url, f"/f/{participant}")[0] == 404
    with chromium_page() as page:
        page.goto(links.facilitator_url(room.base_url, facilitator))
        assert page.url.endswith("/console")
        page.locator(".nr-console").first.wait_for(timeout=120_000)
        text: Any = page.inner_text("body")
        assert "Newcomer" in text, "the console shows this room"

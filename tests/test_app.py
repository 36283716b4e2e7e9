"""The participant app as participants and intruders meet it: a real `nextround app`, real
Chromium, real kernels, and the store checked after every step."""

from __future__ import annotations

import asyncio
import re
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_server import RunningApp, raw_get, running_app
from browser import CHROMIUM, CHROMIUM_ARGS, chromium_page, require_chromium
from playwright.async_api import TimeoutError as PlaywrightTimeout

from kit.app import links
from kit.core.store import Store
from kit.core.workspace import as_url
from kit.room.demo import build_demo
from kit.workbook.personas import PERSONAS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXERCISE = ".nr-exercise"
PAGE_TIMEOUT_MS = 120_000
CROWD_TIMEOUT_MS = 300_000  # twelve pages in one Chromium on two cores: the browser is the load


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    require_chromium()
    home = tmp_path_factory.mktemp("room")
    store_url = as_url(home / "room.sqlite")
    store = Store.open(store_url, create=True)
    build_demo(store)
    store.close()
    with running_app(home, "demo", store_url) as app:
        yield app


def stored(app: RunningApp, participant_id: str, exercise_id: str) -> Any:
    store = Store.open(app.store_url)
    try:
        revision = store.latest_answer(participant_id, exercise_id)
        return None if revision is None else revision.value
    finally:
        store.close()


def wait_for_answer(
    app: RunningApp, participant_id: str, exercise_id: str, check: Any, timeout: float = 30
) -> Any:
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = stored(app, participant_id, exercise_id)
        if value is not None and check(value):
            return value
        time.sleep(0.2)
    raise AssertionError(f"{participant_id} {exercise_id}: {value!r}")


def kernel_id_of(page: Any) -> str:
    found = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page.content())
    assert found, "the page names its kernel"
    return found.group(1)


def test_a_join_link_opens_that_persons_step_as_a_page_not_a_notebook(room: RunningApp) -> None:
    with chromium_page() as page:
        responses: list[Any] = []
        page.on("response", lambda response: responses.append(response))
        page.goto(room.join_url("demo-chen"))
        assert page.url.endswith("/step/00_check_in"), "the token is gone from the address"
        page.locator(".nr-exercise-mood-check-in").wait_for(timeout=PAGE_TIMEOUT_MS)
        page.locator(".nr-working-as", has_text="Chen Wei").wait_for()
        text = page.inner_text("body")
        assert "open_step" not in text and "step.exercise" not in text
        assert not re.search(r"\bIn\s*\[\d*\]", text), "no cell prompts"
        assert page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor").count() == 0
        assert page.locator("nav[aria-label='Workshop steps'] li").count() == 8
        assert page.locator(".nr-sb-here", has_text="Check-in").count() == 1
        step_page = next(r for r in responses if r.url.endswith("/step/00_check_in"))
        assert step_page.headers.get("referrer-policy") == "no-referrer"
        # Another step is one click away, and stays this person's.
        page.locator(".nr-sb-next").click()
        page.locator(".nr-exercise-name-emotions").wait_for(timeout=PAGE_TIMEOUT_MS)
        page.locator(".nr-working-as", has_text="Chen Wei").wait_for()


def test_the_token_never_reaches_the_servers_log(room: RunningApp) -> None:
    token = links.read_token(room.token("demo-amara"))
    assert token is not None
    status, _body, headers = raw_get(room.base_url, f"/j/{room.token('demo-amara')}")
    assert status == 302 and "httponly" in headers["set-cookie"].lower()
    raw_get(room.base_url, f"/j/{room.token('demo-amara')}?again=1")
    log = room.log.read_text(encoding="utf-8")
    assert "GET /j/[token]" in log
    grouped = links.grouped(token)
    assert token not in log and grouped not in log


def test_bad_links_and_every_other_address_are_refused_without_anyones_answers(
    room: RunningApp,
) -> None:
    good = room.token("demo-bilal")
    changed = good[:-1] + ("0" if good[-1] != "0" else "1")
    private = [text for persona in PERSONAS for text in (persona.story, persona.name)]
    for token in (changed, "made-up-token", "x" * 30):
        status, body, _ = raw_get(room.base_url, f"/j/{token}")
        assert status == 404 and "This link is not valid" in body, token
        assert "Traceback" not in body
    paths = [
        "/step/00_check_in?participant=demo-amara",
        "/step/facilitator_console",
        "/voila/render/facilitator_console.ipynb",
        "/voila/tree",
        "/voila/api/contents",
        "/voila/files/00_check_in.ipynb",
        "/api/kernels",
        "/api/contents",
        "/api/sessions",
        "/api/terminals",
        "/api/kernelspecs",
        "/lab",
        "/tree",
        "/login",
        "/room.sqlite",
        "/voila/templates/lab/static/../../../../room.sqlite",
        "/notebooks/00_check_in.ipynb",
    ]
    for path in paths:
        for token in (None, good):
            status, body, _ = raw_get(room.base_url, path, token)
            if path.startswith("/step/00_check_in") and token:
                assert status == 200 and "Amara" not in body  # still Bilal's own page
                continue
            assert status in (403, 404), (path, token, status)
            assert not any(text in body for text in private), (path, token)
            assert "Traceback" not in body


def test_a_revoked_link_stops_at_the_next_request(room: RunningApp) -> None:
    token = room.token("demo-freya")
    assert raw_get(room.base_url, "/step/00_check_in", token)[0] == 200
    store = Store.open(room.store_url)
    store.revoke_link(links.PARTICIPANT, "demo-freya")
    store.close()
    status, body, _ = raw_get(room.base_url, "/step/00_check_in", token)
    assert status == 403 and "Open your personal link" in body
    assert raw_get(room.base_url, f"/j/{token}")[0] == 404
    fresh = room.token("demo-freya")
    assert fresh != token and raw_get(room.base_url, f"/j/{fresh}")[0] == 302


CRAFT = r"""
async ([kernelId, victim]) => {
  const ws = new WebSocket(`ws://${location.host}/api/kernels/${kernelId}/channels?session_id=crafted`);
  const replies = [];
  let seq = 0;
  const msg = (msg_type, content) => ({
    header: {msg_id: `crafted-${seq++}`, username: 'x', session: 'crafted', msg_type, version: '5.3',
             date: new Date().toISOString()},
    parent_header: {}, metadata: {}, content, channel: 'shell', buffers: []});
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
  ws.onmessage = (event) => { try { replies.push(JSON.parse(event.data)); } catch (e) {} };
  const send = (m) => ws.send(JSON.stringify(m));
  const comms = async () => {
    const id = `crafted-${seq}`;
    send(msg('comm_info_request', {target_name: 'jupyter.widget'}));
    for (let i = 0; i < 60; i++) {
      const reply = replies.find((r) => r.parent_header && r.parent_header.msg_id === id
        && r.header && r.header.msg_type === 'comm_info_reply');
      if (reply) return Object.keys(reply.content.comms);
      await new Promise((r) => setTimeout(r, 50));
    }
    return [];
  };
  send(msg('execute_request', {code: `import os; os.environ['NEXTROUND_PARTICIPANT'] = '${victim}'`,
       silent: false, store_history: false, user_expressions: {}, allow_stdin: false}));
  let seen = 0;
  for (const state of [{value: victim}, {index: 1}, {value: true}, {description: victim}]) {
    const ids = await comms();
    seen += ids.length;
    ids.forEach((c) => send(msg('comm_msg', {comm_id: c, data: {method: 'update', state, buffer_paths: []}})));
    ids.forEach((c) => send(msg('comm_msg', {comm_id: c, data: {method: 'custom', content: {event: 'click'}}})));
    await new Promise((r) => setTimeout(r, 300));
  }
  await new Promise((r) => setTimeout(r, 1500));
  ws.close();
  const executed = replies.filter((r) => r.header && r.header.msg_type === 'execute_reply').length;
  return {seen, executed};
}
"""


def test_crafted_messages_from_the_page_cannot_change_whom_it_saves_as(room: RunningApp) -> None:
    store = Store.open(room.store_url)
    before = {p.id: len(store.history(p.id)) for p in store.list_participants()}
    people_before = len(before)
    store.close()
    with chromium_page() as page:
        page.goto(room.join_url("demo-dolores"))
        page.locator(".nr-exercise-hopes-for-today").wait_for(timeout=PAGE_TIMEOUT_MS)
        attack = page.evaluate(CRAFT, [kernel_id_of(page), "demo-emeka"])
        assert attack["seen"] > 50 and attack["executed"] == 0, attack
        box = page.locator(".nr-exercise-hopes-for-today textarea").first
        box.fill("Still me, after all that")
        box.press("Tab")
        wait_for_answer(
            room,
            "demo-dolores",
            "hopes_for_today",
            lambda v: v["in_my_words"] == "Still me, after all that",
        )
    store = Store.open(room.store_url)
    after = {p.id: len(store.history(p.id)) for p in store.list_participants()}
    store.close()
    assert len(after) == people_before, "no participant was created"
    changed = {pid for pid, count in after.items() if count != before[pid]}
    assert changed <= {"demo-dolores"}, changed


def test_another_persons_kernel_cannot_be_reached_from_a_page(room: RunningApp) -> None:
    with chromium_page() as page:
        page.goto(room.join_url("demo-emeka"))
        page.locator(EXERCISE).first.wait_for(timeout=PAGE_TIMEOUT_MS)
        emeka_kernel = kernel_id_of(page)
        token = room.token("demo-chen")
        for path in (f"/api/kernels/{emeka_kernel}", f"/voila/api/shutdown/{emeka_kernel}"):
            for method in ("GET", "DELETE", "POST"):
                status, _body, _ = raw_get(room.base_url, path, token, method)
                assert status in (403, 404, 405), (path, method, status)
        assert (
            raw_get(room.base_url, f"/api/kernels/{emeka_kernel}", room.token("demo-emeka"))[0]
            == 200
        )


async def _wait_reloading_once(page: Any, locator: Any, participant_id: str) -> None:
    """Wait for ``locator``; if the page stays blank, reload it once, as the facilitator guide
    tells a participant to. On a machine far busier than a room's laptop (CPU hogs beside
    twelve pages on two cores) one page in twelve has, rarely, never drawn its widgets while
    the other eleven did; the reload is reported, so it never goes unseen."""
    try:
        await locator.wait_for(timeout=CROWD_TIMEOUT_MS // 2)
    except PlaywrightTimeout:
        warnings.warn(f"{participant_id}'s page stayed blank and was reloaded once", stacklevel=1)
        await page.reload()
        await locator.wait_for()


async def _fill_steps_00_and_01(
    browser: Any, app: RunningApp, participant_id: str, note: str
) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(CROWD_TIMEOUT_MS)
    try:
        await page.goto(app.join_url(participant_id))
        hopes = page.locator(".nr-exercise-hopes-for-today textarea").first
        await _wait_reloading_once(page, hopes, participant_id)
        await hopes.fill(note)
        await hopes.press("Tab")
        await page.goto(f"{app.base_url}/step/01_feelings_and_control")
        rewrite = page.locator(".nr-exercise-compassion-rewrite textarea").last
        await _wait_reloading_once(page, rewrite, participant_id)
        await rewrite.fill(f"Kind words from {participant_id}")
        await rewrite.press("Tab")
        await page.wait_for_timeout(1500)
    finally:
        await context.close()


async def _twelve_at_once(app: RunningApp, people: list[str]) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            await asyncio.gather(
                *(
                    _fill_steps_00_and_01(browser, app, pid, f"Twelve at once: {pid}")
                    for pid in people
                )
            )
        finally:
            await browser.close()


def test_twelve_people_open_their_links_at_once_and_each_answer_lands_under_them(
    room: RunningApp,
) -> None:
    people = [f"demo-{persona.key}" for persona in PERSONAS][:12]
    asyncio.run(_twelve_at_once(room, people))
    for pid in people:
        wait_for_answer(
            room,
            pid,
            "hopes_for_today",
            lambda v, p=pid: v["in_my_words"] == f"Twelve at once: {p}",
        )
        wait_for_answer(room, pid, "compassion_rewrite", lambda v, p=pid: f"from {p}" in str(v))
    with chromium_page() as page:  # back days later: the same link shows their answers
        page.goto(room.join_url(people[3]))
        hopes = page.locator(".nr-exercise-hopes-for-today textarea").first
        hopes.wait_for(timeout=PAGE_TIMEOUT_MS)
        assert hopes.input_value() == f"Twelve at once: {people[3]}"


@pytest.fixture
def alone(tmp_path: Path) -> Iterator[RunningApp]:
    require_chromium()
    store_url = as_url(tmp_path / "mine.sqlite")
    store = Store.open(store_url, create=True)
    build_demo(store)  # others in the same store must never be offered as a choice
    store.close()
    with running_app(tmp_path, None, store_url) as app:
        yield app


def test_alone_the_first_visit_asks_a_name_and_nothing_else(alone: RunningApp) -> None:
    with chromium_page() as page:
        page.goto(alone.base_url + "/")
        page.locator(".nr-solo-name input").wait_for(timeout=PAGE_TIMEOUT_MS)
        text = page.inner_text("body")
        assert not any(persona.name in text for persona in PERSONAS)
        assert page.locator("select").count() == 0
        page.locator(".nr-solo-name input").fill("Robin")
        page.locator(".nr-start-solo").click()
        page.locator(".nr-working-as", has_text="Robin").wait_for()
        page.goto(alone.base_url + "/step/01_feelings_and_control")
        page.locator(".nr-working-as", has_text="Robin").wait_for(timeout=PAGE_TIMEOUT_MS)
    assert raw_get(alone.base_url, "/j/anything")[0] == 404


def test_the_calendar_download_is_that_persons_plan_only(room: RunningApp) -> None:
    status, body, headers = raw_get(room.base_url, "/me/plan.ics", room.token("demo-chen"))
    assert status == 200 and headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in body and "Chen" in body
    others = [persona.name for persona in PERSONAS if persona.key != "chen"]
    assert not any(name in body for name in others)
    assert raw_get(room.base_url, "/me/plan.ics")[0] == 403


def test_the_report_download_is_that_persons_report_only(room: RunningApp) -> None:
    status, body, headers = raw_get(room.base_url, "/me/report.html", room.token("demo-bilal"))
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "attachment" in headers["content-disposition"]
    assert "Bilal Haddad" in body
    for persona in PERSONAS:
        if persona.key != "bilal":
            assert persona.name not in body and persona.story not in body, persona.key
    assert raw_get(room.base_url, "/me/report.html")[0] == 403
    assert raw_get(room.base_url, "/me/report.html?participant=demo-chen")[0] == 403


def test_the_last_steps_offer_the_downloads_as_links(room: RunningApp) -> None:
    with chromium_page() as page:
        page.goto(room.join_url("demo-gabriel"))
        page.goto(f"{room.base_url}/step/06_commit_and_check_out")
        link = page.locator("a.nr-download-report")
        link.wait_for(timeout=PAGE_TIMEOUT_MS)
        with page.expect_download() as downloaded:
            link.click()
        path = downloaded.value.path()
        assert "Gabriel Souza" in Path(path).read_text(encoding="utf-8")
        with page.expect_download() as calendar:
            page.locator("a.nr-download-calendar").click()
        assert "BEGIN:VCALENDAR" in Path(calendar.value.path()).read_text(encoding="utf-8")

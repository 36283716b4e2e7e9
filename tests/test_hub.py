"""The hub mode with real processes: JupyterHub (the shipped configuration, the dummy
authenticator and the simple local-process spawner), configurable-http-proxy, each person's
`nextround app --hub`, the facilitators' console service, a throwaway PostgreSQL store and
Chromium. Two participants and a facilitator sign in as people would."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium
from hub_server import RunningHub, require_hub_tools, running_hub, sign_in
from pg_server import PostgresServer, new_database

from kit.core.store import Store
from kit.core.workspace import notebooks_dir

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PARTICIPANTS = ["ada", "ben.okafor"]
FACILITATOR = "fran"
ADMIN = "olu"  # a hub admin: JupyterHub's admin role may open anyone's server
COHORT_TITLE = "Hub spring"
PAGE_TIMEOUT_MS = 150_000
HOPES = ".nr-exercise-hopes-for-today textarea"


@dataclass
class SignedIn:
    hub: RunningHub
    pages: dict[str, Any]
    kernels: dict[str, str]


@pytest.fixture(scope="module")
def hub(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[RunningHub]:
    require_chromium()
    require_hub_tools()
    postgres_server: PostgresServer = request.getfixturevalue("postgres_server")
    store_url, janitor = new_database(postgres_server)
    store = Store.create(store_url)
    cohort = store.create_cohort(COHORT_TITLE)
    store.close()
    try:
        with running_hub(
            tmp_path_factory.mktemp("hub"),
            store_url,
            cohort.id,
            participants=PARTICIPANTS,
            facilitators=[FACILITATOR],
            admins=(ADMIN,),
        ) as running:
            yield running
    finally:
        janitor.drop()


@pytest.fixture(scope="module")
def signed_in(hub: RunningHub) -> Iterator[SignedIn]:
    """Both participants signed in through Chromium, each with step 00 filled in."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            pages: dict[str, Any] = {}
            kernels: dict[str, str] = {}
            for user in [*PARTICIPANTS, FACILITATOR, ADMIN]:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                pages[user] = context.new_page()
                pages[user].set_default_timeout(PAGE_TIMEOUT_MS)
            for user in PARTICIPANTS:
                page = pages[user]
                sign_in(page, hub, user)
                box = page.locator(HOPES).first
                box.wait_for()
                box.fill(f"Clear next steps, says {user}")
                box.press("Tab")
                page.locator(".nr-emotion-joy button", has_text="calm").click()
                kernels[user] = kernel_id_of(page)
            yield SignedIn(hub, pages, kernels)
        finally:
            browser.close()


def kernel_id_of(page: Any) -> str:
    found = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page.content())
    assert found, "the page names its kernel"
    return found.group(1)


def stored_answer(hub: RunningHub, participant_id: str, exercise_id: str) -> Any:
    store = Store.open(hub.store_url)
    try:
        revision = store.latest_answer(participant_id, exercise_id)
        return None if revision is None else revision.value
    finally:
        store.close()


def wait_for_answer(hub: RunningHub, participant_id: str, exercise_id: str, check: Any) -> Any:
    deadline = time.monotonic() + 60
    value = None
    while time.monotonic() < deadline:
        value = stored_answer(hub, participant_id, exercise_id)
        if value is not None and check(value):
            return value
        time.sleep(0.3)
    raise AssertionError(f"{participant_id} {exercise_id}: {value!r}")


def test_each_participant_lands_on_step_00_and_answers_under_their_hub_name(
    signed_in: SignedIn,
) -> None:
    hub = signed_in.hub
    ada, ben = signed_in.pages["ada"], signed_in.pages["ben.okafor"]
    assert ada.url == f"{hub.base_url}/user/ada/step/00_check_in"
    assert ben.url == f"{hub.base_url}/user/ben.okafor/step/00_check_in"
    ada.locator(".nr-working-as", has_text="ada").wait_for()
    text = ada.inner_text("body")
    assert "open_step" not in text and "step.exercise" not in text
    assert ada.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor").count() == 0
    store = Store.open(hub.store_url)
    try:
        people = {person.display_name: person for person in store.list_participants()}
    finally:
        store.close()
    assert set(people) == set(PARTICIPANTS), "the facilitator is nobody's participant"
    for user, person in people.items():
        assert person.cohort_id == hub.cohort_id
        wait_for_answer(
            hub, person.id, "hopes_for_today", lambda v, u=user: v["in_my_words"].endswith(u)
        )
        wait_for_answer(
            hub,
            person.id,
            "mood_check_in",
            lambda v: any(e["family"] == "joy" for e in v["emotions"]),
        )
    assert people["ada"].id == "ada"
    assert people["ben.okafor"].id.startswith("ben-okafor--")
    calendar = ada.request.get(f"{hub.base_url}/user/ada/me/plan.ics")
    assert calendar.status == 200 and calendar.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in calendar.text()


def test_no_kernel_holds_the_hubs_token(signed_in: SignedIn) -> None:
    """The server keeps the hub's API token; its kernel starter and kernels never have it."""
    for user in PARTICIPANTS:
        processes = signed_in.hub.user_processes(user)
        server = [p for p in processes if "--hub" in p.cmdline()]
        below = [p for p in processes if p not in server]
        assert len(server) == 1 and below, (user, [p.cmdline() for p in processes])
        assert "JUPYTERHUB_API_TOKEN" in server[0].environ()
        for process in below:
            leaked = [key for key in process.environ() if key.startswith("JUPYTERHUB_")]
            assert not leaked, (process.cmdline(), leaked)


def test_a_participant_cannot_open_another_persons_server_or_the_console(
    signed_in: SignedIn,
) -> None:
    hub, ada = signed_in.hub, signed_in.pages["ada"]
    ben_kernel = signed_in.kernels["ben.okafor"]
    for path in (
        "/user/ben.okafor/step/00_check_in",
        "/user/ben.okafor/",
        f"/user/ben.okafor/api/kernels/{ben_kernel}",
        "/hub/user/ben.okafor/",
        "/services/facilitator/console",
        "/services/facilitator/projector",
        "/services/facilitator/",
    ):
        response = ada.goto(hub.base_url + path)
        body = ada.content()
        assert response is not None and response.status in (403, 404), (path, response.status)
        assert "says ben.okafor" not in body and ben_kernel not in body, path
        assert "Hub spring" not in body, path
    response = ada.request.get(f"{hub.base_url}/user/ada/api/kernels/{ben_kernel}")
    assert response.status in (403, 404)


def test_a_hub_admin_cannot_open_a_participants_pages(signed_in: SignedIn) -> None:
    """The hub lets its admins into any server; the participant's server still refuses."""
    hub, page = signed_in.hub, signed_in.pages[ADMIN]
    sign_in(page, hub, ADMIN, then="/hub/home")
    page.wait_for_url(f"{hub.base_url}/hub/home")
    for path in ("/user/ada/step/00_check_in", "/user/ada/", "/user/ada/me/plan.ics"):
        response = page.goto(hub.base_url + path)
        if "/hub/api/oauth2/authorize" in page.url:  # the hub asks its admin to confirm
            with page.expect_navigation() as navigation:
                page.locator("form [type=submit]").first.click()
            response = navigation.value
        assert response is not None and response.status == 403, (path, response.status)
        body = page.content()
        assert "someone else's" in body and "says ada" not in body, path


def test_a_persons_server_offers_no_lab_no_files_and_no_code(signed_in: SignedIn) -> None:
    hub, ada = signed_in.hub, signed_in.pages["ada"]
    for path in (
        "/user/ada/lab",
        "/user/ada/tree",
        "/user/ada/api/contents",
        "/user/ada/api/sessions",
        "/user/ada/api/terminals",
        "/user/ada/voila/render/00_check_in.ipynb",
        "/user/ada/voila/tree",
        "/user/ada/voila/files/00_check_in.ipynb",
        "/user/ada/j/anything",
    ):
        response = ada.request.get(hub.base_url + path)
        assert response.status == 404, (path, response.status)
        assert "Nothing here" in response.text()


def test_the_facilitator_signs_in_to_the_console_which_shows_both_participants(
    signed_in: SignedIn,
) -> None:
    hub, page = signed_in.hub, signed_in.pages[FACILITATOR]
    sign_in(page, hub, FACILITATOR)
    page.wait_for_url(f"{hub.base_url}/services/facilitator/console")
    joined = page.locator(".nr-room p", has_text="on the roster have joined")
    joined.wait_for()
    assert "2 of 2" in joined.inner_text()
    pairs = page.locator(".nr-console", has_text="Who is in the room").last.inner_text()
    assert "ada" in pairs and "ben.okafor" in pairs
    projector = page.goto(f"{hub.base_url}/services/facilitator/projector")
    assert projector is not None
    assert projector.status == (200 if (notebooks_dir() / "projector.ipynb").is_file() else 404)
    page.goto(f"{hub.base_url}/hub/spawn")
    page.get_by_text("Facilitators have no workshop pages").first.wait_for()
    store = Store.open(hub.store_url)
    try:
        assert FACILITATOR not in {p.display_name for p in store.list_participants()}
    finally:
        store.close()


def test_without_signing_in_nothing_is_served(hub: RunningHub, tmp_path: Path) -> None:
    import urllib.error
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    for path in ("/user/ada/step/00_check_in", "/services/facilitator/console"):
        try:
            response = opener.open(hub.base_url + path, timeout=30)
            status = response.status
        except urllib.error.HTTPError as error:
            status, location = error.code, error.headers.get("Location", "")
            assert status in (302, 303) and "/hub/" in location, (path, status, location)
            continue
        raise AssertionError(f"{path} answered {status} without signing in")

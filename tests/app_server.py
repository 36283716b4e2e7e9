"""Support for participant-app tests: a real `nextround app` on a free port, and raw HTTP.

The app runs as its own process, exactly as a facilitator starts it, over a store in the
test's folder; it is stopped (and everything it started with it) when the test is done.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from browser import free_port

from kit.app import links
from kit.app.server import JOIN_COOKIE
from kit.core.store import Store


@dataclass(frozen=True)
class RunningApp:
    base_url: str
    home: Path
    store_url: str
    log: Path
    process: subprocess.Popen[bytes]

    def join_url(self, participant_id: str) -> str:
        store = Store.open(self.store_url)
        try:
            cohort = store.get_participant(participant_id).cohort_id
            assert cohort is not None
            found = links.personal_links(store, cohort, self.base_url, only=participant_id)
        finally:
            store.close()
        return found[0].url

    def token(self, participant_id: str) -> str:
        return self.join_url(participant_id).rsplit("/", 1)[1]


@contextmanager
def running_app(home: Path, cohort_id: str | None, store_url: str) -> Iterator[RunningApp]:
    """Start `nextround app` for ``cohort_id`` (None: alone) over ``store_url``; stop it after."""
    port = free_port()
    env = {**os.environ, "NEXTROUND_HOME": str(home), "NEXTROUND_DB": store_url}
    for name in ("NEXTROUND_PARTICIPANT", "JUPYTERHUB_USER", "NEXTROUND_APP_MODE"):
        env.pop(name, None)
    command = [sys.executable, "-m", "kit.cli", "-v", "app", "--port", str(port)]
    if cohort_id is not None:
        command += ["--cohort", cohort_id]
    log_path = home / "app.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, process, log_path)
        yield RunningApp(base_url, home, store_url, log_path, process)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited early:\n{log.read_text()}")
        try:
            raw_get(base_url, "/")
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the app did not answer within 120 s:\n{log.read_text()}")


def raw_get(
    base_url: str, path: str, token: str | None = None, method: str = "GET"
) -> tuple[int, str, dict[str, str]]:
    """Exactly this path on the wire (browsers tidy ``..`` away), with a join cookie if given."""
    address = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    headers = {"Cookie": f"{JOIN_COOKIE}={links.read_token(token)}"} if token else {}
    try:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, body, {key.lower(): value for key, value in response.getheaders()}
    finally:
        connection.close()


@contextmanager
def demo_room(home: Path) -> Iterator[RunningApp]:
    """The demo cohort served by a real app (one per test module: pages share nothing)."""
    from kit.core.workspace import as_url
    from kit.room.demo import build_demo

    store_url = as_url(home / "room.sqlite")
    store = Store.open(store_url, create=True)
    build_demo(store)
    store.close()
    with running_app(home, "demo", store_url) as app:
        yield app


def open_step(page: Any, app: RunningApp, participant_id: str, step_id: str) -> Any:
    """Open ``participant_id``'s personal link, then their page of ``step_id``; wait for it."""
    page.goto(app.join_url(participant_id))
    if not page.url.endswith(f"/step/{step_id}"):
        page.goto(f"{app.base_url}/step/{step_id}")
    page.locator(".nr-working-as").wait_for(timeout=120_000)
    return page


def store_of(app: RunningApp) -> Store:
    return Store.open(app.store_url)

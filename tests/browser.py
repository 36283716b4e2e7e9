"""Support for browser tests: a real JupyterLab (`nextround lab`) and Debian's Chromium.

Playwright's Python package drives /usr/bin/chromium (never a downloaded browser). Without
Chromium the browser tests skip with a message saying how to enable them; under CI
(``CI=true``) a missing browser is a failure instead, so CI can never pass by skipping.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kit.core.workspace import notebooks_dir

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = (
        "browser tests need Debian's Chromium at /usr/bin/chromium: "
        "run `sudo apt-get install chromium` to enable them"
    )
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


@dataclass(frozen=True)
class Lab:
    base_url: str
    token: str
    home: Path

    def notebook_url(self, name: str) -> str:
        return f"{self.base_url}/lab/tree/{name}?token={self.token}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_lab(home: Path, extra_env: dict[str, str] | None = None) -> Iterator[Lab]:
    """Start `nextround lab` on a free port with a token; stop it afterwards.

    Lab serves a copy of the notebooks inside ``home`` (Lab autosaves what it shows, outputs
    included, and must never write into the repository) and keeps its own workspace state
    there too, so one test's open tabs are never restored into the next test's Lab.
    """
    port, token = free_port(), secrets.token_hex(16)
    notebooks = home / "notebooks"
    shutil.copytree(
        notebooks_dir(),
        notebooks,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints"),
    )
    env = {
        **os.environ,
        "NEXTROUND_HOME": str(home),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "lab-workspaces"),
        **(extra_env or {}),
    }
    for name in ("NEXTROUND_PARTICIPANT", "NEXTROUND_DB", "JUPYTERHUB_USER"):
        if name not in (extra_env or {}):
            env.pop(name, None)
    log = (home / "lab.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kit.cli",
            "lab",
            "--port",
            str(port),
            "--token",
            token,
            "--notebook-dir",
            str(notebooks),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base_url}/api/status?token={token}", process, home / "lab.log")
        yield Lab(base_url, token, home)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_for(
    url: str, process: subprocess.Popen[bytes], log_path: Path, timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"JupyterLab did not answer within {timeout} s:\n{log_path.read_text()}")


@contextmanager
def chromium_page() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(30_000)
        try:
            yield page
        finally:
            browser.close()


def open_and_run_all(page: Any, lab: Lab, notebook: str) -> None:
    """Open a notebook in Lab, wait for its kernel, and run every cell from the Run menu."""
    page.goto(lab.notebook_url(notebook))
    page.wait_for_selector("#jp-main-statusbar >> text=/Idle/", timeout=180_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


def scroll_notebook_to(page: Any, selector: str, timeout: float = 60.0) -> None:
    """Bring a cell's output into the page: Lab 4 only renders cells near the viewport.

    Scrolls the open notebook from the top in steps, letting Lab render after each one, until
    ``selector`` is attached; then scrolls it into view. Fails naming the selector otherwise.
    """
    panel = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"
    deadline = time.monotonic() + timeout
    top = 0
    while time.monotonic() < deadline:
        height = page.evaluate(
            "([panel, top]) => { const p = document.querySelector(panel); if (!p) return 0; "
            "p.scrollTop = top; return p.scrollHeight; }",
            [panel, top],
        )
        page.wait_for_timeout(250)
        if page.locator(selector).count():
            page.locator(selector).first.scroll_into_view_if_needed()
            return
        top = 0 if top > height else top + 300
    raise AssertionError(f"{selector!r} never appeared in the notebook")

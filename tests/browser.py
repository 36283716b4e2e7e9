"""Support for browser tests: a real JupyterLab (`nextround lab`), step pages served by Voilà
as participants see them, and Debian's Chromium.

Playwright's Python package drives /usr/bin/chromium (never a downloaded browser). Without
Chromium the browser tests skip with a message saying how to enable them; under CI
(``CI=true``) a missing browser is a failure instead, so CI can never pass by skipping.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
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
    url: str,
    process: subprocess.Popen[bytes],
    log_path: Path,
    timeout: float = 60,
    server: str = "JupyterLab",
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{server} exited early:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{server} did not answer within {timeout} s:\n{log_path.read_text()}")


# -- step pages as participants see them: Voilà, no code, no Jupyter ---------------------------


@dataclass(frozen=True)
class Voila:
    base_url: str
    home: Path
    notebooks: Path

    def page_url(self, notebook: str) -> str:
        return f"{self.base_url}/voila/render/{notebook}"

    def exercise_count(self, notebook: str) -> int:
        """How many exercises (or notices in their place) the step's notebook shows."""
        cells = json.loads((self.notebooks / notebook).read_text(encoding="utf-8"))["cells"]
        return sum(
            "".join(cell["source"]).count(".exercise(")
            for cell in cells
            if cell["cell_type"] == "code"
        )


@contextmanager
def running_voila(home: Path, participant_id: str) -> Iterator[Voila]:
    """Serve a copy of the step notebooks with plain Voilà, every page working as
    ``participant_id`` (as the participant app does once a join link is checked).

    The copy lives in ``home`` so nothing can write into the repository's notebooks. Voilà
    and the kernels it starts share one process group, ended as a whole afterwards.
    """
    port = free_port()
    notebooks = home / "notebooks"
    shutil.copytree(
        notebooks_dir(),
        notebooks,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "reports"),
    )
    env = {**os.environ, "NEXTROUND_HOME": str(home), "NEXTROUND_PARTICIPANT": participant_id}
    for name in ("NEXTROUND_DB", "JUPYTERHUB_USER", "NEXTROUND_APP_MODE"):
        env.pop(name, None)
    log_path = home / f"voila-{participant_id}.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voila",
            str(notebooks),
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            "--show_tracebacks=True",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base_url}/", process, log_path, server="Voilà")
        yield Voila(base_url, home, notebooks)
    finally:
        _stop_group(process)
        log.close()


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """End a server started in its own session, and every kernel it started."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def open_step_page(page: Any, voila: Voila, notebook: str) -> None:
    """Open a step page and wait until every exercise on it is drawn."""
    expected = voila.exercise_count(notebook)
    page.goto(voila.page_url(notebook), timeout=120_000)
    page.wait_for_function(
        "n => document.querySelectorAll('.nr-exercise, .nr-notice').length >= n",
        arg=expected,
        timeout=120_000,
    )
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # one more layout pass for late fonts and icons


# What a page looks like to a participant, read in the browser: the problems the issue lists.
_LAYOUT_PROBLEMS_JS = """
() => {
  const name = (el) => {
    const exercise = el.closest('.nr-exercise');
    const where = exercise ? [...exercise.classList].find(c => c.startsWith('nr-exercise-')) : '';
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim();
    return `${where || el.id || el.tagName.toLowerCase()} ${el.tagName.toLowerCase()}`
      + ` "${text.slice(0, 40)}"`;
  };
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > innerWidth) {
    problems.push(`the page scrolls sideways: ${root.scrollWidth} px wide in ${innerWidth}`);
  }
  for (const el of document.querySelectorAll('body *')) {
    if (!shown(el)) continue;
    const style = getComputedStyle(el);
    if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1
        && el.tagName !== 'TEXTAREA') {
      problems.push(`own horizontal scrollbar: ${name(el)} (${el.scrollWidth} px in ${el.clientWidth})`);
    }
    const right = el.getBoundingClientRect().right;
    if (right > innerWidth + 1 && el.closest('.nr-step, .nr-identity, .nr-exercise, .nr-notice')) {
      problems.push(`wider than the screen: ${name(el)} (right edge at ${Math.round(right)} px)`);
    }
  }
  const texts = 'button, label, legend, .widget-label, .widget-label-basic, .widget-toggle-button';
  for (const el of document.querySelectorAll(texts)) {
    if (shown(el) && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`text cut short: ${name(el)} (${el.scrollWidth} px in ${el.clientWidth})`);
    }
  }
  for (const el of document.querySelectorAll('textarea, input[type=text], input:not([type])')) {
    if (shown(el) && /mono|courier/i.test(getComputedStyle(el).fontFamily)) {
      problems.push(`monospace text box: ${name(el)}`);
    }
  }
  return problems;
}
"""


def layout_problems(page: Any) -> list[str]:
    """What does not fit the screen the page is on: sideways scrolling, widgets with their
    own horizontal scrollbar or sticking out, labels and buttons cut short, monospace boxes."""
    return list(page.evaluate(_LAYOUT_PROBLEMS_JS))


SERIOUS = ("critical", "serious")
EVERY_IMPACT = ("critical", "serious", "moderate", "minor")


def axe_violations(page: Any, impacts: tuple[str, ...] = SERIOUS) -> list[str]:
    """axe-core's findings of these impacts on the page, one line per rule."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}×): "
        f"{violation['help']} — e.g. {violation['nodes'][0]['html'][:160]}"
        for violation in results.response["violations"]
        if violation["impact"] in impacts
    ]


@contextmanager
def chromium() -> Iterator[Any]:
    """One headless Chromium for several pages (skips without Chromium)."""
    from playwright.sync_api import sync_playwright

    require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


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

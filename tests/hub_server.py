"""A real JupyterHub on loopback for the hub tests and benchmark: the shipped configuration
(``deploy/jupyterhub/jupyterhub_config.py``) with only what a test machine lacks swapped.

What is swapped, in a small configuration file that loads the shipped one first: the
organisation's sign-on becomes JupyterHub's dummy authenticator with one password (and the
test's user names), systemd's spawner becomes JupyterHub's simple local-process spawner (home
folders in the test's folder), and the hub, its API and the proxy listen on free loopback
ports. Everything Next Round adds (the app as each person's server, the store from
``NEXTROUND_DB``, the cohort, the facilitators group, role and console service, where people
land, the idle culler) is the shipped file's.

configurable-http-proxy comes from the npm registry into ``.hub-tools/`` (``make hub-tools``,
run by ``make test`` and ``.ci/run``). Without it or without node the hub tests are skipped
with the reason, except under ``CI=true``, where they fail.

Every process the hub starts (proxy, services, each person's server, their kernels) is a
descendant of the hub: the harness notes them all before stopping the hub and kills any that
outlive it, also when the test failed.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import pytest
from browser import free_port

REPO = Path(__file__).resolve().parent.parent
SHIPPED_CONFIG = REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PROXY = REPO / ".hub-tools" / "node_modules" / ".bin" / "configurable-http-proxy"
HUB_START_SECONDS = 90

OVERLAY = """\
c = get_config()  # noqa: F821
load_subconfig({shipped!r})  # noqa: F821
# A test machine has no organisation sign-on and no systemd: JupyterHub's own stand-ins.
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allowed_users = {users!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.log_level = "INFO"
"""


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def require_hub_tools() -> None:
    """Skip (or, under CI, fail) a test that needs node and configurable-http-proxy."""
    missing = []
    if shutil.which("node") is None:
        missing.append("node (Debian: apt-get install nodejs npm)")
    if not PROXY.exists():
        missing.append(f"configurable-http-proxy in {PROXY.parent.parent} (run `make hub-tools`)")
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        missing.append("jupyterhub (pip install -e '.[test]')")
    if not missing:
        return
    message = "JupyterHub tests need " + " and ".join(missing)
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@dataclass(frozen=True)
class RunningHub:
    base_url: str
    password: str
    store_url: str
    cohort_id: str
    folder: Path
    log: Path
    process: subprocess.Popen[bytes]

    def user_processes(self, hub_user: str) -> list[psutil.Process]:
        """The processes of one person's server: the app, its kernel starter, its kernels."""
        found = []
        for child in psutil.Process(self.process.pid).children(recursive=True):
            with suppress(psutil.Error):
                if child.environ().get("JUPYTERHUB_USER") == hub_user or any(
                    parent.environ().get("JUPYTERHUB_USER") == hub_user
                    for parent in child.parents()
                    if parent.pid != self.process.pid
                ):
                    found.append(child)
        return found


@contextmanager
def running_hub(
    folder: Path,
    store_url: str,
    cohort_id: str,
    *,
    participants: list[str],
    facilitators: list[str],
    admins: tuple[str, ...] = (),
) -> Iterator[RunningHub]:
    """Start JupyterHub with the shipped configuration (see the module docstring); stop it
    and everything it started afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    port = free_port()
    overlay = folder / "jupyterhub_test_config.py"
    overlay.write_text(
        OVERLAY.format(
            shipped=str(SHIPPED_CONFIG),
            password=password,
            users=set(participants + facilitators) | set(admins),
            homes=str(folder / "homes"),
            port=port,
            hub_port=free_port(),
            proxy_api_port=free_port(),
            proxy=str(PROXY),
        ),
        encoding="utf-8",
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("JUPYTERHUB_", "NEXTROUND_", "CONFIGPROXY_"))
    }
    env.update(
        NEXTROUND_DB=store_url,
        NEXTROUND_COHORT=cohort_id,
        NEXTROUND_HUB_FACILITATORS=",".join(facilitators),
        NEXTROUND_HUB_ADMINS=",".join(admins),
        NEXTROUND_HUB_STATE=str(folder / "state"),
        NEXTROUND_HUB_CONSOLE_PORT=str(free_port()),
    )
    (folder / "state").mkdir(exist_ok=True)
    log_path = folder / "jupyterhub.log"
    hub_bin = Path(sys.executable).with_name("jupyterhub")
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(hub_bin), "-f", str(overlay)],
            cwd=folder / "state",
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, process, log_path)
        yield RunningHub(base_url, password, store_url, cohort_id, folder, log_path, process)
    finally:
        stop_everything(process)


def _wait_until_up(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + HUB_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterHub exited early:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{base_url}/hub/api/", timeout=5) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            time.sleep(0.5)
    raise RuntimeError(
        f"JupyterHub did not answer within {HUB_START_SECONDS} s:\n"
        f"{log.read_text(errors='replace')[-4000:]}"
    )


def stop_everything(process: subprocess.Popen[bytes]) -> None:
    """Stop the hub (which stops the servers, services and proxy it started), then kill
    whatever of its descendants is still there."""
    try:
        descendants = psutil.Process(process.pid).children(recursive=True)
    except psutil.Error:
        descendants = []
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    _gone, alive = psutil.wait_procs(descendants, timeout=10)
    for leftover in alive:
        with suppress(psutil.Error):
            leftover.kill()
    psutil.wait_procs(alive, timeout=10)


def sign_in(page: Any, hub: RunningHub, user: str, then: str = "") -> None:
    """Sign in on the hub's own page, as a person would (then to ``then``, a hub path)."""
    page.goto(f"{hub.base_url}/hub/login" + (f"?next={then}" if then else ""))
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill(hub.password)
    page.locator("#login_submit").click()

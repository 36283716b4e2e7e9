"""How far one machine goes under JupyterHub, beside the room: time from signing in to the
first exercise ready, and memory per signed-in participant.

Starts what tests/test_hub.py starts (a real JupyterHub with the shipped configuration, the
dummy authenticator and the simple spawner, configurable-http-proxy, a throwaway PostgreSQL
store, Chromium), signs participants in one after another, then a group of them at once, and
measures each person's server (the app, its kernel starter and their page's kernel) by its
proportional set size (PSS: memory shared between processes is split between them, so the
figures add up). Then the same people through one `nextround app --cohort` over the same store
with their join links, for comparison.

    python benchmarks/bench_hub.py [--participants 6] [--together 4]

Needs node and configurable-http-proxy (`make hub-tools`), PostgreSQL's server binaries and
Chromium, like the hub test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import psutil  # noqa: E402
from app_server import running_app  # noqa: E402
from browser import chromium  # noqa: E402
from hub_server import RunningHub, running_hub  # noqa: E402
from pg_server import find_pg_bin, new_database, server_os_user, start_server  # noqa: E402

from kit.app import links  # noqa: E402
from kit.core.store import Store  # noqa: E402

FIRST_EXERCISE = ".nr-exercise"
TIMEOUT_MS = 300_000
MB = 1024 * 1024


def pss(processes: list[psutil.Process]) -> int:
    """Proportional set size of these processes, in bytes (gone ones count as nothing)."""
    total = 0
    for process in processes:
        with suppress(psutil.Error):
            total += process.memory_full_info().pss
    return total


def parts(processes: list[psutil.Process]) -> dict[str, float]:
    """One person's server by part: the app itself, its kernel starter, their page kernels."""
    found = {"app": 0.0, "kernel starter": 0.0, "page kernels": 0.0}
    for process in processes:
        with suppress(psutil.Error):
            parent = process.parent()
            if "--hub" in process.cmdline():
                part = "app"
            elif parent is not None and "--hub" in parent.cmdline():
                part = "kernel starter"  # forked kernels keep its command line: ask the parent
            else:
                part = "page kernels"
            found[part] += process.memory_full_info().pss / MB
    return found


def new_page(browser: Any) -> Any:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


def hub_sign_in_seconds(page: Any, hub: RunningHub, user: str) -> float:
    """From pressing "Sign in" to the first exercise of step 00 on screen."""
    page.goto(f"{hub.base_url}/hub/login")
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill(hub.password)
    started = time.perf_counter()
    page.locator("#login_submit").click()
    page.locator(FIRST_EXERCISE).first.wait_for()
    return time.perf_counter() - started


def measure_hub(
    folder: Path, store_url: str, cohort_id: str, people: int, together: int
) -> dict[str, Any]:
    alone = [f"person{i:02d}" for i in range(people)]
    group = [f"group{i:02d}" for i in range(together)]
    figures: dict[str, Any] = {}
    with (
        running_hub(
            folder, store_url, cohort_id, participants=alone + group, facilitators=["fran"]
        ) as hub,
        chromium() as browser,
    ):
        hub_tree = psutil.Process(hub.process.pid)
        figures["hub_idle_mb"] = pss([hub_tree, *hub_tree.children(recursive=True)]) / MB
        pages = {user: new_page(browser) for user in alone}
        figures["sign_in_s"] = [hub_sign_in_seconds(pages[user], hub, user) for user in alone]
        time.sleep(2)  # let the pages settle before measuring
        figures["per_person_mb"] = [pss(hub.user_processes(user)) / MB for user in alone]
        figures["parts_mb"] = parts(hub.user_processes(alone[0]))
        everyone = [hub_tree, *hub_tree.children(recursive=True)]
        figures["hub_total_mb"] = pss(everyone) / MB
        group_pages = {user: new_page(browser) for user in group}
        for user, page in group_pages.items():  # the sign-in page is open, as people wait
            page.goto(f"{hub.base_url}/hub/login")
            page.locator("#username_input").fill(user)
            page.locator("#password_input").fill(hub.password)
        started = time.perf_counter()
        for page in group_pages.values():
            page.locator("#login_submit").click(no_wait_after=True)
        for page in group_pages.values():
            page.locator(FIRST_EXERCISE).first.wait_for()
        figures["together_all_ready_s"] = time.perf_counter() - started
        for page in [*pages.values(), *group_pages.values()]:
            page.context.close()
    return figures


def measure_room(folder: Path, store_url: str, people: int) -> dict[str, Any]:
    folder.mkdir(parents=True, exist_ok=True)
    store = Store.open(store_url)
    cohort = store.create_cohort("Bench room")
    ids = [store.add_participant(f"Room person {i}", cohort_id=cohort.id).id for i in range(people)]
    store.close()
    figures: dict[str, Any] = {}
    with running_app(folder, cohort.id, store_url) as app, chromium() as browser:
        tree = psutil.Process(app.process.pid)
        store = Store.open(store_url)
        joins = {
            found.participant.id: found.url
            for found in links.personal_links(store, cohort.id, app.base_url)
        }
        store.close()
        idle = pss([tree, *tree.children(recursive=True)])
        times, pages = [], []
        for participant_id in ids:
            page = new_page(browser)
            started = time.perf_counter()
            page.goto(joins[participant_id])
            page.locator(FIRST_EXERCISE).first.wait_for()
            times.append(time.perf_counter() - started)
            pages.append(page)
        time.sleep(2)
        busy = pss([tree, *tree.children(recursive=True)])
        figures["open_s"] = times
        figures["idle_mb"] = idle / MB
        figures["per_person_mb"] = (busy - idle) / MB / people
        for page in pages:
            page.context.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=6, help="signed in one by one")
    parser.add_argument("--together", type=int, default=4, help="then signing in at once")
    args = parser.parse_args()
    pg_bin = find_pg_bin()
    if pg_bin is None:
        sys.exit("No PostgreSQL server binaries (Debian: apt-get install postgresql).")
    server = start_server(pg_bin, server_os_user())
    try:
        with tempfile.TemporaryDirectory(prefix="nextround-bench-hub-") as tmp:
            folder = Path(tmp)
            store_url, janitor = new_database(server)
            try:
                store = Store.create(store_url)
                cohort = store.create_cohort("Bench hub")
                store.close()
                hub = measure_hub(
                    folder / "hub", store_url, cohort.id, args.participants, args.together
                )
                room = measure_room(folder / "room", store_url, args.participants)
            finally:
                janitor.drop()
    finally:
        server.stop()
    report(hub, room, args.participants, args.together)


def report(hub: dict[str, Any], room: dict[str, Any], people: int, together: int) -> None:
    hub_first = statistics.median(hub["sign_in_s"])
    room_first = statistics.median(room["open_s"])
    hub_mb = statistics.median(hub["per_person_mb"])
    print(f"{people} participants one after another, then {together} at once (2-core machine)")
    print()
    print("                                   hub (own server each)   room (one app)   ratio")
    print(
        f"to the first exercise, median s    {hub_first:>10.1f}            "
        f"{room_first:>10.1f}      {hub_first / room_first:>5.1f}"
    )
    print(
        f"memory per participant, MB (PSS)   {hub_mb:>10.0f}            "
        f"{room['per_person_mb']:>10.0f}      {hub_mb / room['per_person_mb']:>5.1f}"
    )
    print()
    print(
        f"hub: sign-in to first exercise min {min(hub['sign_in_s']):.1f} s, "
        f"max {max(hub['sign_in_s']):.1f} s; {together} at once: all ready after "
        f"{hub['together_all_ready_s']:.1f} s"
    )
    print(
        f"hub: per person min {min(hub['per_person_mb']):.0f} MB, max "
        f"{max(hub['per_person_mb']):.0f} MB; the hub, proxy, console service and culler "
        f"{hub['hub_idle_mb']:.0f} MB; all with {people} people {hub['hub_total_mb']:.0f} MB"
    )
    print(
        "hub: one person's server: "
        + ", ".join(f"{name} {size:.0f} MB" for name, size in hub["parts_mb"].items())
    )
    print(f"room: the app with no one on it {room['idle_mb']:.0f} MB")


if __name__ == "__main__":
    main()

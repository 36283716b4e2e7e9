"""A live room on one laptop: everyone connected, everyone saving at once, the facilitator
moving the room on.

    python benchmarks/bench_room.py [--people 30]

Simulated pages (`app_load.py`: websocket clients doing what each page does, no browser)
open every participant's link at once; then everyone saves an answer within the same second
(a changed text box, as the page sends it); then the facilitator opens the next step. Prints
p50/p95 of a save from the page to the store (until the page is told "Saved"), p95 for every
step bar to show the newly opened step, and memory per participant and in all.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from app_load import (
    Page,
    join_urls,
    kernel_memory,
    message,
    open_page,
    room_server,
    summary,
    wait_for_text,
)
from tornado.httpclient import AsyncHTTPClient

from kit.core.store import Store


async def save(page: Page, text: str) -> float:
    """Type into the hopes box as the page would, and wait until the page hears it was saved."""
    box = page.model_inside("nr-exercise-hopes-for-today", "TextareaModel")
    assert box is not None, "the hopes exercise has a text box"
    started = time.monotonic()
    await page.socket.write_message(
        message(
            "comm_msg",
            {
                "comm_id": box,
                "data": {"method": "update", "state": {"value": text}, "buffer_paths": []},
            },
        )
    )
    await wait_for_text(page.socket, "Saved")
    return time.monotonic() - started


async def room(urls: list[str], store_url: str) -> dict[str, object]:
    AsyncHTTPClient.configure(None, max_clients=200)
    client = AsyncHTTPClient()
    pages = await asyncio.gather(*(open_page(url, client) for url in urls))
    saves = await asyncio.gather(
        *(save(page, f"Bench answer {index}") for index, page in enumerate(pages))
    )
    store = Store.open(store_url)
    state = store.room_state("demo")
    opened = (
        (*state.opened_steps, "01_feelings_and_control")
        if state.paced
        else ("00_check_in", "01_feelings_and_control")
    )
    started = time.monotonic()
    store.set_room_state(
        "demo", opened_steps=opened, current_step="01_feelings_and_control", closed=False
    )
    store.close()

    async def follows(page: Page) -> float:
        await wait_for_text(page.socket, "data-room-step='01_feelings_and_control'", timeout=60)
        return time.monotonic() - started

    bars = await asyncio.gather(*(follows(page) for page in pages))
    for page in pages:
        page.socket.close()
    return {"ready": [p.ready_s for p in pages], "saves": saves, "bars": bars}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=30)
    args = parser.parse_args()
    with room_server(args.people) as server:
        urls = join_urls(server, args.people)
        figures = asyncio.run(room(urls, server.store_url))
        kernels, total = kernel_memory(server)
    ready, saves, bars = (summary(list(figures[key])) for key in ("ready", "saves", "bars"))  # type: ignore[arg-type]
    print(
        f"{args.people} participants connected at once: page ready p50 {ready['p50']} s, p95 {ready['p95']} s"
    )
    print(
        f"everyone saving in the same second: save p50 {saves['p50'] * 1000:.0f} ms, p95 {saves['p95'] * 1000:.0f} ms"
    )
    print(
        f"facilitator opens the next step: every step bar follows, p95 {bars['p95']} s (max {bars['max']} s)"
    )
    if kernels:
        per = statistics.median(kernels)
        print(
            f"memory: {per:.0f} MiB PSS per participant's page kernel, {total:.0f} MiB for the whole app"
        )
        print(
            json.dumps(
                {
                    "people": args.people,
                    "ready": ready,
                    "save": saves,
                    "step_bar": bars,
                    "kernel_pss_mib": round(per, 1),
                    "app_pss_mib": round(total),
                }
            )
        )


if __name__ == "__main__":
    main()

"""The participant app: from opening a personal link to the first exercise ready to answer.

    python benchmarks/bench_app.py [--crowd 20] [--rounds 3]

Prints, on this machine: one person alone (median of --rounds), then --crowd people opening
their links at the same moment (p50, p95, max over everyone), measured with simulated pages
(`app_load.py`: what a browser does on the wire, without drawing), plus one real Chromium
page for the drawing a participant's own device adds; the memory of one page's kernel (PSS,
shared pages split fairly) and of the whole app with the crowd connected.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from app_load import (
    join_urls,
    kernel_memory,
    open_page,
    room_server,
    summary,
    wait_for_prepared_pages,
)
from tornado.httpclient import AsyncHTTPClient


async def crowd(urls: list[str]) -> list[float]:
    AsyncHTTPClient.configure(None, max_clients=200)
    client = AsyncHTTPClient()
    pages = await asyncio.gather(*(open_page(url, client) for url in urls))
    for page in pages:
        page.socket.close()
    return [page.ready_s for page in pages]


async def one(url: str) -> float:
    client = AsyncHTTPClient()
    page = await open_page(url, client)
    page.socket.close()
    return page.ready_s


def chromium_first_exercise(url: str) -> float:
    from browser import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        started = time.monotonic()
        page.goto(url)
        page.locator(".nr-exercise").first.wait_for(timeout=120_000)
        seconds = time.monotonic() - started
        browser.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crowd", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with room_server(args.crowd + args.rounds + 1) as server:
        urls = join_urls(server, args.crowd + args.rounds + 1)
        prepared = wait_for_prepared_pages(server, len(urls))
        print(
            f"{prepared} pages prepared ahead for the room's step (the room opens before people join)"
        )
        alone = [asyncio.run(one(url)) for url in urls[: args.rounds]]
        print(
            f"one person alone: link to first exercise ready {statistics.median(alone):.2f} s (median of {args.rounds})"
        )
        browser = chromium_first_exercise(urls[args.rounds])
        print(f"one person in real Chromium (drawing included): {browser:.2f} s")
        started = time.monotonic()
        ready = asyncio.run(crowd(urls[args.rounds + 1 :]))
        wall = time.monotonic() - started
        kernels, total = kernel_memory(server)
        figures = summary(ready)
        print(
            f"{len(ready)} people at the same moment: ready p50 {figures['p50']} s, p95 {figures['p95']} s, "
            f"max {figures['max']} s (all in {wall:.1f} s)"
        )
        if kernels:
            print(
                f"memory: one page's kernel {statistics.median(kernels):.0f} MiB PSS (median of {len(kernels)}), "
                f"the whole app with them {total:.0f} MiB"
            )


if __name__ == "__main__":
    main()

"""How quickly the console and the projector keep up with the room (SQLite, synthetic cohorts).

Prints, for cohorts of 30 and 1,000 people with every group view answered: the projector's
once-a-second read when nothing changed and when an answer just arrived (the views are then
recomputed), the console's refresh and its build, and the time from a saved answer to the
projector's redraw with its real follower thread on a running event loop (median of a few
saves; the follower reads every second, so about half a second plus a read is expected).
Run with `python benchmarks/bench_console.py [--sizes 30,1000] [--repeats 5]`; nothing is
asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kit.core.content import Content
    from kit.core.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def median_ms(action: Callable[[], object], repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="30,1000")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    os.environ["NEXTROUND_HOME"] = tempfile.mkdtemp(prefix="nextround-bench-room-")
    from kit.core.content import load_content
    from kit.core.store import Store

    content = load_content()
    store = Store.open()
    print(f"{'cohort':>7}  {'what':<52} {'median':>10}")
    for size in (int(part) for part in args.sizes.split(",")):
        measure(store, content, size, args.repeats)


def measure(store: Store, content: Content, size: int, repeats: int) -> None:
    from test_group_views import _value

    from kit.core.store import utc_now
    from kit.room.console import FacilitatorConsole
    from kit.room.group_views import SOURCE_EXERCISES
    from kit.room.pace import start_session
    from kit.room.projector import Projector
    from kit.room.timer import RunOfShow

    cohort = f"room-{size}"
    store.create_cohort(f"Room of {size}", cohort_id=cohort)
    with store.transaction():
        people = [store.add_participant(f"Person {n}", cohort_id=cohort).id for n in range(size)]
        for index, person in enumerate(people):
            for exercise_id in SOURCE_EXERCISES:
                store.save_answer(person, exercise_id, _value(exercise_id, index))
    start_session(store, cohort, RunOfShow.of(content.ordered_steps()), utc_now())
    projector = Projector(store, content, cohort, follow=False)
    rng = random.Random(size)

    def answer() -> None:
        person = rng.choice(people)
        store.save_answer(person, "mood_check_in", _value("mood_check_in", rng.randint(0, 99)))

    def read_after_answer() -> None:
        answer()
        projector.read()

    def show(label: str, milliseconds: float) -> None:
        print(f"{size:>7}  {label:<52} {milliseconds:>8.1f} ms")

    show("projector read, nothing new (every second)", median_ms(projector.read, repeats))
    show(
        "projector read after a new answer (views recomputed)",
        median_ms(read_after_answer, repeats),
    )
    console = FacilitatorConsole(store, content, cohort_id=cohort, autotick=False)
    show("console refresh (pace, room page, views, pairs)", median_ms(console.refresh, repeats))
    show(
        "console built",
        median_ms(lambda: FacilitatorConsole(store, content, cohort_id=cohort, autotick=False), 3),
    )
    latency = asyncio.run(redraw_latency(store, content, cohort, answer, repeats))
    show("saved answer to projector redraw (real follower)", latency)


async def redraw_latency(
    store: Store, content: Content, cohort: str, answer: Callable[[], None], repeats: int
) -> float:
    """Median time from a save (in another thread) until the projector's follower, on this
    running loop, has read it and recomputed the views (an edit may leave them looking the
    same: views change only when k more people are counted)."""
    from kit.room.projector import Projector

    projector = Projector(store, content, cohort)
    samples = []
    try:
        for _ in range(repeats):
            await asyncio.sleep(1.3)  # between saves, so each lands at another point of a poll
            before = projector.cohort_views.version
            start = time.perf_counter()
            await asyncio.to_thread(answer)
            while projector.cohort_views.version == before:
                await asyncio.sleep(0.005)
            samples.append(time.perf_counter() - start)
    finally:
        projector.stop_following()
    return statistics.median(samples) * 1000


if __name__ == "__main__":
    main()

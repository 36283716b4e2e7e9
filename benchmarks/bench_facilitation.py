"""How long the facilitator's tools take on a full room (30 people, every view answered).

Prints seconds per operation: computing every group view from the store (what Refresh does),
building the console, making pairs for 30 people, and planning + applying a 30-row roster
import. Run with `python benchmarks/bench_facilitation.py`; nothing here is asserted.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

ROOM = 30


def timed(label: str, action: Callable[[], object], runs: int = 5) -> None:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    print(f"{label:<48} median {statistics.median(samples) * 1000:8.1f} ms  (n={runs})")


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="nextround-bench-"))
    os.environ["NEXTROUND_HOME"] = str(home)
    from test_group_views import _value

    from kit.core.content import load_content
    from kit.core.store import Store
    from kit.room.console import FacilitatorConsole
    from kit.room.group_views import SOURCE_EXERCISES, cohort_views
    from kit.room.pairs import make_pairs
    from kit.room.roster import apply_import, plan_import, read_table

    content = load_content()
    store = Store.open()
    store.create_cohort("Full room", cohort_id="room")
    people = [store.add_participant(f"Person {i}", cohort_id="room").id for i in range(ROOM)]
    for index, person in enumerate(people):
        for exercise_id in SOURCE_EXERCISES:
            store.save_answer(person, exercise_id, _value(exercise_id, index))
    timed("group views for 30 people (every view)", lambda: cohort_views(store, "room", content))
    timed(
        "console built against 30 people",
        lambda: FacilitatorConsole(store, content, cohort_id="room", autotick=False),
        runs=3,
    )
    timed("pairs for 30 people (no history)", lambda: make_pairs(people, rng=random.Random(1)))
    roster = home / "roster.csv"
    roster.write_text(
        "Name,Email\n" + "".join(f"Guest {i},guest{i}@example.org\n" for i in range(ROOM)),
        encoding="utf-8",
    )
    store.create_cohort("Import", cohort_id="imp")
    timed(
        "roster plan, 30 rows (preview only)",
        lambda: plan_import(read_table(roster), store, "imp", content),
    )
    start = time.perf_counter()
    apply_import(plan_import(read_table(roster), store, "imp", content), store, content)
    print(
        f"{'roster import applied, 30 new people':<48} {(time.perf_counter() - start) * 1000:8.1f} ms"
    )


if __name__ == "__main__":
    main()

"""What the privacy rules cost: group views replayed from the whole log, and a full erase.

Group views replay every revision of each view's exercise (not only the latest), so their
cost grows with how often people save; an erase rewrites the SQLite file (VACUUM) and empties
its WAL. Prints medians for a room of 30 people who saved each view's exercise 1 and 20 times,
and for erasing one of them. Run with `python benchmarks/bench_privacy.py`; the same script
runs against an older kit (PYTHONPATH) for a before/after; nothing here is asserted.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOM = 30
RUNS = 15


def value(exercise_id: str, rng: random.Random) -> dict[str, Any]:
    """A plausible answer of each view's exercise, with private text that views never read."""
    words = ["grief", "annoyance", "serenity", "interest", "fear", "trust"]
    return {
        "mood_check_in": {"emotions": [{"word": w} for w in rng.sample(words, 2)], "note": "n"},
        "mood_check_out": {"emotions": [{"word": w} for w in rng.sample(words, 2)], "note": "n"},
        "situation": {"kind": "external_job", "how_long_ago": "this_week", "details": "x" * 80},
        "feedback_sort": {
            "items": [
                {"id": f"f{i}", "text": "y" * 60, "category": "gap", "onet_skill": "2.A.1.a"}
                for i in range(4)
            ]
        },
        "position_decision": {"decision": "go_again", "why": "z" * 80},
        "advice_for_others": {"text": "advice " * 10, "share": rng.random() < 0.5},
        "session_feedback": {"rating": rng.randint(1, 5), "comment": "c" * 60},
    }[exercise_id]


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="nextround-bench-privacy-"))
    os.environ["NEXTROUND_HOME"] = str(home)
    from kit.core.content import load_content
    from kit.core.store import Store
    from kit.reports.data_rights import erase_participant
    from kit.room.group_views import SOURCE_EXERCISES, cohort_views

    content = load_content()
    rng = random.Random(7)
    results: dict[int, float] = {}
    for saves in (1, 20):
        store = Store.open(str(home / f"views-{saves}.sqlite"), create=True)
        store.create_cohort("Room", cohort_id="room")
        people = [store.add_participant(f"Person {i}", cohort_id="room").id for i in range(ROOM)]
        for _ in range(saves):
            for person in people:
                for exercise_id in SOURCE_EXERCISES:
                    store.save_answer(person, exercise_id, value(exercise_id, rng))
        samples = []
        for _ in range(RUNS):
            start = time.perf_counter()
            cohort_views(store, "room", content)
            samples.append(time.perf_counter() - start)
        results[saves] = median_ms(samples)
        print(
            f"group views, {ROOM} people x {saves:>2} saves per exercise "
            f"({ROOM * saves * len(SOURCE_EXERCISES):>5} revisions)  median {results[saves]:7.1f} ms"
        )
        if saves == 20:
            erase_times = []
            size = (home / f"views-{saves}.sqlite").stat().st_size
            for person in people[:RUNS]:
                start = time.perf_counter()
                erase_participant(store, person, home / "reports")
                erase_times.append(time.perf_counter() - start)
            print(
                f"erase one person from that store ({size / 1e6:.1f} MB file)"
                f"{'':>22}median {median_ms(erase_times):7.1f} ms"
            )
        store.close()
    print(f"ratio, 20 saves to 1 save per exercise{'':>29}{results[20] / results[1]:7.1f} x")


if __name__ == "__main__":
    sys.exit(main())

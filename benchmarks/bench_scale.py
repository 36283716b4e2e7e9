"""How far one machine goes for a programme: group views, the cohort report's data and the
console's who-needs-attention list for synthetic cohorts of 1,000 and 10,000 people.

    python benchmarks/bench_scale.py [--sizes 1000 10000] [--backend both] [--runs 5]

For each database (a SQLite file; a throwaway PostgreSQL server started with the tests'
harness, ``tests/pg_server.py``) and each size, a cohort is built through ``Store`` as a room
would fill it: each person answers the workshop's exercises in order (90% answer each), saving
one to three times, some first saving a partial answer that does not count yet; one person in
2,000 is erased half-way (their departures stay in the views). Then, medians of ``--runs``:

* every group view (``cohort_views``: what the console's Refresh and the report compute);
* the cohort report's data (``CohortSummary.load``: attendance, people per step, the views;
  no papermill kernel);
* one page of who needs attention (``who_needs_attention``: 25 people, with the totals);

and, in the same run, the code path these replaced (``--before-runs`` runs; 0 skips it):
group views replayed from every revision (``replayed_releases``, the release rule's
definition, which the kit used until now); the report as it read its numbers (every member,
and who answered what, gathered in Python); the console's reads for its room list (every
member and their last save). A last block shows what a pandas route would pay before any
grouping: reading every view revision into a frame and judging it in Python. Nothing here is
asserted; figures vary with the machine's load, which is printed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]
os.environ.setdefault("NEXTROUND_HOME", tempfile.mkdtemp(prefix="nextround-bench-scale-"))

from pg_server import find_pg_bin, new_database, server_os_user, start_server  # noqa: E402

from kit.core.content import Content, load_content  # noqa: E402
from kit.core.store import Store, utc_now  # noqa: E402
from kit.reports.cohort import CohortSummary, suppressed_count  # noqa: E402
from kit.reports.data_rights import erase_participant  # noqa: E402
from kit.room.attention import who_needs_attention  # noqa: E402
from kit.room.group_views import (  # noqa: E402
    _SPECS,
    FIELDS_READ,
    SOURCE_EXERCISES,
    cohort_min_group_size,
    cohort_views,
    compute_views,
    project,
    replayed_releases,
    skill_labels,
)

COHORT = "programme"
FILLER = [
    "I",
    "felt",
    "that",
    "the",
    "panel",
    "wanted",
    "more",
    "time",
    "and",
    "a",
    "clearer",
    "story",
    "about",
    "next",
    "steps",
]
SKILLS = ["2.A.1.a", "2.A.1.b", "2.B.1.a", "2.B.3.e", "2.A.2.a", "2.B.4.e"]
# The workshop's order, with exercises no view reads in between (they sit in the same table).
PHASES = [
    "confidentiality",
    "situation",
    "mood_check_in",
    "hopes_for_today",
    "name_emotions",
    "circle_of_control",
    "feedback_sort",
    "self_review",
    "position_decision",
    "plan_goals",
    "advice_for_others",
    "mood_check_out",
    "session_feedback",
]


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(FILLER) for _ in range(count))


def answer(exercise_id: str, rng: random.Random, content: Content) -> dict[str, Any]:
    """A complete answer in the exercise's shape, with the private text people write."""
    if exercise_id in ("mood_check_in", "mood_check_out"):
        picks = rng.sample(list(content.emotions), rng.randint(0, 4))
        return {
            "emotions": [{"word": word, "intensity": rng.randint(1, 3)} for word in picks],
            "note": words(rng, rng.randint(0, 30)),
        }
    if exercise_id == "situation":
        situation = content.exercise("situation")
        return {
            "kind": rng.choice(situation.option_values("kind")),
            "stage": None,
            "manager_knows": rng.choice(["yes", "no"]),
            "how_long_ago": rng.choice([*situation.option_values("how_long_ago"), None]),
            "details": words(rng, 20),
        }
    if exercise_id == "feedback_sort":
        return {
            "items": [
                {
                    "id": f"f{i}",
                    "text": words(rng, 15),
                    "category": rng.choice(["strength", "gap", "trait", None]),
                    "gap_kind": "skill",
                    "onet_skill": rng.choice(SKILLS),
                    "action": words(rng, 5),
                    "workaround": "",
                }
                for i in range(rng.randint(0, 5))
            ]
        }
    if exercise_id == "position_decision":
        decision = rng.choice(content.exercise("position_decision").option_values("decision"))
        return {"decision": decision, "own_option": "", "why": words(rng, 25)}
    if exercise_id == "advice_for_others":
        return {"text": words(rng, rng.randint(3, 30)), "share": rng.random() < 0.5}
    if exercise_id == "session_feedback":
        return {
            "rating": rng.randint(1, 5),
            "comment": words(rng, rng.randint(0, 20)),
            "share_comment": rng.random() < 0.5,
        }
    return {"text": words(rng, 40), "choice": rng.randint(1, 9)}


def started(exercise_id: str) -> dict[str, Any]:
    """A first save before the field that makes it count (a comment before the rating)."""
    if exercise_id == "session_feedback":
        return {"comment": "started", "share_comment": True}
    if exercise_id == "advice_for_others":
        return {"text": "started"}
    return {"note": "started"}


def build(store: Store, size: int, content: Content, reports: Path) -> dict[str, int]:
    """The synthetic cohort; returns what it holds."""
    rng = random.Random(size)
    store.create_cohort("Synthetic programme", cohort_id=COHORT)
    with store.transaction():
        people = [
            store.add_participant(f"Person {i}", cohort_id=COHORT, participant_id=f"p{i}").id
            for i in range(size)
        ]
    gone: set[str] = set()
    revisions = view_revisions = 0
    for number, exercise_id in enumerate(PHASES):
        saves = []
        for person in people:
            if person in gone or rng.random() > 0.9:
                continue
            count = 1 + int(rng.random() < 0.5) + int(rng.random() < 0.25)
            partial_first = rng.random() < 0.15
            saves += [(rng.random() + n, person, n == 0 and partial_first) for n in range(count)]
        saves.sort()
        with store.transaction():
            for _when, person, partial in saves:
                value = started(exercise_id) if partial else answer(exercise_id, rng, content)
                store.save_answer(person, exercise_id, value)
        revisions += len(saves)
        view_revisions += len(saves) if exercise_id in SOURCE_EXERCISES else 0
        if number == len(PHASES) // 2:
            for person in rng.sample(people, max(1, size // 2000)):
                erase_participant(store, person, reports)
                gone.add(person)
    return {"people": size - len(gone), "revisions": revisions, "view revisions": view_revisions}


# -- the code paths these replaced, kept here to be measured ---------------------------------


def views_replayed(store: Store, content: Content) -> object:
    """Group views as the kit computed them before: every revision read and replayed."""
    k = cohort_min_group_size(store, COHORT)
    return compute_views(replayed_releases(store, COHORT), k, content, skill_labels(content))


def report_data_before(store: Store, content: Content) -> object:
    """``CohortSummary.load`` as it was: every member listed, who answered what gathered in
    Python, and the replayed views."""
    k = cohort_min_group_size(store, COHORT)
    members = store.list_participants(COHORT)
    answered = store.answered_in_cohort(COHORT)
    everyone = set().union(*answered.values()) if answered else set()
    steps = []
    for step in content.ordered_steps():
        if step.in_session:
            ids = [exercise.id for exercise in content.exercises_of(step.id)]
            people = set().union(*(answered.get(eid, set()) for eid in ids))
            steps.append(suppressed_count(len(people), k))
    return len(members), suppressed_count(len(everyone), k), steps, views_replayed(store, content)


def room_list_before(store: Store) -> object:
    """The console's reads for its room list: every member and when each last saved."""
    return store.list_participants(COHORT), store.last_activity_in_cohort(COHORT)


def pandas_route(store: Store) -> object:
    """One read of every view revision into a frame, judged in Python, grouped by person:
    the entries a pandas route would start from (before any release or view)."""
    import pandas as pd  # imported before the clock starts (see measure)

    counts = {spec.exercise_id: spec.counts for spec in _SPECS}
    rows = [
        (revision.id, exercise_id, revision.participant_id, revision.value)
        for exercise_id in SOURCE_EXERCISES
        for revision in store.revisions_in_cohort(COHORT, exercise_id)
    ]
    frame = pd.DataFrame(rows, columns=["id", "exercise_id", "person", "value"])
    frame["counts"] = [
        counts[exercise_id](project(value, FIELDS_READ[exercise_id]))
        for exercise_id, value in zip(frame["exercise_id"], frame["value"], strict=True)
    ]
    return frame[frame["counts"]].groupby(["exercise_id", "person"])["id"].agg(["min", "max"])


# -- measuring -------------------------------------------------------------------------------


def median_seconds(action: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def line(label: str, seconds: float, runs: int, before: float | None = None) -> None:
    ratio = f"   before/now {before / seconds:6.1f}" if before else ""
    print(f"  {label:<50} {seconds:8.3f} s  (median of {runs}){ratio}")


def measure(store: Store, content: Content, args: argparse.Namespace) -> None:
    runs, before_runs = args.runs, args.before_runs
    now = utc_now()
    views = median_seconds(lambda: cohort_views(store, COHORT, content), runs)
    report = median_seconds(lambda: CohortSummary.load(store, COHORT, content), runs)
    attention = median_seconds(
        lambda: who_needs_attention(store, COHORT, quiet_minutes=10, now=now), runs
    )
    if before_runs:
        old_views = median_seconds(lambda: views_replayed(store, content), before_runs)
        line("before: group views replayed from every answer", old_views, before_runs)
        line("every group view", views, runs, old_views)
        old_report = median_seconds(lambda: report_data_before(store, content), before_runs)
        line("before: the cohort report's data", old_report, before_runs)
        line("the cohort report's data", report, runs, old_report)
        old_room = median_seconds(lambda: room_list_before(store), before_runs)
        line("before: the console's room list (everyone)", old_room, before_runs)
        line("who needs attention (a page of 25)", attention, runs, old_room)
    else:
        line("every group view", views, runs)
        line("the cohort report's data", report, runs)
        line("who needs attention (a page of 25)", attention, runs)
    if args.pandas:
        import pandas  # noqa: F401  (its import is not part of the route's time)

        frame = median_seconds(lambda: pandas_route(store), 1)
        line("pandas route: every view revision into a frame", frame, 1)


@contextmanager
def stores(backend: str, folder: Path) -> Iterator[tuple[str, Callable[[int], str]]]:
    """(label, a function giving a new empty store's URL for a cohort size)."""
    if backend == "sqlite":
        yield "SQLite", lambda size: str(folder / f"scale-{size}.sqlite")
        return
    pg_bin = find_pg_bin()
    if pg_bin is None:
        print("PostgreSQL: no server binaries found (Debian: apt-get install postgresql)")
        return
    server = start_server(pg_bin, server_os_user())
    try:
        yield "PostgreSQL", lambda _size: new_database(server)[0]
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before-runs", type=int, default=1, help="0: skip the old paths")
    parser.add_argument("--no-pandas", dest="pandas", action="store_false")
    args = parser.parse_args()

    content = load_content()
    folder = Path(os.environ["NEXTROUND_HOME"])
    print(f"load average at start: {' '.join(f'{n:.1f}' for n in os.getloadavg())} (2 cores)")
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    for backend in backends:
        with stores(backend, folder) as (label, url_for):
            for size in args.sizes:
                store = Store.open(url_for(size), create=True)
                start = time.perf_counter()
                held = build(store, size, content, folder / "reports")
                built = time.perf_counter() - start
                print(
                    f"{label}, {held['people']:,} people, {held['view revisions']:,} revisions "
                    f"of the views' exercises ({held['revisions']:,} in all; built in "
                    f"{built:.0f} s)"
                )
                measure(store, content, args)
                store.close()
    print(f"load average at end: {' '.join(f'{n:.1f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()

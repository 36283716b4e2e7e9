"""How far one machine goes: 30 writer processes saving answers at once, SQLite and PostgreSQL.

    python benchmarks/bench_store.py [--writers 30] [--saves 100] [--backend both]
    make bench-store

Each writer is its own process (a participant's kernel in a room) with its own participant and
its own ``Store``; all start together behind a barrier and save ``--saves`` answers each through
``Store.save_answer``. Afterwards every revision a writer was told was saved is looked up again.
Printed per database: save latency p50, p99 and max (ms), saves per second over the whole run,
``lost`` (reported saved but not in the store afterwards, or with another value) and ``failed``
(the save raised; the first reasons are listed), then the PostgreSQL/SQLite ratios.

SQLite is a file in a temporary folder opened as the kit always does (WAL, synchronous=NORMAL,
BEGIN IMMEDIATE for writes, 10 s busy timeout). PostgreSQL is a throwaway cluster started with
the tests' harness (``tests/pg_server.py``: as an unprivileged user when run as root) with the
server's default, durable settings unless ``--pg-settings`` says otherwise.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from collections import Counter
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from pg_server import find_pg_bin, new_database, server_os_user, start_server  # noqa: E402

from kit.core.store import Store  # noqa: E402

WriterResult = tuple[list[float], list[tuple[int, int]], list[str], float, float]


def writer(
    url: str, participant_id: str, saves: int, barrier: Barrier, results: Queue[WriterResult]
) -> None:
    """Save ``saves`` answers; report latencies, (revision id, i) saved and error messages."""
    store = Store.open(url)
    latencies: list[float] = []
    saved: list[tuple[int, int]] = []
    errors: list[str] = []
    barrier.wait()
    began = time.monotonic()  # CLOCK_MONOTONIC: comparable across processes on Linux
    for i in range(saves):
        value = {"i": i, "writer": participant_id, "text": "an answer " * 20}
        started = time.perf_counter()
        try:
            revision = store.save_answer(participant_id, f"exercise-{i % 5}", value)
        except Exception as exc:  # counted and reported, never hidden
            errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
        else:
            saved.append((revision.id, i))
        latencies.append(time.perf_counter() - started)
    ended = time.monotonic()
    store.close()
    results.put((latencies, saved, errors, began, ended))


def run(label: str, url: str, writers: int, saves: int) -> dict[str, Any]:
    setup = Store.open(url, create=True)
    cohort = setup.create_cohort("Bench room", cohort_id="bench")
    people = [setup.add_participant(f"Writer {n}", cohort_id=cohort.id).id for n in range(writers)]
    setup.close()  # no pooled connection may cross the fork

    context = mp.get_context("fork")
    barrier = context.Barrier(writers)
    queue: Queue[WriterResult] = context.Queue()
    processes = [
        context.Process(target=writer, args=(url, person, saves, barrier, queue))
        for person in people
    ]
    for process in processes:
        process.start()
    results = [queue.get(timeout=600) for _ in processes]
    wall = max(r[4] for r in results) - min(r[3] for r in results)
    for process in processes:
        process.join()

    check = Store.open(url)
    stored = {
        revision.id: revision.value["i"] for person in people for revision in check.history(person)
    }
    check.close()
    lost = sum(
        1 for result in results for revision_id, i in result[1] if stored.get(revision_id) != i
    )
    ms = sorted(t * 1000 for result in results for t in result[0])
    errors = Counter(message for result in results for message in result[2])
    return {
        "backend": label,
        "saves": len(ms),
        "p50": statistics.median(ms),
        "p99": ms[min(len(ms) - 1, int(len(ms) * 0.99))],
        "max": ms[-1],
        "per_s": len(ms) / wall,
        "lost": lost,
        "failed": sum(errors.values()),
        "errors": errors.most_common(3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--writers", type=int, default=30)
    parser.add_argument("--saves", type=int, default=100, help="answers each writer saves")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--pg-settings", default="", help='extra postgres options, "-c a=b …"')
    args = parser.parse_args()

    rows = []
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory(prefix="bench-sqlite-") as folder:
            url = f"sqlite:///{Path(folder) / 'store.sqlite'}"
            rows.append(run("sqlite (WAL)", url, args.writers, args.saves))
    if args.backend in ("postgres", "both"):
        pg_bin = find_pg_bin()
        if pg_bin is None:
            raise SystemExit("No PostgreSQL server binaries found (apt-get install postgresql).")
        server = start_server(pg_bin, server_os_user(), settings=args.pg_settings)
        try:
            url, _janitor = new_database(server)
            label = "postgresql " + (f"({args.pg_settings})" if args.pg_settings else "(defaults)")
            rows.append(run(label, url, args.writers, args.saves))
        finally:
            server.stop()

    print(f"{args.writers} writer processes x {args.saves} saves each, all at once")
    print(
        f"{'database':<28} {'saves':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} "
        f"{'saves/s':>8} {'lost':>5} {'failed':>6}"
    )
    for row in rows:
        print(
            f"{row['backend']:<28} {row['saves']:>6} {row['p50']:>8.1f} {row['p99']:>8.1f} "
            f"{row['max']:>8.1f} {row['per_s']:>8.0f} {row['lost']:>5} {row['failed']:>6}"
        )
        for message, count in row["errors"]:
            print(f"    {count} x {message}")
    if len(rows) == 2:
        sqlite, postgres = rows
        print(
            "postgresql / sqlite: "
            + ", ".join(
                f"{key} {postgres[key] / sqlite[key]:.2f}x"
                for key in ("p50", "p99", "max", "per_s")
            )
        )


if __name__ == "__main__":
    main()

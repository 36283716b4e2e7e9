"""How far one machine goes: roster imports of 1,000 / 3,000 / 10,000 rows, SQLite and PostgreSQL.

    python benchmarks/bench_roster.py [--sizes 1000 3000 10000] [--repeats 5] [--backend both]

A synthetic sign-up export per size (name, email, situation and hopes in the words a form would
have; about four people share each name, so ids need suffixes): each run imports it into an
empty cohort of a new store (every row new), then imports the same file again (every row
unchanged), both through ``kit.room.roster.import_roster``, as ``nextround roster import --yes``
does. Each import is checked: every row added, then every row unchanged and nothing written.
One untimed import of 100 rows comes first on each database, so what a process loads once
(pandas, the answer models: about 0.5 s, paid by the first ``nextround roster import``) is not
counted as time per row.

Printed per database and size: the median seconds of ``--repeats`` runs for the import and the
re-import, the time per row (ms), and the per-row ratio to the next smaller size: 1.0 is linear
growth, 3.3 (for 3,000 against 1,000 rows) would be growth with the square of the rows.

SQLite is a file in a temporary folder opened as the kit always does (WAL, synchronous=NORMAL,
BEGIN IMMEDIATE). PostgreSQL is a throwaway cluster started with the tests' harness
(``tests/pg_server.py``) with the server's default, durable settings unless ``--pg-settings``
says otherwise; each run gets a new database.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from pg_server import find_pg_bin, new_database, server_os_user, start_server  # noqa: E402

from kit.core.content import Content, load_content  # noqa: E402
from kit.core.store import Store  # noqa: E402
from kit.room.roster import import_roster  # noqa: E402

FIRST = ["Ama", "Ben", "Chloé", "Dev", "Eva", "Farid", "Grace", "Hiro", "Ines", "Jonas"] * 5
LAST = ["Mensah", "Carter", "Dubois", "Patel", "Schmidt", "Haddad", "Okafor", "Tanaka"] * 6
SITUATIONS = [
    "I was passed over for a promotion",
    "I was turned down for a job at another organisation",
    "Turned down for another role inside my organisation",
    "Something else",
    "",
]
HOPES = [
    "Understand what happened and why, Leave with a concrete plan",
    "Practise a difficult conversation",
    "To sleep better, and to stop\nreplaying the interview",
    "",
]


def write_roster(path: Path, rows: int) -> None:
    """A Google-Forms-like export with ``rows`` people, every email different."""
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(
            [
                "Timestamp",
                "What is your name?",
                "Email Address",
                "Which best describes your situation?",
                "What would you like to get from today?",
            ]
        )
        for n in range(rows):
            first, last = FIRST[n % len(FIRST)], LAST[(n // len(FIRST)) % len(LAST)]
            writer.writerow(
                [
                    "2026/11/10 9:14:02 AM GMT",
                    f"{first} {last}",
                    f"{first.lower()}.{last.lower()}.{n}@example.org",
                    SITUATIONS[n % len(SITUATIONS)],
                    HOPES[n % len(HOPES)],
                ]
            )


def one_run(url: str, roster: Path, rows: int, content: Content) -> tuple[float, float]:
    """Seconds for importing ``roster`` into an empty cohort, then for importing it again."""
    store = Store.open(url, create=True)
    try:
        cohort = store.create_cohort("Bench programme", cohort_id="bench").id
        started = time.perf_counter()
        first = import_roster(roster, store, cohort, content)
        imported = time.perf_counter() - started
        started = time.perf_counter()
        again = import_roster(roster, store, cohort, content)
        reimported = time.perf_counter() - started
        if first.count("add") != rows or again.count("unchanged") != rows:
            raise SystemExit(
                f"wrong import: {first.count('add')} added, then {again.count('unchanged')} "
                f"unchanged, of {rows} rows"
            )
        if again.changes_anything or len(store.list_participants(cohort)) != rows:
            raise SystemExit("the re-import changed something")
    finally:
        store.close()
    return imported, reimported


@contextmanager
def sqlite_stores(folder: Path) -> Iterator[Callable[[], str]]:
    counter = iter(range(10**6))
    yield lambda: f"sqlite:///{folder / f'store-{next(counter)}.sqlite'}"


@contextmanager
def postgres_stores(settings: str) -> Iterator[Callable[[], str]]:
    pg_bin = find_pg_bin()
    if pg_bin is None:
        raise SystemExit("No PostgreSQL server binaries found (apt-get install postgresql).")
    server = start_server(pg_bin, server_os_user(), settings=settings)
    janitors = []

    def make() -> str:
        url, janitor = new_database(server)
        janitors.append(janitor)
        return url

    try:
        yield make
    finally:
        for janitor in janitors:
            janitor.drop()
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--repeats", type=int, default=5, help="runs per size; medians shown")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--pg-settings", default="", help='extra postgres options, "-c a=b …"')
    args = parser.parse_args()
    content = load_content()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]

    with tempfile.TemporaryDirectory(prefix="bench-roster-") as scratch:
        folder = Path(scratch)
        rosters = {}
        for size in args.sizes:
            rosters[size] = folder / f"roster-{size}.csv"
            write_roster(rosters[size], size)
        print(f"Roster import, new rows then the same rows again; median of {args.repeats} runs")
        print(
            f"{'database':<12} {'rows':>7} {'import s':>9} {'re-import s':>12} "
            f"{'ms/row':>7} {'re ms/row':>10} {'ratio':>6} {'re ratio':>9}"
        )
        for backend in backends:
            stores = (
                sqlite_stores(folder) if backend == "sqlite" else postgres_stores(args.pg_settings)
            )
            with stores as new_url:
                warm_up = folder / "warm-up.csv"
                write_roster(warm_up, 100)
                one_run(new_url(), warm_up, 100, content)
                previous: tuple[float, float] | None = None
                for size in args.sizes:
                    runs = [
                        one_run(new_url(), rosters[size], size, content)
                        for _ in range(args.repeats)
                    ]
                    imported = statistics.median(run[0] for run in runs)
                    reimported = statistics.median(run[1] for run in runs)
                    per_row = (imported / size * 1000, reimported / size * 1000)
                    ratios = (
                        f"{per_row[0] / previous[0]:>6.2f} {per_row[1] / previous[1]:>9.2f}"
                        if previous
                        else f"{'':>6} {'':>9}"
                    )
                    print(
                        f"{backend:<12} {size:>7,} {imported:>9.2f} {reimported:>12.2f} "
                        f"{per_row[0]:>7.2f} {per_row[1]:>10.2f} {ratios}",
                        flush=True,
                    )
                    previous = per_row
        print("ratio: ms per row against the size above it (1.0 = linear growth)")


if __name__ == "__main__":
    main()

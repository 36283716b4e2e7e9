"""Speed figures for the walking skeleton, printed (never asserted; machines here are noisy).

    python benchmarks/bench_kit.py [--saves 2000] [--imports 15] [--notebook-runs 5]

Measures, in one run on this machine:
- ``import kit``: median wall time of a fresh interpreter importing kit, minus a bare interpreter
  (target under 0.3 s), and what the first notebook cell costs (``import kit.steps.page``) for context;
- saving one answer to a SQLite store: p50 and p99 (target p99 under 20 ms);
- each step notebook executed headless in a kernel, minus an empty notebook in the same kind of
  kernel (target under 3 s beyond kernel start).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def median_seconds(run: Callable[[], None], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def interpreter_seconds(code: str, repeats: int) -> float:
    return median_seconds(lambda: subprocess.run([sys.executable, "-c", code], check=True), repeats)


def bench_imports(repeats: int) -> None:
    bare = interpreter_seconds("pass", repeats)
    kit = interpreter_seconds("import kit", repeats)
    session = interpreter_seconds("import kit.steps.page", repeats)
    print(
        f"import kit:          {kit - bare:6.3f} s beyond a bare interpreter (median of {repeats}; target < 0.3 s)"
    )
    print(
        f"import kit.steps.page:  {session - bare:6.3f} s (what a step notebook's first cell imports: widgets, SQLAlchemy, pydantic)"
    )


def bench_saves(count: int) -> None:
    from kit.core.store import Store

    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(str(Path(folder) / "bench.sqlite"), create=True)
        person = store.add_participant("Bench Person")
        value = {
            "emotions": [{"word": "anger", "family": "anger", "intensity": 2}],
            "note": "x" * 200,
        }
        timings = []
        for _ in range(count):
            start = time.perf_counter()
            store.save_answer(person.id, "mood_check_in", value)
            timings.append(time.perf_counter() - start)
        store.close()
    timings.sort()
    p50 = timings[len(timings) // 2] * 1000
    p99 = timings[int(len(timings) * 0.99) - 1] * 1000
    print(
        f"save one answer:     p50 {p50:5.2f} ms, p99 {p99:5.2f} ms over {count} saves (SQLite WAL; target p99 < 20 ms)"
    )


def bench_notebooks(repeats: int) -> None:
    import nbformat
    from nbclient import NotebookClient
    from nbformat.v4 import new_code_cell, new_notebook

    from kit.core.store import Store
    from kit.core.workspace import notebooks_dir
    from kit.room.demo import build_demo

    def execute(notebook: nbformat.NotebookNode, path: Path) -> None:
        NotebookClient(
            notebook,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(path)}},
        ).execute()

    with tempfile.TemporaryDirectory() as home:
        os.environ["NEXTROUND_HOME"] = home
        os.environ["NEXTROUND_PARTICIPANT"] = "demo-chen"
        store = Store.open()
        build_demo(store)
        store.close()
        empty = new_notebook(cells=[new_code_cell("pass")])
        floor = median_seconds(lambda: execute(empty.copy(), notebooks_dir()), repeats)
        print(f"empty notebook:      {floor:6.2f} s (kernel start + one cell, median of {repeats})")
        for path in sorted(notebooks_dir().glob("[0-9][0-9]_*.ipynb")):
            source = nbformat.read(path, as_version=4)
            total = median_seconds(
                lambda source=source, path=path: execute(nbformat.from_dict(source), path.parent),
                repeats,
            )
            print(
                f"{path.name:<34} {total:6.2f} s, {total - floor:5.2f} s beyond kernel start (target < 3 s)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--saves", type=int, default=2000)
    parser.add_argument("--imports", type=int, default=15)
    parser.add_argument("--notebook-runs", type=int, default=5)
    options = parser.parse_args()
    print(f"Next Round benchmarks · Python {sys.version.split()[0]} · {os.cpu_count()} cores")
    bench_imports(options.imports)
    bench_saves(options.saves)
    bench_notebooks(options.notebook_runs)


if __name__ == "__main__":
    main()

"""How fast is `nextround reports`? Three ways to make N reports, measured in the same run.

(a) the plain alternative a user would write: a shell loop of the ``papermill`` CLI, then
    ``jupyter nbconvert --to html --no-input``, one participant after another;
(b) ``nextround reports`` (run as the command an admin types, into an empty folder);
(c) the floor: start a kernel, run one empty cell, shut it down, per report, with the same
    parallelism as (b).

It prints reports per second for each and the ratios a/b (target: at least 15) and b/c
(target: at most 1.5). The machine may be busy with other work, so (b) and (c) are repeated
(``--repeats``, interleaved so a busy spell hurts both alike) and medians are reported; (a)
is slow and runs once unless ``--a-repeats`` says otherwise. ``--skip-a`` leaves (a) out
while tuning; ``--compare-unforked`` adds (b0), the same batch with each kernel started from
scratch (spares still started ahead of need) instead of forked from the warm kernel zygote,
to show what the zygote buys. Results are also written as JSON under ``benchmarks/results/``.

    python benchmarks/bench_reports.py                     # N=40
    python benchmarks/bench_reports.py --participants 8 --repeats 2
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kit.core.store import Store

RESULTS_DIR = Path(__file__).resolve().parent / "results"
BIN = Path(sys.executable).parent


def available_cores() -> int:
    from kit.reports.batch import available_cores as cores

    return cores()


def default_jobs() -> int:
    from kit.reports.batch import default_jobs as jobs

    return jobs()


def make_cohort(folder: Path, participants: int) -> tuple[Store, list[str]]:
    """The demo cohort, grown to ``participants`` people by giving copies of personas' answers."""
    from kit.core.store import Store
    from kit.room.demo import build_demo
    from kit.workbook.personas import PERSONAS

    store = Store.open(str(folder / "bench.sqlite"), create=True)
    build_demo(store)
    ids = [f"demo-{persona.key}" for persona in PERSONAS][:participants]
    for number in range(len(ids), participants):
        persona = PERSONAS[number % len(PERSONAS)]
        source = f"demo-{persona.key}"
        copy = store.add_participant(
            f"{persona.name} {number}", cohort_id="demo", participant_id=f"bench-{number:03d}"
        )
        for exercise_id, revision in store.latest_answers(source).items():
            store.save_answer(copy.id, exercise_id, revision.value)
        ids.append(copy.id)
    extra = {p.id for p in store.list_participants("demo")} - set(ids)
    for participant_id in extra:  # a cohort smaller than the demo: drop the rest
        store.erase_participant(participant_id)
    return store, ids


def run_shell_loop(store_url: str, ids: list[str], out: Path) -> float:
    """(a): one papermill CLI and one nbconvert CLI per participant, in a bash loop."""
    from kit.reports.runner import PARTICIPANT_TEMPLATE

    out.mkdir(parents=True)
    template = PARTICIPANT_TEMPLATE
    lines = ["set -euo pipefail"]
    for participant_id in ids:
        executed = out / f"{participant_id}.ipynb"
        lines.append(
            " ".join(
                shlex.quote(part)
                for part in [
                    str(BIN / "papermill"),
                    str(template),
                    str(executed),
                    "-p",
                    "participant_id",
                    participant_id,
                    "-p",
                    "store_url",
                    store_url,
                    "--cwd",
                    str(template.parent),
                    "-k",
                    "python3",
                    "--no-progress-bar",
                ]
            )
            + " 2>/dev/null"
        )
        lines.append(
            " ".join(
                shlex.quote(part)
                for part in [
                    str(BIN / "jupyter"),
                    "nbconvert",
                    "--to",
                    "html",
                    "--no-input",
                    str(executed),
                ]
            )
            + " 2>/dev/null"
        )
    started = time.perf_counter()
    subprocess.run(["bash", "-c", "\n".join(lines)], check=True, env=_environment())
    seconds = time.perf_counter() - started
    made = len(list(out.glob("*.html")))
    if made != len(ids):
        raise SystemExit(f"(a) made {made} of {len(ids)} reports")
    return seconds


def run_nextround(store_path: Path, jobs: int, out: Path) -> float:
    """(b): the command an admin runs, into an empty folder so every report is built."""
    command = [
        str(BIN / "nextround"),
        "reports",
        "--store",
        str(store_path),
        "--cohort",
        "demo",
        "--jobs",
        str(jobs),
        "--out",
        str(out),
        "--no-progress",
    ]
    started = time.perf_counter()
    finished = subprocess.run(
        command, capture_output=True, text=True, env=_environment(), check=False
    )
    seconds = time.perf_counter() - started
    if finished.returncode != 0:
        raise SystemExit(f"(b) failed:\n{finished.stdout}\n{finished.stderr}")
    return seconds


def batch_without_zygote(store_path: Path, jobs: int, out: Path) -> None:
    """(b0) itself: the same batch as (b), but each kernel started from scratch."""
    from kit.core.store import Store
    from kit.reports.batch import BatchOptions, run_batch, select_participants

    store = Store.open(str(store_path))
    result = run_batch(
        store,
        select_participants(store, "demo"),
        BatchOptions(out_dir=out, jobs=jobs, fork_kernels=False),
    )
    if not result.ok:
        raise SystemExit(f"(b0) failed: {[o.reason for o in result.failed]}")


def run_unforked(store_path: Path, jobs: int, out: Path) -> float:
    """(b0): time ``batch_without_zygote`` in its own process, as (b) is timed."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--unforked-only",
        str(store_path),
        "--out",
        str(out),
        "--jobs",
        str(jobs),
    ]
    started = time.perf_counter()
    subprocess.run(command, check=True, env=_environment(), stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def _empty_cell_in_fresh_kernel(_index: int) -> None:
    """One empty cell in a new kernel, over ipc sockets as report kernels are (no port races)."""
    import shutil

    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")])
    sockets = tempfile.mkdtemp(prefix="nr-floor-")
    manager = KernelManager(
        kernel_name="python3", transport="ipc", connection_file=f"{sockets}/kernel.json"
    )
    try:
        NotebookClient(notebook, km=manager).execute()
    finally:
        manager.shutdown_kernel(now=True)
        shutil.rmtree(sockets, ignore_errors=True)


def floor_program(count: int, jobs: int) -> None:
    """(c) itself: what this script runs in a child process for the floor (kit is not imported)."""
    import nbclient  # noqa: F401  (imported before the pool forks, as (b) does with papermill)

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        list(pool.map(_empty_cell_in_fresh_kernel, range(count)))


def run_floor(count: int, jobs: int) -> float:
    """(c): a fresh kernel and one empty cell per report, ``jobs`` at once, as its own process.

    Timed like (b), from process start to exit, so neither pays for start-up the other skips.
    """
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--floor-only",
        str(count),
        "--jobs",
        str(jobs),
    ]
    started = time.perf_counter()
    subprocess.run(command, check=True, env=_environment(), stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def _environment() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=40, help="cohort size N (default 40)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="parallelism for (b) and (c) (default: what nextround reports uses)",
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs of (b) and (c); medians are reported"
    )
    parser.add_argument("--a-repeats", type=int, default=1, help="runs of (a), the slow shell loop")
    parser.add_argument("--skip-a", action="store_true", help="leave out (a) (no a/b ratio)")
    parser.add_argument(
        "--compare-unforked",
        action="store_true",
        help="also time (b0): (b) with kernels started from scratch, not forked from a zygote",
    )
    parser.add_argument("--floor-only", type=int, default=0, metavar="N", help=argparse.SUPPRESS)
    parser.add_argument("--unforked-only", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_only:
        floor_program(args.floor_only, args.jobs)
        return
    if args.unforked_only:
        batch_without_zygote(args.unforked_only, args.jobs, args.out)
        return
    args.jobs = (
        args.jobs or default_jobs()
    )  # not before: the floor's own process must not import kit
    if args.participants < 1 or args.repeats < 1 or args.jobs < 1:
        parser.error("--participants, --repeats and --jobs must be at least 1")

    with tempfile.TemporaryDirectory(prefix="nextround-bench-") as scratch:
        folder = Path(scratch)
        os.environ["NEXTROUND_HOME"] = str(folder / "home")
        store, ids = make_cohort(folder, args.participants)
        store_path = folder / "bench.sqlite"
        count = len(ids)
        print(
            f"{count} reports, {args.jobs} at once, {available_cores()} cores available", flush=True
        )
        times: dict[str, list[float]] = {"a": [], "b": [], "b0": [], "c": []}
        rounds = max(args.repeats, 0 if args.skip_a else args.a_repeats)
        for round_number in range(rounds):
            before = {key: len(values) for key, values in times.items()}
            if round_number < args.repeats:
                times["c"].append(run_floor(count, args.jobs))
                times["b"].append(run_nextround(store_path, args.jobs, folder / f"b{round_number}"))
                if args.compare_unforked:
                    times["b0"].append(
                        run_unforked(store_path, args.jobs, folder / f"b0-{round_number}")
                    )
            if not args.skip_a and round_number < args.a_repeats:
                times["a"].append(
                    run_shell_loop(store.location.url, ids, folder / f"a{round_number}")
                )
            done = ", ".join(
                f"{key} {values[-1]:.1f} s"
                for key, values in times.items()
                if len(values) > before[key]
            )
            print(f"round {round_number + 1}: {done}", flush=True)
        store.close()

    labels = {
        "a": "(a) papermill CLI + nbconvert CLI loop",
        "b": "(b) nextround reports",
        "b0": "(b0) as (b), kernels not forked",
        "c": "(c) floor: fresh kernel, empty cell",
    }
    medians = {key: statistics.median(values) for key, values in times.items() if values}
    print()
    print(f"{'approach':<42} {'median s':>9} {'s/report':>9} {'reports/s':>10}  runs (s)")
    for key, seconds in medians.items():
        runs = " ".join(f"{value:.1f}" for value in times[key])
        print(
            f"{labels[key]:<42} {seconds:>9.1f} {seconds / count:>9.2f} {count / seconds:>10.2f}  {runs}"
        )
    ratios: dict[str, float] = {}
    if "a" in medians:
        ratios["a/b"] = medians["a"] / medians["b"]
        print(f"a/b = {ratios['a/b']:.1f}x faster than the shell loop (target: at least 15x)")
    if "b0" in medians:
        ratios["b0/b"] = medians["b0"] / medians["b"]
        print(
            f"b0/b = {ratios['b0/b']:.2f}: forking kernels from the zygote saves {1 - 1 / ratios['b0/b']:.0%}"
        )
    ratios["b/c"] = medians["b"] / medians["c"]
    print(f"b/c = {ratios['b/c']:.2f}x the floor (target: at most 1.5x)")

    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    result_file = RESULTS_DIR / f"bench_reports-{stamp}.json"
    result_file.write_text(
        json.dumps(
            {
                "participants": count,
                "jobs": args.jobs,
                "cores": available_cores(),
                "seconds": times,
                "median_seconds": medians,
                "ratios": ratios,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"results: {result_file}")


if __name__ == "__main__":
    main()

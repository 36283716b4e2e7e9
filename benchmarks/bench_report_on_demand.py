"""How fast is one participant's report? The command, and the service behind "Download my report".

(1) ``nextround report ID``: wall time of the command an admin types, a cold process each run,
    from start to exit (median of ``--command-runs``; target: under 3 s).
(0) its floor: a cold Python process that starts a plain kernel (this interpreter's
    ipykernel, nothing of the kit), runs one empty cell, shuts the kernel down and exits.
(2) ``ReportService`` (``kit.reports.service``), started once as the app server starts it:
    the time from asking for a participant's HTML report to having its bytes, one request at
    a time (``--requests``) and five at once (``--burst`` people, ``--rounds`` times), as p50
    and p95 over every request (target: p95 under 2 s); a few PDF downloads when Chromium is
    there; and how long the service takes to start.
(0') its floor: a kernel forked from a warm kernel starter, one empty cell, shut down, in a
    warm process: the least a download can cost if each runs in a fresh kernel. (The service
    keeps a spare kernel forked ahead of need, so a download does not even wait for that.)

The machine may be busy with other work: the load average is printed before and after, and
the command and its floor are interleaved so a busy spell hurts both alike.

    python benchmarks/bench_report_on_demand.py
    python benchmarks/bench_report_on_demand.py --command-runs 3 --requests 10 --rounds 2
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kit.reports.service import ReportService

RESULTS_DIR = Path(__file__).resolve().parent / "results"
NEXTROUND = Path(sys.executable).parent / "nextround"

FLOOR_PROGRAM = """
import tempfile
from jupyter_client.manager import KernelManager
with tempfile.TemporaryDirectory(prefix="nr-floor-") as folder:
    manager = KernelManager(
        kernel_name="python3", transport="ipc", connection_file=f"{folder}/k.json"
    )
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    client.execute_interactive("", timeout=60)
    client.stop_channels()
    manager.shutdown_kernel(now=True)
"""


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def load_average() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def timed_process(command: list[str], environment: dict[str, str]) -> float:
    started = time.perf_counter()
    finished = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    seconds = time.perf_counter() - started
    if finished.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} failed:\n{finished.stderr[-2000:]}")
    return seconds


def command_and_floor(
    store_path: Path, participant: str, runs: int, out: Path
) -> tuple[list[float], list[float]]:
    """(1) and (0), interleaved, each a cold process."""
    environment = dict(os.environ)
    report = [
        str(NEXTROUND),
        "report",
        participant,
        "--store",
        str(store_path),
        "--out",
        str(out),
    ]
    floor = [sys.executable, "-c", FLOOR_PROGRAM]
    command_times, floor_times = [], []
    for _ in range(runs):
        command_times.append(timed_process(report, environment))
        floor_times.append(timed_process(floor, environment))
    return command_times, floor_times


def forked_floor(count: int) -> list[float]:
    """(0'): a kernel forked from a warm kernel starter, one empty cell, shut down; ``count`` times."""
    from jupyter_core.utils import run_sync

    from kit.reports.kernel_zygote import KernelZygote
    from kit.reports.kernels import FreshKernels, runtime_folder

    runtime = runtime_folder()
    times = []
    try:
        with KernelZygote.start(runtime, runtime / "kernels.log") as zygote:
            zygote.wait_until_ready()
            kernels = FreshKernels(runtime, ahead=False, zygote=zygote.address, runtime=runtime)
            try:
                for _ in range(count):
                    started = time.perf_counter()
                    manager = kernels.take()
                    try:
                        client = manager.client()
                        client.start_channels()
                        run_sync(client.wait_for_ready)(timeout=60)
                        run_sync(client.execute_interactive)("", timeout=60)
                    finally:
                        kernels.retire(manager)
                    times.append(time.perf_counter() - started)
            finally:
                kernels.close()
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
    return times


async def timed_download(service: ReportService, participant: str, pdf: bool = False) -> float:
    started = time.perf_counter()
    made = await (service.pdf(participant) if pdf else service.html(participant))
    seconds = time.perf_counter() - started
    if not made:
        raise SystemExit(f"an empty report for {participant}")
    return seconds


async def downloads(
    service: ReportService, people: list[str], requests: int, burst: int, rounds: int, pdfs: int
) -> dict[str, list[float]]:
    one_at_a_time = []
    for number in range(requests):
        one_at_a_time.append(await timed_download(service, people[number % len(people)]))
        await asyncio.sleep(0.2)  # a pause, as between two people's clicks
    at_once: list[float] = []
    for round_number in range(rounds):
        chosen = [people[(round_number * burst + n) % len(people)] for n in range(burst)]
        at_once += await asyncio.gather(*(timed_download(service, person) for person in chosen))
        await asyncio.sleep(1.0)  # the spares are forked again before the next burst
    pdf = [await timed_download(service, people[n % len(people)], pdf=True) for n in range(pdfs)]
    return {"one_at_a_time": one_at_a_time, "at_once": at_once, "pdf": pdf}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--command-runs", type=int, default=7, help="runs of (1) and (0); 0 leaves them out"
    )
    parser.add_argument("--requests", type=int, default=20, help="downloads one at a time")
    parser.add_argument("--burst", type=int, default=5, help="downloads asked for at once")
    parser.add_argument("--rounds", type=int, default=4, help="bursts of --burst downloads")
    parser.add_argument(
        "--pdfs", type=int, default=5, help="PDF downloads (when Chromium is there)"
    )
    parser.add_argument("--workers", type=int, default=None, help="the service's workers")
    args = parser.parse_args()

    from kit.core.store import Store
    from kit.reports.batch import available_cores
    from kit.reports.service import ReportService, default_workers
    from kit.room.demo import build_demo

    workers = args.workers or default_workers()
    print(f"{available_cores()} cores; load average {load_average()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="nextround-bench-") as scratch:
        folder = Path(scratch)
        os.environ["NEXTROUND_HOME"] = str(folder / "home")
        store_path = folder / "bench.sqlite"
        store = Store.open(str(store_path), create=True)
        build_demo(store)
        people = [person.id for person in store.list_participants("demo")]

        command, floor = command_and_floor(store_path, people[2], args.command_runs, folder)
        started = time.perf_counter()
        service = ReportService.start(store, workers=workers)
        start_seconds = time.perf_counter() - started
        try:
            timings = asyncio.run(
                downloads(
                    service,
                    people,
                    args.requests,
                    args.burst,
                    args.rounds,
                    args.pdfs if service.pdf_available else 0,
                )
            )
        finally:
            service.close()
        forked = forked_floor(args.requests)
        store.close()

    series = {
        "(1) nextround report, cold process": command,
        "(0) floor: cold process, plain fresh kernel, empty cell": floor,
        "(2a) download (HTML), one at a time": timings["one_at_a_time"],
        f"(2b) download (HTML), {args.burst} at once": timings["at_once"],
        "(2c) download (PDF), one at a time": timings["pdf"],
        "(0') floor: forked fresh kernel, empty cell": forked,
    }
    print()
    print(f"{'what':<58} {'p50 s':>6} {'p95 s':>6} {'min s':>6}  n")
    for label, values in series.items():
        if values:
            print(
                f"{label:<58} {percentile(values, 0.5):>6.2f} {percentile(values, 0.95):>6.2f}"
                f" {min(values):>6.2f}  {len(values)}"
            )
    print(f"service start: {start_seconds:.1f} s with {workers} workers")
    ratios = {
        "download_p50/forked_floor_p50": percentile(timings["one_at_a_time"], 0.5)
        / percentile(forked, 0.5)
    }
    worst = max(percentile(timings["one_at_a_time"], 0.95), percentile(timings["at_once"], 0.95))
    verdicts = [f"download p95 {worst:.2f} s (under 2 s: {'yes' if worst < 2 else 'NO'})"]
    if command:
        ratios["command/floor"] = statistics.median(command) / statistics.median(floor)
        verdicts.insert(
            0,
            f"command median {statistics.median(command):.2f} s "
            f"(under 3 s: {'yes' if statistics.median(command) < 3 else 'NO'})",
        )
    print("; ".join(f"{name} = {value:.2f}" for name, value in ratios.items()))
    print("targets: " + "; ".join(verdicts))
    print(f"load average now {load_average()} (a busy machine slows every line above)")

    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    result_file = RESULTS_DIR / f"bench_report_on_demand-{stamp}.json"
    result_file.write_text(
        json.dumps(
            {
                "cores": available_cores(),
                "workers": workers,
                "service_start_s": start_seconds,
                "seconds": series,
                "ratios": ratios,
                "load_after": os.getloadavg(),
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"results: {result_file}")


if __name__ == "__main__":
    main()

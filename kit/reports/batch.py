"""Every participant's report in one run: parallel, resumable, incremental, private.

How a batch goes:

1. Plan, in this process: who is in it (a cohort, a list of ids, or everyone), what each
   report is made from (``inputs.participant_inputs_hash``), and what the output folder's
   manifest says was built before. A report whose inputs are unchanged and whose files are
   all there is skipped; if only its PDF is missing, only the PDF is printed.
2. Build, in a pool of worker processes sized to the cores: each report is executed by
   papermill in its own fresh kernel (``kernels.FreshKernels``: forked from the batch's
   kernel zygote, which has imported the report code once, and started ahead of need; used
   for one participant, shut down at once), exported to HTML in-process, written under a
   temporary name and renamed, then printed to PDF by Chromium if asked.
3. Record, in this process: after every report the manifest is rewritten atomically, so a
   batch stopped by Ctrl-C or ``kill -9`` resumes where it stopped. A failure is one row
   with its reason; the batch goes on; the caller gets every failure at the end.

Stopping. Ctrl-C stops handing out work and lets the reports already running finish; a
second Ctrl-C stops those too and marks them "interrupted" (rebuilt next time, never
"failed"). The terminal's Ctrl-C reaches only this process: workers ignore it and the kernel
starter and kernels run in process groups of their own. ``kill -9`` cannot be handled, so
every process the batch starts is bound to its parent's life (``lifeline``): workers and the
kernel starter die with the batch, kernels with the worker or starter they belong to.

Logging. The plan, each report's start and outcome, Ctrl-C and the end summary go to a log
file in ``<out>/logs`` (``batch_logs``), kept when anything failed or was interrupted.

A kernel is never reused across participants: one person's answers must not be reachable
from another person's report, not even through a module-level cache in the kernel.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from multiprocessing.util import Finalize
from pathlib import Path
from types import FrameType
from typing import IO

from kit.core.logs import log_to_file, logger
from kit.core.store import Participant, Store
from kit.errors import PdfPrinterMissingError, ReportError
from kit.reports import lifeline
from kit.reports.batch_logs import BatchLogs
from kit.reports.inputs import participant_inputs_hash, template_fingerprint
from kit.reports.kernel_zygote import KernelZygote, fork_available
from kit.reports.kernels import FreshKernels, runtime_folder, sweep_runtime_folders
from kit.reports.manifest import (
    GOOD_STATUSES,
    STATUS_BUILT,
    STATUS_FAILED,
    STATUS_INTERRUPTED,
    STATUS_UNCHANGED,
    ManifestRow,
    read_manifest,
    write_manifest,
)
from kit.reports.pdf import CHROMIUM_ENV, DEBIAN_CHROMIUM, find_chromium, print_pdf
from kit.reports.runner import (
    PARTIAL_SUFFIX,
    PARTICIPANT_TEMPLATE,
    execute_template,
    execution_failure_reason,
    failure_kind,
    html_exporter,
    notebook_to_html,
    partial_path,
    report_path,
    write_atomically,
)

FORMATS = ("html", "pdf")
START_TIMEOUT_SECONDS = 180
EXECUTION_TIMEOUT_SECONDS = 600
# How often the batch looks up from waiting on reports to see whether Ctrl-C was pressed.
POLL_SECONDS = 0.2

log = logger(__name__)


def available_cores() -> int:
    """How many cores this process may use (a container's limit, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not every platform has affinity
        return max(1, os.cpu_count() or 1)


def default_jobs() -> int:
    """Reports built at once unless the admin says otherwise: two per core, at most 32.

    A worker spends about half of each report waiting (for its kernel to answer, for the
    HTML to be written), so two per core keep the cores busy; measured on 2 cores, 4 workers
    made 40 reports about 25% faster than 2 (``benchmarks/bench_reports.py --jobs``).
    """
    return min(2 * available_cores(), 32)


def parse_formats(text: str) -> tuple[str, ...]:
    """``"html,pdf"`` -> ``("html", "pdf")``; HTML is always made, since the PDF is printed from it."""
    asked = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = sorted(set(asked) - set(FORMATS))
    if unknown or not asked:
        raise ReportError(
            f"Unknown report format {', '.join(unknown) or '(none)'}: use html, pdf or html,pdf."
        )
    return tuple(name for name in FORMATS if name in asked or name == "html")


@dataclass(frozen=True)
class BatchOptions:
    """What the admin asked for.

    ``ahead`` keeps a spare kernel starting in each worker; ``fork_kernels`` forks kernels
    from a warm zygote instead of starting each from scratch (on Linux). ``report_date`` is
    the day the reports are made for ("made on", "this week"); None means today.
    """

    out_dir: Path
    formats: tuple[str, ...] = ("html",)
    jobs: int = field(default_factory=default_jobs)
    keep_notebooks: bool = False
    template: Path = PARTICIPANT_TEMPLATE
    ahead: bool = True
    fork_kernels: bool = True
    report_date: date | None = None


@dataclass(frozen=True)
class ReportJob:
    """One participant's work for a worker: run the template (or not), print the PDF (or not)."""

    participant_id: str
    title: str
    input_hash: str
    execute: bool
    print_pdf: bool
    expect_more: bool = True


@dataclass(frozen=True)
class ReportOutcome:
    """What happened to one participant's report in this batch.

    ``reason`` (in the manifest) says why a report failed in full; ``logged_reason`` is what
    the log says: the error's kind and where, never a value from the participant's answers.
    """

    participant_id: str
    status: str
    duration_s: float
    input_hash: str
    formats: tuple[str, ...] = ()
    path: str = ""
    reason: str = ""
    logged_reason: str = ""

    def manifest_row(self) -> ManifestRow:
        return ManifestRow(
            participant=self.participant_id,
            path=self.path,
            status=self.status,
            duration_s=f"{self.duration_s:.2f}",
            input_hash=self.input_hash,
            formats=",".join(self.formats),
            finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
            reason=self.reason,
        )


@dataclass
class BatchResult:
    """Every outcome of a batch, where its manifest is, and anything the admin must know."""

    outcomes: list[ReportOutcome]
    manifest: Path
    seconds: float
    pdf_missing: str = ""
    interrupted: bool = False
    log: Path | None = None  # the batch's log file, when it was kept

    def with_status(self, status: str) -> list[ReportOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == status]

    @property
    def failed(self) -> list[ReportOutcome]:
        return self.with_status(STATUS_FAILED)

    @property
    def ok(self) -> bool:
        """True when every report asked for exists as asked (the command's exit status)."""
        return not self.failed and not self.pdf_missing and not self.interrupted


Progress = Callable[[ReportOutcome], None]


class StopRequest:
    """What Ctrl-C asked of a running batch: once, finish what runs; twice, stop now."""

    def __init__(self) -> None:
        self.presses = 0

    def press(self, _signum: int = signal.SIGINT, _frame: FrameType | None = None) -> None:
        """A SIGINT handler: only counts (the batch acts on it between two reports)."""
        self.presses += 1

    @property
    def requested(self) -> bool:
        return self.presses >= 1

    @property
    def now(self) -> bool:
        return self.presses >= 2


@contextlib.contextmanager
def ctrl_c_stops(stop: StopRequest) -> Iterator[StopRequest]:
    """While the block runs, Ctrl-C (SIGINT) presses ``stop`` instead of raising anywhere."""
    if threading.current_thread() is not threading.main_thread():
        yield stop  # signals reach the main thread only; the caller stops the batch itself
        return
    previous = signal.signal(signal.SIGINT, stop.press)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def select_participants(
    store: Store, cohort_id: str | None = None, participant_ids: Sequence[str] = ()
) -> list[Participant]:
    """The people a batch covers: the ids given (checked), else a cohort, else everyone."""
    if participant_ids:
        chosen = [store.get_participant(pid) for pid in dict.fromkeys(participant_ids)]
        if cohort_id is not None:
            store.get_cohort(cohort_id)
            outside = [p.id for p in chosen if p.cohort_id != cohort_id]
            if outside:
                raise ReportError(
                    f"Not in cohort {cohort_id!r}: {', '.join(outside)}. Drop --cohort or those ids."
                )
        return chosen
    if cohort_id is not None:
        store.get_cohort(cohort_id)
    return store.list_participants(cohort_id)


def plan_batch(
    store: Store,
    people: Iterable[Participant],
    options: BatchOptions,
    previous: dict[str, ManifestRow],
) -> tuple[list[ReportJob], list[ReportOutcome]]:
    """Split people into work to do and reports that are already up to date.

    A report is up to date when everything it shows is as it was: the person's answers, the
    template, the kit and the day it speaks of (``options.report_date``, else today).
    """
    fingerprint = template_fingerprint(options.template)
    report_date = options.report_date or date.today()
    jobs: list[ReportJob] = []
    unchanged: list[ReportOutcome] = []
    want_pdf = "pdf" in options.formats
    for person in people:
        digest = participant_inputs_hash(store, person, fingerprint, report_date)
        html_file = report_path(options.out_dir, person.id)
        pdf_file = report_path(options.out_dir, person.id, ".pdf")
        before = previous.get(person.id)
        current = (
            before is not None
            and before.status in GOOD_STATUSES
            and before.input_hash == digest
            and html_file.is_file()
            and (
                not options.keep_notebooks
                or report_path(options.out_dir, person.id, ".ipynb").is_file()
            )
        )
        has_pdf = (
            current and before is not None and "pdf" in before.format_set and pdf_file.is_file()
        )
        title = f"Next Round: {person.display_name}"
        if current and (has_pdf or not want_pdf):
            assert before is not None
            unchanged.append(
                ReportOutcome(
                    person.id,
                    STATUS_UNCHANGED,
                    float(before.duration_s or 0),
                    digest,
                    tuple(sorted(before.format_set, key=FORMATS.index)),
                    before.path,
                )
            )
        else:
            jobs.append(
                ReportJob(person.id, title, digest, execute=not current, print_pdf=want_pdf)
            )
    return jobs, unchanged


def run_batch(
    store: Store,
    people: Sequence[Participant],
    options: BatchOptions,
    *,
    progress: Progress | None = None,
    stop: StopRequest | None = None,
) -> BatchResult:
    """Build the reports of ``people`` into ``options.out_dir``; see the module docstring.

    ``stop`` is pressed by Ctrl-C while the batch runs (in the main thread); a caller in
    another thread may press it to stop the batch the same way.
    """
    out_dir = Path(options.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    logs = BatchLogs.new(out_dir.resolve())
    kept = True
    with ctrl_c_stops(stop or StopRequest()) as pressed, log_to_file(logs.batch):
        try:
            result = _run_batch(store, people, options, progress, pressed, logs)
            kept = not result.ok
        finally:
            if kept:
                log.info("log kept: %s", logs.batch)
    return replace(result, log=logs.finish(keep=kept))


def _run_batch(
    store: Store,
    people: Sequence[Participant],
    options: BatchOptions,
    progress: Progress | None,
    stop: StopRequest,
    logs: BatchLogs,
) -> BatchResult:
    started = time.perf_counter()
    out_dir = Path(options.out_dir)
    swept = sweep_partials(out_dir)
    if swept:
        log.info("removed %d partial files a stopped batch left", len(swept))
    stale = sweep_runtime_folders()
    if stale:
        log.info("removed %d kernel socket folders killed batches left", len(stale))
    rows = read_manifest(out_dir)
    chromium = find_chromium() if "pdf" in options.formats else None
    pdf_missing = ""
    if "pdf" in options.formats and chromium is None:
        pdf_missing = str(
            PdfPrinterMissingError(os.environ.get(CHROMIUM_ENV, "").strip() or str(DEBIAN_CHROMIUM))
        )
    plan_formats = tuple(name for name in options.formats if name != "pdf" or chromium is not None)
    report_date = options.report_date or date.today()
    planned = replace(options, formats=plan_formats, report_date=report_date)
    jobs, outcomes = plan_batch(store, people, planned, rows)
    if pdf_missing and not jobs and all("pdf" in outcome.formats for outcome in outcomes):
        pdf_missing = ""
    for outcome in outcomes:
        rows[outcome.participant_id] = replace(
            outcome.manifest_row(), finished_at=rows[outcome.participant_id].finished_at
        )
        if progress is not None:
            progress(outcome)
    workers = max(1, min(options.jobs, len(jobs)))
    forking = options.fork_kernels and fork_available() and any(job.execute for job in jobs)
    log.info(
        "plan: %d people, %d to build, %d only to print as PDF, %d unchanged; reports made "
        "for %s; %d workers, kernels %s; formats %s",
        len(people),
        sum(job.execute for job in jobs),
        sum(not job.execute for job in jobs),
        len(outcomes),
        report_date.isoformat(),
        workers if jobs else 0,
        "forked by a kernel starter" if forking else "started one by one",
        ",".join(plan_formats),
    )
    if pdf_missing:
        log.info("no PDFs: %s", pdf_missing)
    jobs = [replace(job, expect_more=index < len(jobs) - workers) for index, job in enumerate(jobs)]

    def record(outcome: ReportOutcome) -> None:
        outcomes.append(outcome)
        rows[outcome.participant_id] = outcome.manifest_row()
        write_manifest(out_dir, rows)
        _log_outcome(outcome)
        if progress is not None:
            progress(outcome)

    if jobs and not stop.requested:
        runtime = runtime_folder()
        settings = WorkerSettings(
            out_dir=out_dir,
            store_url=store.location.url,
            template=Path(options.template),
            keep_notebooks=options.keep_notebooks,
            chromium=str(chromium) if chromium else "",
            ahead=options.ahead,
            zygote=None,
            report_date=report_date.isoformat(),
            batch_pid=os.getpid(),
            runtime=runtime,
            kernel_log=logs.kernels,
        )
        try:
            with (
                KernelZygote.start(runtime, logs.kernels) if forking else contextlib.nullcontext()
            ) as zygote:
                if zygote is not None:
                    zygote.wait_until_ready()
                    settings = replace(settings, zygote=zygote.address)
                _run_pool(jobs, settings, workers, record, stop)
        finally:
            shutil.rmtree(runtime, ignore_errors=True)
    manifest = write_manifest(out_dir, rows)
    result = BatchResult(
        outcomes, manifest, time.perf_counter() - started, pdf_missing, stop.requested
    )
    counts = {status: len(result.with_status(status)) for status in _STATUSES}
    log.info(
        "%s in %.1f s: %s",
        "interrupted" if result.interrupted else "finished",
        result.seconds,
        ", ".join(f"{count} {status}" for status, count in counts.items()),
    )
    return result


_STATUSES = (STATUS_BUILT, STATUS_UNCHANGED, STATUS_FAILED, STATUS_INTERRUPTED)


def _log_outcome(outcome: ReportOutcome) -> None:
    if outcome.status == STATUS_FAILED:
        log.info(
            "failed %s after %.1f s: %s",
            outcome.participant_id,
            outcome.duration_s,
            outcome.logged_reason or "see manifest.csv",
        )
    elif outcome.status == STATUS_INTERRUPTED:
        log.info("interrupted %s after %.1f s", outcome.participant_id, outcome.duration_s)
    else:
        log.info(
            "%s %s in %.1f s (%s)",
            outcome.status,
            outcome.participant_id,
            outcome.duration_s,
            ",".join(outcome.formats),
        )


def sweep_partials(out_dir: Path) -> list[Path]:
    """Remove temporary files a killed batch left in ``out_dir`` (never a live process's)."""
    removed = []
    for path in out_dir.glob(f".*{PARTIAL_SUFFIX}"):
        pid_text = path.name[: -len(PARTIAL_SUFFIX)].rsplit(".", 1)[-1]
        pid = int(pid_text) if pid_text.isdigit() else 0
        if pid and lifeline.process_alive(pid) and pid != os.getpid():
            continue
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def failure_table(outcomes: Sequence[ReportOutcome]) -> str:
    """A plain-text table of failed reports and why, for the end of a batch."""
    failed = [outcome for outcome in outcomes if outcome.status == STATUS_FAILED]
    if not failed:
        return ""
    names = [_printable(outcome.participant_id) for outcome in failed]
    width = max(len("participant"), *(len(name) for name in names))
    lines = [f"{'participant':<{width}}  reason", f"{'-' * width}  {'-' * 6}"]
    lines += [
        f"{name:<{width}}  {_printable(outcome.reason)}"
        for name, outcome in zip(names, failed, strict=True)
    ]
    return "\n".join(lines)


# -- the worker side -------------------------------------------------------------------


@dataclass(frozen=True)
class WorkerSettings:
    """What every worker needs to know, sent once when the pool starts."""

    out_dir: Path
    store_url: str
    template: Path
    keep_notebooks: bool
    chromium: str
    ahead: bool
    zygote: Path | None
    report_date: str = ""  # YYYY-MM-DD: the day every report of the batch is made for
    batch_pid: int = 0  # the batch process, which every worker dies with
    runtime: Path | None = None  # private folder for kernels' connection files and sockets
    kernel_log: Path | None = None  # where kernels started from scratch write their stderr


_settings: WorkerSettings | None = None
_kernels: FreshKernels | None = None
_kernel_stderr: IO[bytes] | None = None


def _start_worker(settings: WorkerSettings) -> None:
    """Pool initializer: bind to the batch's life, remember the settings, prepare kernels.

    Ctrl-C is left to the main process, which stops handing out work and records what
    finished; a worker must not die half-way through a report.
    """
    global _settings, _kernels, _kernel_stderr
    if settings.batch_pid:
        lifeline.bind_to_parent(settings.batch_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _settings = settings
    if settings.kernel_log is not None:
        _kernel_stderr = settings.kernel_log.open("ab")
    _kernels = FreshKernels(
        settings.template.parent,
        ahead=settings.ahead,
        zygote=settings.zygote,
        runtime=settings.runtime,
        stderr=_kernel_stderr,
    )
    Finalize(_kernels, _kernels.close, exitpriority=10)


def build_one(job: ReportJob) -> ReportOutcome:
    """Build one participant's report in this worker; any failure becomes a failed outcome."""
    assert _settings is not None and _kernels is not None, "build_one runs in a batch worker"
    return _build(job, _settings, _kernels)


def _build(job: ReportJob, settings: WorkerSettings, kernels: FreshKernels) -> ReportOutcome:
    started = time.perf_counter()
    log.info(
        "started %s (worker %d%s)",
        job.participant_id,
        os.getpid(),
        "" if job.execute else ", PDF only",
    )
    html_file = report_path(settings.out_dir, job.participant_id)
    pdf_file = report_path(settings.out_dir, job.participant_id, ".pdf")
    made: list[str] = []
    try:
        if job.execute:
            pdf_file.unlink(missing_ok=True)
            html = _execute(job, settings, kernels)
            write_atomically(html_file, html)
        made.append("html")
        if job.print_pdf:
            print_pdf(html_file, pdf_file, Path(settings.chromium))
            made.append("pdf")
    except Exception as exc:  # one participant's failure must never stop the batch
        html_file.unlink(missing_ok=True)
        pdf_file.unlink(missing_ok=True)
        reason = str(exc) if isinstance(exc, ReportError) else execution_failure_reason(exc)
        return ReportOutcome(
            job.participant_id,
            STATUS_FAILED,
            time.perf_counter() - started,
            job.input_hash,
            reason=reason,
            logged_reason=failure_kind(exc),
        )
    return ReportOutcome(
        job.participant_id,
        STATUS_BUILT,
        time.perf_counter() - started,
        job.input_hash,
        tuple(made),
        html_file.name,
    )


def _execute(job: ReportJob, settings: WorkerSettings, kernels: FreshKernels) -> str:
    """Run the template for one participant in a kernel of their own; return the HTML."""
    kept = report_path(settings.out_dir, job.participant_id, ".ipynb")
    trail = partial_path(kept) if settings.keep_notebooks else None
    if not job.expect_more:
        kernels.ahead = False
    manager = kernels.take()
    try:
        executed = execute_template(
            job.participant_id,
            settings.store_url,
            settings.template,
            report_date=settings.report_date,
            output_path=trail,
            km=manager,
            start_timeout=START_TIMEOUT_SECONDS,
            execution_timeout=EXECUTION_TIMEOUT_SECONDS,
        )
    finally:
        kernels.retire(manager)
        if trail is not None and trail.is_file():
            trail.replace(kept)
    if trail is None:
        kept.unlink(missing_ok=True)
    return notebook_to_html(executed, job.title)


# -- the main-process side -------------------------------------------------------------


def _run_pool(
    jobs: list[ReportJob],
    settings: WorkerSettings,
    workers: int,
    record: Callable[[ReportOutcome], None],
    stop: StopRequest,
) -> None:
    """Run ``jobs`` over ``workers`` processes, recording each outcome as it arrives.

    A job is handed to a worker only when one is free, so Ctrl-C leaves nothing queued:
    after it, only the reports already running go on (and a second Ctrl-C ends those, each
    recorded as interrupted). If a worker dies outright (killed, out of memory), its report
    is recorded as failed and the rest go on in a fresh pool.
    """
    _preload_for_workers()
    pending = deque(jobs)
    noticed = False
    while pending and not stop.requested:
        context = multiprocessing.get_context(
            "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        )
        before = set(multiprocessing.active_children())
        with ProcessPoolExecutor(
            max_workers=min(workers, len(pending)),
            mp_context=context,
            initializer=_start_worker,
            initargs=(settings,),
        ) as pool:
            running: dict[Future[ReportOutcome], tuple[ReportJob, float]] = {}
            broken = False
            while pending or running:
                if stop.requested and not noticed:
                    noticed = True
                    log.warning(
                        "Ctrl-C: no more reports will start; waiting for the %d running now "
                        "(Ctrl-C again to stop them at once).",
                        len(running),
                    )
                if stop.now and running:
                    log.warning("Ctrl-C again: stopping the %d running reports.", len(running))
                    for process in set(multiprocessing.active_children()) - before:
                        process.kill()  # its kernels die with it (lifeline)
                    for job, since in running.values():
                        record(_interrupted(job, time.perf_counter() - since))
                    running.clear()
                    break
                while pending and not broken and not stop.requested and len(running) < workers:
                    job = pending.popleft()
                    try:
                        running[pool.submit(build_one, job)] = (job, time.perf_counter())
                    except BrokenProcessPool:
                        pending.appendleft(job)
                        broken = True
                if not running:
                    break
                finished, _ = wait(running, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
                for future in finished:
                    job, _since = running.pop(future)
                    try:
                        record(future.result())
                    except BrokenProcessPool:
                        if not broken:
                            broken = True
                            record(
                                _lost(job, "the worker process building it stopped unexpectedly")
                            )
                        else:
                            pending.appendleft(job)


def _preload_for_workers() -> None:
    """Import papermill and build the HTML exporter before the workers fork, so none pays for it."""
    import papermill  # noqa: F401

    html_exporter()


def _lost(job: ReportJob, reason: str) -> ReportOutcome:
    return ReportOutcome(
        job.participant_id, STATUS_FAILED, 0.0, job.input_hash, reason=reason, logged_reason=reason
    )


def _interrupted(job: ReportJob, seconds: float) -> ReportOutcome:
    return ReportOutcome(
        job.participant_id,
        STATUS_INTERRUPTED,
        seconds,
        job.input_hash,
        reason="stopped by Ctrl-C before it was finished; the next run builds it",
    )


def _printable(text: str) -> str:
    return "".join(char if char.isprintable() else "?" for char in text)

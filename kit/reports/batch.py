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

A kernel is never reused across participants: one person's answers must not be reachable
from another person's report, not even through a module-level cache in the kernel.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from multiprocessing.util import Finalize
from pathlib import Path

from kit.core.store import Participant, Store
from kit.errors import PdfPrinterMissingError, ReportError
from kit.reports.inputs import participant_inputs_hash, template_fingerprint
from kit.reports.kernel_zygote import KernelZygote, fork_available
from kit.reports.kernels import FreshKernels
from kit.reports.manifest import (
    GOOD_STATUSES,
    STATUS_BUILT,
    STATUS_FAILED,
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
    html_exporter,
    notebook_to_html,
    partial_path,
    report_path,
    write_atomically,
)

FORMATS = ("html", "pdf")
START_TIMEOUT_SECONDS = 180
EXECUTION_TIMEOUT_SECONDS = 600
KERNEL_ATTEMPTS = 2
KERNEL_DIED_STARTING = "Kernel died before replying to kernel_info"  # jupyter_client's words


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
    from a warm zygote instead of starting each from scratch (where ``os.fork`` exists).
    """

    out_dir: Path
    formats: tuple[str, ...] = ("html",)
    jobs: int = field(default_factory=default_jobs)
    keep_notebooks: bool = False
    template: Path = PARTICIPANT_TEMPLATE
    ahead: bool = True
    fork_kernels: bool = True


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
    """What happened to one participant's report in this batch."""

    participant_id: str
    status: str
    duration_s: float
    input_hash: str
    formats: tuple[str, ...] = ()
    path: str = ""
    reason: str = ""

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
    """Split people into work to do and reports that are already up to date."""
    fingerprint = template_fingerprint(options.template)
    jobs: list[ReportJob] = []
    unchanged: list[ReportOutcome] = []
    want_pdf = "pdf" in options.formats
    for person in people:
        digest = participant_inputs_hash(store, person, fingerprint)
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
) -> BatchResult:
    """Build the reports of ``people`` into ``options.out_dir``; see the module docstring."""
    started = time.perf_counter()
    out_dir = Path(options.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sweep_partials(out_dir)
    rows = read_manifest(out_dir)
    chromium = find_chromium() if "pdf" in options.formats else None
    pdf_missing = ""
    if "pdf" in options.formats and chromium is None:
        pdf_missing = str(
            PdfPrinterMissingError(os.environ.get(CHROMIUM_ENV, "").strip() or str(DEBIAN_CHROMIUM))
        )
    plan_formats = tuple(name for name in options.formats if name != "pdf" or chromium is not None)
    jobs, outcomes = plan_batch(store, people, replace(options, formats=plan_formats), rows)
    if pdf_missing and not jobs and all("pdf" in outcome.formats for outcome in outcomes):
        pdf_missing = ""
    for outcome in outcomes:
        rows[outcome.participant_id] = replace(
            outcome.manifest_row(), finished_at=rows[outcome.participant_id].finished_at
        )
        if progress is not None:
            progress(outcome)
    workers = max(1, min(options.jobs, len(jobs)))
    jobs = [replace(job, expect_more=index < len(jobs) - workers) for index, job in enumerate(jobs)]
    settings = WorkerSettings(
        out_dir=out_dir,
        store_url=store.location.url,
        template=Path(options.template),
        keep_notebooks=options.keep_notebooks,
        chromium=str(chromium) if chromium else "",
        ahead=options.ahead,
        zygote=None,
    )

    def record(outcome: ReportOutcome) -> None:
        outcomes.append(outcome)
        rows[outcome.participant_id] = outcome.manifest_row()
        write_manifest(out_dir, rows)
        if progress is not None:
            progress(outcome)

    interrupted = False
    if jobs:
        forking = options.fork_kernels and fork_available() and any(job.execute for job in jobs)
        try:
            with KernelZygote.start() if forking else contextlib.nullcontext() as zygote:
                if zygote is not None:
                    zygote.wait_until_ready()
                    settings = replace(settings, zygote=zygote.address)
                _run_pool(jobs, settings, workers, record)
        except KeyboardInterrupt:
            interrupted = True
    manifest = write_manifest(out_dir, rows)
    return BatchResult(outcomes, manifest, time.perf_counter() - started, pdf_missing, interrupted)


def sweep_partials(out_dir: Path) -> list[Path]:
    """Remove temporary files a killed batch left in ``out_dir`` (never a live process's)."""
    removed = []
    for path in out_dir.glob(f".*{PARTIAL_SUFFIX}"):
        pid_text = path.name[: -len(PARTIAL_SUFFIX)].rsplit(".", 1)[-1]
        if pid_text.isdigit() and _process_alive(int(pid_text)) and int(pid_text) != os.getpid():
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


_settings: WorkerSettings | None = None
_kernels: FreshKernels | None = None


def _start_worker(settings: WorkerSettings) -> None:
    """Pool initializer: remember the settings and prepare this worker's kernel supply.

    Ctrl-C is left to the main process, which stops handing out work and records what
    finished; a worker must not die half-way through a report.
    """
    global _settings, _kernels
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _settings = settings
    _kernels = FreshKernels(settings.template.parent, ahead=settings.ahead, zygote=settings.zygote)
    Finalize(_kernels, _kernels.close, exitpriority=10)


def build_one(job: ReportJob) -> ReportOutcome:
    """Build one participant's report in this worker; any failure becomes a failed outcome."""
    assert _settings is not None and _kernels is not None, "build_one runs in a batch worker"
    return _build(job, _settings, _kernels)


def _build(job: ReportJob, settings: WorkerSettings, kernels: FreshKernels) -> ReportOutcome:
    started = time.perf_counter()
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
    for attempt in range(1, KERNEL_ATTEMPTS + 1):
        manager = kernels.take()
        try:
            executed = execute_template(
                job.participant_id,
                settings.store_url,
                settings.template,
                output_path=trail,
                km=manager,
                start_timeout=START_TIMEOUT_SECONDS,
                execution_timeout=EXECUTION_TIMEOUT_SECONDS,
            )
            break
        except RuntimeError as exc:
            # A kernel can die as it starts, before it has seen anything (two kernels racing
            # for one TCP port, say). That is not the participant's doing: they get a new one.
            if attempt == KERNEL_ATTEMPTS or not str(exc).startswith(KERNEL_DIED_STARTING):
                raise
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
) -> None:
    """Run ``jobs`` over ``workers`` processes, recording each outcome as it arrives.

    If a worker dies outright (killed, out of memory), its report is recorded as failed and
    the rest go on in a fresh pool.
    """
    _preload_for_workers()
    pending = list(jobs)
    while pending:
        context = multiprocessing.get_context(
            "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        )
        with ProcessPoolExecutor(
            max_workers=min(workers, len(pending)),
            mp_context=context,
            initializer=_start_worker,
            initargs=(settings,),
        ) as pool:
            running: dict[Future[ReportOutcome], ReportJob] = {
                pool.submit(build_one, job): job for job in pending
            }
            pending = []
            broken = False
            try:
                while running:
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        job = running.pop(future)
                        try:
                            record(future.result())
                        except BrokenProcessPool:
                            if not broken:
                                broken = True
                                record(
                                    _lost(
                                        job, "the worker process building it stopped unexpectedly"
                                    )
                                )
                            else:
                                pending.append(job)
            except KeyboardInterrupt:
                for future in running:
                    future.cancel()
                pool.shutdown(wait=True, cancel_futures=True)
                for future in running:
                    if future.done() and not future.cancelled() and future.exception() is None:
                        record(future.result())
                raise


def _preload_for_workers() -> None:
    """Import papermill and build the HTML exporter before the workers fork, so none pays for it."""
    import papermill  # noqa: F401

    html_exporter()


def _lost(job: ReportJob, reason: str) -> ReportOutcome:
    return ReportOutcome(job.participant_id, STATUS_FAILED, 0.0, job.input_hash, reason=reason)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _printable(text: str) -> str:
    return "".join(char if char.isprintable() else "?" for char in text)

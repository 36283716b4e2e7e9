"""The report service behind "Download my report": one person's report while the app runs.

Why a service: a cold ``nextround report`` pays every time for a Python kernel, the report
code and papermill's own imports, about 2 s on a quiet machine. A server that offers "Download
my report" pays for those once. ``ReportService`` is started once by the app server and then
makes one person's report on request, in well under a second when the machine is quiet:

- It starts its own kernel starter (``kernel_zygote``: a process that has imported the report
  code, never opens the store and never runs a cell) in a private runtime folder of its own.
- Each of its worker threads keeps a spare kernel forked from that starter and warm
  (``kernels.FreshKernels``), so a request never waits for a kernel to boot.
- A request takes a spare, runs the report template in it with papermill exactly as
  ``nextround report`` does (``runner.report_html``: same template, same day, same export),
  and shuts the kernel down: a kernel serves one report for one person and is never reused.
  The HTML is the page the command writes; the PDF is printed from that page by Chromium
  (``pdf.print_pdf``), as the batch does.

For a tornado server: ``html`` and ``pdf`` are ``async`` and never block the event loop. The
work runs on the service's own threads, so any number of handlers may await at once; requests
beyond the number of workers wait their turn in order. The reports run in the kernels'
processes; what runs in the server's own process (driving papermill, writing the page) takes
a few tens of milliseconds of it per report, so the server stays responsive.

Lifetime: ``close()`` stops the kernel starter, every kernel and every thread, and removes
the runtime folder; it also runs when the owning process exits normally. If the owner dies
outright (``kill -9``), the kernel starter and its kernels die with it (``lifeline``), and the
next service or batch sweeps the runtime folder it left. A kernel starter that dies while the
service runs is started again.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import queue
import shutil
import tempfile
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Self

from kit.core.logs import logger
from kit.core.store import Store
from kit.errors import NextRoundError, PdfPrinterMissingError, ReportError
from kit.reports.batch import available_cores
from kit.reports.kernel_zygote import KernelZygote, fork_available
from kit.reports.kernels import FreshKernels, runtime_folder, sweep_runtime_folders
from kit.reports.pdf import CHROMIUM_ENV, DEBIAN_CHROMIUM, find_chromium, print_pdf
from kit.reports.runner import (
    PARTICIPANT_TEMPLATE,
    failure_kind,
    html_exporter,
    report_html,
)

START_TIMEOUT_SECONDS = 60
EXECUTION_TIMEOUT_SECONDS = 120
# How long close() lets reports under way finish before it stops their kernels.
CLOSE_GRACE_SECONDS = 10.0
# How often the service looks whether its kernel starter is still there.
STARTER_WATCH_SECONDS = 0.5
KERNEL_LOG = "kernels.log"

log = logger(__name__)


def default_workers() -> int:
    """Reports made at once: one more than the cores, so a burst of clicks finds warm kernels.

    The reports run in their kernels' processes; a worker thread only waits on its kernel.
    A spare per worker is a forked, idle kernel that shares most of its memory with the
    kernel starter, so a few more than the cores cost little and save a burst the boot of
    a kernel. ``benchmarks/bench_report_on_demand.py --workers`` compares counts.
    """
    return available_cores() + 1


@dataclass(frozen=True)
class _Request:
    participant_id: str
    format: str
    answer: Future[bytes]


class ReportService:
    """Makes one participant's report on request, each in a fresh kernel of its own.

    Start it once with :meth:`start`; ``await service.html(participant_id)`` (or ``pdf``)
    from a request handler; ``close()`` when the server stops (or use it as a context
    manager). Unknown ids raise ``UnknownParticipantError``; a report that fails raises
    ``ReportError`` with the reason (which may quote the person's own answers: show it to
    them, log ``type(exc).__name__``); asking a closed service raises ``ReportError``. The
    caller decides who may ask for whose report: the service trusts the id it is given.

    In a tornado server::

        reports = ReportService.start(store)  # once, before the IOLoop starts (a few s)

        class ReportPage(tornado.web.RequestHandler):
            async def get(self) -> None:
                person = ...  # from the join cookie, never from the request's words
                page = await reports.html(person.id)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(page)

        reports.close()  # when the server stops
    """

    def __init__(
        self,
        store: Store,
        *,
        workers: int,
        template: Path,
        chromium: Path | None,
        runtime: Path,
    ) -> None:
        self.store = store
        self.template = template
        self.chromium = chromium
        self.runtime = runtime
        self._requests: queue.SimpleQueue[_Request | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._stop_starter = threading.Event()
        self._kernel_log: IO[bytes] = (runtime / KERNEL_LOG).open("ab")
        self._starter_thread: threading.Thread | None = None
        self._workers = [
            threading.Thread(target=self._work, name=f"report-service-{number}", daemon=True)
            for number in range(workers)
        ]
        self._ready: list[Future[None]] = []
        self._zygote_address: Path | None = None

    @classmethod
    def start(
        cls,
        store: Store,
        *,
        workers: int | None = None,
        template: Path = PARTICIPANT_TEMPLATE,
        fork_kernels: bool = True,
    ) -> ReportService:
        """Start the kernel starter and a warm spare kernel per worker; returns when all are ready.

        Blocks for a few seconds (the kernel starter imports the report code): call it once,
        when the server starts. ``store`` is the server's store; reports read it by its URL.
        ``workers`` is how many reports are made at once (default: cores + 1). Kernels are
        forked from a kernel starter where Linux allows (``fork_kernels``), else started from
        scratch, still ahead of need. PDFs are available when Chromium is found
        (``NEXTROUND_CHROMIUM``, Debian's, or one on PATH).
        """
        stale = sweep_runtime_folders()
        if stale:
            log.info("removed %d kernel socket folders that stopped services left", len(stale))
        service = cls(
            store,
            workers=max(1, workers or default_workers()),
            template=Path(template),
            chromium=find_chromium(),
            runtime=runtime_folder(),
        )
        try:
            service._start(fork_kernels and fork_available())
        except BaseException:
            service.close()
            raise
        return service

    def _start(self, fork_kernels: bool) -> None:
        started = time.perf_counter()
        html_exporter()  # build it once, before the threads, so no request pays for it
        if fork_kernels:
            starter_ready: Future[Path] = Future()
            # The kernel starter is bound to the life of the thread that starts it (a
            # parent-death signal is per thread on Linux), so a thread of our own starts it
            # and lives until close(), whichever thread of the server called start().
            self._starter_thread = threading.Thread(
                target=self._keep_starter,
                args=(starter_ready,),
                name="report-service-starter",
                daemon=True,
            )
            self._starter_thread.start()
            self._zygote_address = starter_ready.result()
        for worker in self._workers:
            ready: Future[None] = Future()
            self._ready.append(ready)
            worker.start()
        for ready in self._ready:
            ready.result()
        atexit.register(self.close)
        log.info(
            "report service ready in %.1f s: %d workers, kernels %s, PDF %s",
            time.perf_counter() - started,
            len(self._workers),
            "forked by a kernel starter" if fork_kernels else "started one by one",
            "available" if self.chromium else "not available (no Chromium)",
        )

    # -- asking for reports (any thread, any event loop) ---------------------------------

    async def html(self, participant_id: str) -> bytes:
        """This participant's report page (UTF-8 HTML), made now in a kernel of its own."""
        return await asyncio.wrap_future(self._submit(participant_id, "html"))

    async def pdf(self, participant_id: str) -> bytes:
        """This participant's report as a PDF, printed from the very page ``html`` returns."""
        if self.chromium is None:
            raise PdfPrinterMissingError(_looked_for_chromium())
        return await asyncio.wrap_future(self._submit(participant_id, "pdf"))

    @property
    def pdf_available(self) -> bool:
        """True when Chromium was found, so ``pdf`` can print (offer the PDF link only then)."""
        return self.chromium is not None

    def _submit(self, participant_id: str, format: str) -> Future[bytes]:
        answer: Future[bytes] = Future()
        with self._lock:
            if self._closed:
                raise ReportError("The report service has stopped; no report can be made now.")
            self._requests.put(_Request(participant_id, format, answer))
        return answer

    # -- stopping --------------------------------------------------------------------------

    def close(self) -> None:
        """Stop everything this service started and remove its runtime folder; idempotent.

        Requests still waiting get a ``ReportError``; reports under way may finish for a few
        seconds, then their kernels are stopped too.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
        atexit.unregister(self.close)
        while True:
            try:
                waiting = self._requests.get_nowait()
            except queue.Empty:
                break
            if waiting is not None and waiting.answer.set_running_or_notify_cancel():
                waiting.answer.set_exception(
                    ReportError("The report service stopped before this report was made.")
                )
        for _worker in self._workers:
            self._requests.put(None)
        deadline = time.monotonic() + CLOSE_GRACE_SECONDS
        for worker in self._started_workers():
            worker.join(timeout=max(0.0, deadline - time.monotonic()))
        self._stop_starter.set()  # its kernels die with it, so a worker still busy ends now
        if self._starter_thread is not None:
            self._starter_thread.join()
        for worker in self._started_workers():
            worker.join()
        self._kernel_log.close()
        shutil.rmtree(self.runtime, ignore_errors=True)
        log.info("report service stopped")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _started_workers(self) -> list[threading.Thread]:
        return [worker for worker in self._workers if worker.ident is not None]

    # -- the service's own threads ---------------------------------------------------------

    def _keep_starter(self, ready: Future[Path]) -> None:
        """Start the kernel starter, hand out its address, and stop it when the service closes.

        A starter that dies while the service runs (killed, out of memory) is started again
        at the same address, so the app goes on offering downloads; reports asked for in the
        seconds it takes to start fail with a plain error. A starter that cannot start at all
        is the start's failure, with its reason.
        """
        try:
            zygote = self._start_starter()
        except BaseException as exc:
            ready.set_exception(exc)
            return
        ready.set_result(zygote.address)
        while not self._stop_starter.wait(STARTER_WATCH_SECONDS):
            if zygote.process.poll() is None:
                continue
            log.warning(
                "kernel starter %d stopped (exit status %s); starting another",
                zygote.process.pid,
                zygote.process.returncode,
            )
            zygote.close()
            try:
                zygote = self._start_starter()
            except NextRoundError as exc:
                log.warning("kernel starter did not start again: %s", exc)
                return
        zygote.close()

    def _start_starter(self) -> KernelZygote:
        zygote = KernelZygote.start(self.runtime, self.runtime / KERNEL_LOG)
        zygote.wait_until_ready()
        return zygote

    def _work(self) -> None:
        """One worker: keep a spare kernel warm, make the reports handed to it, one at a time.

        Every kernel this thread uses is started, driven and shut down on this thread (its
        own event loop), as jupyter_client expects.
        """
        number = self._workers.index(threading.current_thread())
        kernels = FreshKernels(
            self.template.parent,
            zygote=self._zygote_address,
            runtime=self.runtime,
            stderr=self._kernel_log,
        )
        try:
            try:
                kernels.prepare()
            except BaseException as exc:
                self._ready[number].set_exception(exc)
                return
            self._ready[number].set_result(None)
            while (request := self._requests.get()) is not None:
                if request.answer.set_running_or_notify_cancel():
                    self._answer(request, kernels)
        finally:
            kernels.close()

    def _answer(self, request: _Request, kernels: FreshKernels) -> None:
        started = time.perf_counter()
        try:
            made = self._make(request, kernels)
        except BaseException as exc:
            log.warning(
                "%s report for %s failed after %.2f s: %s",
                request.format,
                request.participant_id,
                time.perf_counter() - started,
                failure_kind(exc.__cause__ or exc),  # the cell's error by name, never its words
            )
            request.answer.set_exception(exc)
            return
        log.info(
            "%s report for %s made in %.2f s",
            request.format,
            request.participant_id,
            time.perf_counter() - started,
        )
        request.answer.set_result(made)

    def _make(self, request: _Request, kernels: FreshKernels) -> bytes:
        participant = self.store.get_participant(request.participant_id)  # before any kernel
        kernel = kernels.take()
        try:
            page = report_html(
                participant,
                self.store.location.url,
                kernel,
                self.template,
                report_date=date.today().isoformat(),
                start_timeout=START_TIMEOUT_SECONDS,
                execution_timeout=EXECUTION_TIMEOUT_SECONDS,
            )
        finally:
            kernels.retire(kernel)
        if request.format == "html":
            return page.encode("utf-8")
        assert self.chromium is not None, "pdf() checks for Chromium before asking"
        with tempfile.TemporaryDirectory(dir=self.runtime, prefix="pdf-") as folder:
            html_file = Path(folder) / "report.html"
            html_file.write_text(page, encoding="utf-8")
            return print_pdf(html_file, Path(folder) / "report.pdf", self.chromium).read_bytes()


def _looked_for_chromium() -> str:
    return os.environ.get(CHROMIUM_ENV, "").strip() or str(DEBIAN_CHROMIUM)

"""Everyone's reports from the console: ``nextround reports --cohort C`` in its own process.

A batch of reports takes minutes and starts many kernels, so it never runs in the console's
kernel: the console starts the same command a facilitator would type, in a separate process
that uses the console's store, and follows its manifest (``manifest.csv`` in the reports
folder, rewritten whole after every report) to show how far it has got and how many failed.
The manifest is read, never written, and only its ``participant``, ``status`` and
``finished_at`` columns. Reports go to the workspace's default reports folder, the one
``nextround erase`` cleans, so nobody's report is left behind where an erasure would not look.

Progress counts the cohort's reports finished since the batch started; reports left
unchanged (their answers did not change) are counted when the batch has run to its end (a
stopped batch counts only the reports it made). Stopping sends the
batch what Ctrl-C sends: the reports being made finish, no more start, and running the batch
again carries on.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kit.core.logs import logger
from kit.core.store import Store
from kit.core.workspace import STORE_ENV, reports_dir

log = logger(__name__)

MANIFEST_NAME = "manifest.csv"
FAILED = "failed"
STOPPED_EXIT = 130
COMPLETE_EXITS = (0, 1)


@dataclass(frozen=True)
class ReportsProgress:
    """How far a batch has got, for the console's progress bar."""

    total: int
    done: int
    failed: int
    running: bool
    exit_code: int | None
    folder: Path

    @property
    def stopped(self) -> bool:
        return self.exit_code == STOPPED_EXIT


class ReportsRun:
    """One batch of a cohort's reports in a child process; ``progress()`` reads its manifest."""

    def __init__(self, store: Store, cohort_id: str, *, folder: Path | None = None) -> None:
        self.store = store
        self.cohort_id = cohort_id
        self.folder = folder or reports_dir()
        self.members = frozenset(person.id for person in store.list_participants(cohort_id))
        self._before: dict[str, tuple[str, str]] = {}
        self._process: subprocess.Popen[bytes] | None = None
        self._output: IO[bytes] | None = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start the batch (once at a time); its output is kept for ``output()``."""
        if self.running:
            return
        self._before = self._rows()
        self._output = tempfile.TemporaryFile()  # noqa: SIM115 (kept open while the batch runs)
        environment = {**os.environ, STORE_ENV: self.store.location.url}
        command = [sys.executable, "-m", "kit.cli", "reports", "--cohort", self.cohort_id]
        command += ["--out", str(self.folder), "--no-progress"]
        self._process = subprocess.Popen(
            command,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=self._output,
            stderr=subprocess.STDOUT,
        )
        log.info("cohort %s: reports batch started (pid %d)", self.cohort_id, self._process.pid)

    def stop(self) -> None:
        """Ask the batch to stop as Ctrl-C does: reports being made finish, no more start."""
        if self.running and self._process is not None:
            self._process.send_signal(signal.SIGINT)

    def wait(self, timeout: float | None = None) -> int:
        if self._process is None:
            raise RuntimeError("No batch was started.")
        return self._process.wait(timeout)

    def progress(self) -> ReportsProgress:
        exit_code = None if self._process is None else self._process.poll()
        rows = self._rows()
        # Ran to the end (0, or 1 when some failed): everyone's report is made or unchanged.
        complete = exit_code in COMPLETE_EXITS
        fresh = {
            person: status
            for person, (status, finished_at) in rows.items()
            if complete or self._before.get(person, ("", ""))[1] != finished_at
        }
        return ReportsProgress(
            total=len(self.members),
            done=len(self.members) if complete else len(fresh),
            failed=sum(1 for status in fresh.values() if status == FAILED),
            running=self._process is not None and exit_code is None,
            exit_code=exit_code,
            folder=self.folder,
        )

    def output(self) -> str:
        """What the command printed (its summary and any failures), once it has ended."""
        if self._output is None or self.running:
            return ""
        self._output.seek(0)
        return self._output.read().decode("utf-8", "replace")

    def _rows(self) -> dict[str, tuple[str, str]]:
        """This cohort's manifest rows: participant to (status, finished_at)."""
        path = self.folder / MANIFEST_NAME
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                return {
                    row["participant"]: (row.get("status", ""), row.get("finished_at", ""))
                    for row in csv.DictReader(handle)
                    if row.get("participant") in self.members
                }
        except (FileNotFoundError, KeyError, csv.Error):
            return {}

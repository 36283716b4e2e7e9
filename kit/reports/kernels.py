"""Fresh kernels for reports, each started a little ahead of need and used exactly once.

Starting a Python kernel is most of what a report costs. A batch worker keeps one spare
kernel starting (forked by the batch's kernel zygote when there is one, see
``kernel_zygote``; else booted and importing the report code) while the current report runs,
so the next participant does not wait for a cold start. The privacy rule is unchanged: a
kernel is handed out once, to one participant, and shut down right after their report; the
spare has run nothing but imports and has never seen anyone's answers.

Kernels talk to their worker over ``ipc`` (Unix sockets), not TCP: no port can be taken by
another kernel between choosing it and binding it, nothing listens on the network, and the
kernel has no reason to warn about unencrypted TCP. Each kernel gets its own connection file
in a private runtime folder, and its sockets are named after that file with an absolute
path. (jupyter_client's default for ipc is the relative name ``kernel-ipc``: the kernel binds
it relative to its own working folder, the report template's, while the worker connects
relative to its own, so the two never meet; and kernels sharing one folder pick the same
socket numbers before either has bound them.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from kit.errors import ReportError
from kit.reports import lifeline
from kit.reports.provisioner import REPORT_KERNEL_NAME, ReportKernelSpecs

# What a spare kernel may run before it is given to a participant: imports only, no data.
WARM_UP_CODE = "import kit.reports.participant"
# And a kernel booting while its one report's command loads papermill: also the content and
# the report templates, rendered for nobody (what a kernel starter does once per batch).
WARM_UP_ALL_CODE = "from kit.reports.participant import warm_up; warm_up()"
# Unix socket paths are limited to 107 bytes on Linux (103 on macOS); ours end in "-ipc-5".
SOCKET_PATH_LIMIT = 100


RUNTIME_PREFIX = "nextround-kernels-"


def runtime_folder() -> Path:
    """A new private folder (mode 0700) for kernels' connection files and sockets, named
    after this process so a later batch can tell when it was left behind."""
    return Path(tempfile.mkdtemp(prefix=f"{RUNTIME_PREFIX}{os.getpid()}-"))


def sweep_runtime_folders() -> list[Path]:
    """Remove the runtime folders of processes that are gone (a batch killed with ``-9``
    cannot remove its own); another user's folders are left alone."""
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"{RUNTIME_PREFIX}*-*"):
        pid_text = folder.name.removeprefix(RUNTIME_PREFIX).split("-", 1)[0]
        if not pid_text.isdigit() or lifeline.process_alive(int(pid_text)):
            continue
        try:
            if folder.stat().st_uid != os.getuid():
                continue
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


class ReportKernelManager(AsyncKernelManager):
    """A kernel manager that stops the clients it hands out when its kernel is retired.

    papermill (through nbclient) asks the manager for a client and, since the kernel was
    handed to it rather than started by it, never stops that client: each report would leave
    a heartbeat thread, five sockets and a socket context behind. A batch worker lives for a
    few dozen reports; a report service lives as long as the app, and would run out of file
    descriptors. ``stop_clients`` stops them (each client closes its own socket context).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._clients: list[AsyncKernelClient] = []

    def client(self, **kwargs: Any) -> AsyncKernelClient:  # type: ignore[override]  # as jupyter_client does
        made = super().client(**kwargs)
        self._clients.append(made)
        return made

    def stop_clients(self) -> None:
        """Stop every client's channels, the heartbeat thread included."""
        clients, self._clients = self._clients, []
        for made in clients:
            made.stop_channels()


class FreshKernels:
    """Hands out never-used kernels, keeping the next one starting in the background.

    With ``ahead=False`` it starts each kernel only when asked, which is what papermill would
    do on its own; the benchmark compares the two. ``warm_up`` is Python the kernel runs as
    it starts (IPython's ``exec_lines``): imports only, never anything about a person.
    ``zygote`` is the address of a kernel zygote to fork kernels from, already warm.
    ``runtime`` is the private folder for connection files and sockets (a new one, removed
    on ``close``, when not given); ``stderr`` receives the kernels' own messages (start-up
    warnings, a crash), which never belong on the admin's terminal.
    """

    def __init__(
        self,
        cwd: Path,
        *,
        ahead: bool = True,
        warm_up: str = WARM_UP_CODE,
        zygote: Path | None = None,
        runtime: Path | None = None,
        stderr: IO[bytes] | None = None,
    ) -> None:
        self.cwd = cwd
        self.ahead = ahead
        self.warm_up = warm_up
        self.runtime = runtime or runtime_folder()
        self._own_runtime = runtime is None
        self.stderr = stderr
        self._specs = ReportKernelSpecs(zygote=str(zygote or ""))
        self._spare: ReportKernelManager | None = None

    def prepare(self) -> None:
        """Start the spare now, so that even the first report finds a kernel ready."""
        if self._spare is None:
            self._spare = self._start()

    def take(self) -> ReportKernelManager:
        """A started kernel no one has used; the caller must ``retire`` it after one report.

        A spare that died while it waited (killed, out of memory) is replaced, never handed out.
        """
        taken, self._spare = self._spare, None
        if taken is not None and not run_sync(taken.is_alive)():
            self.retire(taken)
            taken = None
        taken = taken or self._start()
        self._spare = self._start() if self.ahead else None
        return taken

    def retire(self, manager: ReportKernelManager) -> None:
        """Shut a used kernel down at once (a graceful shutdown can stall for seconds) and
        close everything that talked to it."""
        try:
            manager.stop_clients()  # first: a heartbeat must not watch its kernel being killed
        finally:
            try:
                if manager.has_kernel:
                    run_sync(manager.shutdown_kernel)(now=True)
            finally:
                run_sync(manager.cleanup_resources)(restart=False)

    def close(self) -> None:
        """Shut down the spare, if one is waiting, and remove a runtime folder made here."""
        spare, self._spare = self._spare, None
        try:
            if spare is not None:
                self.retire(spare)
        finally:
            if self._own_runtime:
                shutil.rmtree(self.runtime, ignore_errors=True)

    def _start(self) -> ReportKernelManager:
        # A unique name, reserved by creating the file; jupyter_client writes it in full.
        handle, name = tempfile.mkstemp(prefix="k-", suffix=".json", dir=self.runtime)
        os.close(handle)
        connection_file = Path(name)
        longest = f"{connection_file.with_suffix('')}-ipc-5"
        if len(longest.encode()) > SOCKET_PATH_LIMIT:
            raise ReportError(
                f"The folder for report kernels' sockets, {self.runtime}, has too long a path "
                f"for a Unix socket. Set TMPDIR to a shorter folder (such as /tmp)."
            )
        manager = ReportKernelManager(
            kernel_name=REPORT_KERNEL_NAME,
            kernel_spec_manager=self._specs,
            transport="ipc",
            connection_file=str(connection_file),
        )
        # As nbclient does for its own kernels: no IPython history file, so parallel kernels
        # never queue on one SQLite lock.
        arguments = ["--HistoryManager.hist_file=:memory:"]
        if self.warm_up:
            arguments.append(f"--IPKernelApp.exec_lines={self.warm_up}")
        run_sync(manager.start_kernel)(
            cwd=str(self.cwd),
            extra_arguments=arguments,
            stdout=subprocess.DEVNULL,
            stderr=self.stderr if self.stderr is not None else subprocess.DEVNULL,
        )
        return manager


@contextmanager
def fresh_kernel(cwd: Path, warm_up: str = WARM_UP_CODE) -> Iterator[ReportKernelManager]:
    """One kernel for one report outside a batch (``nextround report``), shut down after."""
    kernels = FreshKernels(cwd, ahead=False, warm_up=warm_up)
    try:
        manager = kernels.take()
        try:
            yield manager
        finally:
            kernels.retire(manager)
    finally:
        kernels.close()

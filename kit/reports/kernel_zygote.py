"""Report kernels forked from a zygote: a process that has imported the report code and nothing else.

Why: a report kernel spends most of its life importing (ipykernel, IPython, SQLAlchemy,
pydantic, the kit) before it reads a single answer. On a small machine that is
seconds of CPU per report, and starting kernels ahead of need cannot hide CPU the machine
does not have. A zygote pays for those imports once per batch; for each report it forks a
child that becomes a brand-new ipykernel, with its own process, connection file, IPython
shell and namespace. The child serves one participant and is shut down after their report,
exactly like a kernel started from scratch.

Privacy: the zygote is a fresh interpreter started by the batch, never a fork of a process
that has read the store. It imports modules, warms caches that belong to nobody (content
files, report templates) and then only forks. It never executes a cell, never
opens the store and never learns a participant id, so every child starts from the same state
whichever participant it serves.

Lifetime: the zygote runs in its own process group, so a Ctrl-C in the terminal reaches the
batch (which decides what to stop) and never the zygote; it is bound to the batch process and
each kernel to the zygote and to the worker that asked for it (``lifeline``), so nothing
outlives a batch killed with ``-9``. Its own log lines and the kernels' stderr go to the log
file the batch names.

The pieces: ``KernelZygote`` (the batch's handle: start, address, close), ``serve`` (the
zygote's loop, run as ``python -m kit.reports.kernel_zygote ADDRESS BATCH_PID``) and
``request_kernel`` / ``ForkedKernelProcess`` (what ``provisioner.ReportKernelProvisioner``
uses, so papermill and nbclient drive a forked kernel like any other). Linux only: forking
a process that imported this much is safe there, and the parent-death signal exists there.
"""

from __future__ import annotations

import gc
import importlib
import json
import logging
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Self

from kit.core.logs import FILE_FORMAT, ROOT, logger
from kit.errors import NextRoundError, ReportError
from kit.reports import lifeline

READY = b"ready\n"
READY_TIMEOUT_SECONDS = 120
REQUEST_LIMIT_BYTES = 1 << 20
# What jupyter_client runs for the python3 kernel spec, after the interpreter.
IPYKERNEL_MODULE = ["-m", "ipykernel_launcher"]
SOCKET_NAME = "zygote.sock"
REPORT_WARM_UP = "kit.reports.participant:warm_up"

log = logger("kit.reports.kernel_zygote")  # also when run as __main__


def fork_available() -> bool:
    """Forking kernels is safe, and bound to its parent's life, on Linux only."""
    return (
        sys.platform.startswith("linux")
        and hasattr(os, "fork")
        and lifeline.parent_death_signal_available()
    )


class KernelZygote:
    """The batch's handle on its zygote: a process that forks report kernels on request."""

    def __init__(self, process: subprocess.Popen[bytes], folder: Path, log_file: Path) -> None:
        self.process = process
        self.folder = folder
        self.log_file = log_file
        self.address = folder / SOCKET_NAME

    @classmethod
    def start(cls, folder: Path, log_file: Path, warm_up: str = REPORT_WARM_UP) -> KernelZygote:
        """Start a zygote in a fresh interpreter; ``wait_until_ready`` before handing out its address.

        ``folder`` is the batch's private runtime folder (mode 0700), so only this user can
        ask the zygote for kernels; its lines and its kernels' stderr are appended to
        ``log_file``. It stops by itself when this process closes its stdin or dies.
        ``warm_up`` names the function (``module:function``) that imports what its kernels
        will need: the report code by default, the step pages for the participant app.
        """
        log_file.parent.mkdir(parents=True, exist_ok=True)
        with log_file.open("ab") as stderr:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "kit.reports.kernel_zygote",
                    str(folder / SOCKET_NAME),
                    str(os.getpid()),
                    warm_up,
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                cwd=folder,
                process_group=0,  # a Ctrl-C in the terminal is the batch's to handle, not ours
                # debugpy (imported with ipykernel) warns about frozen modules on every start
                env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
            )
        log.info("kernel starter %d starting (its log: %s)", process.pid, log_file.name)
        return cls(process, folder, log_file)

    def wait_until_ready(self, timeout: float = READY_TIMEOUT_SECONDS) -> None:
        """Block until the zygote has finished importing; a clear error if it never does."""
        assert self.process.stdout is not None
        readable, _, _ = select.select([self.process.stdout], [], [], timeout)
        line = self.process.stdout.readline() if readable else b""
        if line != READY:
            # Its own words (a broken content file, say) come on stdout; anything else is a crash.
            reason = (
                line.decode("utf-8", errors="replace").strip()
                or self._last_error()
                or "no reason given"
            )
            self.close()
            log.warning("kernel starter did not start: %s", reason)
            raise ReportError(f"The report kernel starter did not start: {reason}")
        log.info("kernel starter %d ready", self.process.pid)

    def close(self) -> None:
        """Stop the zygote; kernels it forked are shut down by their managers (or die with it)."""
        self.process.terminate()  # it holds nothing worth a graceful exit
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()
        (self.folder / SOCKET_NAME).unlink(missing_ok=True)
        log.info("kernel starter %d stopped", self.process.pid)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _last_error(self) -> str:
        """The last line the zygote wrote to stderr: a traceback's exception, if it crashed."""
        try:
            text = self.log_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        lines = text.strip().splitlines()
        return lines[-1].strip()[:2000] if lines else ""


# -- asking for a kernel (in a batch worker) --------------------------------------------


def request_kernel(address: Path, argv: list[str], cwd: str, env: dict[str, str]) -> int:
    """Ask the zygote at ``address`` to fork a kernel started with ``argv``; returns its pid.

    The kernel lives no longer than this process (the worker that will drive it).
    """
    request = json.dumps({"argv": argv, "cwd": cwd, "env": env, "owner": os.getpid()}).encode(
        "utf-8"
    )
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        try:
            connection.connect(str(address))
            connection.sendall(request)
            connection.shutdown(socket.SHUT_WR)
            reply = json.loads(_read_all(connection) or b"{}")
        except (OSError, ValueError) as exc:
            raise ReportError(
                f"Could not get a report kernel from the kernel starter: {exc}"
            ) from exc
    if not isinstance(reply.get("pid"), int):
        raise ReportError(
            f"The kernel starter could not start a kernel: {reply.get('error', 'no reason given')}"
        )
    return int(reply["pid"])


class ForkedKernelProcess:
    """Enough of ``subprocess.Popen`` for jupyter_client to watch and stop a forked kernel.

    The kernel is the zygote's child, not ours, so there is no exit status to collect: it is
    alive while its pid (watched through a pidfd where Linux offers one) is.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._pidfd: int | None = None
        if hasattr(os, "pidfd_open"):
            try:
                self._pidfd = os.pidfd_open(pid)
            except OSError:
                self.returncode = 0

    def poll(self) -> int | None:
        if self.returncode is None and not self._alive():
            self.returncode = 0
            if self._pidfd is not None:
                os.close(self._pidfd)
                self._pidfd = None
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise subprocess.TimeoutExpired(f"report kernel {self.pid}", timeout or 0)
            if self._pidfd is not None:  # readable the moment the process ends
                select.select([self._pidfd], [], [], left)
            else:
                time.sleep(0.02 if left is None else min(0.02, left))
        return 0

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def _alive(self) -> bool:
        if self._pidfd is not None:
            readable, _, _ = select.select([self._pidfd], [], [], 0)
            return not readable
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        return True


# -- the zygote itself ------------------------------------------------------------------


def serve(address: Path, batch_pid: int, warm_up: str = REPORT_WARM_UP) -> None:
    """Import what kernels need, say ``ready`` on stdout, then fork a kernel per request until
    stdin closes."""
    lifeline.bind_to_parent(batch_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # only the batch decides when to stop
    started = time.perf_counter()
    _import_kernel_code(warm_up)
    if threading.active_count() != 1:  # forking a threaded process can copy a held lock
        raise RuntimeError(
            "importing the report code started a thread; kernels cannot be forked safely"
        )
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped by the system, not by us
    # Keep every imported object out of the garbage collector's sight, so that a kernel's
    # collections do not touch (and so copy) the memory it shares with the zygote.
    gc.freeze()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(address))
        server.listen(64)
        log.info("ready in %.1f s (pid %d)", time.perf_counter() - started, os.getpid())
        sys.stdout.buffer.write(READY)
        sys.stdout.flush()
        while True:
            readable, _, _ = select.select([server, sys.stdin], [], [])
            if sys.stdin in readable and not os.read(sys.stdin.fileno(), 4096):
                log.info("stopping: the batch closed its end")
                return
            if server in readable:
                connection, _ = server.accept()
                with connection:
                    _answer(connection, server)


def _import_kernel_code(warm_up: str) -> None:
    """Everything a kernel imports, and the caches that belong to no participant.

    Beyond ipykernel itself, the list is what ``IPKernelApp.initialize`` imports as it starts
    (measured with ipykernel 7): a module missing here costs each kernel time, never correctness.
    ``warm_up`` (``module:function``) then loads what the kernels' cells will use.
    """
    import ipykernel.debugger
    import ipykernel.ipkernel
    import ipykernel.kernelapp  # noqa: F401
    import IPython.core.completerlib
    import IPython.core.debugger
    import IPython.core.oinspect
    import IPython.extensions  # noqa: F401
    import tornado.locks
    import tornado.queues  # noqa: F401

    module_name, _, function_name = warm_up.partition(":")
    getattr(importlib.import_module(module_name), function_name)()


def _answer(connection: socket.socket, server: socket.socket) -> None:
    try:
        request = json.loads(_read_all(connection, REQUEST_LIMIT_BYTES))
        argv, cwd, env = request["argv"], request["cwd"], request["env"]
        owner = request.get("owner", 0)
        if not (
            isinstance(argv, list)
            and isinstance(cwd, str)
            and isinstance(env, dict)
            and isinstance(owner, int)
        ):
            raise TypeError("argv must be a list, cwd a string, env an object and owner a pid")
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("refused a bad request: %s", exc)
        connection.sendall(json.dumps({"error": f"bad request: {exc}"}).encode("utf-8"))
        return
    zygote = os.getpid()
    pid = os.fork()
    if pid == 0:
        try:
            _become_kernel(
                [str(arg) for arg in argv], cwd, env, (server, connection), zygote, owner
            )
        finally:
            os._exit(1)
    log.info("forked kernel %d for worker %d", pid, owner)
    connection.sendall(json.dumps({"pid": pid}).encode("utf-8"))


def _become_kernel(
    argv: list[str],
    cwd: str,
    env: dict[str, str],
    inherited: tuple[socket.socket, ...],
    zygote: int,
    owner: int,
) -> None:
    """In the forked child: bind to the zygote and the worker, drop the zygote's sockets and
    signals, then run an ipykernel. Its stderr stays the zygote's: the batch's kernel log."""
    lifeline.bind_to_parent(zygote)  # a parent-death signal is not inherited across fork
    if owner > 0:
        lifeline.exit_when_gone(owner)
    os.setsid()  # its own process group, so an interrupt or kill reaches this kernel alone
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for sock in inherited:
        sock.close()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(null, fd)
    os.close(null)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    from ipykernel.kernelapp import IPKernelApp

    # Said on the command line because ipykernel read its JPY_PARENT_PID default from the
    # zygote's environment when the zygote imported it.
    IPKernelApp.launch_instance(argv=[*argv, f"--IPKernelApp.parent_handle={zygote}"])
    os._exit(0)


def _read_all(connection: socket.socket, limit: int = REQUEST_LIMIT_BYTES) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := connection.recv(65536):
        size += len(chunk)
        if size > limit:
            raise ValueError(f"more than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _log_to(stream: IO[str]) -> None:
    """The zygote's own lines, in the batch log's format, on its stderr (the kernel log file)."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    root = logging.getLogger(ROOT)
    root.addHandler(handler)
    root.setLevel(logging.INFO)


if __name__ == "__main__":
    # As ipykernel_launcher does: the zygote's folder is not an import path for report code.
    if sys.path and Path(sys.path[0] or ".").resolve() == Path.cwd().resolve():
        del sys.path[0]
    _log_to(sys.stderr)
    try:
        serve(Path(sys.argv[1]), int(sys.argv[2]), *sys.argv[3:4])
    except (
        NextRoundError
    ) as problem:  # a broken content file, say: the batch shows why, on one line
        sys.stdout.write(" ".join(str(problem).split()) + "\n")
        sys.exit(1)

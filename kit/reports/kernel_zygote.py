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

The pieces: ``KernelZygote`` (the batch's handle: start, address, close), ``serve`` (the
zygote's loop, run as ``python -m kit.reports.kernel_zygote ADDRESS``) and
``ForkedKernelProvisioner`` (how ``kernels.ForkedKernelManager`` gets its kernel, so papermill
and nbclient drive it like any other). POSIX only, since it needs ``os.fork``.
"""

from __future__ import annotations

import gc
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Self

from jupyter_client.provisioning.local_provisioner import LocalProvisioner

from kit.errors import NextRoundError, ReportError

READY = b"ready\n"
READY_TIMEOUT_SECONDS = 120
REQUEST_LIMIT_BYTES = 1 << 20
# What jupyter_client runs for the python3 kernel spec, after the interpreter.
IPYKERNEL_MODULE = ["-m", "ipykernel_launcher"]


def fork_available() -> bool:
    return hasattr(os, "fork") and hasattr(socket, "AF_UNIX")


class KernelZygote:
    """The batch's handle on its zygote: a process that forks report kernels on request."""

    def __init__(self, process: subprocess.Popen[bytes], folder: Path) -> None:
        self.process = process
        self.folder = folder
        self.address = folder / "zygote.sock"

    @classmethod
    def start(cls) -> KernelZygote:
        """Start a zygote in a fresh interpreter; ``wait_until_ready`` before handing out its address.

        Its socket lives in a new private folder (mode 0700), so only this user can ask it
        for kernels. It stops by itself when this process closes its stdin or dies.
        """
        folder = Path(tempfile.mkdtemp(prefix="nextround-kernels-"))
        with (folder / "zygote.log").open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "kit.reports.kernel_zygote", str(folder / "zygote.sock")],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                cwd=folder,
            )
        return cls(process, folder)

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
            raise ReportError(f"The report kernel starter did not start: {reason}")

    def close(self) -> None:
        """Stop the zygote and remove its folder; kernels it forked are shut down by their managers."""
        self.process.terminate()  # it holds nothing worth a graceful exit
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _last_error(self) -> str:
        """The last line the zygote wrote to stderr: a traceback's exception, if it crashed."""
        try:
            text = (self.folder / "zygote.log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        lines = text.strip().splitlines()
        return lines[-1].strip()[:2000] if lines else ""


# -- asking for a kernel (in a batch worker) --------------------------------------------


def request_kernel(address: Path, argv: list[str], cwd: str, env: dict[str, str]) -> int:
    """Ask the zygote at ``address`` to fork a kernel started with ``argv``; returns its pid."""
    request = json.dumps({"argv": argv, "cwd": cwd, "env": env}).encode("utf-8")
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
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"report kernel {self.pid}", timeout or 0)
            time.sleep(0.02)
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


class ForkedKernelProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, except that the kernel is forked by the zygote."""

    zygote_address: Path

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        if cmd[1:3] != IPYKERNEL_MODULE:
            raise ReportError(
                f"Report kernels must be ipykernel kernels, not {' '.join(cmd[:3])!r}."
            )
        cwd = str(kwargs.get("cwd") or Path.cwd())
        env = {str(key): str(value) for key, value in (kwargs.get("env") or os.environ).items()}
        pid = request_kernel(self.zygote_address, cmd[3:], cwd, env)
        self.process = ForkedKernelProcess(pid)  # type: ignore[assignment]  # Popen enough for jupyter_client
        self.pid = self.pgid = pid  # the kernel leads its own session and process group
        self.cwd = cwd
        return self.connection_info


# -- the zygote itself ------------------------------------------------------------------


def serve(address: Path) -> None:
    """Import the report code, say ``ready`` on stdout, then fork a kernel per request until stdin closes."""
    _import_report_code()
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
        sys.stdout.buffer.write(READY)
        sys.stdout.flush()
        while True:
            readable, _, _ = select.select([server, sys.stdin], [], [])
            if sys.stdin in readable and not os.read(sys.stdin.fileno(), 4096):
                return  # the batch closed our stdin, or died
            if server in readable:
                connection, _ = server.accept()
                with connection:
                    _answer(connection, server)


def _import_report_code() -> None:
    """Everything a report kernel imports, and the caches that belong to no participant.

    Beyond ipykernel itself, the list is what ``IPKernelApp.initialize`` imports as it starts
    (measured with ipykernel 7): a module missing here costs each kernel time, never correctness.
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

    from kit.reports.participant import warm_up

    warm_up()


def _answer(connection: socket.socket, server: socket.socket) -> None:
    try:
        request = json.loads(_read_all(connection, REQUEST_LIMIT_BYTES))
        argv, cwd, env = request["argv"], request["cwd"], request["env"]
        if not (isinstance(argv, list) and isinstance(cwd, str) and isinstance(env, dict)):
            raise TypeError("argv must be a list, cwd a string and env an object")
    except (ValueError, KeyError, TypeError) as exc:
        connection.sendall(json.dumps({"error": f"bad request: {exc}"}).encode("utf-8"))
        return
    pid = os.fork()
    if pid == 0:
        try:
            _become_kernel([str(arg) for arg in argv], cwd, env, (server, connection))
        finally:
            os._exit(1)
    connection.sendall(json.dumps({"pid": pid}).encode("utf-8"))


def _become_kernel(
    argv: list[str], cwd: str, env: dict[str, str], inherited: tuple[socket.socket, ...]
) -> None:
    """In the forked child: drop the zygote's sockets and signals, then run an ipykernel."""
    os.setsid()  # its own process group, so an interrupt or kill reaches this kernel alone
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for sock in inherited:
        sock.close()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    from ipykernel.kernelapp import IPKernelApp

    # Exit if the zygote goes away. Said on the command line because ipykernel read its
    # JPY_PARENT_PID default from the zygote's environment when the zygote imported it.
    IPKernelApp.launch_instance(argv=[*argv, f"--IPKernelApp.parent_handle={os.getppid()}"])
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


if __name__ == "__main__":
    # As ipykernel_launcher does: the zygote's folder is not an import path for report code.
    if sys.path and Path(sys.path[0] or ".").resolve() == Path.cwd().resolve():
        del sys.path[0]
    try:
        serve(Path(sys.argv[1]))
    except (
        NextRoundError
    ) as problem:  # a broken content file, say: the batch shows why, on one line
        sys.stdout.write(" ".join(str(problem).split()) + "\n")
        sys.exit(1)

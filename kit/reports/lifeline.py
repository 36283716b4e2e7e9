"""Every process a report batch starts ends when the process that started it ends, even by ``kill -9``.

A killed batch cannot clean up after itself, so each child looks after its own end instead:

- On Linux, ``bind_to_parent`` asks the kernel for ``PR_SET_PDEATHSIG``: the moment the parent
  dies, the child gets SIGKILL. It costs nothing while the parent lives and needs no thread.
  The setting is not inherited across ``fork``, so each generation sets it again: the batch's
  workers and its kernel starter are bound to the batch, forked kernels to the kernel starter,
  kernels started from scratch to their worker.
- Elsewhere a daemon thread polls the parent pid twice a second (forking kernels is Linux-only,
  so only workers and ordinary kernels, which ipykernel also watches, rely on it).
- ``exit_when_gone`` watches a process that is not our parent (a forked kernel watches the
  worker that asked for it), through a pidfd where Linux has one.

A child that finds its parent already gone when it binds exits at once: the parent died
between the fork and the binding.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
POLL_SECONDS = 0.5


def _load_prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None
    prctl: Callable[..., int] = libc.prctl
    return prctl


_prctl = _load_prctl()


def parent_death_signal_available() -> bool:
    """True where the system itself ends a child when its parent dies (Linux)."""
    return _prctl is not None


def bind_to_parent(parent_pid: int) -> None:
    """In a child process: end this process as soon as ``parent_pid``, its parent, is gone."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    else:
        _watch(lambda: os.getppid() == parent_pid, f"parent {parent_pid}")
    if os.getppid() != parent_pid:
        os._exit(1)


def child_setup() -> Callable[[], None] | None:
    """A ``preexec_fn`` for ``subprocess.Popen`` that binds the new process to this one (Linux).

    None where there is no parent-death signal: such a child must watch its parent itself.
    The function only calls ``prctl`` and ``getppid``, which is safe between fork and exec.
    """
    prctl = _prctl
    if prctl is None:
        return None
    parent = os.getpid()
    kill = int(signal.SIGKILL)

    def bind() -> None:
        prctl(PR_SET_PDEATHSIG, kill, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return bind


def exit_when_gone(pid: int) -> None:
    """End this process as soon as process ``pid`` (any process, not only our parent) ends."""
    try:
        handle = os.pidfd_open(pid)
    except (AttributeError, OSError):
        _watch(lambda: process_alive(pid), f"process {pid}")
        return

    def wait_for_exit() -> None:
        select.select([handle], [], [])
        os._exit(1)

    threading.Thread(target=wait_for_exit, name=f"exit-with-{pid}", daemon=True).start()


def _watch(still_there: Callable[[], bool], what: str) -> None:
    def poll() -> None:
        while still_there():
            time.sleep(POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=poll, name=f"exit-with-{what}", daemon=True).start()


def process_alive(pid: int) -> bool:
    """True while process ``pid`` exists (ours or another user's)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

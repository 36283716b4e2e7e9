"""Finding the processes a test started, wherever they went: each carries a marker in its
environment (``VARIABLE=tag``), read back through Linux's /proc. Used by the tests that check a
batch or the report service leaves nothing running, however it is stopped."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from pathlib import Path

import pytest

LINUX = sys.platform.startswith("linux") and Path("/proc/self/environ").exists()


def require_proc(what: str) -> None:
    """Skip without /proc, saying ``what`` needs it; fail instead under CI (``CI=true``),
    where a skip would let CI pass without these tests."""
    if LINUX:
        return
    message = f"these tests find {what} through Linux's /proc"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def tagged(variable: str, tag: str) -> dict[int, str]:
    """Live processes (not zombies) whose environment carries ``variable=tag``, with their
    command lines."""
    marker = f"{variable}={tag}".encode()
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if state != "Z":
            found[int(entry.name)] = command.strip()
    return found


def gone_within(variable: str, tag: str, seconds: float) -> dict[int, str]:
    """The tagged processes still alive after waiting up to ``seconds`` for them to end."""
    deadline = time.monotonic() + seconds
    left = tagged(variable, tag)
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = tagged(variable, tag)
    return left


def kill_tagged(variable: str, tag: str) -> None:
    """End whatever a test left running, so a failing test leaves nothing behind either."""
    for pid in tagged(variable, tag):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)

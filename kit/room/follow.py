"""Following the store from a kernel: read every second in a thread, redraw on the kernel's loop.

The console and the projector show what other kernels write (participants' answers, the
room's clock), so they read the store again every second. The reading (and the HTML made
from it) happens in a thread, so a slow read never holds up a button; only a change is handed
to the kernel's own event loop (``loop.call_soon_threadsafe``), where widgets may be changed,
as the participant app's step bar does. Outside a running kernel there is no loop and nothing
follows: tests call the read and the redraw themselves.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from kit.core.logs import logger
from kit.errors import NextRoundError

log = logger(__name__)

POLL_SECONDS = 1.0
T = TypeVar("T")


class Follower(Generic[T]):
    """Calls ``read`` every ``interval`` seconds and ``show`` (on the loop) when it changed."""

    def __init__(
        self,
        read: Callable[[], T],
        show: Callable[[T], None],
        *,
        name: str,
        interval: float = POLL_SECONDS,
    ) -> None:
        self.read = read
        self.show = show
        self.name = name
        self.interval = interval
        self._last: T | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop = _running_loop()

    def start(self) -> bool:
        """Start following; False (nothing started) outside a running kernel."""
        if self._loop is None:
            return False
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()
        return True

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        assert self._loop is not None
        while not self._stop.wait(self.interval):
            try:
                value = self.read()
            except NextRoundError as exc:  # the store busy for a moment: try again next time
                log.warning("%s could not read the store: %s", self.name, exc)
                continue
            if value != self._last:
                self._last = value
                try:
                    self._loop.call_soon_threadsafe(self.show, value)
                except RuntimeError:  # the kernel is shutting down: its loop is closed
                    return


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None

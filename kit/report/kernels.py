"""Fresh kernels for reports, each started a little ahead of need and used exactly once.

Starting a Python kernel is most of what a report costs. A batch worker keeps one spare
kernel booting (and, if asked, importing the report code) while the current report runs, so
the next participant does not wait for a cold start. The privacy rule is unchanged: a
kernel is handed out once, to one participant, and shut down right after their report; the
spare has run nothing but imports and has never seen anyone's answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

KERNEL_NAME = "python3"
# What a spare kernel may run before it is given to a participant: imports only, no data.
WARM_UP_CODE = "import kit.report.participant"


class FreshKernels:
    """Hands out never-used kernels, keeping the next one starting in the background.

    With ``ahead=False`` it starts each kernel only when asked, which is what papermill would
    do on its own; the benchmark compares the two.
    """

    def __init__(self, cwd: Path, *, ahead: bool = True, warm_up: str = WARM_UP_CODE) -> None:
        self.cwd = cwd
        self.ahead = ahead
        self.warm_up = warm_up
        self._spare: tuple[AsyncKernelManager, Any] | None = None

    def take(self) -> AsyncKernelManager:
        """A started kernel no one has used; the caller must ``retire`` it after one report."""
        taken = self._spare or self._start()
        self._spare = None
        if self.ahead:
            self._spare = self._start()
        manager, client = taken
        if client is not None:
            client.stop_channels()
        return manager

    def retire(self, manager: AsyncKernelManager) -> None:
        """Shut a used kernel down at once (a graceful shutdown can stall for seconds)."""
        try:
            if manager.has_kernel:
                run_sync(manager.shutdown_kernel)(now=True)
        finally:
            run_sync(manager.cleanup_resources)(restart=False)

    def close(self) -> None:
        """Shut down the spare, if one is waiting."""
        spare, self._spare = self._spare, None
        if spare is not None:
            manager, client = spare
            if client is not None:
                client.stop_channels()
            self.retire(manager)

    def _start(self) -> tuple[AsyncKernelManager, Any]:
        manager = AsyncKernelManager(kernel_name=KERNEL_NAME)
        run_sync(manager.start_kernel)(cwd=str(self.cwd))
        client = None
        if self.warm_up:
            client = manager.client()
            client.start_channels()
            client.execute(self.warm_up, silent=True, store_history=False)
        return manager, client

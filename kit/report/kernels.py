"""Fresh kernels for reports, each started a little ahead of need and used exactly once.

Starting a Python kernel is most of what a report costs. A batch worker keeps one spare
kernel booting (and, if asked, importing the report code) while the current report runs, so
the next participant does not wait for a cold start. The privacy rule is unchanged: a
kernel is handed out once, to one participant, and shut down right after their report; the
spare has run nothing but imports and has never seen anyone's answers.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

KERNEL_NAME = "python3"
# What a spare kernel may run before it is given to a participant: imports only, no data.
WARM_UP_CODE = "import kit.report.participant"


class FreshKernels:
    """Hands out never-used kernels, keeping the next one starting in the background.

    With ``ahead=False`` it starts each kernel only when asked, which is what papermill would
    do on its own; the benchmark compares the two. ``warm_up`` is Python the kernel runs as
    it starts (IPython's ``exec_lines``): imports only, never anything about a person.
    """

    def __init__(self, cwd: Path, *, ahead: bool = True, warm_up: str = WARM_UP_CODE) -> None:
        self.cwd = cwd
        self.ahead = ahead
        self.warm_up = warm_up
        self._spare: AsyncKernelManager | None = None

    def take(self) -> AsyncKernelManager:
        """A started kernel no one has used; the caller must ``retire`` it after one report."""
        taken = self._spare or self._start()
        self._spare = self._start() if self.ahead else None
        return taken

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
            self.retire(spare)

    def _start(self) -> AsyncKernelManager:
        manager = AsyncKernelManager(kernel_name=KERNEL_NAME)
        # As nbclient does for its own kernels: no IPython history file, so parallel kernels
        # never queue on one SQLite lock. The kernel's own stdout/stderr (start-up banners)
        # stay out of the admin's terminal; what a report cell prints is in the notebook.
        arguments = ["--HistoryManager.hist_file=:memory:"]
        if self.warm_up:
            arguments.append(f"--IPKernelApp.exec_lines={self.warm_up}")
        run_sync(manager.start_kernel)(
            cwd=str(self.cwd),
            extra_arguments=arguments,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return manager

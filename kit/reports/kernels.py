"""Fresh kernels for reports, each started a little ahead of need and used exactly once.

Starting a Python kernel is most of what a report costs. A batch worker keeps one spare
kernel starting (forked by the batch's kernel zygote when there is one, see
``kernel_zygote``; else booted and importing the report code) while the current report runs,
so the next participant does not wait for a cold start. The privacy rule is unchanged: a
kernel is handed out once, to one participant, and shut down right after their report; the
spare has run nothing but imports and has never seen anyone's answers.
"""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from kit.reports.kernel_zygote import ForkedKernelProvisioner

KERNEL_NAME = "python3"
# What a spare kernel may run before it is given to a participant: imports only, no data.
WARM_UP_CODE = "import kit.reports.participant"


class ReportKernelManager(AsyncKernelManager):
    """jupyter_client's manager, noticing a killed kernel is gone within milliseconds.

    The stock manager checks every 100 ms, and a batch worker waits for that after every
    report before it can start the next.
    """

    async def _async_wait(self, pollinterval: float = 0.005) -> None:
        await super()._async_wait(pollinterval=pollinterval)


class ForkedKernelManager(ReportKernelManager):
    """A report kernel manager whose kernel is forked by the kernel zygote at ``zygote_address``."""

    def __init__(self, zygote_address: Path, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.zygote_address = zygote_address

    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
        if self.provisioner is None:  # jupyter_client would pick its own local provisioner
            self.kernel_id = self.kernel_id or str(uuid.uuid4())
            provisioner = ForkedKernelProvisioner(
                kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
            )
            provisioner.zygote_address = self.zygote_address
            self.provisioner = provisioner
        result: tuple[list[str], dict[str, Any]] = await super()._async_pre_start_kernel(**kw)
        return result


class FreshKernels:
    """Hands out never-used kernels, keeping the next one starting in the background.

    With ``ahead=False`` it starts each kernel only when asked, which is what papermill would
    do on its own; the benchmark compares the two. ``warm_up`` is Python the kernel runs as
    it starts (IPython's ``exec_lines``): imports only, never anything about a person.
    ``zygote`` is the address of a kernel zygote to fork kernels from, already warm.
    """

    def __init__(
        self,
        cwd: Path,
        *,
        ahead: bool = True,
        warm_up: str = WARM_UP_CODE,
        zygote: Path | None = None,
    ) -> None:
        self.cwd = cwd
        self.ahead = ahead
        self.warm_up = warm_up
        self.zygote = zygote
        self._spare: ReportKernelManager | None = None

    def take(self) -> ReportKernelManager:
        """A started kernel no one has used; the caller must ``retire`` it after one report."""
        taken = self._spare or self._start()
        self._spare = self._start() if self.ahead else None
        return taken

    def retire(self, manager: ReportKernelManager) -> None:
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

    def _start(self) -> ReportKernelManager:
        manager = (
            ReportKernelManager(kernel_name=KERNEL_NAME)
            if self.zygote is None
            else ForkedKernelManager(self.zygote, kernel_name=KERNEL_NAME)
        )
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

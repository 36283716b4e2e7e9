"""How a report kernel is started: jupyter_client's local provisioner, registered by entry point.

``pyproject.toml`` registers :class:`ReportKernelProvisioner` under the name ``nextround-report``
in the ``jupyter_client.kernel_provisioners`` group, and :class:`ReportKernelSpecs` hands out a
kernel spec that names it. jupyter_client's own factory then builds it for every report kernel,
so papermill and nbclient drive these kernels like any other, through public extension points.

What it changes from the stock local provisioner:

- With a ``zygote`` address (Linux, in a batch), the kernel is forked by the kernel starter
  (:mod:`kit.reports.kernel_zygote`) instead of started from scratch.
- A kernel started from scratch is bound to the process that started it
  (:mod:`kit.reports.lifeline`): it cannot outlive its batch worker, even one killed by ``-9``.
- ``kill`` returns once the kernel is gone, so the manager never sleeps its 100 ms polling
  interval after each report.

The kernel command is this interpreter's ``ipykernel_launcher``: reports import the kit, so
they run where the kit is installed, whatever ``python3`` kernel spec a user has installed.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.provisioning.local_provisioner import LocalProvisioner
from traitlets import Unicode

from kit.errors import ReportError
from kit.reports import lifeline
from kit.reports.kernel_zygote import IPYKERNEL_MODULE, ForkedKernelProcess, request_kernel

PROVISIONER_NAME = "nextround-report"
REPORT_KERNEL_NAME = "nextround-report"
KILL_WAIT_SECONDS = 2.0


class ReportKernelProvisioner(LocalProvisioner):
    """Starts one report kernel: forked by the kernel starter when there is one, else as usual."""

    zygote = Unicode(
        "", config=True, help="Address of the kernel starter's socket; empty: start from scratch."
    )

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        if not self.zygote:
            setup = lifeline.child_setup()
            if setup is not None:
                kwargs["preexec_fn"] = setup
            return await super().launch_kernel(cmd, **kwargs)
        if cmd[1:3] != IPYKERNEL_MODULE:
            raise ReportError(
                f"Report kernels must be ipykernel kernels, not {' '.join(cmd[:3])!r}."
            )
        cwd = str(kwargs.get("cwd") or Path.cwd())
        env = {str(key): str(value) for key, value in (kwargs.get("env") or os.environ).items()}
        pid = request_kernel(Path(self.zygote), cmd[3:], cwd, env)
        self.process = ForkedKernelProcess(pid)  # type: ignore[assignment]  # Popen enough for jupyter_client
        self.pid = self.pgid = pid  # the kernel leads its own session and process group
        self.cwd = cwd
        return self.connection_info

    async def kill(self, restart: bool = False) -> None:
        """Kill the kernel and return once it is gone (a killed process is gone in milliseconds)."""
        process = self.process
        await super().kill(restart=restart)
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=KILL_WAIT_SECONDS)


class ReportKernelSpecs(KernelSpecManager):
    """The one kernel spec reports use: this interpreter's ipykernel, started by our provisioner."""

    zygote = Unicode("", help="Passed to the provisioner: the kernel starter's socket, if any.")

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return report_kernel_spec(self.zygote)


def report_kernel_spec(zygote: str = "") -> KernelSpec:
    return KernelSpec(
        argv=[sys.executable, *IPYKERNEL_MODULE, "-f", "{connection_file}"],
        display_name="Next Round report",
        language="python",
        interrupt_mode="signal",
        metadata={
            "kernel_provisioner": {
                "provisioner_name": PROVISIONER_NAME,
                "config": {"zygote": zygote},
            }
        },
    )

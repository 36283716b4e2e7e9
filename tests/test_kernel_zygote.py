"""Report kernels: forked from a warm, data-free zygote, one per report, never outliving their batch.

What an admin relies on: every report still runs in a kernel of its own (a new process,
never reused), the kernels really come from the zygote (that is where the speed comes
from), a zygote that cannot start, or is gone, gives a clear error instead of a hang, and a
kernel ends when the zygote or the worker it serves ends.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.manager import AsyncKernelManager
from probe_templates import probe_template

from kit.core.store import Store
from kit.errors import ReportError
from kit.reports.batch import (
    BatchOptions,
    ReportJob,
    WorkerSettings,
    run_batch,
    select_participants,
)
from kit.reports.batch import _build as build_report_in_worker
from kit.reports.kernel_zygote import ForkedKernelProcess, KernelZygote, request_kernel
from kit.reports.kernels import FreshKernels
from kit.reports.runner import PARTICIPANT_TEMPLATE, report_path
from kit.room.demo import build_demo

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not hasattr(os, "fork") or not Path("/proc/self").exists(), reason="needs os.fork and /proc"
    ),
]

WHO_RAN_ME = """\
import os, sys
parent = open(f"/proc/{os.getppid()}/cmdline", "rb").read().replace(b"\\0", b" ").decode()
print(json.dumps({"pid": os.getpid(), "parent": parent, "participant": participant_id,
                  "warm": "kit.reports.participant" in sys.modules}))
"""


def _probe_template(folder: Path) -> Path:
    """A report template that only says which process ran it, and who its parent is."""
    return probe_template(folder, "probe", "import json", WHO_RAN_ME)


def _who_ran(out: Path, participant_id: str) -> dict[str, object]:
    kept = nbformat.read(report_path(out, participant_id, ".ipynb"), as_version=4)
    found: dict[str, object] = json.loads(kept.cells[-1].outputs[0]["text"])
    return found


def _probe_batch(tmp_path: Path, **options: object) -> list[dict[str, object]]:
    store = Store.open(str(tmp_path / "store.sqlite"), create=True)
    build_demo(store)
    people = select_participants(
        store, participant_ids=["demo-amara", "demo-bilal", "demo-chen", "demo-dolores"]
    )
    out = tmp_path / "reports"
    result = run_batch(
        store,
        people,
        BatchOptions(
            out_dir=out, jobs=2, keep_notebooks=True, template=_probe_template(tmp_path), **options
        ),  # type: ignore[arg-type]
    )
    assert result.ok, [outcome.reason for outcome in result.failed]
    return [_who_ran(out, person.id) for person in people]


def test_each_report_runs_in_a_new_kernel_forked_from_the_warm_zygote(tmp_path: Path) -> None:
    ran = _probe_batch(tmp_path)

    assert [seen["participant"] for seen in ran] == [
        "demo-amara",
        "demo-bilal",
        "demo-chen",
        "demo-dolores",
    ]
    assert len({seen["pid"] for seen in ran}) == len(ran), "a kernel served two participants"
    assert all("-m kit.reports.kernel_zygote " in str(seen["parent"]) for seen in ran)
    assert all(seen["warm"] for seen in ran), (
        "the report code was not imported before the kernel started"
    )
    assert os.getpid() not in {seen["pid"] for seen in ran}


def test_without_the_zygote_each_kernel_is_started_from_scratch(tmp_path: Path) -> None:
    ran = _probe_batch(tmp_path, fork_kernels=False)

    assert len({seen["pid"] for seen in ran}) == len(ran)
    assert not any("-m kit.reports.kernel_zygote " in str(seen["parent"]) for seen in ran)


def _zygote(folder: Path) -> KernelZygote:
    return KernelZygote.start(folder, folder / "logs" / "kernels.log")


def test_the_zygote_refuses_a_malformed_request_and_goes_on_serving(tmp_path: Path) -> None:
    with _zygote(tmp_path) as zygote:
        zygote.wait_until_ready()
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.connect(str(zygote.address))
            connection.sendall(b'{"argv": "not a list"}')
            connection.shutdown(socket.SHUT_WR)
            reply = json.loads(connection.recv(65536))
        assert "bad request" in reply["error"]

        # It still forks: a kernel asked only for its version prints it and exits.
        pid = request_kernel(zygote.address, ["--version"], str(tmp_path), dict(os.environ))
        assert ForkedKernelProcess(pid).wait(timeout=30) == 0


def test_asking_a_stopped_zygote_for_a_kernel_is_a_clear_error(tmp_path: Path) -> None:
    zygote = _zygote(tmp_path)
    zygote.wait_until_ready()
    zygote.close()

    assert zygote.process.returncode is not None and not zygote.address.exists()
    with pytest.raises(ReportError, match="Could not get a report kernel"):
        request_kernel(zygote.address, ["--version"], str(tmp_path), dict(os.environ))


def test_a_zygote_that_cannot_load_the_report_code_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "content"
    broken.mkdir()
    (broken / "steps.toml").write_text("this is = = not toml", encoding="utf-8")
    monkeypatch.setenv("NEXTROUND_CONTENT", str(broken))

    zygote = _zygote(tmp_path)
    with pytest.raises(ReportError, match=r"did not start: .*steps\.toml"):
        zygote.wait_until_ready()
    assert zygote.process.returncode is not None


def test_the_zygote_stops_by_itself_when_the_batch_goes_away(tmp_path: Path) -> None:
    zygote = _zygote(tmp_path)
    zygote.wait_until_ready()
    assert zygote.process.stdin is not None
    zygote.process.stdin.close()  # what the system does when the batch process dies

    try:
        assert zygote.process.wait(timeout=10) == 0
    except subprocess.TimeoutExpired:
        pytest.fail("the zygote outlived its batch")
    finally:
        zygote.close()


def test_the_zygote_runs_in_this_interpreter(tmp_path: Path) -> None:
    """It must import the same kit the batch does: same interpreter, same installed packages."""
    with _zygote(tmp_path) as zygote:
        zygote.wait_until_ready()
        cmdline = Path(f"/proc/{zygote.process.pid}/cmdline").read_bytes().split(b"\0")
        assert cmdline[0].decode() == sys.executable


class _FirstKernelDies(FreshKernels):
    """Hands out a kernel that has died before it ran anything."""

    killed: list[int]

    def take(self) -> AsyncKernelManager:
        manager = super().take()
        process = manager.provisioner.process
        process.kill()
        process.wait(timeout=10)
        self.killed.append(process.pid)
        return manager


def test_a_kernel_that_dies_before_running_anything_fails_that_report_plainly(
    tmp_path: Path,
) -> None:
    """With kernels on ipc sockets no kernel loses a port race, so nothing is retried: a
    kernel that dies is a failure the admin sees, with the reason."""
    store = Store.open(str(tmp_path / "store.sqlite"), create=True)
    build_demo(store)
    settings = WorkerSettings(
        out_dir=tmp_path / "reports",
        store_url=store.location.url,
        template=PARTICIPANT_TEMPLATE,
        keep_notebooks=False,
        chromium="",
        ahead=False,
        zygote=None,
    )
    kernels = _FirstKernelDies(PARTICIPANT_TEMPLATE.parent, ahead=False)
    kernels.killed = []
    job = ReportJob("demo-chen", "Next Round: Chen Wei", "hash", execute=True, print_pdf=False)

    outcome = build_report_in_worker(job, settings, kernels)

    assert len(kernels.killed) == 1, "one kernel, no retry"
    assert outcome.status == "failed" and "kernel" in outcome.reason.lower(), outcome.reason
    assert not report_path(tmp_path / "reports", "demo-chen").exists()
    kernels.close()


def test_a_forked_kernel_does_not_outlive_its_zygote(tmp_path: Path) -> None:
    zygote = _zygote(tmp_path)
    zygote.wait_until_ready()
    kernels = FreshKernels(tmp_path, ahead=False, zygote=zygote.address)
    manager = kernels.take()
    kernel = manager.provisioner.process
    try:
        assert kernel.poll() is None
        zygote.close()  # as if the batch had died: nobody will retire this kernel
        assert kernel.wait(timeout=15) == 0, "an orphaned report kernel kept running"
    finally:
        kernels.retire(manager)
        kernels.close()


ASK_FOR_A_KERNEL = """
import os, sys, time
from pathlib import Path
from kit.reports.kernel_zygote import request_kernel
argv = ["-f", sys.argv[2], "--transport=ipc"]
print(request_kernel(Path(sys.argv[1]), argv, os.getcwd(), dict(os.environ)), flush=True)
time.sleep(600)
"""


def test_a_forked_kernel_does_not_outlive_the_worker_it_serves(tmp_path: Path) -> None:
    """A worker killed outright (Ctrl-C twice, out of memory) takes its kernel with it, even
    though the kernel is the zygote's child, not the worker's."""
    with _zygote(tmp_path) as zygote:
        zygote.wait_until_ready()
        worker = subprocess.Popen(
            [sys.executable, "-c", ASK_FOR_A_KERNEL, str(zygote.address), str(tmp_path / "k.json")],
            stdout=subprocess.PIPE,
        )
        assert worker.stdout is not None
        kernel = ForkedKernelProcess(int(worker.stdout.readline()))
        try:
            assert kernel.poll() is None, "the kernel runs while its worker does"
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
            assert kernel.wait(timeout=10) == 0, "the kernel outlived its worker"
        finally:
            kernel.kill()
            worker.stdout.close()

"""How a batch stops: nothing it started outlives it, and Ctrl-C never turns a report into a failure.

What an admin relies on: `kill -9` of `nextround reports` leaves no worker, kernel starter or
kernel running (and so nothing writing reports the manifest does not list); Ctrl-C stops
handing out work and lets running reports finish, a second Ctrl-C stops them and marks them
"interrupted"; report kernels talk over local ipc sockets and print nothing on the terminal.
Every process a test batch starts carries a marker in its environment, so the test can find
them all in /proc, whoever their parent is by then.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

import nbformat
import pytest
from probe_templates import probe_template
from process_tags import gone_within, kill_tagged, require_proc, tagged

from kit.core.store import Store
from kit.reports.batch import BatchOptions, run_batch, select_participants
from kit.reports.manifest import read_manifest
from kit.reports.provisioner import PROVISIONER_NAME, ReportKernelProvisioner
from kit.reports.runner import report_path
from kit.room.demo import build_demo
from kit.workbook.personas import PERSONAS

TAG = "NEXTROUND_TEST_BATCH"
NEXTROUND = Path(sys.executable).parent / "nextround"


def _store(folder: Path) -> Path:
    path = folder / "store.sqlite"
    store = Store.open(str(path), create=True)
    build_demo(store)
    store.close()
    return path


@pytest.fixture
def tag() -> Iterator[str]:
    """A marker for this test's processes; anything still alive at the end is killed.

    The processes are found through Linux's /proc: elsewhere these tests are skipped, except
    under CI (``CI=true``), where a skip would let CI pass without them.
    """
    require_proc("a batch's processes")
    marker = uuid.uuid4().hex
    yield marker
    kill_tagged(TAG, marker)


def _start(command: list[str], tag: str, home: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a shell job has
        env={**os.environ, TAG: tag, "NEXTROUND_HOME": str(home)},
    )


def _reports_command(store: Path, out: Path, jobs: int) -> list[str]:
    return [
        str(NEXTROUND),
        "reports",
        "--store",
        str(store),
        "--cohort",
        "demo",
        "--out",
        str(out),
        "--jobs",
        str(jobs),
        "--no-progress",
    ]


def _wait_for(condition: object, seconds: float, batch: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and batch.poll() is None:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting (batch exit status {batch.poll()})")


@pytest.mark.slow
def test_kill_9_of_the_batch_leaves_nothing_running_and_nothing_writing(
    tmp_path: Path, tag: str
) -> None:
    store = _store(tmp_path)
    out = tmp_path / "reports"
    batch = _start(_reports_command(store, out, jobs=2), tag, tmp_path / "home")
    _wait_for(lambda: len(read_manifest(out)) >= 1, 240, batch)
    started = tagged(TAG, tag)
    assert len(started) >= 4, (
        f"expected the batch, its workers, kernel starter and kernels: {started}"
    )

    os.kill(batch.pid, signal.SIGKILL)  # the batch alone, as `kill -9 PID` does
    batch.wait(timeout=10)

    left = gone_within(TAG, tag, 5)
    assert not left, f"still running after the batch was killed: {left}"
    written = sorted(path.name for path in out.glob("report-*.html"))
    time.sleep(2)
    assert sorted(path.name for path in out.glob("report-*.html")) == written, (
        "reports were still being written after the batch died"
    )


@pytest.mark.slow
def test_ctrl_c_lets_the_running_report_finish_and_fails_nothing(tmp_path: Path, tag: str) -> None:
    store = _store(tmp_path)
    out = tmp_path / "reports"
    batch = _start(_reports_command(store, out, jobs=1), tag, tmp_path / "home")
    _wait_for(lambda: len(read_manifest(out)) >= 1, 240, batch)

    os.killpg(batch.pid, signal.SIGINT)  # what the terminal sends on Ctrl-C: the whole job
    _stdout, stderr = batch.communicate(timeout=120)

    rows = read_manifest(out)
    assert batch.returncode == 130, stderr.decode()
    assert {row.status for row in rows.values()} == {"built"}, {
        pid: (row.status, row.reason) for pid, row in rows.items()
    }
    assert 1 <= len(rows) < len(PERSONAS), "it stopped handing out work"
    assert all(report_path(out, pid).is_file() for pid in rows)
    assert "Run the same command again" in stderr.decode()
    assert not gone_within(TAG, tag, 5)


def _slow_template(folder: Path, markers: Path) -> Path:
    """A report template that says it started (a file per participant), then takes two minutes."""
    return probe_template(
        folder,
        "slow",
        "import pathlib, time\n"
        f"pathlib.Path({str(markers)!r}, participant_id).touch()\n"
        "time.sleep(120)",
    )


DRIVER = """
import json, sys
from pathlib import Path
from kit.core.store import Store
from kit.reports.batch import BatchOptions, run_batch, select_participants
store = Store.open(sys.argv[1])
people = select_participants(store, participant_ids=["demo-amara", "demo-bilal", "demo-chen"])
options = BatchOptions(out_dir=Path(sys.argv[2]), jobs=2, template=Path(sys.argv[3]))
result = run_batch(store, people, options)
print(json.dumps({"interrupted": result.interrupted, "log": str(result.log or "")}))
"""


@pytest.mark.slow
def test_a_second_ctrl_c_stops_running_reports_and_marks_them_interrupted(
    tmp_path: Path, tag: str
) -> None:
    store = _store(tmp_path)
    out = tmp_path / "reports"
    markers = tmp_path / "started"
    markers.mkdir()
    template = _slow_template(tmp_path, markers)
    batch = _start(
        [sys.executable, "-c", DRIVER, str(store), str(out), str(template)], tag, tmp_path / "home"
    )
    _wait_for(lambda: len(list(markers.iterdir())) == 2, 240, batch)

    os.killpg(batch.pid, signal.SIGINT)
    time.sleep(0.5)
    os.killpg(batch.pid, signal.SIGINT)
    stdout, stderr = batch.communicate(timeout=30)

    assert batch.returncode == 0, stderr.decode()
    said = json.loads(stdout.decode().strip().splitlines()[-1])
    rows = read_manifest(out)
    running = sorted(path.name for path in markers.iterdir())
    assert said["interrupted"]
    assert {pid: row.status for pid, row in rows.items()} == dict.fromkeys(running, "interrupted")
    assert "demo-chen" not in rows, "work not yet handed out stays for the next run"
    assert not list(out.glob("report-*.html"))
    assert Path(said["log"]).is_file() and "interrupted" in Path(said["log"]).read_text("utf-8")
    assert not gone_within(TAG, tag, 5)


# -- kernels over ipc, started through our provisioner -----------------------------------------

TRANSPORT_PROBE = """\
import json
from ipykernel.kernelapp import IPKernelApp
app = IPKernelApp.instance()
print(json.dumps({"transport": app.transport, "ip": app.ip}))
"""


def _transport_template(folder: Path) -> Path:
    return probe_template(folder, "transport", TRANSPORT_PROBE)


@pytest.mark.slow
@pytest.mark.parametrize("fork_kernels", [True, False], ids=["forked", "started"])
def test_report_kernels_talk_over_ipc_sockets(tmp_path: Path, fork_kernels: bool) -> None:
    store = Store.open(str(_store(tmp_path)))
    out = tmp_path / "reports"
    people = select_participants(store, participant_ids=["demo-amara", "demo-bilal", "demo-chen"])
    options = BatchOptions(
        out_dir=out,
        jobs=2,
        keep_notebooks=True,
        template=_transport_template(tmp_path),
        fork_kernels=fork_kernels,
    )
    result = run_batch(store, people, options)
    assert result.ok, [outcome.reason for outcome in result.failed]
    seen = []
    for person in people:
        kept = nbformat.read(report_path(out, person.id, ".ipynb"), as_version=4)
        seen.append(json.loads(kept.cells[-1].outputs[0]["text"]))
    assert {probe["transport"] for probe in seen} == {"ipc"}
    assert len({probe["ip"] for probe in seen}) == len(seen), "each kernel has its own sockets"
    assert all(Path(probe["ip"]).is_absolute() for probe in seen)


@pytest.mark.slow
def test_one_report_from_the_command_line_prints_no_kernel_noise(tmp_path: Path) -> None:
    store = _store(tmp_path)
    done = subprocess.run(
        [str(NEXTROUND), "report", "demo-chen", "--store", str(store), "--out", str(tmp_path)],
        capture_output=True,
        timeout=180,
        env={**os.environ, "NEXTROUND_HOME": str(tmp_path / "home")},
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().strip() == str(report_path(tmp_path, "demo-chen"))
    assert done.stderr.decode().strip() == "", "nothing but the path is printed"


def test_the_report_provisioner_is_registered_by_entry_point() -> None:
    registered = entry_points(group="jupyter_client.kernel_provisioners")
    assert PROVISIONER_NAME in registered.names
    assert registered[PROVISIONER_NAME].load() is ReportKernelProvisioner

""" "Download my report": the report service the participant app asks for one person's report.

What a participant relies on: the page they download is exactly the one ``nextround report``
writes for them, holds their answers and nobody else's, and is made in a kernel that served
no one else, even when others click at the same moment. What whoever runs the app relies on:
an unknown id is a clear error, and the service leaves nothing behind, not when it is
closed, not when its process is killed, and not one thread or socket per report while it
runs. Every process a test service starts carries a marker in its environment, so the test
can find them all in /proc, whoever their parent is by then.
"""

from __future__ import annotations

import asyncio
import html
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from probe_templates import probe_template
from process_tags import gone_within, kill_tagged, require_proc, tagged

from kit.core.store import Store
from kit.errors import PdfPrinterMissingError, ReportError, UnknownParticipantError
from kit.reports.kernel_zygote import KernelZygote
from kit.reports.kernels import FreshKernels
from kit.reports.pdf import find_chromium
from kit.reports.service import ReportService
from kit.room.demo import build_demo, demo_answers
from kit.workbook.personas import PERSONAS

TAG = "NEXTROUND_TEST_SERVICE"
NEXTROUND = Path(sys.executable).parent / "nextround"

pytestmark = pytest.mark.slow


def _store(folder: Path) -> Path:
    path = folder / "store.sqlite"
    store = Store.open(str(path), create=True)
    build_demo(store)
    store.close()
    return path


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store.open(str(_store(tmp_path_factory.mktemp("service"))))
    yield store
    store.close()


@pytest.fixture(scope="module")
def service(demo_store: Store) -> Iterator[ReportService]:
    with ReportService.start(demo_store, workers=2) as started:
        yield started


def _own_strings(persona_key: str) -> list[str]:
    """Text only this persona wrote (their name, role and story), as a page shows it."""
    persona = next(p for p in PERSONAS if p.key == persona_key)
    return [html.escape(text) for text in (persona.name, persona.role, persona.story)]


def _assert_only_theirs(page: str, persona_key: str) -> None:
    own_words = demo_answers()[persona_key]["hopes_for_today"]["in_my_words"]
    for text in [*_own_strings(persona_key), *([html.escape(own_words)] if own_words else [])]:
        assert text in page, f"{persona_key}'s report lacks {text!r}"
    for persona in PERSONAS:
        if persona.key != persona_key:
            for text in _own_strings(persona.key):
                assert text not in page, f"{persona.name}'s text is in {persona_key}'s report"


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


@pytest.fixture
def tag(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A marker in the environment of every process this test starts; any still alive at the
    end is killed, so a failing test leaves nothing running either.

    The processes are found through Linux's /proc: elsewhere these tests are skipped, except
    under CI (``CI=true``), where a skip would let CI pass without them.
    """
    require_proc("the report service's processes")
    marker = uuid.uuid4().hex
    monkeypatch.setenv(TAG, marker)
    yield marker
    kill_tagged(TAG, marker)


def test_a_download_is_the_page_nextround_report_writes_and_only_theirs(
    service: ReportService, demo_store: Store, tmp_path: Path
) -> None:
    downloaded = asyncio.run(service.html("demo-chen"))

    finished = subprocess.run(
        [
            str(NEXTROUND),
            "report",
            "demo-chen",
            "--store",
            demo_store.location.url,
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    written = Path(finished.stdout.strip())
    assert written == tmp_path / "report-demo-chen.html"
    assert downloaded == written.read_bytes()
    _assert_only_theirs(downloaded.decode("utf-8"), "chen")


def test_two_people_asking_at_once_each_get_their_own(service: ReportService) -> None:
    async def both() -> list[bytes]:
        return await asyncio.gather(service.html("demo-amara"), service.html("demo-bilal"))

    amara, bilal = asyncio.run(both())

    _assert_only_theirs(amara.decode("utf-8"), "amara")
    _assert_only_theirs(bilal.decode("utf-8"), "bilal")


def test_an_unknown_id_is_a_clear_error_and_the_service_goes_on(service: ReportService) -> None:
    with pytest.raises(UnknownParticipantError, match="No participant with id 'nobody'"):
        asyncio.run(service.html("nobody"))

    assert b"Bilal Haddad" in asyncio.run(service.html("demo-bilal"))


def test_the_pdf_is_printed_from_the_downloaded_page(service: ReportService) -> None:
    if find_chromium() is None:
        message = "PDF downloads need Chromium: run `sudo apt-get install chromium`"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        with pytest.raises(PdfPrinterMissingError):
            asyncio.run(service.pdf("demo-chen"))
        pytest.skip(message)

    pdf = asyncio.run(service.pdf("demo-chen"))

    assert service.pdf_available
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


WHO_RAN_ME = """\
import os
from IPython.display import HTML, display
display(HTML(f"<p id='who'>{os.getpid()} {os.getppid()} {participant_id}</p>"))
"""


def _probe_template(folder: Path) -> Path:
    """A report template that only says which process ran it, for whom, and its parent."""
    return probe_template(folder, "probe", WHO_RAN_ME)


def _who_ran(page: bytes) -> tuple[int, int, str]:
    found = re.search(rb"<p id='who'>(\d+) (\d+) ([\w-]+)</p>", page)
    assert found, page[-300:]
    return int(found[1]), int(found[2]), found[3].decode()


def test_every_download_runs_in_a_new_kernel_forked_from_the_warm_starter(
    demo_store: Store, tmp_path: Path, tag: str
) -> None:
    people = ["demo-amara", "demo-bilal", "demo-chen", "demo-dolores", "demo-emeka"]
    with ReportService.start(demo_store, workers=2, template=_probe_template(tmp_path)) as probe:

        async def everyone() -> list[bytes]:
            return await asyncio.gather(*(probe.html(person) for person in people))

        ran = [_who_ran(page) for page in asyncio.run(everyone())]
        starters = [pid for pid in tagged(TAG, tag) if _parent(pid) == os.getpid()]

    assert [who for _pid, _parent, who in ran] == people
    assert len({pid for pid, _parent, _who in ran}) == len(people), "a kernel served two people"
    assert len(starters) == 1 and {parent for _pid, parent, _who in ran} == set(starters)


def test_a_failed_report_says_why_to_the_asker_and_logs_no_words_of_theirs(
    demo_store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    template = _probe_template(tmp_path)
    notebook = nbformat.read(template, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell('raise ValueError("my manager never listens")'))
    nbformat.write(notebook, template)
    with (
        ReportService.start(demo_store, workers=1, template=template) as failing,
        pytest.raises(ReportError, match="ValueError: my manager never listens"),
    ):
        asyncio.run(failing.html("demo-hana"))

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "demo-hana" in logged and "ValueError" in logged
    assert "my manager never listens" not in logged


def test_closing_the_service_leaves_no_process_or_folder_behind(
    demo_store: Store, tag: str
) -> None:
    service = ReportService.start(demo_store, workers=2)
    asyncio.run(service.html("demo-dolores"))
    started = tagged(TAG, tag)
    runtime = service.runtime
    assert len(started) >= 3, started  # the kernel starter and a spare kernel per worker

    service.close()

    assert not gone_within(TAG, tag, 10), "processes outlived the closed report service"
    assert not runtime.exists()
    with pytest.raises(ReportError, match="has stopped"):
        asyncio.run(service.html("demo-dolores"))
    service.close()  # a second close is harmless


OWNER = """
import asyncio, sys
from kit.core.store import Store
from kit.reports.service import ReportService
service = ReportService.start(Store.open(sys.argv[1]), workers=2)
asyncio.run(service.html("demo-chen"))
print(service.runtime, flush=True)
sys.stdin.read()
"""


def test_when_its_process_is_killed_everything_the_service_started_goes_too(
    tmp_path: Path, tag: str
) -> None:
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER, str(_store(tmp_path))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert owner.stdout is not None
        runtime = Path(owner.stdout.readline().decode().strip())
        started = set(tagged(TAG, tag)) - {owner.pid}
        assert len(started) >= 3, started
        owner.kill()
        owner.wait(timeout=10)

        assert not gone_within(TAG, tag, 15), "the service's processes outlived its owner"
    finally:
        owner.kill()
        owner.wait()
    # The next service sweeps the runtime folder a killed one could not remove.
    with ReportService.start(Store.open(str(tmp_path / "store.sqlite")), workers=1):
        assert not runtime.exists()


def test_a_service_started_from_a_passing_thread_keeps_working(demo_store: Store, tag: str) -> None:
    """A server may start it from a thread of its own that ends; the kernel starter is bound to
    the life of the thread that starts it, so the service must start it from its own."""
    started: list[ReportService] = []
    thread = threading.Thread(target=lambda: started.append(ReportService.start(demo_store)))
    thread.start()
    thread.join()
    with started[0] as service:
        time.sleep(0.5)  # a starter bound to the finished thread would be gone by now

        assert b"Emeka Nwosu" in asyncio.run(service.html("demo-emeka"))


def test_a_kernel_starter_that_dies_is_started_again(demo_store: Store, tag: str) -> None:
    with ReportService.start(demo_store, workers=1) as service:
        (starter,) = [pid for pid in tagged(TAG, tag) if _parent(pid) == os.getpid()]
        os.kill(starter, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            again = [pid for pid in tagged(TAG, tag) if _parent(pid) == os.getpid()]
            if again and again != [starter] and (service.runtime / "zygote.sock").exists():
                break
            time.sleep(0.2)

        assert b"Gabriel Souza" in asyncio.run(service.html("demo-gabriel"))


def _open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_reports_leave_no_thread_or_socket_behind_in_a_long_running_service(
    service: ReportService, tag: str
) -> None:
    async def reports(count: int) -> None:
        for _ in range(count):
            await service.html("demo-freya")

    asyncio.run(reports(2))  # every worker has made a report, and has its next spare
    threads, files = threading.active_count(), _open_files()
    asyncio.run(reports(6))

    assert threading.active_count() == threads, [t.name for t in threading.enumerate()]
    assert _open_files() <= files


def test_a_spare_kernel_that_died_while_waiting_is_never_handed_out(
    tmp_path: Path, tag: str
) -> None:
    with KernelZygote.start(tmp_path, tmp_path / "kernels.log") as zygote:
        zygote.wait_until_ready()
        kernels = FreshKernels(tmp_path, ahead=False, zygote=zygote.address)
        try:
            kernels.prepare()
            assert kernels._spare is not None
            dead = kernels._spare.provisioner.process  # type: ignore[union-attr]
            dead.kill()
            dead.wait(timeout=10)

            taken = kernels.take()
            try:
                assert taken.provisioner.process.pid != dead.pid  # type: ignore[union-attr]
                assert taken.provisioner.process.poll() is None  # type: ignore[union-attr]
            finally:
                kernels.retire(taken)
        finally:
            kernels.close()


def test_the_report_command_never_loads_the_iri_grammar(demo_store: Store, tmp_path: Path) -> None:
    """rfc3987_syntax compiles a grammar as it is imported: about 2 s of a 3 s command."""
    finished = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "kit.cli",
            "report",
            "demo-amara",
            "--store",
            demo_store.location.url,
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert (tmp_path / "report-demo-amara.html").is_file()
    imported = {line.rsplit("|", 1)[-1].strip() for line in finished.stderr.splitlines()}
    assert "papermill" in imported and "jsonschema" in imported
    assert "rfc3987_syntax.syntax_helpers" not in imported and "lark" not in imported

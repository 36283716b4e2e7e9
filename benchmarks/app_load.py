"""Shared by the app benchmarks: a real `nextround app` and simulated participants.

A simulated participant does on the wire what a page does, without a browser (in a room each
person's own device runs the page's JavaScript, so the server's two cores go to the server
and the kernels, as here): open the join link (cookie), fetch the step page (whole streamed
HTML, which carries the kernel's id), connect the kernel's websocket, ask for every widget's
state. "Ready" is when those states are in hand: a browser would now draw the first exercise.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

from kit.app import links
from kit.core.store import Store
from kit.core.workspace import as_url
from kit.room.demo import build_demo


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(statistics.median(values), 2),
        "p95": round(percentile(values, 0.95), 2),
        "max": round(max(values), 2),
    }


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen[bytes]
    store_url: str
    home: Path


@contextmanager
def room_server(people: int) -> Iterator[Server]:
    """The demo cohort plus enough extra people for ``people`` participants, served by a real app."""
    home = Path(tempfile.mkdtemp(prefix="nextround-bench-"))
    store_url = as_url(home / "bench.sqlite")
    store = Store.open(store_url, create=True)
    build_demo(store)
    for index in range(max(0, people - len(store.list_participants("demo")))):
        store.add_participant(f"Bench person {index}", cohort_id="demo")
    store.close()
    with socket_port() as port:
        pass
    env = {**os.environ, "NEXTROUND_HOME": str(home), "NEXTROUND_DB": store_url}
    command = [
        sys.executable,
        "-m",
        "kit.cli",
        "-v",
        "app",
        "--cohort",
        "demo",
        "--port",
        str(port),
    ]
    with (home / "app.log").open("wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                import urllib.request

                urllib.request.urlopen(base_url + "/", timeout=2)
            except urllib.error.HTTPError:
                break  # a calm 403: the server answers
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the app did not start") from None
                time.sleep(0.3)
            else:
                break
        yield Server(base_url, process, store_url, home)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def socket_port() -> Iterator[int]:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


def join_urls(server: Server, count: int) -> list[str]:
    store = Store.open(server.store_url)
    try:
        return [link.url for link in links.personal_links(store, "demo", server.base_url)][:count]
    finally:
        store.close()


def message(msg_type: str, content: dict[str, Any], metadata: dict[str, Any] | None = None) -> str:
    return json.dumps(
        {
            "header": {
                "msg_id": uuid.uuid4().hex,
                "username": "bench",
                "session": "bench",
                "msg_type": msg_type,
                "version": "5.3",
                "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            },
            "parent_header": {},
            "metadata": metadata or {},
            "content": content,
            "channel": "shell",
            "buffers": [],
        }
    )


@dataclass
class Page:
    """One simulated participant's open page."""

    ready_s: float
    socket: WebSocketClientConnection
    states: dict[str, Any] = field(repr=False)

    def model_inside(self, css_class: str, model_name: str) -> str | None:
        """The id of the first ``model_name`` widget inside the box with ``css_class``."""
        roots = [
            comm
            for comm, state in self.states.items()
            if css_class in state["state"].get("_dom_classes", [])
        ]
        queue = list(roots)
        while queue:
            comm = queue.pop(0)
            state = self.states.get(comm, {}).get("state", {})
            if state.get("_model_name") == model_name and comm not in roots:
                return comm
            queue += [child.removeprefix("IPY_MODEL_") for child in state.get("children", [])]
        return None


async def open_page(url: str, client: AsyncHTTPClient) -> Page:
    """What a browser does from a join link until every widget's state is in hand."""
    started = time.monotonic()
    joined = await client.fetch(url, follow_redirects=False, raise_error=False)
    cookie = joined.headers.get_list("Set-Cookie")[0].split(";", 1)[0]
    base = url.split("/j/")[0]
    headers = {"Cookie": cookie}
    page = await client.fetch(
        base + joined.headers["Location"], headers=headers, request_timeout=300
    )
    found = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page.body.decode())
    assert found, "the page names its kernel"
    kernel = found.group(1)
    ws_url = (
        base.replace("http", "ws", 1)
        + f"/api/kernels/{kernel}/channels?session_id={uuid.uuid4().hex}"
    )
    socket = await websocket_connect(HTTPRequest(ws_url, headers=headers))
    await socket.write_message(message("kernel_info_request", {}))
    control = uuid.uuid4().hex
    while True:
        raw = await asyncio.wait_for(socket.read_message(), timeout=300)
        if raw is None:
            raise RuntimeError("the kernel's websocket closed")
        msg = json.loads(raw)
        kind = msg["header"]["msg_type"]
        if kind == "kernel_info_reply":
            await socket.write_message(
                message(
                    "comm_open",
                    {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
                    {"version": "1.0.0"},
                )
            )
            await socket.write_message(
                message("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
            )
        elif kind == "comm_msg" and msg["content"].get("data", {}).get("method") == "update_states":
            states = msg["content"]["data"]["states"]
            return Page(time.monotonic() - started, socket, states)


async def wait_for_text(
    socket: WebSocketClientConnection, needle: str, timeout: float = 60
) -> None:
    """Until a message from the kernel contains ``needle`` (a widget update on the page)."""
    deadline = time.monotonic() + timeout
    while True:
        raw = await asyncio.wait_for(
            socket.read_message(), timeout=max(0.1, deadline - time.monotonic())
        )
        if raw is None:
            raise RuntimeError("the kernel's websocket closed")
        if needle in raw:
            return


def _process_tree(root: int) -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def _pss(pid: int) -> float | None:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    return (
        next(int(line.split()[1]) for line in text.splitlines() if line.startswith("Pss:")) / 1024
    )


def kernel_memory(server: Server) -> tuple[list[float], float]:
    """PSS in MiB of each page kernel, and of the whole app (server, kernel starter, kernels).

    Page kernels are forked from the kernel starter without a new command line, so they are
    found as its children (or, where forking is off, by ipykernel's command line).
    """
    children = _process_tree(server.process.pid)
    everything: list[int] = []
    queue = [server.process.pid]
    while queue:
        pid = queue.pop()
        everything.append(pid)
        queue += children.get(pid, [])
    kernels = []
    for pid in everything:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"kernel_zygote" in command:
            kernels += children.get(pid, [])
        elif b"ipykernel_launcher" in command:
            kernels.append(pid)
    kernel_pss = [value for pid in kernels if (value := _pss(pid)) is not None]
    total = sum(value for pid in everything if (value := _pss(pid)) is not None)
    return kernel_pss, total


def wait_for_prepared_pages(server: Server, wanted: int, timeout: float = 300) -> int:
    """Until the app has prepared its pages ahead and gone quiet (as before a session starts)."""
    from kit.app.server import POOL_LIMIT

    wanted = min(wanted, POOL_LIMIT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kernels, _total = kernel_memory(server)
        if len(kernels) >= wanted:
            time.sleep(5)  # let the last ones finish running their step
            return len(kernels)
        time.sleep(1)
    return len(kernel_memory(server)[0])

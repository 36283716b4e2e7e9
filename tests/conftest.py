"""Shared fixtures: every test gets its own workspace, so nothing touches ~/.nextround.

Modules marked ``pytest.mark.both_stores`` run each test that uses a store twice: on a SQLite
file and on a real PostgreSQL server the tests start themselves (``pg_server``). Elsewhere the
store is the workspace's SQLite file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import require_chromium

from kit.core.content import Content, clear_cache, load_content
from kit.core.store import Store
from kit.core.workspace import STORE_ENV, STORE_FILE_NAME, as_url
from kit.room.demo import build_demo

pytest_plugins = ["pg_server"]  # postgres_server, postgres_url

BACKENDS = ("sqlite", "postgres")

_ENVIRONMENT = (
    "NEXTROUND_HOME",
    "NEXTROUND_DB",
    "NEXTROUND_PARTICIPANT",
    "NEXTROUND_COHORT",
    "NEXTROUND_CONTENT",
    "JUPYTERHUB_USER",
)


@pytest.fixture(autouse=True)
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty workspace folder set as NEXTROUND_HOME; other kit variables unset."""
    for name in _ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "workspace"
    monkeypatch.setenv("NEXTROUND_HOME", str(home))
    clear_cache()
    return home


@pytest.fixture
def content() -> Content:
    return load_content()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests in a ``both_stores`` module that use a store run once per backend."""
    if "store_backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker(
        "both_stores"
    ):
        metafunc.parametrize("store_backend", BACKENDS, indirect=True)


@pytest.fixture(scope="session")
def store_backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgres``: which database this test's stores live in."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def new_store_url(
    store_backend: str, request: pytest.FixtureRequest
) -> Iterator[Callable[[Path], str]]:
    """Makes the URL of a new, empty store: a SQLite file in the folder given, or a new
    PostgreSQL database (dropped at the end of the session)."""
    from pg_server import new_database  # the plugin, loaded by pytest_plugins above

    janitors: list[Any] = []
    # Asked for first, so the server outlives this fixture and is there for the drops below.
    server = request.getfixturevalue("postgres_server") if store_backend == "postgres" else None

    def make(folder: Path) -> str:
        if server is None:
            return as_url(folder / "store.sqlite")
        url, janitor = new_database(server)
        janitors.append(janitor)
        return url

    yield make
    for janitor in janitors:
        janitor.drop()


@pytest.fixture
def store_url(
    store_backend: str,
    workspace: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> str:
    """This test's store: the workspace's SQLite file, or a new PostgreSQL database that is
    also set as NEXTROUND_DB, so commands, sessions and report kernels find it."""
    if store_backend == "sqlite":
        return as_url(workspace / STORE_FILE_NAME)
    url = str(request.getfixturevalue("postgres_url"))
    monkeypatch.setenv(STORE_ENV, url)
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store.open(create=True)
    yield opened
    opened.close()


@pytest.fixture
def demo_store(store: Store) -> Store:
    build_demo(store)
    return store


@pytest.fixture(scope="module")
def room_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The demo cohort served by a real participant app, one per test module."""
    from app_server import demo_room

    require_chromium()
    with demo_room(tmp_path_factory.mktemp("room")) as running:
        yield running

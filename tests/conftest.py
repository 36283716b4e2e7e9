"""Shared fixtures: every test gets its own workspace, so nothing touches ~/.nextround."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Lab, demo_lab

from kit.core.content import Content, clear_cache, load_content
from kit.core.store import Store
from kit.room.demo import build_demo

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


@pytest.fixture
def store(workspace: Path) -> Iterator[Store]:
    opened = Store.open()
    yield opened
    opened.close()


@pytest.fixture
def demo_store(store: Store) -> Store:
    build_demo(store)
    return store


@pytest.fixture
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """A JupyterLab over a fresh demo cohort, one per browser test: a Lab shared by several
    tests restores their open tabs, and Run All can then land in the wrong notebook."""
    with demo_lab(tmp_path_factory.mktemp("lab-home")) as running:
        yield running

from __future__ import annotations

from pathlib import Path

import pytest

from kit.core.workspace import as_url, resolve_store


def test_default_store_is_in_the_workspace_and_may_be_created(workspace: Path) -> None:
    location = resolve_store()
    assert location.sqlite_path == workspace.resolve() / "nextround.sqlite"
    assert location.explicit is False


def test_environment_variable_beats_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTROUND_DB", str(tmp_path / "room.sqlite"))
    location = resolve_store()
    assert location.sqlite_path == (tmp_path / "room.sqlite").resolve()
    assert location.explicit is True


def test_explicit_argument_beats_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTROUND_DB", str(tmp_path / "room.sqlite"))
    assert (
        resolve_store(tmp_path / "mine.sqlite").sqlite_path == (tmp_path / "mine.sqlite").resolve()
    )


def test_database_urls_pass_through_and_passwords_are_hidden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = "postgresql+psycopg://coach:secret@db.example:5432/nextround"
    monkeypatch.setenv("NEXTROUND_DB", url)
    location = resolve_store()
    assert location.url == url
    assert location.sqlite_path is None
    assert "secret" not in location.display


def test_relative_paths_become_absolute_sqlite_urls() -> None:
    assert as_url("answers.sqlite").startswith("sqlite:////")

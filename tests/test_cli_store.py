"""A store someone names (``--store`` or NEXTROUND_DB) is never created by surprise: a typo must
not start an empty second store while the room's answers are in the first. New stores are made
on purpose with ``nextround store create``; only the workspace default appears by itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from kit.cli import main
from kit.core.store import Store
from kit.core.workspace import STORE_ENV

pytestmark = pytest.mark.both_stores


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _tables(url: str) -> list[str]:
    engine = sa.create_engine(url)
    names = sa.inspect(engine).get_table_names()
    engine.dispose()
    return names


@pytest.fixture
def named_but_new(store_backend: str, new_store_url: object, tmp_path: Path) -> str:
    """A store location someone typed that holds no store yet (a new file, an empty database)."""
    return str(new_store_url(tmp_path / "elsewhere"))  # type: ignore[operator]


def _nothing_there(location: str) -> bool:
    if location.startswith("sqlite:///"):
        return not Path(location.removeprefix("sqlite:///")).exists()
    return _tables(location) == []


@pytest.mark.parametrize(
    "command",
    [["demo"], ["cohort", "create", "--title", "Spring"], ["participants"], ["cohort", "list"]],
    ids=["demo", "cohort-create", "participants", "cohort-list"],
)
def test_no_command_creates_a_store_given_with_store(
    runner: CliRunner, named_but_new: str, command: list[str]
) -> None:
    result = runner.invoke(main, [*command, "--store", named_but_new])
    assert result.exit_code == 1
    assert "no answer store" in result.output.casefold()
    shown = named_but_new.removeprefix("sqlite:///")  # a file is shown as its path
    assert f"nextround store create {shown}" in result.output.replace("\n", " ")
    assert _nothing_there(named_but_new)


@pytest.mark.parametrize("command", [["demo"], ["cohort", "create", "--title", "Spring"]])
def test_no_command_creates_a_store_named_in_nextround_db(
    runner: CliRunner, named_but_new: str, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(STORE_ENV, named_but_new)
    result = runner.invoke(main, command)
    assert result.exit_code == 1 and "nextround store create" in result.output
    assert _nothing_there(named_but_new)


def test_store_create_makes_a_named_store_once_on_purpose(
    runner: CliRunner, named_but_new: str
) -> None:
    made = runner.invoke(main, ["store", "create", named_but_new])
    assert made.exit_code == 0, made.output
    assert "created" in made.output
    demo = runner.invoke(main, ["demo", "--store", named_but_new])
    assert demo.exit_code == 0, demo.output
    again = runner.invoke(main, ["store", "create", named_but_new])
    assert again.exit_code == 1 and "already" in again.output
    store = Store.open(named_but_new)
    assert len(store.list_participants("demo")) == 14  # nothing was replaced
    store.close()


def test_the_workspace_default_store_still_appears_by_itself(
    runner: CliRunner, workspace: Path
) -> None:
    result = runner.invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    assert (workspace / "nextround.sqlite").exists()

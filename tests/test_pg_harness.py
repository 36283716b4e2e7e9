"""The PostgreSQL tests are skipped, with the reason, where there is no server to start, and
fail instead under CI=true, where a skipped database test would hide a broken store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ONE_POSTGRES_TEST = f"{TESTS / 'test_store_errors.py'}::test_a_database_that_does_not_exist_on_the_server_is_missing"


def _run_without_postgres(tmp_path: Path, ci: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NEXTROUND_PG_BIN": str(tmp_path / "no-postgres-here"), "CI": ci}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs", "-q", ONE_POSTGRES_TEST],
        cwd=TESTS.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("ci", ["", "false"])
def test_without_postgresql_the_tests_are_skipped_with_the_reason(tmp_path: Path, ci: str) -> None:
    run = _run_without_postgres(tmp_path, ci)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 skipped" in run.stdout
    assert "PostgreSQL tests skipped" in run.stdout and "apt-get install postgresql" in run.stdout


def test_without_postgresql_in_ci_the_tests_fail(tmp_path: Path) -> None:
    run = _run_without_postgres(tmp_path, "true")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "PostgreSQL tests cannot run in CI" in run.stdout
    assert "skipped" not in run.stdout

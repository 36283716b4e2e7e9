"""A throwaway PostgreSQL server for the test suite and the store benchmark, started and removed
by them (a pytest plugin: ``tests/conftest.py`` loads it).

``postgres_server`` (session) runs ``initdb`` + ``pg_ctl start`` into a fresh temporary folder
on a free port of 127.0.0.1 with trust authentication, using pytest-postgresql's
``PostgreSQLExecutor``; ``postgres_url`` (function) creates an empty database for one test
with pytest-postgresql's ``DatabaseJanitor`` and drops it afterwards.

PostgreSQL refuses to run as root, and CI and our machines run as root. There the server runs
as an unprivileged OS user (``NEXTROUND_PG_USER``, else Debian's ``postgres``, else a
``nextround-pg`` user created with ``useradd``): every ``pg_ctl`` call goes through a small
root-owned wrapper script that does ``runuser -u USER -- pg_ctl``. Run as anyone else, the
server runs as that user and no wrapper is used.

No PostgreSQL binaries: the tests that need the server are skipped with the reason, except
under ``CI=true``, where they fail. Binaries are looked for in ``NEXTROUND_PG_BIN`` (only
there, when it is set), else on ``PATH`` and in ``/usr/lib/postgresql/<version>/bin`` (where
Debian's ``postgresql`` package puts them, off ``PATH``).

The cluster is stopped and its folder removed at session end, also when tests fail or the run
is interrupted (Ctrl-C, or SIGTERM, which is turned into an interrupt). If pytest dies without
teardown (SIGKILL), a watchdog process notices the closed pipe and does the same.
"""

from __future__ import annotations

import itertools
import os
import pwd
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import NoReturn

import port_for
import pytest
from mirakuru.exceptions import ProcessFinishedWithError
from pytest_postgresql.executors import PostgreSQLExecutor
from pytest_postgresql.janitor import DatabaseJanitor

BIN_ENV = "NEXTROUND_PG_BIN"
USER_ENV = "NEXTROUND_PG_USER"
DEFAULT_OS_USERS = ("postgres", "nextround-pg")
SUPERUSER = "postgres"  # the database superuser initdb creates (trust auth, no password)
HOST = "127.0.0.1"
# A test server need not survive a power cut: skipping fsync makes CREATE DATABASE and commits
# faster. The benchmark passes its own settings (the server's defaults are durable).
FAST_OPTIONS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
_NEEDED = ("initdb", "pg_ctl", "postgres")


def in_ci() -> bool:
    """True when ``CI`` says so: there, a missing server fails the run instead of skipping."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def find_pg_bin() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``, newest version first.

    ``NEXTROUND_PG_BIN``, when set, is the only place looked at (so a test can also say
    "there is none")."""
    candidates: list[Path] = []
    if os.environ.get(BIN_ENV, "").strip():
        candidates.append(Path(os.environ[BIN_ENV]).expanduser())
        return candidates[0] if _has_server(candidates[0]) else None
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    debian = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(debian, key=lambda p: _version_key(p.parent.name), reverse=True)
    return next((folder for folder in candidates if _has_server(folder)), None)


def _has_server(folder: Path) -> bool:
    return all(os.access(folder / name, os.X_OK) for name in _NEEDED)


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", name)) or (0,)


def server_os_user() -> str | None:
    """The OS user the server runs as when we are root, created if missing (None: not root)."""
    if os.geteuid() != 0:
        return None
    wanted = os.environ.get(USER_ENV, "").strip()
    for name in (wanted,) if wanted else DEFAULT_OS_USERS:
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    name = wanted or DEFAULT_OS_USERS[-1]
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
         "--shell", "/usr/sbin/nologin", name],
        check=True, capture_output=True,
    )  # fmt: skip
    return name


def unavailable(reason: str) -> NoReturn:
    """Skip the requesting test, or fail it under CI, where nothing may be skipped."""
    if in_ci():
        pytest.fail(f"PostgreSQL tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@dataclass
class PostgresServer:
    """A running throwaway cluster; ``url(name)`` is a SQLAlchemy URL for one database."""

    executor: PostgreSQLExecutor
    folder: Path
    os_user: str | None
    watchdog: subprocess.Popen[bytes]
    _watch_pipe: int

    @property
    def host(self) -> str:
        return HOST

    @property
    def port(self) -> int:
        return int(self.executor.port)

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@{HOST}:{self.port}/{dbname}"

    def janitor(self, dbname: str) -> DatabaseJanitor:
        """Creates (``init``) and drops (``drop``) ``dbname``, a copy of ``template0``."""
        return DatabaseJanitor(
            user=SUPERUSER, host=HOST, port=self.port, dbname=dbname,
            template_dbname="template0", maintenance_dbname="postgres",
        )  # fmt: skip

    def stop(self) -> None:
        """Stop the server (fast shutdown), end the watchdog and remove the folder."""
        try:
            if self.executor.running():
                self.executor.stop()
        except ProcessFinishedWithError:
            pass
        finally:
            if self._watch_pipe >= 0:
                if self.executor.running():  # fast shutdown failed: the watchdog's immediate one
                    os.close(self._watch_pipe)
                    self._watch_pipe = -1
                    _wait(self.watchdog, 30)
                else:
                    self.watchdog.terminate()
                    os.close(self._watch_pipe)
                    self._watch_pipe = -1
            _wait(self.watchdog, 10)
            shutil.rmtree(self.folder, ignore_errors=True)


def _wait(process: subprocess.Popen[bytes], seconds: float) -> None:
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_server(
    pg_bin: Path, os_user: str | None, *, settings: str = FAST_OPTIONS, timeout: int = 60
) -> PostgresServer:
    """initdb + pg_ctl start into a new temporary folder; the caller must ``stop()`` it.

    ``settings`` are extra ``postgres`` options (``-c name=value`` …), added to the command line.
    """
    folder = Path(tempfile.mkdtemp(prefix="nextround-pg-"))
    pg_ctl = pg_bin / "pg_ctl"
    cluster = folder / "cluster"  # everything the server writes: data, socket, log
    cluster.mkdir()
    if os_user is not None:
        folder.chmod(0o711)  # the server user may pass through but not write here
        entry = pwd.getpwnam(os_user)
        os.chown(cluster, entry.pw_uid, entry.pw_gid)
        wrapper = folder / "pg_ctl"  # root-owned, outside what the server user can write
        wrapper.write_text(
            "#!/bin/sh\n"
            f'exec runuser -u {shlex.quote(os_user)} -- {shlex.quote(str(pg_ctl))} "$@"\n'
        )
        wrapper.chmod(0o755)
        pg_ctl = wrapper
    executor = PostgreSQLExecutor(
        executable=str(pg_ctl),
        host=HOST,
        port=port_for.select_random(),
        datadir=str(cluster / "data"),
        unixsocketdir=str(cluster),
        logfile=str(cluster / "postgresql.log"),
        startparams="-w",
        dbname="postgres",
        user=SUPERUSER,
        timeout=timeout,
        postgres_options=f"-c listen_addresses={HOST} {settings}".strip(),
    )
    # Watchdog: blocks on a pipe only we hold open; EOF (our exit, however it happens) means
    # stop the server and remove the folder. Own session, so Ctrl-C does not reach it.
    read_end, write_end = os.pipe()
    script = 'read _ignored; "$1" stop -D "$2" -m immediate >/dev/null 2>&1; rm -rf "$3"'
    watchdog = subprocess.Popen(
        ["sh", "-c", script, "pg-watchdog", str(pg_ctl), executor.datadir, str(folder)],
        stdin=read_end, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    os.close(read_end)
    server = PostgresServer(executor, folder, os_user, watchdog, write_end)
    try:
        executor.start()
    except Exception as exc:
        log = cluster / "postgresql.log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
        server.stop()
        raise RuntimeError(f"PostgreSQL did not start ({exc}); server log:\n{tail}") from exc
    except BaseException:
        server.stop()
        raise
    return server


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL cluster for the whole session (skipped without binaries)."""
    pg_bin = find_pg_bin()
    if pg_bin is None:
        unavailable(
            f"no initdb/pg_ctl/postgres on PATH, in /usr/lib/postgresql/*/bin or in ${BIN_ENV} "
            "(Debian: apt-get install postgresql)"
        )
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        unavailable("running as root, and there is no runuser to start the server as another user")
    try:
        os_user = server_os_user()
    except (OSError, subprocess.CalledProcessError) as exc:
        unavailable(
            f"running as root, and no unprivileged user could be made for the server: {exc}"
        )
    previous = signal.signal(signal.SIGTERM, _interrupt)  # SIGTERM -> normal teardown
    server = start_server(pg_bin, os_user)
    try:
        yield server
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)


_counter = itertools.count()


def new_database(server: PostgresServer) -> tuple[str, DatabaseJanitor]:
    """A new, empty database on ``server``: its URL and the janitor that drops it."""
    janitor = server.janitor(f"test_{os.getpid()}_{next(_counter)}")
    janitor.init()
    return server.url(janitor.dbname), janitor


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a new, empty database, dropped after the test (open connections are cut)."""
    url, janitor = new_database(postgres_server)
    try:
        yield url
    finally:
        janitor.drop()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")

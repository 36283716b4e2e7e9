"""Schema versions of the answer store: alembic migrations shipped inside the kit.

Each revision is one file in ``versions/`` naming the revision before it; ``0001_baseline`` is
the schema as it was before versions existed. Alembic is driven from here with a configuration
built in code (no ``alembic.ini``), on a connection the store hands in, inside the store's own
transaction. Only ``kit.core.store`` calls this module; the kit never changes a schema silently
(``nextround store upgrade`` says what will change and asks first).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

MIGRATIONS = Path(__file__).resolve().parent
VERSIONS = MIGRATIONS / "versions"
# Where revision files are looked for: this package's own, and in tests a later one's too.
VERSION_LOCATIONS: tuple[str, ...] = (VERSIONS.as_posix(),)
BASELINE = "0001_baseline"
VERSION_TABLE = "alembic_version"


@dataclass(frozen=True)
class Step:
    """One revision an upgrade would apply: its id and what it changes (its docstring)."""

    revision: str
    change: str


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS.as_posix())
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join(VERSION_LOCATIONS))
    config.attributes["connection"] = connection
    return config


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head() -> str:
    """The revision this kit's schema is at (a new store is created there)."""
    found = _scripts().get_current_head()
    if found is None:  # pragma: no cover - the package always ships the baseline
        raise RuntimeError("kit/core/migrations/versions holds no revision")
    return found


def stamped_revision(conn: Connection) -> str | None:
    """The revision recorded in the store's version table (None: no table, or empty)."""
    return MigrationContext.configure(conn).get_current_revision()


def is_known(revision: str) -> bool:
    """Whether this kit ships ``revision`` (a store from a newer kit may be at one it lacks)."""
    return revision in {script.revision for script in _scripts().walk_revisions()}


def pending(current: str | None) -> list[Step]:
    """The revisions an upgrade from ``current`` (None: an empty store) applies, in order."""
    scripts = _scripts()
    steps = [
        Step(script.revision, (script.doc or script.revision).strip().splitlines()[0])
        for script in scripts.walk_revisions(base="base", head="heads")
        if current is None or script.revision != current
    ]
    if current is not None:
        below = {s.revision for s in scripts.walk_revisions(base="base", head=current)}
        steps = [step for step in steps if step.revision not in below]
    return list(reversed(steps))


def upgrade(conn: Connection, target: str = "heads") -> None:
    """Apply every revision up to ``target`` on ``conn``, inside the caller's transaction."""
    command.upgrade(_config(conn), target)


def stamp(conn: Connection, revision: str) -> None:
    """Record that the store is at ``revision`` without running anything (the baseline)."""
    command.stamp(_config(conn), revision)

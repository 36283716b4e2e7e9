"""The answer store itself: make a new one on purpose, upgrade one's schema after saying how.

Commands that do the workshop's work never create a store someone named (``--store``,
``NEXTROUND_DB``) and never change a schema; these two are how both happen, deliberately.
"""

from __future__ import annotations

import click

from kit.cli.options import store_option


@click.group()
def store() -> None:
    """Create a new answer store, or upgrade one made by an older Next Round."""


@store.command("create")
@click.argument("location", metavar="PATH_OR_URL")
def store_create(location: str) -> None:
    """Make a new, empty answer store at PATH_OR_URL (a SQLite file or a database URL).

    A PostgreSQL database must exist on the server already (empty); the tables are made here.
    """
    from kit.core.store import Store

    created = Store.create(location)
    status = created.schema_status()
    created.close()
    click.echo(
        f"New answer store created at {status.location} (schema revision {status.current}). "
        f"Use it with --store {location} or NEXTROUND_DB={location}."
    )


@store.command("upgrade")
@store_option
@click.option("--yes", is_flag=True, help="Upgrade without asking (for scripts).")
def store_upgrade(store_location: str | None, yes: bool) -> None:
    """Upgrade the store's schema to this Next Round's, after saying what will change."""
    from kit.core.store import Store
    from kit.errors import StoreMissingError, StoreTooNewError

    opened = Store.open_unchecked(store_location)
    try:
        status = opened.schema_status()
        if status.current is None:
            raise StoreMissingError(status.location, "it holds no answer store yet")
        if status.too_new:
            raise StoreTooNewError(status.location, str(status.current), status.head)
        if status.up_to_date:
            click.echo(
                f"The answer store at {status.location} is up to date "
                f"(schema revision {status.current}); nothing to do."
            )
            return
        click.echo(
            f"The answer store at {status.location} is at schema revision {status.current}; "
            f"upgrading to {status.head} will:"
        )
        for step in status.pending:
            click.echo(f"  - {step.revision}: {step.change}")
        click.echo("Answers already saved are kept; the upgrade is one transaction.")
        if not yes:
            click.confirm("Upgrade now?", abort=True)
        applied = opened.upgrade()
    finally:
        opened.close()
    click.echo(f"Upgraded through {len(applied)} revision(s); now at {status.head}.")

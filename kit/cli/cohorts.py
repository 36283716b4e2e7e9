"""Cohorts and rosters: create a cohort, bring its people in, make its anonymous report."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from kit.cli.options import open_store, out_dir_option, store_option


@click.group()
def cohort() -> None:
    """Create cohorts and make their anonymous group report."""


@cohort.command("create")
@click.option(
    "--title", required=True, help="What people will recognise, e.g. 'Spring session, Leeds'."
)
@click.option(
    "--date",
    "session_date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The session date, YYYY-MM-DD.",
)
@click.option("--facilitator", default=None, help="Who runs the session.")
@click.option(
    "--k",
    "min_group_size",
    type=int,
    default=5,
    show_default=True,
    help="Minimum group size for anonymous views (never below 3).",
)
@click.option(
    "--id", "cohort_id", default=None, help="An id of your choice (default: from the title)."
)
@store_option
def cohort_create(
    title: str,
    session_date: Any,
    facilitator: str | None,
    min_group_size: int,
    cohort_id: str | None,
    store_location: str | None,
) -> None:
    """Create a cohort for one session and print its id."""

    store = open_store(store_location, may_create=True)
    created = store.create_cohort(
        title,
        cohort_id=cohort_id,
        session_date=session_date.date() if session_date else None,
        facilitator=facilitator,
        min_group_size=min_group_size,
    )
    click.echo(
        f"Cohort {created.id!r} created (minimum group size {created.min_group_size}). "
        f"Next: nextround roster import FILE --cohort {created.id}"
    )


@cohort.command("list")
@store_option
def cohort_list(store_location: str | None) -> None:
    """List cohorts: id, title, date and how many people are on each roster."""

    store = open_store(store_location)
    cohorts = store.list_cohorts()
    if not cohorts:
        click.echo("No cohorts yet. `nextround cohort create --title ...` makes one.")
    for item in cohorts:
        when = item.session_date.isoformat() if item.session_date else "no date"
        people = len(store.list_participants(item.id))
        click.echo(f"{item.id}  {item.title}  ({when}, {people} people, k={item.min_group_size})")


@cohort.command("report")
@click.argument("cohort_id")
@store_option
@out_dir_option
def cohort_report(cohort_id: str, store_location: str | None, out_dir: Path | None) -> None:
    """Write COHORT_ID's anonymous group report as HTML and print its path."""
    from kit.core.workspace import reports_dir
    from kit.reports.cohort_runner import build_cohort_report

    path = build_cohort_report(cohort_id, out_dir or reports_dir(), open_store(store_location))
    click.echo(str(path))


@click.group()
def roster() -> None:
    """Bring participants in from a sign-up file."""


@roster.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--cohort",
    "cohort_id",
    default=None,
    help="The cohort to import into (default: NEXTROUND_COHORT, or the only cohort).",
)
@click.option(
    "--mapping",
    "mappings",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="Name a column yourself, e.g. --mapping name='Your name' --mapping email='Work email'. "
    "Fields: name, first_name, last_name, email, situation, hopes.",
)
@click.option("--dry-run", is_flag=True, help="Show the preview and write nothing.")
@click.option("--yes", is_flag=True, help="Import after the preview without asking.")
@store_option
def roster_import(
    file: Path,
    cohort_id: str | None,
    mappings: tuple[str, ...],
    dry_run: bool,
    yes: bool,
    store_location: str | None,
) -> None:
    """Import FILE (CSV, XLSX, Google/Microsoft Forms or Eventbrite export) into a cohort.

    A preview of every change is shown first; a file with problems writes nothing, and
    importing the same file again changes nothing.
    """
    from kit.core.content import load_content
    from kit.errors import NextRoundError
    from kit.room.roster import apply_import, parse_mapping, plan_import, read_table

    store = open_store(store_location)
    if cohort_id is None:
        cohort_id = os.environ.get("NEXTROUND_COHORT", "").strip() or None
    if cohort_id is None:
        cohorts = [item.id for item in store.list_cohorts() if item.id != "demo"]
        if len(cohorts) != 1:
            raise NextRoundError(
                "Say which cohort with --cohort ID"
                + (
                    f" (the cohorts are {', '.join(cohorts)})."
                    if cohorts
                    else "; create one with `nextround cohort create`."
                )
            )
        cohort_id = cohorts[0]
    content = load_content()
    plan = plan_import(read_table(file), store, cohort_id, content, parse_mapping(mappings))
    click.echo(plan.preview())
    if dry_run:
        click.echo("Dry run: nothing was written.")
        return
    if not plan.changes_anything:
        click.echo("Nothing to change: everyone in the file is already in the cohort as shown.")
        return
    if not yes:
        click.confirm("Import these people?", abort=True)
    written = apply_import(plan, store, content)
    click.echo(
        f"Imported into {cohort_id!r}: {plan.count('add')} added, {plan.count('update')} updated "
        f"({len(written)} people in the file)."
    )

"""People: the demo cohort, who is in the store, and each person's data rights (export, erase)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kit.cli.options import open_store, store_option


@click.command()
@store_option
@click.option("--reset", is_flag=True, help="Rebuild the demo cohort, discarding edits to it.")
def demo(store_location: str | None, reset: bool) -> None:
    """Create the demo cohort: fictional people with answers (safe to run again).

    Made in the workspace's store (created if needed) or in a store named with --store or
    NEXTROUND_DB, which must exist (`nextround store create` makes one).
    """
    from kit.room.demo import build_demo

    store = open_store(store_location, may_create=True)
    cohort, created = build_demo(store, reset=reset)
    people = len(store.list_participants(cohort.id))
    state = "created" if created else "already there (use --reset to rebuild it)"
    click.echo(
        f"Demo cohort {cohort.id!r} with {people} participants {state}: {store.location.display}"
    )


@click.command()
@store_option
@click.option("--cohort", "cohort_id", default=None, help="Only this cohort.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def participants(store_location: str | None, cohort_id: str | None, as_json: bool) -> None:
    """List participants: id, name and cohort."""

    store = open_store(store_location)
    if cohort_id is not None:
        store.get_cohort(cohort_id)
    people = store.list_participants(cohort_id)
    if as_json:
        rows = [{"id": p.id, "name": p.display_name, "cohort": p.cohort_id} for p in people]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not people:
        click.echo("No participants yet. `nextround demo` creates a demo cohort.")
        return
    width = max(len(p.id) for p in people)
    for person in people:
        click.echo(f"{person.id:<{width}}  {person.display_name}  ({person.cohort_id or 'solo'})")


@click.command()
@click.argument("participant_id")
@store_option
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the JSON to this file instead of standard output.",
)
def export(participant_id: str, store_location: str | None, out_file: Path | None) -> None:
    """Everything PARTICIPANT_ID answered, every revision, as JSON (data portability)."""
    from kit.reports.data_rights import export_participant
    from kit.reports.runner import write_atomically

    document = json.dumps(
        export_participant(open_store(store_location), participant_id), ensure_ascii=False, indent=2
    )
    if out_file is None:
        click.echo(document)
    else:
        write_atomically(out_file, document + "\n")
        click.echo(f"Wrote {out_file}", err=True)


@click.command()
@click.argument("participant_id")
@store_option
@click.option(
    "--reports",
    "reports_folders",
    type=click.Path(file_okay=False, path_type=Path),
    multiple=True,
    help="Another folder of generated reports to clean (repeatable; the workspace's reports/ "
    "is always cleaned).",
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def erase(
    participant_id: str, store_location: str | None, reports_folders: tuple[Path, ...], yes: bool
) -> None:
    """Erase PARTICIPANT_ID everywhere: answers, their name in others' answers, reports, calendars."""
    from kit.reports.data_rights import erase_participant

    store = open_store(store_location)
    person = store.get_participant(participant_id)
    if not yes:
        click.confirm(
            f"Erase {person.display_name} ({person.id}) and all their answers and reports? "
            "This cannot be undone.",
            abort=True,
        )
    result = erase_participant(store, participant_id, reports_folders)
    click.echo(
        f"Erased {person.id}: {result.revisions} answer revisions and {len(result.files)} "
        "report and calendar files."
    )
    if result.others:
        click.echo(
            f"Removed them from {result.others} other people's partner answers; "
            f"{len(result.stale_reports)} of those people's reports named them and were deleted "
            "(`nextround reports` makes them again)."
        )
    if result.wal_cleared is False:
        click.echo(
            "Another program was using the store, so its write-ahead log (the -wal file next "
            "to it) still holds the erased data. It is emptied when the last notebook or "
            "console using the store is closed.",
            err=True,
        )
    click.echo(
        "Not reachable from here: copies downloaded in a browser, calendars imported into a "
        "calendar app, and reports already sent to anyone.",
        err=True,
    )

"""Reports and calendars: one person's report, everyone's in a batch, a plan as a calendar file."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from kit.cli.options import open_store, out_dir_option, store_option


@click.command()
@click.argument("participant_id")
@store_option
@out_dir_option
def report(participant_id: str, store_location: str | None, out_dir: Path | None) -> None:
    """Write PARTICIPANT_ID's personal report as HTML and print its path."""
    from kit.core.workspace import reports_dir
    from kit.reports.runner import skip_iri_format_checks, write_report

    skip_iri_format_checks()
    click.echo(str(write_report(participant_id, out_dir or reports_dir(), store_location)))


@click.command()
@store_option
@click.option("--cohort", "cohort_id", default=None, help="Only this cohort's participants.")
@click.option(
    "--participant",
    "participant_ids",
    multiple=True,
    metavar="ID",
    help="Only this participant (repeat for several).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Reports built at once (default: two per core, at most 32).",
)
@click.option(
    "--format",
    "format_list",
    default="html",
    show_default=True,
    metavar="html,pdf",
    help="Formats to write; the PDF is printed from the HTML by headless Chromium.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the reports and manifest.csv (default: the workspace's reports/).",
)
@click.option(
    "--keep-notebooks",
    is_flag=True,
    help="Keep each executed notebook (papermill's trail, for debugging) beside its report.",
)
@click.option(
    "--progress/--no-progress", default=True, show_default=True, help="Show a progress bar."
)
def reports(
    store_location: str | None,
    cohort_id: str | None,
    participant_ids: tuple[str, ...],
    jobs: int | None,
    format_list: str,
    out_dir: Path | None,
    keep_notebooks: bool,
    progress: bool,
) -> None:
    """Write every participant's report (or a cohort's, or the ones named), skipping unchanged ones.

    Run it again after a crash or Ctrl-C and it carries on; reports whose answers (or date)
    changed are rebuilt. Ctrl-C lets the running reports finish and starts no more; a second
    Ctrl-C stops them too (marked "interrupted"). The manifest.csv in the output folder lists
    every report, its status and why any failed; when anything failed or was interrupted, a
    log is kept in its logs/ folder. Exit status is 1 if any report failed or a PDF could not
    be made, 130 after Ctrl-C.
    """
    from tqdm import tqdm

    from kit.core.workspace import reports_dir
    from kit.reports.batch import (
        BatchOptions,
        default_jobs,
        failure_table,
        parse_formats,
        run_batch,
        select_participants,
    )
    from kit.reports.manifest import (
        STATUS_BUILT,
        STATUS_FAILED,
        STATUS_INTERRUPTED,
        STATUS_UNCHANGED,
    )

    store = open_store(store_location)
    people = select_participants(store, cohort_id, participant_ids)
    if not people:
        click.echo("No participants to make reports for. `nextround participants` lists them.")
        return
    options = BatchOptions(
        out_dir=out_dir or reports_dir(),
        formats=parse_formats(format_list),
        jobs=jobs or default_jobs(),
        keep_notebooks=keep_notebooks,
    )
    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked
    bar = tqdm(
        total=len(people),
        unit="report",
        desc="Reports",
        disable=not progress,
        bar_format="{desc}: {n_fmt}/{total_fmt} done{postfix} |{bar}| {elapsed}, ETA {remaining}",
        file=sys.stderr,
    )
    counts = {STATUS_BUILT: 0, STATUS_UNCHANGED: 0, STATUS_FAILED: 0}

    def advance(outcome: Any) -> None:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        if outcome.status == STATUS_UNCHANGED:  # nothing to wait for: keep the ETA about real work
            bar.total -= 1
            bar.refresh()
            return
        bar.set_postfix_str(f"failed {counts[STATUS_FAILED]}", refresh=False)
        bar.update(1)

    bar.set_postfix_str("failed 0", refresh=False)
    try:
        result = run_batch(store, people, options, progress=advance)
    finally:
        bar.close()
    unchanged = len(result.with_status(STATUS_UNCHANGED))
    built = len(result.with_status(STATUS_BUILT))
    interrupted = len(result.with_status(STATUS_INTERRUPTED))
    failed = result.failed
    click.echo(
        f"{built} built, {unchanged} unchanged, {len(failed)} failed"
        + (f", {interrupted} interrupted" if interrupted else "")
        + f" in {result.seconds:.1f} s ({options.jobs} at once). "
        f"Reports and manifest: {result.manifest.parent}"
    )
    if failed:
        click.echo(
            f"\nThese reports failed (details in {result.manifest.name}):\n{failure_table(failed)}",
            err=True,
        )
    if result.pdf_missing:
        click.echo(f"\nNo PDFs made. {result.pdf_missing}", err=True)
    if result.log is not None:
        click.echo(f"\nThe batch's log is kept in {result.log}", err=True)
    if result.interrupted:
        click.echo("\nStopped before the end. Run the same command again to carry on.", err=True)
        sys.exit(130)
    if not result.ok:
        sys.exit(1)


@click.command()
@click.argument("participant_id")
@store_option
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the .ics file (default: the workspace's calendars/plan-ID.ics).",
)
def calendar(participant_id: str, store_location: str | None, out_file: Path | None) -> None:
    """Write PARTICIPANT_ID's plan as a calendar file (.ics): milestones and check-in reminders."""
    from kit.steps.plan.calendar import (
        calendar_bytes,
        calendar_entries,
        calendar_path,
        calendars_dir,
        write_calendar,
    )
    from kit.workbook.raw_answers import stored_values

    store = open_store(store_location)
    person = store.get_participant(participant_id)
    entries = calendar_entries(person.id, stored_values(store, person.id), date.today())
    target = out_file or calendar_path(calendars_dir(), person.id)
    write_calendar(target, calendar_bytes(entries, name=person.display_name), person.id)
    click.echo(f"{len(entries)} events with reminders", err=True)
    click.echo(str(target))

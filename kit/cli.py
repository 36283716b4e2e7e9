"""``nextround``: everything a facilitator or admin runs outside a notebook.

Every command resolves the store the same way (``--store``, then ``NEXTROUND_DB``, then the
workspace default) and turns a ``NextRoundError`` into one plain sentence and exit status 1,
never a traceback.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from kit import __version__
from kit.errors import NextRoundError

F = TypeVar("F", bound=Callable[..., Any])

store_option = click.option(
    "--store",
    "store_location",
    metavar="PATH_OR_URL",
    default=None,
    help="The answer store: a SQLite file or a database URL (default: NEXTROUND_DB, "
    "then the workspace's nextround.sqlite).",
)


def friendly_errors(command: F) -> F:
    """Show kit errors as a message for people, not a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except NextRoundError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nextround")
def main() -> None:
    """Next Round: run the workshop, manage participants, make reports."""


@main.command()
@store_option
@click.option("--reset", is_flag=True, help="Rebuild the demo cohort, discarding edits to it.")
@friendly_errors
def demo(store_location: str | None, reset: bool) -> None:
    """Create the demo workspace: a fictional cohort with answers (safe to run again)."""
    from kit.core.store import Store
    from kit.room.demo import build_demo

    store = Store.open(store_location, create=True)
    cohort, created = build_demo(store, reset=reset)
    people = len(store.list_participants(cohort.id))
    state = "created" if created else "already there (use --reset to rebuild it)"
    click.echo(
        f"Demo cohort {cohort.id!r} with {people} participants {state}: {store.location.display}"
    )


@main.command()
@store_option
@click.option("--cohort", "cohort_id", default=None, help="Only this cohort.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@friendly_errors
def participants(store_location: str | None, cohort_id: str | None, as_json: bool) -> None:
    """List participants: id, name and cohort."""
    from kit.core.store import Store

    store = Store.open(store_location)
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


@main.command()
@click.argument("participant_id")
@store_option
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the JSON to this file instead of standard output.",
)
@friendly_errors
def export(participant_id: str, store_location: str | None, out_file: Path | None) -> None:
    """Everything PARTICIPANT_ID answered, every revision, as JSON (data portability)."""
    from kit.core.store import Store
    from kit.reports.data_rights import export_participant
    from kit.reports.runner import write_atomically

    document = json.dumps(
        export_participant(Store.open(store_location), participant_id), ensure_ascii=False, indent=2
    )
    if out_file is None:
        click.echo(document)
    else:
        write_atomically(out_file, document + "\n")
        click.echo(f"Wrote {out_file}", err=True)


@main.command()
@click.argument("participant_id")
@store_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the report (default: the workspace's reports/).",
)
@friendly_errors
def report(participant_id: str, store_location: str | None, out_dir: Path | None) -> None:
    """Write PARTICIPANT_ID's personal report as HTML and print its path."""
    from kit.core.store import Store
    from kit.core.workspace import reports_dir
    from kit.reports.runner import build_report

    path = build_report(participant_id, out_dir or reports_dir(), Store.open(store_location))
    click.echo(str(path))


@main.command()
@click.argument("participant_id")
@store_option
@click.option(
    "--reports",
    "reports_folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of generated reports to clean too (default: the workspace's reports/).",
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@friendly_errors
def erase(
    participant_id: str, store_location: str | None, reports_folder: Path | None, yes: bool
) -> None:
    """Erase PARTICIPANT_ID everywhere: every answer revision and every generated report."""
    from kit.core.store import Store
    from kit.core.workspace import reports_dir
    from kit.reports.data_rights import erase_participant

    store = Store.open(store_location)
    person = store.get_participant(participant_id)
    if not yes:
        click.confirm(
            f"Erase {person.display_name} ({person.id}) and all their answers and reports? "
            "This cannot be undone.",
            abort=True,
        )
    result = erase_participant(store, participant_id, reports_folder or reports_dir())
    click.echo(
        f"Erased {person.id}: {result.revisions} answer revisions and {len(result.files)} report files."
    )


@main.command()
@friendly_errors
def check() -> None:
    """Validate every content file under data/ and report all problems at once."""
    from kit.core import vocabularies
    from kit.core.content import clear_cache, load_content
    from kit.steps import check_all_content
    from kit.steps.position import values as personal_values

    clear_cache()
    personal_values.clear_cache()
    vocabularies.clear_cache()
    content = load_content()
    check_all_content(content)
    skills = vocabularies.load_onet_skills(content.directory)
    values = personal_values.load_values(content)
    click.echo(
        f"Content OK: {len(content.steps)} steps, {len(content.exercises)} exercises, "
        f"{len(content.emotions)} emotion words, {len(skills.skills)} O*NET skills, "
        f"{len(values.values)} personal values ({content.directory})."
    )


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8888, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--browser/--no-browser", default=False, show_default=True, help="Open a browser tab."
)
@click.option(
    "--token", default=None, help="Access token (default: Jupyter makes one and prints it)."
)
@click.option(
    "--notebook-dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Serve these notebooks instead of the kit's (e.g. a copy per room).",
)
def lab(host: str, port: int, browser: bool, token: str | None, notebook_dir: Path | None) -> None:
    """Start JupyterLab on the workshop notebooks (it prints the URL to open)."""
    from kit.core.workspace import notebooks_dir

    quiet_lab_notifications()
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent)) or "jupyter"
    arguments = [
        jupyter,
        "lab",
        f"--ServerApp.ip={host}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={notebook_dir or notebooks_dir()}",
        "--LabApp.default_url=/lab/tree/00_check_in.ipynb",
        "--browser" if browser else "--no-browser",
    ]
    if token is not None:
        arguments.append(f"--IdentityProvider.token={token}")
    if os.geteuid() == 0:
        arguments.append("--allow-root")
    click.echo(f"Starting JupyterLab on http://{host}:{port}/ (Ctrl-C to stop) …", err=True)
    os.execv(jupyter, arguments)


def quiet_lab_notifications() -> None:
    """Stop Lab's news pop-up: participants should not be asked about Jupyter's news feed."""
    settings = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    if settings.exists():
        return
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(
        json.dumps(
            {
                "@jupyterlab/apputils-extension:notification": {
                    "fetchNews": "false",
                    "checkForUpdates": False,
                }
            }
        ),
        encoding="utf-8",
    )


# -- facilitation: cohorts, rosters, the cohort report -----------------------------------------


@main.group()
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
@friendly_errors
def cohort_create(
    title: str,
    session_date: Any,
    facilitator: str | None,
    min_group_size: int,
    cohort_id: str | None,
    store_location: str | None,
) -> None:
    """Create a cohort for one session and print its id."""
    from kit.core.store import Store

    store = Store.open(store_location, create=True)
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
@friendly_errors
def cohort_list(store_location: str | None) -> None:
    """List cohorts: id, title, date and how many people are on each roster."""
    from kit.core.store import Store

    store = Store.open(store_location)
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
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the report (default: the workspace's reports/).",
)
@friendly_errors
def cohort_report(cohort_id: str, store_location: str | None, out_dir: Path | None) -> None:
    """Write COHORT_ID's anonymous group report as HTML and print its path."""
    from kit.core.store import Store
    from kit.core.workspace import reports_dir
    from kit.reports.cohort_runner import build_cohort_report

    path = build_cohort_report(cohort_id, out_dir or reports_dir(), Store.open(store_location))
    click.echo(str(path))


@main.group()
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
@friendly_errors
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
    from kit.core.store import Store
    from kit.errors import NextRoundError
    from kit.room.roster import apply_import, parse_mapping, plan_import, read_table

    store = Store.open(store_location)
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


@main.command()
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
@friendly_errors
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

    Run it again after a crash or Ctrl-C and it carries on; reports whose answers changed are
    rebuilt. The manifest.csv in the output folder lists every report, its status and why any
    failed. Exit status is 1 if any report failed or a PDF could not be made.
    """
    from tqdm import tqdm

    from kit.core.store import Store
    from kit.core.workspace import reports_dir
    from kit.reports.batch import (
        BatchOptions,
        default_jobs,
        failure_table,
        parse_formats,
        run_batch,
        select_participants,
    )
    from kit.reports.manifest import STATUS_BUILT, STATUS_FAILED, STATUS_UNCHANGED

    store = Store.open(store_location)
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
    failed = result.failed
    click.echo(
        f"{built} built, {unchanged} unchanged, {len(failed)} failed in {result.seconds:.1f} s "
        f"({options.jobs} at once). Reports and manifest: {result.manifest.parent}"
    )
    if failed:
        click.echo(
            f"\nThese reports failed (details in {result.manifest.name}):\n{failure_table(failed)}",
            err=True,
        )
    if result.pdf_missing:
        click.echo(f"\nNo PDFs made. {result.pdf_missing}", err=True)
    if result.interrupted:
        click.echo("\nStopped before the end. Run the same command again to carry on.", err=True)
        sys.exit(130)
    if not result.ok:
        sys.exit(1)


@main.command()
@click.argument("participant_id")
@store_option
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the .ics file (default: the workspace's calendars/plan-ID.ics).",
)
@friendly_errors
def calendar(participant_id: str, store_location: str | None, out_file: Path | None) -> None:
    """Write PARTICIPANT_ID's plan as a calendar file (.ics): milestones and check-in reminders."""
    from kit.core.store import Store
    from kit.steps.plan.calendar import (
        calendar_bytes,
        calendar_entries,
        calendar_path,
        calendars_dir,
        write_calendar,
    )
    from kit.workbook.raw_answers import stored_values

    store = Store.open(store_location)
    person = store.get_participant(participant_id)
    entries = calendar_entries(person.id, stored_values(store, person.id), date.today())
    target = out_file or calendar_path(calendars_dir(), person.id)
    write_calendar(target, calendar_bytes(entries, name=person.display_name))
    click.echo(f"{len(entries)} events with reminders", err=True)
    click.echo(str(target))


if __name__ == "__main__":
    main()

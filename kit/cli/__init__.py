"""``nextround``: everything a facilitator, a participant working alone or an admin runs
outside a notebook.

Every command resolves the store the same way (``--store``, then ``NEXTROUND_DB``, then the
workspace default), accepts ``-v``/``-q``, and turns a ``NextRoundError`` into one plain
sentence and exit status 1, never a traceback. The commands live by concern: ``people``,
``reports``, ``cohorts`` (and rosters), ``stores`` (create, upgrade), ``authoring``.
"""

from __future__ import annotations

import click

from kit import __version__
from kit.cli import app, authoring, cohorts, people, reports, room, stores
from kit.cli.options import CommandGroup, verbosity_options
from kit.core.logs import configure_console


@click.group(
    cls=CommandGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    params=verbosity_options(),
)
@click.version_option(__version__, prog_name="nextround")
def main() -> None:
    """Next Round: run the workshop, manage participants, make reports."""
    configure_console(click.get_current_context().meta.get("nextround.verbosity", 0))


for command in (
    people.demo,
    people.participants,
    people.export,
    people.erase,
    reports.report,
    reports.reports,
    reports.calendar,
    cohorts.cohort,
    cohorts.roster,
    room.room,
    app.app,
    stores.store,
    authoring.check,
    authoring.lab,
):
    main.add_command(command)

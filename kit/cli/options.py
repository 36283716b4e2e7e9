"""What every ``nextround`` command shares: the store option, the output folder, ``-v``/``-q``
and turning a kit error into one sentence for people instead of a traceback."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kit.core.logs import configure_console
from kit.errors import NextRoundError

if TYPE_CHECKING:
    from kit.core.store import Store

store_option = click.option(
    "--store",
    "store_location",
    metavar="PATH_OR_URL",
    default=None,
    help="The answer store: a SQLite file or a database URL (default: NEXTROUND_DB, "
    "then the workspace's nextround.sqlite).",
)

out_dir_option = click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the report (default: the workspace's reports/).",
)


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: int) -> None:
    if not value or ctx.resilient_parsing:
        return
    root = ctx.find_root()
    shift = value if param.name == "verbose" else -value
    root.meta["nextround.verbosity"] = root.meta.get("nextround.verbosity", 0) + shift
    configure_console(root.meta["nextround.verbosity"])


def verbosity_options() -> list[click.Option]:
    """``-v`` (more: what happens, step by step) and ``-q`` (errors only), on every command."""
    return [
        click.Option(
            ["-v", "--verbose"],
            count=True,
            expose_value=False,
            is_eager=True,
            callback=_set_verbosity,
            help="Say more about what happens (-vv: everything).",
        ),
        click.Option(
            ["-q", "--quiet"],
            count=True,
            expose_value=False,
            is_eager=True,
            callback=_set_verbosity,
            help="Only say what went wrong.",
        ),
    ]


def friendly_errors(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Show kit errors as a message for people, not a traceback (exit status 1)."""

    @functools.wraps(callback)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except NextRoundError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


class CommandGroup(click.Group):
    """A group whose every command (and sub-command) gets ``-v``/``-q`` and friendly errors."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        prepare(cmd)
        super().add_command(cmd, name)


def prepare(cmd: click.Command) -> None:
    cmd.params.extend(verbosity_options())
    if cmd.callback is not None and not isinstance(cmd, click.Group):
        cmd.callback = friendly_errors(cmd.callback)
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            prepare(sub)


def open_store(store_location: str | None, *, may_create: bool = False) -> Store:
    """Open the store a command works on, saying which one when nothing named it.

    With no ``--store`` and no ``NEXTROUND_DB`` the store is the workspace's own, and the
    workspace is ``NEXTROUND_HOME`` or ``~/.nextround``: easy to mistake for another (``make
    run`` uses ``./workspace``), so the command says which it is using. Only commands that
    start something new (``demo``, ``cohort create``, the app alone) may create the
    workspace's store; the others say there is none rather than make an empty one.
    """
    from kit.core.store import Store
    from kit.core.workspace import HOME_ENV, resolve_store, workspace_dir

    location = resolve_store(store_location)
    if not location.explicit:
        home = workspace_dir()
        how = "" if os.environ.get(HOME_ENV, "").strip() else f" (set {HOME_ENV} for another)"
        click.echo(f"Workspace {home}{how}; answer store {location.display}", err=True)
    return Store.open(store_location, create=None if may_create else False)

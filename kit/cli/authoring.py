"""Authoring: check the content files, open JupyterLab on the notebooks."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import click

from kit.cli.options import store_option


@click.command()
@store_option
def check(store_location: str | None) -> None:
    """Validate every content file under data/ (all problems at once), and say whether the
    answer store needs upgrading (exit status 1 if it does)."""
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
    contacts = len(content.support.contact) if content.support else 0
    click.echo(
        f"Content OK: {len(content.steps)} steps, {len(content.exercises)} exercises, "
        f"{len(content.emotions)} emotion words, {len(skills.skills)} O*NET skills, "
        f"{len(values.values)} personal values, {contacts} support "
        f"contact{'' if contacts == 1 else 's'} ({content.directory})."
    )
    _check_store(store_location)


def _check_store(store_location: str | None) -> None:
    """Where the store's schema stands; changes nothing, creates nothing."""
    from kit.core.store import Store
    from kit.core.workspace import resolve_store
    from kit.errors import StoreMissingError

    location = resolve_store(store_location)
    try:
        store = Store.open_unchecked(store_location)
        status = store.schema_status()
        store.close()
    except StoreMissingError:
        if location.explicit:
            raise
        click.echo(
            f"No answer store in the workspace yet ({location.display}); it is made on first use."
        )
        return
    if status.current is None:
        click.echo(f"No answer store at {status.location} yet: `nextround store create` makes one.")
    elif status.up_to_date:
        click.echo(
            f"Store OK: {status.location} is at schema revision {status.current} (up to date)."
        )
    elif status.too_new:
        raise click.ClickException(
            f"The answer store at {status.location} is at schema revision {status.current}, "
            f"newer than this Next Round knows ({status.head}): update Next Round."
        )
    else:
        changes = "; ".join(f"{step.revision}: {step.change}" for step in status.pending)
        raise click.ClickException(
            f"The answer store at {status.location} needs upgrading: it is at schema revision "
            f"{status.current}, this Next Round needs {status.head} ({changes}). Run "
            f"`{store.upgrade_command}`; it says what will change and asks first."
        )


@click.command()
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

"""The participant app: the workshop as pages, for one person alone or for a cohort's room."""

from __future__ import annotations

import threading
import webbrowser

import click

from kit.cli.options import open_store, store_option


@click.command()
@click.option(
    "--cohort",
    "cohort_id",
    default=None,
    help="Serve this cohort's participants, each through their own link "
    "(default: one person working alone, in this workspace).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8866, show_default=True, type=int, help="Port to listen on.")
@click.option("--browser/--no-browser", default=False, help="Open a browser tab (alone).")
@store_option
def app(
    cohort_id: str | None, host: str, port: int, browser: bool, store_location: str | None
) -> None:
    """Serve the workshop as pages: no code, no Jupyter, each person's own answers only.

    Alone, open the address it prints. For a cohort, give each participant their personal
    link (`nextround room links --cohort C`); nobody can open anyone else's page.
    """
    from kit.app import links
    from kit.app.server import exposed_to_network, serve
    from kit.core.workspace import workspace_dir

    store = open_store(store_location, may_create=True)
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    address = f"http://{shown_host}:{port}"
    click.echo(f"Workspace: {workspace_dir()}  Answer store: {store.location.display}", err=True)
    if cohort_id is None:
        click.echo(f"Open {address}/ in your browser (Ctrl-C to stop).")
        if browser:
            threading.Timer(2.0, webbrowser.open, [f"{address}/"]).start()
    else:
        store.get_cohort(cohort_id)
        links.remember_address(address)
        click.echo(
            f"Serving cohort {cohort_id!r} on {address}. Participants open their personal "
            f"links: `nextround room links --cohort {cohort_id}` lists them (Ctrl-C to stop)."
        )
        if exposed_to_network(host):
            click.echo(
                f"Warning: listening on {host}, so anyone on this network can reach the app; "
                "each page still needs a personal link.",
                err=True,
            )
    serve(store, cohort_id=cohort_id, host=host, port=port)

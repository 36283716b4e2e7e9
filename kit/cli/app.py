"""The participant app: the workshop as pages, for one person alone or for a cohort's room."""

from __future__ import annotations

import os
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
@click.option(
    "--hub",
    is_flag=True,
    help="Run as the signed-in person's server under JupyterHub, which starts it and gives "
    "the address and port (--host still chooses the interface, e.g. 0.0.0.0 in a container); "
    "--cohort is then where people new to the store go. See deploy/jupyterhub/.",
)
@click.option(
    "--console",
    is_flag=True,
    help="With --hub: serve the facilitators' console, as the hub's service for them.",
)
@store_option
def app(
    cohort_id: str | None,
    host: str,
    port: int,
    browser: bool,
    hub: bool,
    console: bool,
    store_location: str | None,
) -> None:
    """Serve the workshop as pages: no code, no Jupyter, each person's own answers only.

    Alone, open the address it prints. For a cohort, give each participant their personal
    link (`nextround room links --cohort C`); nobody can open anyone else's page. Under
    JupyterHub (--hub), each person signs in to the hub instead.
    """
    from kit.app import links
    from kit.app.server import exposed_to_network, serve
    from kit.core.store import Store
    from kit.core.workspace import STORE_ENV

    if console and not hub:
        raise click.UsageError("--console is for a hub's facilitators' service: add --hub.")
    if hub:
        if not (store_location or os.environ.get(STORE_ENV, "").strip()):
            raise click.UsageError(
                f"Under JupyterHub every server must use the programme's one answer store: set "
                f"{STORE_ENV} to its URL in the hub's configuration (c.Spawner.environment), or "
                "pass --store."
            )
        from kit.app.hub import serve_hub

        source = click.get_current_context().get_parameter_source("host")
        given_host = host if source is click.core.ParameterSource.COMMANDLINE else None
        serve_hub(Store.open(store_location), console=console, cohort_id=cohort_id, host=given_host)
        return
    store = open_store(store_location, may_create=True)
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    address = f"http://{shown_host}:{port}"
    if store.location.explicit:  # otherwise open_store has said which store this is
        click.echo(f"Answer store: {store.location.display}", err=True)
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

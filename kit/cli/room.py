"""The room: each participant's personal join link, printed cards of them, and stopping one
that went astray."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kit.cli.options import open_store, store_option

url_option = click.option(
    "--url",
    "base_url",
    default=None,
    metavar="URL",
    help="The app's address as participants reach it, e.g. http://192.168.1.20:8866 "
    "(default: where the app was last served from this workspace).",
)


def _address(base_url: str | None) -> str:
    """The address links point at: given, else where the app was last served, else a default
    that only works on this machine (said on standard error)."""
    from kit.app import links

    address = base_url or links.served_address()
    if address is None:
        address = f"http://127.0.0.1:{links.DEFAULT_PORT}"
        click.echo(
            f"The app has not been served from this workspace yet; links point at {address}. "
            "Give --url with the address participants will use.",
            err=True,
        )
    return address


@click.group()
def room() -> None:
    """Personal join links for a cohort's participants, and cards to print them on."""


@room.command("links")
@click.option("--cohort", "cohort_id", required=True, help="The cohort whose links to list.")
@click.option("--participant", "participant_id", default=None, help="Only this participant.")
@click.option(
    "--new",
    is_flag=True,
    help="Issue fresh links (the old ones stop working), e.g. after a card was lost.",
)
@url_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@store_option
def room_links(
    cohort_id: str,
    participant_id: str | None,
    new: bool,
    base_url: str | None,
    as_json: bool,
    store_location: str | None,
) -> None:
    """Each participant's personal join link (id, name, link).

    Links are made on first use and stay the same when listed again; only --new changes them.
    """
    from kit.app import links

    store = open_store(store_location)
    store.get_cohort(cohort_id)
    found = links.personal_links(store, cohort_id, _address(base_url), new=new, only=participant_id)
    if as_json:
        rows = [
            {"id": link.participant.id, "name": link.participant.display_name, "url": link.url}
            for link in found
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo(f"Cohort {cohort_id!r} has nobody yet. `nextround roster import` adds people.")
        return
    width = max(len(link.participant.id) for link in found)
    for link in found:
        click.echo(f"{link.participant.id:<{width}}  {link.url}  {link.participant.display_name}")


@room.command("cards")
@click.option("--cohort", "cohort_id", required=True, help="The cohort whose cards to print.")
@click.option(
    "--out",
    "out_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write: cards.pdf (printed with Chromium) or cards.html.",
)
@click.option("--participant", "participant_id", default=None, help="Only this participant's card.")
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default="a4",
    show_default=True,
    help="The paper the cards are laid out for (eight cards fit either).",
)
@url_option
@store_option
def room_cards(
    cohort_id: str,
    out_file: Path,
    participant_id: str | None,
    paper: str,
    base_url: str | None,
    store_location: str | None,
) -> None:
    """Printable join cards: each person's first name, a QR code of their link, the link.

    The links are the ones `nextround room links` lists (made on first use, never changed
    here). The file opens everyone's page, so it is readable by you only: shred spare cards.
    """
    from kit.app import cards, links

    store = open_store(store_location)
    cohort = store.get_cohort(cohort_id)
    cards.check_output(out_file)  # before any link is issued
    found = links.personal_links(store, cohort.id, _address(base_url), only=participant_id)
    written = cards.write_cards(found, cohort, out_file, paper=paper.lower())
    count = len(found)
    click.echo(f"{count} card{'s' if count != 1 else ''} for {cohort.title!r} written to {written}")


@room.command("revoke")
@click.argument("participant_id")
@store_option
def room_revoke(participant_id: str, store_location: str | None) -> None:
    """Make PARTICIPANT_ID's join link stop working (their answers are kept).

    `nextround room links --participant ID --new` then gives them a fresh one.
    """
    from kit.app import links

    store = open_store(store_location)
    person = store.get_participant(participant_id)
    if store.revoke_link(links.PARTICIPANT, person.id):
        click.echo(
            f"{person.id}'s link no longer works; pages they have open close within seconds."
        )
    else:
        click.echo(f"{person.id} had no working link.")


@room.command("open")
@click.option("--cohort", "cohort_id", required=True, help="The cohort in the room.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 0.0.0.0 lets phones and laptops on this network join.",
)
@click.option("--port", default=8866, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--certfile",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="A TLS certificate (PEM): serve over https.",
)
@click.option(
    "--keyfile",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="The certificate's private key (PEM).",
)
@url_option
@store_option
def room_open(
    cohort_id: str,
    host: str,
    port: int,
    certfile: Path | None,
    keyfile: Path | None,
    base_url: str | None,
    store_location: str | None,
) -> None:
    """Run the room: the participant app for COHORT, your console and the projector view.

    Prints your own link (the console), the projector's, and where the join cards are. The
    room opens at step 00; you open each next step from the console, and participants' pages
    follow. Ctrl-C stops the server; links keep working the next time it runs.
    """
    from kit.app import cards, links
    from kit.app.server import exposed_to_network, serve, tls_context
    from kit.core.content import load_content
    from kit.core.workspace import workspace_dir
    from kit.errors import NextRoundError

    if (certfile is None) != (keyfile is None):
        raise NextRoundError("Give both --certfile and --keyfile for https, or neither.")
    tls = tls_context(certfile, keyfile) if certfile and keyfile else None
    store = open_store(store_location)
    cohort = store.get_cohort(cohort_id)
    scheme = "https" if tls else "http"
    shown_host = _reachable_host(host)
    address = base_url or f"{scheme}://{shown_host}:{port}"
    links.remember_address(address)
    room_state = store.room_state(cohort.id)
    if not room_state.paced:
        first = load_content().ordered_steps()[0].id
        store.set_room_state(cohort.id, opened_steps=(first,), current_step=first, closed=False)
    facilitator = links.issue(store, links.FACILITATOR, cohort.id)
    people = links.personal_links(store, cohort.id, address)
    cards_file = workspace_dir() / "cards" / f"{cohort.id}-cards.html"
    if people:
        cards.write_cards(people, cohort, cards_file)
    click.echo(f"Room {cohort.title!r} ({cohort.id}) on {address}")
    click.echo(
        f"  Your console (keep it to yourself): {links.facilitator_url(address, facilitator)}"
    )
    click.echo(f"  Projector view: {links.facilitator_url(address, facilitator)}/projector")
    if people:
        click.echo(f"  Join cards for {len(people)} people: {cards_file}")
    else:
        click.echo("  Nobody is on the roster yet: `nextround roster import FILE --cohort ...`")
    if store.room_state(cohort.id).closed:
        click.echo(
            "  The session was closed: links open the session's steps read-only (until you "
            "reopen it from the console) and the follow-up for answers."
        )
    if exposed_to_network(host):
        click.echo(
            f"Warning: listening on {host}: anyone on this network can reach the app"
            + ("" if tls else ", unencrypted (give --certfile and --keyfile for https)")
            + "; every page still needs a personal link.",
            err=True,
        )
    serve(store, cohort_id=cohort.id, host=host, port=port, tls=tls)


def _reachable_host(host: str) -> str:
    """The address others use to reach this machine when it listens on every interface."""
    if host not in ("0.0.0.0", "::"):
        return host
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the route
            return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"

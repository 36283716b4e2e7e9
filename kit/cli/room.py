"""The room: each participant's personal join link, printed cards of them, and stopping one
that went astray."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kit.cli.options import store_option

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
    from kit.core.store import Store

    store = Store.open(store_location)
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
    from kit.core.store import Store

    store = Store.open(store_location)
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
    from kit.core.store import Store

    store = Store.open(store_location)
    person = store.get_participant(participant_id)
    if store.revoke_link(links.PARTICIPANT, person.id):
        click.echo(f"{person.id}'s link no longer works. Open pages close within a minute.")
    else:
        click.echo(f"{person.id} had no working link.")

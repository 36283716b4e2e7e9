"""The room: each participant's personal join link, and stopping one that went astray."""

from __future__ import annotations

import json

import click

from kit.cli.options import store_option


@click.group()
def room() -> None:
    """Personal join links for a cohort's participants."""


@room.command("links")
@click.option("--cohort", "cohort_id", required=True, help="The cohort whose links to list.")
@click.option("--participant", "participant_id", default=None, help="Only this participant.")
@click.option(
    "--new",
    is_flag=True,
    help="Issue fresh links (the old ones stop working), e.g. after a card was lost.",
)
@click.option(
    "--url",
    "base_url",
    default=None,
    metavar="URL",
    help="The app's address as participants reach it, e.g. http://192.168.1.20:8866 "
    "(default: where the app was last served from this workspace).",
)
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
    address = base_url or links.served_address()
    if address is None:
        address = f"http://127.0.0.1:{links.DEFAULT_PORT}"
        click.echo(
            f"The app has not been served from this workspace yet; links point at {address}. "
            "Give --url with the address participants will use.",
            err=True,
        )
    found = links.personal_links(store, cohort_id, address, new=new, only=participant_id)
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

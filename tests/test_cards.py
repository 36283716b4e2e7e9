"""Join cards without a browser: `nextround room cards` to HTML, and one walk-in's card.

Each card is read back as a participant would use it: the QR code through a real decoder, and
the printed address and code typed back in. Printing (PDF) and on-screen rendering are in
``test_browser_cards.py``.
"""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from cards_reading import read_cards
from click.testing import CliRunner

from kit.app import links
from kit.app.cards import card_html, cards_html, first_name
from kit.cli import main
from kit.core.store import Cohort, Store

ADDRESS = "http://192.168.1.20:8866"
NAMES = [
    "Amira Haddad",
    "Bo Chen",
    "Zoë Ann Müller",
    "<img src=x onerror=alert(1)> Smith",
    "Jean-Luc Picard",
    "Ngozi",
    "O'Brien Kelly",
    "Søren   Kierkegaard",
    "Ana & Co",
    "María José García",
]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cohort(store: Store) -> Cohort:
    """Ten people (more than one sheet of eight), some with names that are hostile HTML."""
    made = store.create_cohort(
        "Spring session, Leeds", cohort_id="spring", session_date=date(2026, 12, 3)
    )
    for name in NAMES:
        store.add_participant(name, cohort_id=made.id)
    return made


def _cards(runner: CliRunner, out: Path, *extra: str) -> str:
    result = runner.invoke(
        main, ["room", "cards", "--cohort", "spring", "--url", ADDRESS, "--out", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_each_participant_gets_one_card_whose_qr_opens_their_own_page(
    runner: CliRunner, cohort: Cohort, store: Store, tmp_path: Path
) -> None:
    html = _cards(runner, tmp_path / "cards.html")
    people = {person.id: person for person in store.list_participants(cohort.id)}
    cards = read_cards(html)
    assert len(cards) == len(people) == 10

    listed = json.loads(
        runner.invoke(
            main, ["room", "links", "--cohort", "spring", "--url", ADDRESS, "--json"]
        ).stdout
    )
    url_of = {row["id"]: row["url"] for row in listed}
    holders = []
    for card in cards:
        holder = links.holder_of(store, links.PARTICIPANT, card.qr.rsplit("/", 1)[1])
        assert holder is not None, f"{card.qr} opens nobody's page"
        holders.append(holder)
        assert card.qr == url_of[holder], "the card is not the link `room links` lists"
        assert card.name == people[holder].display_name.split()[0]
        assert card.typed_link == card.qr, "typing the printed address opens another page"
        assert links.holder_of(store, links.PARTICIPANT, card.code) == holder
    assert sorted(holders) == sorted(people), "someone has no card, or two"


def test_the_qr_codes_scan_reliably(runner: CliRunner, cohort: Cohort, tmp_path: Path) -> None:
    """Error correction M or better survives a crease or a smudge; a quiet zone of four
    modules is what the QR standard asks for, so phones find the code next to the text."""
    for card in read_cards(_cards(runner, tmp_path / "cards.html")):
        assert card.qr_error_level in ("M", "Q", "H")
        assert card.quiet_zone >= 4


def test_cards_come_eight_to_a_sheet_with_the_session_and_how_to_join(
    runner: CliRunner, cohort: Cohort, tmp_path: Path
) -> None:
    html = _cards(runner, tmp_path / "cards.html")
    sheets = BeautifulSoup(html, "html.parser").select(".nr-sheet")
    assert [len(sheet.select(".nr-join-card")) for sheet in sheets] == [8, 2]
    for card in read_cards(html):
        assert card.session == "Spring session, Leeds · Thursday 3 December 2026"
        assert "Scan with your phone's camera, or type the address" in card.how


def test_hostile_names_and_titles_are_shown_as_text(
    runner: CliRunner, store: Store, tmp_path: Path
) -> None:
    made = store.create_cohort("<script>alert('title')</script> room", cohort_id="spring")
    store.add_participant('<img src=x onerror=alert(1)> "Smith"', cohort_id=made.id)
    store.add_participant("<b>Bold</b>", cohort_id=made.id)
    html = _cards(runner, tmp_path / "cards.html")
    parsed = BeautifulSoup(html, "html.parser")
    assert not parsed.select("body script, .nr-join-card img, .nr-join-card b")
    assert "<img src=x" not in html and "<script>alert" not in html
    assert sorted(card.name for card in read_cards(html)) == ["<b>Bold</b>", "<img"]
    assert parsed.title is not None and "<script>alert('title')</script> room" in parsed.title.text


def test_the_first_name_is_the_first_word_only() -> None:
    assert first_name("  María José   García ") == "María"
    assert first_name("Ngozi") == "Ngozi"
    assert first_name("Jean-Luc Picard") == "Jean-Luc"
    assert first_name("A\u0007lex Ray") == "Alex"


def test_the_cards_file_is_readable_by_its_owner_only(
    runner: CliRunner, cohort: Cohort, tmp_path: Path
) -> None:
    """Each card opens someone's private page: the file is as secret as the link key."""
    out = tmp_path / "cards.html"
    _cards(runner, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_one_participant_can_be_printed_again(
    runner: CliRunner, cohort: Cohort, store: Store, tmp_path: Path
) -> None:
    [person] = [p for p in store.list_participants(cohort.id) if p.display_name.startswith("Zoë")]
    first = read_cards(_cards(runner, tmp_path / "all.html"))
    again = read_cards(_cards(runner, tmp_path / "one.html", "--participant", person.id))
    assert [card.name for card in again] == ["Zoë"]
    assert again[0].qr in {card.qr for card in first}, "printing again changed the link"


@pytest.mark.parametrize(
    ("out_name", "problem"),
    [("cards.png", ".html or .pdf"), ("cards", ".html or .pdf")],
)
def test_an_unknown_format_is_refused_before_anything_is_written(
    runner: CliRunner, cohort: Cohort, tmp_path: Path, out_name: str, problem: str
) -> None:
    out = tmp_path / out_name
    result = runner.invoke(
        main, ["room", "cards", "--cohort", "spring", "--url", ADDRESS, "--out", str(out)]
    )
    assert result.exit_code == 1
    assert problem in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_pdf_without_chromium_says_to_use_html_or_install_it(
    runner: CliRunner, cohort: Cohort, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTROUND_CHROMIUM", str(tmp_path / "no-chromium-here"))
    out = tmp_path / "cards.pdf"
    result = runner.invoke(
        main, ["room", "cards", "--cohort", "spring", "--url", ADDRESS, "--out", str(out)]
    )
    assert result.exit_code == 1
    assert "cards.html" in result.output and "apt-get install chromium" in result.output
    assert not out.exists() and not list(tmp_path.glob("*.html"))


def test_a_cohort_with_nobody_gets_no_file(runner: CliRunner, store: Store, tmp_path: Path) -> None:
    store.create_cohort("Empty", cohort_id="spring")
    out = tmp_path / "cards.html"
    result = runner.invoke(
        main, ["room", "cards", "--cohort", "spring", "--url", ADDRESS, "--out", str(out)]
    )
    assert result.exit_code == 1 and "roster import" in result.output
    assert not out.exists()


def test_a_walk_in_card_is_one_self_contained_card(cohort: Cohort, store: Store) -> None:
    """The console shows a walk-in's card on screen: a fragment with its own style, no page."""
    walk_in = store.add_participant("Kofi Mensah", cohort_id=cohort.id)
    [link] = links.personal_links(store, cohort.id, ADDRESS, only=walk_in.id)
    fragment = card_html(link, cohort)
    parsed = BeautifulSoup(fragment, "html.parser")
    assert not parsed.select("html, head, body, script")
    assert parsed.select("style"), "the fragment must carry its own style"
    [card] = read_cards(fragment)
    assert card.qr == link.url and card.typed_link == link.url and card.name == "Kofi"


def test_the_sheet_is_self_contained(cohort: Cohort, store: Store) -> None:
    """Nothing is fetched when the cards are opened or printed: no links out, no scripts."""
    html = cards_html(links.personal_links(store, cohort.id, ADDRESS), cohort)
    parsed = BeautifulSoup(html, "html.parser")
    assert not parsed.select("script, link, img, iframe, [src]")
    assert "@import" not in html and "url(" not in html


def test_without_url_the_cards_point_where_the_app_was_last_served(
    runner: CliRunner, cohort: Cohort, tmp_path: Path
) -> None:
    links.remember_address("http://10.0.0.5:8866/")
    out = tmp_path / "cards.html"
    result = runner.invoke(main, ["room", "cards", "--cohort", "spring", "--out", str(out)])
    assert result.exit_code == 0, result.output
    cards = read_cards(out.read_text(encoding="utf-8"))
    assert cards and all(card.qr.startswith("http://10.0.0.5:8866/j/") for card in cards)

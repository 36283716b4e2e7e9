"""Join cards as they come out of real Chromium: the printed PDF, the HTML sheet on screen and
a walk-in's card in a page.

The PDF is rendered with PDFium and the screen with Chromium's own screenshots; every QR code
is then read by a real decoder (zxing-cpp) from those pixels, as a phone camera would.
"""

from __future__ import annotations

import io
import math
from datetime import date
from pathlib import Path

import pypdfium2
import pytest
from browser import chromium_page, require_chromium
from cards_reading import decode
from click.testing import CliRunner
from PIL import Image

from kit.app import links
from kit.app.cards import card_html, first_name
from kit.cli import main
from kit.core.store import Cohort, Store

pytestmark = pytest.mark.browser

ADDRESS = "http://192.168.1.20:8866"
NAMES = [
    "Amira Haddad",
    "Bo Chen",
    "Zoë Ann Müller",
    "Wolfeschlegelsteinhausenbergerdorff Jones",
    "Jean-Luc Picard",
    "Ngozi",
    "<img src=x onerror=alert(1)> Smith",
    "Søren Kierkegaard",
    "Ana",
    "María José García",
    "Kwame Mensah",
]
POINTS_PER_MM = 72 / 25.4
PAPER_MM = {"a4": (210, 297), "letter": (215.9, 279.4)}


@pytest.fixture
def cohort(store: Store) -> Cohort:
    require_chromium()
    made = store.create_cohort(
        "Spring session, Leeds", cohort_id="spring", session_date=date(2026, 12, 3)
    )
    for name in NAMES:
        store.add_participant(name, cohort_id=made.id)
    return made


def _links(store: Store, cohort: Cohort) -> dict[str, links.PersonalLink]:
    return {link.url: link for link in links.personal_links(store, cohort.id, ADDRESS)}


def _write(out: Path, *extra: str) -> None:
    result = CliRunner().invoke(
        main, ["room", "cards", "--cohort", "spring", "--url", ADDRESS, "--out", str(out), *extra]
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_printed_pdf_has_one_scannable_card_per_participant(
    cohort: Cohort, store: Store, tmp_path: Path, paper: str
) -> None:
    out = tmp_path / "cards.pdf"
    _write(out, "--paper", paper)
    expected = _links(store, cohort)
    document = pypdfium2.PdfDocument(out)
    try:
        assert len(document) == math.ceil(len(NAMES) / 8) == 2
        scanned: list[str] = []
        for page in document:
            width, height = page.get_size()
            paper_width, paper_height = PAPER_MM[paper]
            assert width == pytest.approx(paper_width * POINTS_PER_MM, abs=1)
            assert height == pytest.approx(paper_height * POINTS_PER_MM, abs=1)
            found = decode(page.render(scale=3, grayscale=True).to_numpy())
            text = page.get_textpage().get_text_range()
            assert text.count("Scan with your phone") == len(found)
            for code in found:
                person = expected[code.text].participant
                assert first_name(person.display_name) in text
            scanned += [code.text for code in found]
    finally:
        document.close()
    assert sorted(scanned) == sorted(expected), "a card is missing, doubled or unreadable"


def test_the_html_sheet_in_chromium_shows_each_card_whole_and_scannable(
    cohort: Cohort, store: Store, tmp_path: Path
) -> None:
    out = tmp_path / "cards.html"
    _write(out)
    expected = _links(store, cohort)
    scanned = []
    with chromium_page() as page:
        page.goto(out.as_uri())
        for media in ("screen", "print"):
            page.emulate_media(media=media)
            overflowing = page.eval_on_selector_all(
                ".nr-join-card, .nr-join-card *",
                "nodes => nodes.filter(n => n.scrollWidth > n.clientWidth + 1"
                " || n.scrollHeight > n.clientHeight + 1).map(n => n.className.baseVal ?? n.className)",
            )
            assert overflowing == [], f"text spills out of a card ({media}): {overflowing}"
        page.emulate_media(media="screen")
        cards = page.locator(".nr-join-card")
        assert cards.count() == len(NAMES)
        for index in range(cards.count()):
            card = cards.nth(index)
            shot = Image.open(io.BytesIO(card.screenshot())).convert("L")
            [code] = decode(shot)
            assert code.text == card.locator(".nr-join-card-address").inner_text() + card.locator(
                ".nr-join-card-code"
            ).inner_text().replace("\n", "")
            name = card.locator(".nr-join-card-name").inner_text()
            assert name == first_name(expected[code.text].participant.display_name)
            scanned.append(code.text)
    assert sorted(scanned) == sorted(expected)


def test_a_walk_in_card_on_screen_scans_and_runs_nothing(cohort: Cohort, store: Store) -> None:
    walk_in = store.add_participant("<img src=x onerror=window.pwned=1> Kofi", cohort_id=cohort.id)
    [link] = links.personal_links(store, cohort.id, ADDRESS, only=walk_in.id)
    with chromium_page() as page:
        page.set_content(f"<main>{card_html(link, cohort)}</main>")
        card = page.locator(".nr-join-card")
        assert card.count() == 1
        assert card.locator(".nr-join-card-name").inner_text() == "<img"
        assert page.locator("img").count() == 0
        assert page.evaluate("window.pwned === undefined")
        [code] = decode(Image.open(io.BytesIO(card.screenshot())).convert("L"))
        assert code.text == link.url

"""Printable join cards: each participant's personal link as a QR code, their first name, and
the link spelled out for anyone who would rather type it.

A card is how a participant reaches their own page in the room, so it holds a secret: the
cards file is written readable by its owner only, and a card shows the first name alone (the
rest of a name is nobody else's business on a table full of cards). Names and titles are
free text typed by people, so the templates escape them (Jinja autoescape).

The sheet is one self-contained HTML file: inline CSS, the QR codes as inline SVG made by
segno, nothing fetched. Eight cards of 95 × 64 mm fill a page of A4 or US Letter with dashed
cut lines; a PDF is that same HTML printed by headless Chromium (``kit.reports.pdf``).
``card_html`` gives one card on its own, for the console to show a walk-in on screen.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import jinja2
import segno
from markupsafe import Markup

from kit.app.links import DEFAULT_PORT, PersonalLink, personal_links, served_address
from kit.core.logs import logger
from kit.core.store import Cohort, Participant
from kit.errors import CardsError
from kit.reports.pdf import CHROMIUM_ENV, DEBIAN_CHROMIUM, find_chromium, print_pdf
from kit.reports.runner import partial_path
from kit.workbook.plain_text import shortened, without_controls

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
CARDS_PER_SHEET = 8
PAPERS = {"a4": "A4", "letter": "letter"}
FORMATS = (".html", ".pdf")
FIRST_NAME_LIMIT = 24
LONG_NAME = 12  # characters; a longer first name is set smaller so it stays on one line
QR_ERROR_LEVEL = "m"  # 15 % of the code can be creased or smudged and it still scans
QR_QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks
PRIVATE_FILE_MODE = 0o600

_log = logger(__name__)


@dataclass(frozen=True)
class _Card:
    """What one card shows: segno's SVG, and plain text the template escapes."""

    first_name: str
    session: str
    qr: Markup
    address: str
    code_groups: list[str]

    @property
    def long_name(self) -> bool:
        return len(self.first_name) > LONG_NAME


def first_name(display_name: str) -> str:
    """The first word of a display name, cleaned and kept short enough for a card."""
    words = without_controls(display_name).split()
    return shortened(words[0], FIRST_NAME_LIMIT) if words else ""


def session_line(cohort: Cohort) -> str:
    """The session's title and day, e.g. 'Spring session, Leeds · Thursday 3 December 2026'."""
    if cohort.session_date is None:
        return cohort.title
    return f"{cohort.title} · {_spoken_date(cohort.session_date)}"


def _spoken_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def qr_svg(url: str) -> Markup:
    """The QR code of ``url`` as inline SVG, with no size of its own: the stylesheet sizes it."""
    code = segno.make(url, error=QR_ERROR_LEVEL, micro=False)
    svg = code.svg_inline(
        scale=1,
        border=QR_QUIET_ZONE,
        omitsize=True,
        svgclass="nr-join-card-qr",
        lineclass=None,
        title="QR code of your personal join link",
    )
    return Markup(svg)


def _card(link: PersonalLink, cohort: Cohort) -> _Card:
    # The link ends with the grouped token (kit.app.links.join_url): print the two parts
    # apart, the code large, so it can be read aloud and typed. A link of another shape is
    # printed whole.
    address, code = link.url, ""
    if link.url.endswith(link.short):
        address, code = link.url.removesuffix(link.short), link.short
    return _Card(
        first_name=first_name(link.participant.display_name),
        session=session_line(cohort),
        qr=qr_svg(link.url),
        address=address,
        code_groups=code.split("-") if code else [],
    )


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _stylesheet(name: str) -> Markup:
    # Our own CSS file, put into a <style> element as it is: escaping would break selectors.
    return Markup((TEMPLATES_DIR / name).read_text(encoding="utf-8"))


def card_html(link: PersonalLink, cohort: Cohort) -> str:
    """One person's card as an HTML fragment with its own style: a walk-in's card on screen."""
    return (
        _environment()
        .get_template("card_alone.html.j2")
        .render(card=_card(link, cohort), card_css=_stylesheet("card.css"))
    )


def cards_html(links: Sequence[PersonalLink], cohort: Cohort, *, paper: str = "a4") -> str:
    """A printable, self-contained HTML page: every link's card, eight to a sheet."""
    cards = [_card(link, cohort) for link in links]
    sheets = [
        cards[start : start + CARDS_PER_SHEET] for start in range(0, len(cards), CARDS_PER_SHEET)
    ]
    return (
        _environment()
        .get_template("cards.html.j2")
        .render(
            cohort=cohort,
            sheets=sheets,
            page_size=PAPERS[paper],
            card_css=_stylesheet("card.css"),
            sheet_css=_stylesheet("cards.css"),
        )
    )


def check_output(out: Path) -> None:
    """Refuse a file name we cannot write, before any link is issued or anything written."""
    if out.suffix.lower() not in FORMATS:
        raise CardsError(
            f"Cards are written as .html or .pdf; {out.name!r} is neither. "
            f"Name the file {out.stem or 'cards'}.pdf or {out.stem or 'cards'}.html."
        )
    if out.suffix.lower() == ".pdf" and find_chromium() is None:
        looked_at = os.environ.get(CHROMIUM_ENV, "").strip() or str(DEBIAN_CHROMIUM)
        raise CardsError(
            f"Printing the cards to PDF needs Chromium, and none was found (looked at "
            f"{looked_at}, then PATH). Write them as HTML instead (--out "
            f"{out.with_suffix('.html').name}) and print that from a browser, or install "
            "Chromium with `sudo apt-get install chromium` (or point NEXTROUND_CHROMIUM at "
            "a Chromium or Chrome executable)."
        )


def write_cards(
    links: Sequence[PersonalLink], cohort: Cohort, out: Path, *, paper: str = "a4"
) -> Path:
    """Write the cards to ``out`` (.html, or .pdf printed by Chromium), owner-readable only."""
    check_output(out)
    if not links:
        raise CardsError(
            f"Cohort {cohort.id!r} has nobody to make cards for yet; nothing was written. "
            "`nextround roster import` adds people."
        )
    html = cards_html(links, cohort, paper=paper)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".html":
        _write_private(out, html)
    else:
        chromium = find_chromium()
        assert chromium is not None  # check_output refused a PDF without it
        # Printed inside a folder only the owner can enter, beside ``out`` so the finished
        # PDF is renamed into place: no moment when another user could read it.
        with tempfile.TemporaryDirectory(prefix=".nextround-cards-", dir=out.parent) as folder:
            page, printed = Path(folder) / "cards.html", Path(folder) / "cards.pdf"
            _write_private(page, html)
            print_pdf(page, printed, chromium)
            printed.chmod(PRIVATE_FILE_MODE)
            printed.replace(out)
    _log.info("Wrote %d join cards for cohort %s to %s", len(links), cohort.id, out)
    return out


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` readable by its owner only, under a temporary name then renamed."""
    temporary = partial_path(path)
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temporary, PRIVATE_FILE_MODE)  # an older file of that name kept its mode
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def walk_in_card(person: Participant) -> str:
    """A walk-in's card, for the console to show on screen (``open_console(show_card=...)``).

    The link points where the app was last served from this workspace (``room open`` notes it).
    """
    from kit.core.store import Store

    if person.cohort_id is None:
        return ""
    store = Store.open()
    try:
        address = served_address() or f"http://127.0.0.1:{DEFAULT_PORT}"
        link = personal_links(store, person.cohort_id, address, only=person.id)[0]
        return card_html(link, store.get_cohort(person.cohort_id))
    finally:
        store.close()

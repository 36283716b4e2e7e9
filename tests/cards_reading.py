"""Reading join cards back the way a phone and a person would: the QR code through a real
decoder (zxing-cpp), the name and the printed address as text.

The QR is read from the card's SVG by drawing its path's modules into a bitmap, or from a
screenshot or a rendered PDF page, and never compared with an encode of our own: whatever the
decoder reads is what a phone opens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy
import zxingcpp
from bs4 import BeautifulSoup, Tag

_PATH_COMMAND = re.compile(r"([MmHhVv])([^MmHhVv]*)")
PIXELS_PER_MODULE = 4


@dataclass(frozen=True)
class ReadCard:
    """What one card says: to a person (name, session, address, code) and to a phone (qr)."""

    name: str
    session: str
    how: str
    address: str
    code: str
    qr: str
    qr_error_level: str
    quiet_zone: int

    @property
    def typed_link(self) -> str:
        """The link a person types from the card: the address followed by the code."""
        return self.address + self.code


def svg_modules(svg: Tag) -> list[list[bool]]:
    """The dark modules segno's SVG path draws (``M``/``m`` moves, ``h`` runs along a row)."""
    size = int(str(svg["viewbox"]).split()[2])  # html.parser lowercases attribute names
    modules = [[False] * size for _ in range(size)]
    path = svg.find("path")
    assert isinstance(path, Tag), "the QR code's SVG has no path"
    x = y = 0.0
    for command, argument in _PATH_COMMAND.findall(str(path["d"])):
        numbers = [float(value) for value in argument.replace(",", " ").split()]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif command == "h":
            end = x + numbers[0]
            for column in range(int(x), int(end)):
                modules[int(y)][column] = True
            x = end
        else:
            raise AssertionError(f"unexpected path command {command!r} in the QR code")
    return modules


def bitmap(modules: list[list[bool]]) -> Any:
    """A greyscale image of the modules, black on white, as a scanner would see it."""
    pixels = numpy.array([[0 if dark else 255 for dark in row] for row in modules], numpy.uint8)
    return numpy.kron(pixels, numpy.ones((PIXELS_PER_MODULE, PIXELS_PER_MODULE), numpy.uint8))


def decode(image: Any) -> list[Any]:
    """Every QR code a real decoder finds in ``image`` (a numpy array or a PIL image)."""
    return [found for found in zxingcpp.read_barcodes(image) if found.valid]


def quiet_zone(modules: list[list[bool]]) -> int:
    """How many light modules surround the code on its tightest side."""
    dark_rows = [index for index, row in enumerate(modules) if any(row)]
    dark_columns = [index for index in range(len(modules)) if any(row[index] for row in modules)]
    last = len(modules) - 1
    return min(dark_rows[0], last - dark_rows[-1], dark_columns[0], last - dark_columns[-1])


def _text(card: Tag, css_class: str) -> str:
    found = card.select(f".{css_class}")
    assert len(found) == 1, f"a card has {len(found)} elements .{css_class}, not one"
    return found[0].get_text()


def read_cards(html: str) -> list[ReadCard]:
    """Every card in ``html`` (a sheet or a single card), in order."""
    cards = []
    for card in BeautifulSoup(html, "html.parser").select(".nr-join-card"):
        svgs = card.select("svg")
        assert len(svgs) == 1, f"a card has {len(svgs)} SVG images, not one QR code"
        modules = svg_modules(svgs[0])
        found = decode(bitmap(modules))
        assert len(found) == 1, f"the decoder found {len(found)} QR codes on one card"
        cards.append(
            ReadCard(
                name=_text(card, "nr-join-card-name"),
                session=_text(card, "nr-join-card-session"),
                how=_text(card, "nr-join-card-how"),
                address=_text(card, "nr-join-card-address"),
                code=_text(card, "nr-join-card-code"),
                qr=found[0].text,
                qr_error_level=found[0].ec_level,
                quiet_zone=quiet_zone(modules),
            )
        )
    return cards

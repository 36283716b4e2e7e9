"""Text people wrote, made safe to write out: the one cleaning every output shares.

Answers are cleaned as they are saved (``answers.free_text``) and reports escape what they
show, but some text reaches a file another way: a calendar line, a cohort report's shared
advice, a name typed into a roster. Whatever the way, the same characters go: control
characters (they can end a line early, move a cursor, or make a calendar app refuse the
file), lone surrogates (they cannot be written as UTF-8 at all) and the two non-characters.
Line breaks and tabs are kept by :func:`without_controls` and folded into spaces by
:func:`one_line`; a long text is cut with "…" where a field must stay short.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")


def without_controls(text: str) -> str:
    """``text`` without control characters, lone surrogates or non-characters (line breaks
    and tabs stay)."""
    return _CONTROLS.sub("", text)


def shortened(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, the cut marked with "…"."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def one_line(text: str, limit: int) -> str:
    """``text`` cleaned, its whitespace (line breaks included) folded to single spaces, and
    shortened to ``limit`` characters."""
    return shortened(_SPACES.sub(" ", without_controls(text)).strip(), limit)

"""A calm message shown where a step, an exercise or a console would be, instead of a traceback."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from kit.workbook.exercise import FULL_WIDTH


class Notice:
    """A message shown where an exercise or a step would be, instead of a traceback."""

    PLAIN_PREFIX = "Next Round notice:"

    def __init__(self, text: str) -> None:
        self.text = text
        self.widget = widgets.HTML(
            f"<div class='nr-notice' role='alert'>⚠ {html.escape(text)}</div>", layout=FULL_WIDTH
        )

    def exercise(self, _exercise_id: str) -> Notice:
        return self

    def support(self) -> Notice:
        return self

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"{self.PLAIN_PREFIX} {self.text}"  # readable without widgets
        return bundle

"""What the console's parts share: the cohort they work on, the clock, and how they speak.

Each part of the console (run-of-show, the room, walk-ins, pairs, reports, the end of the
session) is a small class with a ``widget`` and a ``refresh``; they read the cohort from one
``Desk``, so switching cohort (in JupyterLab) switches every part at once.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets

from kit.core.content import Content
from kit.core.store import Store
from kit.room.timer import Clock
from kit.workbook.exercise import FULL_WIDTH

CONSOLE_CSS = """<style>
.nr-console table { border-collapse: collapse; margin: .25rem 0 .75rem; min-width: 24rem; }
.nr-console th, .nr-console td { text-align: left; padding: .2rem .6rem; border-bottom: 1px solid #d9e2ec; }
.nr-console caption { text-align: left; font-weight: 600; padding: .25rem 0; }
.nr-console .nr-current { background: #eef6f6; font-weight: 600; }
.nr-timer { font-size: 3rem; font-variant-numeric: tabular-nums; line-height: 1.1; }
.nr-timer-over { color: #bc4749; }
.nr-empty { color: #52606d; font-style: italic; }
.nr-group-view { border: 1px solid #d9e2ec; border-radius: .4rem; padding: .25rem .75rem; margin: .5rem 0; }
.nr-quote { font-style: italic; white-space: pre-wrap; }
.nr-walk-in-card { margin: .5rem 0; }
</style>"""


@dataclass
class Desk:
    """The cohort every part works on (the picker changes it), the store, content and clock."""

    store: Store
    content: Content
    cohort_id: str
    clock: Clock


def button(label: str, icon: str, css: str, style: str = "") -> widgets.Button:
    made = widgets.Button(
        description=label, icon=icon, button_style=style, layout=widgets.Layout(width="auto")
    )
    made.add_class(css)
    return made


def part(children: list[widgets.Widget], css: str) -> widgets.VBox:
    box = widgets.VBox(children, layout=FULL_WIDTH)
    box.add_class("nr-console")
    box.add_class(css)
    return box


def problem(text: str) -> str:
    return f"<p class='nr-status-problem' role='alert'>⚠ {html.escape(text)}</p>"


def done(text: str) -> str:
    return f"<p class='nr-status-saved' role='status'>✓ {html.escape(text)}</p>"

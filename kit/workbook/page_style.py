"""The exercise pages' stylesheet (``page.css``), put on a step's page once by its header.

ipywidgets' defaults are made for a notebook on a wide screen: fixed widths, labels and
buttons cut with "…", monospace text boxes. ``page.css`` makes every exercise fit a phone or
a laptop and read as a page. It travels inside an HTML widget (a ``<style>`` element), so
Voilà, the participant app and JupyterLab all get it with the step's header and nothing is
installed; its rules only touch ``.nr-*`` blocks.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import ipywidgets as widgets


@cache
def page_css() -> str:
    return files("kit.workbook").joinpath("page.css").read_text(encoding="utf-8")


def stylesheet() -> widgets.HTML:
    """An invisible widget that carries the stylesheet onto the page."""
    style = widgets.HTML(f"<style>{page_css()}</style>", layout=widgets.Layout(display="none"))
    style.add_class("nr-stylesheet")
    return style

""" "Download my report" and "Add to my calendar" on a step's page.

In the participant app the links go to the app's own addresses for them (``/me/...``): the
server makes the report or the calendar for the person whose link opened the page, and for
nobody else. Opened in JupyterLab (a facilitator rehearsing, someone working through the
notebooks themselves), the page says how to make them instead.
"""

from __future__ import annotations

import os
from typing import Any

import ipywidgets as widgets

from kit.core.identity import APP_MODE_ENV
from kit.workbook.exercise import FULL_WIDTH

PDF_ENV = "NEXTROUND_APP_PDF"  # set by the app server when it can print PDFs
LAB_HINT = (
    "<p class='nr-downloads-lab'>Your report and calendar file are made with "
    "<code>nextround report YOUR-ID</code> and <code>nextround calendar YOUR-ID</code>, or by "
    "your facilitator. In the participant app they are links here.</p>"
)


def downloads_html(*, in_app: bool, pdf: bool) -> str:
    """The two (or three) links, or, outside the app, how to make the files."""
    if not in_app:
        return LAB_HINT
    pdf_link = (
        "<li><a class='nr-download-pdf' href='../me/report.pdf' download>"
        "Download my report as a PDF</a></li>"
        if pdf
        else ""
    )
    return (
        "<ul class='nr-downloads'>"
        "<li><a class='nr-download-report' href='../me/report.html' download>"
        "Download my report</a> (a page to keep, print or pin up; made now, from your answers"
        " only)</li>"
        f"{pdf_link}"
        "<li><a class='nr-download-calendar' href='../me/plan.ics' download>Add to my calendar"
        "</a> (your dated steps and check-ins, for any calendar app)</li></ul>"
    )


class Downloads:
    """The downloads box on a page (``step.downloads()``)."""

    def __init__(self) -> None:
        in_app = bool(os.environ.get(APP_MODE_ENV, "").strip())
        pdf = os.environ.get(PDF_ENV, "") == "1"
        self.widget = widgets.HTML(downloads_html(in_app=in_app, pdf=pdf), layout=FULL_WIDTH)
        self.widget.add_class("nr-downloads-box")

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

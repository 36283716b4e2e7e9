"""The object the report template notebook drives, one cell per section.

The template (``notebooks/reports/participant_report.ipynb``) is papermill-parameterised
with a participant id and a store URL; each of its cells calls one method here, so a failed
section is pinned to its own cell in papermill's trail.
"""

from __future__ import annotations

import os

from IPython.display import HTML, display

from kit import __version__
from kit.identity import PARTICIPANT_ENV
from kit.report.context import ReportContext
from kit.report.sections import SECTIONS
from kit.report.templating import render
from kit.store import Store


class ParticipantReport:
    """Renders one participant's report into the notebook's outputs."""

    def __init__(self, ctx: ReportContext | None) -> None:
        self.ctx = ctx

    @classmethod
    def open(cls, participant_id: str = "", store_url: str = "") -> ParticipantReport:
        """Open the report for ``participant_id``; with no id (the bare template) say how to use it."""
        participant_id = participant_id or os.environ.get(PARTICIPANT_ENV, "")
        if not participant_id:
            display(
                HTML(
                    "<p class='nr-empty'>This is the participant report template. "
                    "Make a report with <code>nextround report PARTICIPANT</code>.</p>"
                )
            )
            return cls(None)
        store = Store.open(store_url or None)
        try:
            return cls(ReportContext.load(store, participant_id))
        finally:
            store.close()

    def cover(self) -> None:
        if self.ctx is None:
            return
        display(
            HTML(
                render(
                    "cover.html.j2",
                    participant=self.ctx.participant,
                    cohort=self.ctx.cohort,
                    generated_on=self.ctx.generated_on,
                )
            )
        )

    def section(self, name: str) -> None:
        """Display one section: ``summary``, a step id, or nothing for a step with no section yet."""
        if self.ctx is None:
            return
        if name not in SECTIONS and (name in self.ctx.content.steps or name == "summary"):
            return
        display(HTML(SECTIONS[name](self.ctx)))

    def footer(self) -> None:
        if self.ctx is None:
            return
        display(HTML(render("footer.html.j2", kit_version=__version__)))

"""The object the report template notebook drives, one cell per section.

The template (``notebooks/reports/participant_report.ipynb``) is papermill-parameterised
with a participant id and a store URL; each of its cells calls one method here, so a failed
section is pinned to its own cell in papermill's trail.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from IPython.display import HTML, display

from kit import __version__
from kit.content import load_content
from kit.identity import PARTICIPANT_ENV
from kit.report.context import ReportContext
from kit.report.sections import SECTIONS
from kit.report.templating import render
from kit.store import Participant, Store


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
        if self.ctx is not None:
            display(HTML(cover_html(self.ctx)))

    def section(self, name: str) -> None:
        """Display one section: ``summary``, a step id, or nothing for a step with no section yet."""
        if self.ctx is None:
            return
        if name not in SECTIONS and (name in self.ctx.content.steps or name == "summary"):
            return
        display(HTML(SECTIONS[name](self.ctx)))

    def footer(self) -> None:
        if self.ctx is not None:
            display(HTML(footer_html()))


def cover_html(ctx: ReportContext) -> str:
    return render("cover.html.j2", participant=ctx.participant, cohort=ctx.cohort, generated_on=ctx.generated_on)


def footer_html() -> str:
    return render("footer.html.j2", kit_version=__version__)


def warm_up() -> None:
    """Load what every report needs and no participant owns, so a kernel forked afterwards has it.

    The kernel zygote (``kit.report.kernel_zygote``) runs this once per batch: it reads the
    content files, compiles the report templates by rendering every section for a made-up
    person with no answers, and loads SQLAlchemy's SQLite dialect without opening any store.
    """
    import sqlalchemy

    sqlalchemy.create_engine("sqlite://").dispose()
    nobody = Participant("warm-up", "Warm-up", None, None, datetime.now(UTC))
    ctx = ReportContext(nobody, None, load_content(), {}, [], date.today())
    cover_html(ctx)
    for draw_section in SECTIONS.values():
        draw_section(ctx)
    footer_html()

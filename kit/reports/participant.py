"""The object the report template notebook drives: a cover, every section, a footer.

The template (``notebooks/reports/participant_report.ipynb``) is papermill-parameterised
with a participant id and a store URL. Its one body cell shows the summary page and then each
step's section in workshop order, as ``kit.steps`` finds them: adding a step needs no new cell.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from IPython.display import HTML, display

from kit import __version__
from kit.core.content import Content, load_content
from kit.core.identity import PARTICIPANT_ENV
from kit.core.store import Participant, Store
from kit.reports import summary
from kit.steps import parse_answer, report_sections
from kit.workbook.partners import PARTNER_EXERCISES, partner_names
from kit.workbook.report_context import ReportContext
from kit.workbook.templating import render


def load_context(
    store: Store, participant_id: str, content: Content | None = None
) -> ReportContext:
    """Everything one person's report may show: their own answers, typed, and the content."""
    content = content or load_content()
    participant = store.get_participant(participant_id)
    cohort = store.get_cohort(participant.cohort_id) if participant.cohort_id else None
    latest = store.latest_answers(participant.id)
    answers = {
        exercise_id: parse_answer(exercise_id, revision.value, content)
        for exercise_id, revision in latest.items()
        if exercise_id in content.exercises
    }
    pairings = [latest[kind].value for kind in PARTNER_EXERCISES if kind in latest]
    return ReportContext(
        participant,
        cohort,
        content,
        answers,
        store.history(participant.id),
        date.today(),
        partner_names(store, participant, pairings),
    )


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
            return cls(load_context(store, participant_id))
        finally:
            store.close()

    def cover(self) -> None:
        if self.ctx is not None:
            display(HTML(cover_html(self.ctx)))

    def sections(self) -> None:
        """The summary page, then each step's section in workshop order."""
        if self.ctx is not None:
            display(HTML(summary.render_section(self.ctx)))
            for _step, render_section in report_sections(self.ctx.content):
                display(HTML(render_section(self.ctx)))

    def footer(self) -> None:
        if self.ctx is not None:
            display(HTML(footer_html()))


def cover_html(ctx: ReportContext) -> str:
    return render(
        "cover.html.j2",
        participant=ctx.participant,
        cohort=ctx.cohort,
        generated_on=ctx.generated_on,
    )


def footer_html() -> str:
    return render("footer.html.j2", kit_version=__version__)


def warm_up() -> None:
    """Load what every report needs and no participant owns, so a kernel forked afterwards has it.

    The kernel zygote (``kit.reports.kernel_zygote``) runs this once per batch: it reads the
    content files, compiles the report templates by rendering every section for a made-up
    person with no answers, and loads SQLAlchemy's SQLite dialect without opening any store.
    """
    import sqlalchemy

    sqlalchemy.create_engine("sqlite://").dispose()
    content = load_content()
    nobody = Participant("warm-up", "Warm-up", None, None, datetime.now(UTC))
    ctx = ReportContext(nobody, None, content, {}, [], date.today())
    cover_html(ctx)
    summary.render_section(ctx)
    for _step, render_section in report_sections(content):
        render_section(ctx)
    footer_html()

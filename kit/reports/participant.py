"""The object the report template notebook drives: a cover, every section, a footer.

The template (``notebooks/reports/participant_report.ipynb``) is papermill-parameterised
with a participant id, a store URL and the day the report is made for (the batch fixes it
once, and it is part of what the batch hashes: "made on" and "this week" depend on it). Its
one body cell shows the summary page and then each step's section in workshop order, as
``kit.steps`` finds them: adding a step needs no new cell.

Answers are read as they were saved (``Answer.read_stored``): a content change since (a lower
text limit, an option taken out) never stops a report.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime

from IPython.display import HTML, display

from kit import __version__
from kit.core.content import Content, Emotion, load_content
from kit.core.identity import PARTICIPANT_ENV
from kit.core.logs import logger
from kit.core.store import Participant, Store
from kit.errors import AnswerError
from kit.reports import summary
from kit.steps import answer_model_for, report_sections
from kit.workbook.answers import Answer
from kit.workbook.mood import MoodAnswer
from kit.workbook.partners import PARTNER_EXERCISES, partner_names
from kit.workbook.report_context import ReportContext
from kit.workbook.templating import render

log = logger(__name__)


def load_context(
    store: Store,
    participant_id: str,
    content: Content | None = None,
    *,
    report_date: date | None = None,
) -> ReportContext:
    """Everything one person's report may show: their own answers, typed, and the content."""
    content = content or load_content()
    participant = store.get_participant(participant_id)
    cohort = store.get_cohort(participant.cohort_id) if participant.cohort_id else None
    latest = store.latest_answers(participant.id)
    answers = {
        exercise_id: stored_answer(participant.id, exercise_id, revision.value, content)
        for exercise_id, revision in latest.items()
        if exercise_id in content.exercises
    }
    content = with_saved_words(content, answers.values())
    pairings = [latest[kind].value for kind in PARTNER_EXERCISES if kind in latest]
    return ReportContext(
        participant,
        cohort,
        content,
        answers,
        store.history(participant.id),
        report_date or date.today(),
        partner_names(store, participant, pairings),
    )


def with_saved_words(content: Content, answers: Iterable[Answer]) -> Content:
    """The content, plus any emotion word these answers were saved with that the vocabulary
    no longer has: shown as it was saved (its family and intensity from the answer)."""
    families = {family.id: family.label for family in content.emotion_families}
    missing = {
        pick.word: Emotion(
            pick.word,
            pick.word.replace("_", " "),
            pick.family,
            families.get(pick.family, pick.family),
            pick.intensity,
        )
        for answer in answers
        if isinstance(answer, MoodAnswer)
        for pick in answer.emotions
        if pick.word not in content.emotions
    }
    return replace(content, emotions={**content.emotions, **missing}) if missing else content


def stored_answer(participant_id: str, exercise_id: str, value: object, content: Content) -> Answer:
    """One saved answer, read as it was saved; the parts a content check still refuses are
    left out and logged by place (never by value)."""
    if not isinstance(value, dict):
        raise AnswerError(exercise_id, f"The saved answer to {exercise_id!r} is not a record.")
    model = answer_model_for(exercise_id, content)
    answer, set_aside = model.read_stored(value, content.exercise(exercise_id), content)
    if set_aside:
        log.warning(
            "report for %s: left out %s of %s (no longer in the content)",
            participant_id,
            ", ".join(set_aside),
            exercise_id,
        )
    return answer


class ParticipantReport:
    """Renders one participant's report into the notebook's outputs."""

    def __init__(self, ctx: ReportContext | None) -> None:
        self.ctx = ctx

    @classmethod
    def open(
        cls, participant_id: str = "", store_url: str = "", report_date: str = ""
    ) -> ParticipantReport:
        """Open the report for ``participant_id``; with no id (the bare template) say how to use it.

        ``report_date`` (``YYYY-MM-DD``) is the day the report is made for; empty means today.
        """
        participant_id = participant_id or os.environ.get(PARTICIPANT_ENV, "")
        if not participant_id:
            display(
                HTML(
                    "<p class='nr-empty'>This is the participant report template. "
                    "Make a report with <code>nextround report PARTICIPANT</code>.</p>"
                )
            )
            return cls(None)
        day = date.fromisoformat(report_date) if report_date else None
        store = Store.open(store_url or None)
        try:
            return cls(load_context(store, participant_id, report_date=day))
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

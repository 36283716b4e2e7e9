"""The cohort report: attendance, progress per step and the group views, for the facilitator.

``notebooks/reports/cohort_report.ipynb`` is papermill-parameterised with a cohort id and a
store URL; each of its cells calls one method here. Everything about answers comes from
:mod:`kit.room.group_views`, so the report is under exactly the same minimum-group-size rule as the
console; attendance and progress counts between 1 and k-1 are shown as "fewer than k".

What people wrote (advice and comments they chose to share) and what the facilitator typed
(the cohort's title, their name) is cleaned as every output cleans it
(``kit.workbook.plain_text``): no control characters, one line, a very long text cut to
``SHARED_TEXT_LIMIT`` characters so one paste cannot fill the page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from IPython.display import HTML, display
from markupsafe import Markup

from kit import __version__
from kit.core.content import Content, load_content
from kit.core.store import Cohort, Store
from kit.room.group_views import GroupView, cohort_min_group_size, cohort_views
from kit.workbook.charts import PALETTE, Series, bar_rows, figure_html
from kit.workbook.plain_text import one_line
from kit.workbook.templating import render

SHARED_TEXT_LIMIT = 600
"""Longest piece of shared advice or comment shown, in characters."""
TITLE_LIMIT = 200


@dataclass(frozen=True)
class StepProgress:
    number: str
    title: str
    people: str


def suppressed_count(count: int, k: int) -> str:
    """A count of people, or "fewer than k" when it is small enough to point at someone."""
    return f"fewer than {k}" if 0 < count < k else str(count)


@dataclass(frozen=True)
class CohortSummary:
    """Everything the cohort report shows, computed once (no participant ids inside)."""

    cohort: Cohort
    k: int
    roster: int
    took_part: str
    steps: tuple[StepProgress, ...]
    views: dict[str, GroupView]
    generated_on: date

    @classmethod
    def load(cls, store: Store, cohort_id: str, content: Content | None = None) -> CohortSummary:
        """Everything the report shows, from counts the store makes (one statement for the
        people per step) and the group views: nothing is read person by person."""
        content = content or load_content()
        cohort = store.get_cohort(cohort_id)
        k = cohort_min_group_size(store, cohort_id)
        in_session = [step for step in content.ordered_steps() if step.in_session]
        exercise_ids = {
            step.id: [exercise.id for exercise in content.exercises_of(step.id)]
            for step in in_session
        }
        progress = store.cohort_progress(
            cohort_id, {step_id: ids for step_id, ids in exercise_ids.items() if ids}
        )
        steps = tuple(
            StepProgress(
                f"{step.number:02d}",
                step.title,
                suppressed_count(progress.answered[step.id], k)
                if exercise_ids[step.id]
                else "no exercises in this content",
            )
            for step in in_session
        )
        return cls(
            _cleaned_cohort(cohort),
            k,
            progress.roster,
            suppressed_count(progress.took_part, k),
            steps,
            {
                key: _cleaned_view(view)
                for key, view in cohort_views(store, cohort_id, content).items()
            },
            date.today(),
        )


def _cleaned_cohort(cohort: Cohort) -> Cohort:
    return replace(
        cohort,
        title=one_line(cohort.title, TITLE_LIMIT),
        facilitator=one_line(cohort.facilitator, TITLE_LIMIT) if cohort.facilitator else None,
    )


def _cleaned_view(view: GroupView) -> GroupView:
    """The view with the words people shared cleaned and shortened (counts are untouched)."""
    texts = (one_line(text, SHARED_TEXT_LIMIT) for text in view.texts)
    return replace(view, texts=tuple(text for text in texts if text))


class CohortReport:
    """Renders one cohort's report into the notebook's outputs."""

    def __init__(self, summary: CohortSummary | None) -> None:
        self.summary = summary

    @classmethod
    def open(cls, cohort_id: str = "", store_url: str = "") -> CohortReport:
        if not cohort_id:
            display(
                HTML(
                    "<p class='nr-empty'>This is the cohort report template. "
                    "Make a report with <code>nextround cohort report COHORT</code>.</p>"
                )
            )
            return cls(None)
        store = Store.open(store_url or None)
        try:
            return cls(CohortSummary.load(store, cohort_id))
        finally:
            store.close()

    def cover(self) -> None:
        if self.summary is None:
            return
        display(
            HTML(
                render(
                    "cohort_cover.html.j2",
                    cohort=self.summary.cohort,
                    k=self.summary.k,
                    generated_on=self.summary.generated_on,
                )
            )
        )

    def attendance(self) -> None:
        if self.summary is None:
            return
        display(
            HTML(
                render(
                    "cohort_attendance.html.j2",
                    roster=self.summary.roster,
                    took_part=self.summary.took_part,
                    steps=self.summary.steps,
                    k=self.summary.k,
                )
            )
        )

    def group_views(self) -> None:
        if self.summary is None:
            return
        blocks = [
            Markup(render("group_view.html.j2", view=view, chart=_chart(view)))
            for view in self.summary.views.values()
        ]
        display(HTML(render("cohort_views.html.j2", blocks=blocks)))

    def footer(self) -> None:
        if self.summary is None:
            return
        display(HTML(render("cohort_footer.html.j2", kit_version=__version__, k=self.summary.k)))


def _chart(view: GroupView) -> Markup:
    """A bar chart for the mood shift (the one view where a picture says more than a table)."""
    if view.key != "mood_shift" or not view.shown or not view.tables:
        return Markup("")
    rows = view.tables[0].rows
    labels = [row.label for row in rows]
    before = [row.values[0] for row in rows]
    after = [row.values[1] for row in rows]

    svg = bar_rows(
        labels,
        [Series("check-in", before, PALETTE[1]), Series("check-out", after, PALETTE[0])],
        axis_label="% of people naming a feeling of this family",
    )
    alt = "Share of people naming each feeling, check-in then check-out: " + "; ".join(
        f"{label} {b}% then {a}%" for label, b, a in zip(labels, before, after, strict=True)
    )
    return Markup(
        figure_html(svg, alt=alt, caption="The room's feelings at the start and at the end.")
    )

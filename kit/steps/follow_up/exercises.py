"""Step 07 exercises: review the plan item by item, note what changed, set the next check-in.

A follow-up round is one day's review. Opening the notebook within two weeks of the last
round continues it; later, a new round starts, showing the previous statuses as a starting
point (nothing is saved until the person changes something). Every round so far is kept in
the one answer, so the progress chart reads them all.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import ipywidgets as widgets

from kit.errors import AnswerError
from kit.steps.follow_up.answers import FollowUpNextAnswer, FollowUpReviewAnswer
from kit.steps.follow_up.inputs import CalendarDownload, PlanItem, plan_items
from kit.steps.follow_up.progress import progress_chart, progress_counts
from kit.workbook.dates import iso, new_date_problem, parse_day
from kit.workbook.exercise import (
    FULL_WIDTH,
    Exercise,
    labelled,
    many_choices,
    register_exercise,
    text_area,
)
from kit.workbook.item_rows import labelled_group
from kit.workbook.raw_answers import stored_values

SAME_ROUND = timedelta(days=14)
"""A follow-up opened within this time of the last one continues it."""


@register_exercise
class FollowUpReview(Exercise[FollowUpReviewAnswer]):
    """Each goal and action of the plan: done, moving, stalled or dropped, with a note."""

    exercise_id = "follow_up_review"
    answer_model = FollowUpReviewAnswer
    needs_options = ("status", "changes")

    def build(self) -> Sequence[widgets.Widget]:
        self.heading = widgets.HTML(layout=FULL_WIDTH)
        self.items_box = widgets.VBox(layout=FULL_WIDTH)
        changes_box, self.changes = many_choices(self.content.options["changes"], self.save)
        self.changes_note = text_area(self.save)
        self.history = widgets.HTML(layout=FULL_WIDTH)
        self.history.add_class("nr-follow-up-history")
        self.statuses: dict[str, widgets.Dropdown] = {}
        self.notes: dict[str, widgets.Text] = {}
        self.items: list[PlanItem] = []
        self.previous: list[dict[str, Any]] = []
        self.round_id = "r1"
        self.round_date = date.today()
        return [
            self.heading,
            self.items_box,
            labelled_group(self.content.prompt("changes"), changes_box),
            labelled(self.content.prompt("changes_note"), self.changes_note),
            self.history,
        ]

    def _rebuild_items(self) -> None:
        status_options = [("— choose —", "")] + [
            (o.label, o.value) for o in self.content.options["status"]
        ]
        rows: list[widgets.Widget] = []
        self.statuses, self.notes = {}, {}
        for item in self.items:
            due = f" · due {item.due:%d %b %Y}" if item.due else ""
            title = widgets.HTML(
                f"<p class='nr-review-item'><b>{html.escape(item.title)}</b>"
                f"<span class='nr-muted'> ({html.escape(item.kind_label)}{due})</span></p>"
            )
            status = widgets.Dropdown(options=status_options, value="")
            note = widgets.Text(continuous_update=False, layout=FULL_WIDTH)
            status.observe(self.save, names="value")
            note.observe(self.save, names="value")
            self.statuses[item.ref], self.notes[item.ref] = status, note
            row = widgets.VBox(
                [
                    title,
                    widgets.HBox(
                        [
                            labelled(self.content.prompt("status"), status),
                            labelled(self.content.prompt("note"), note),
                        ]
                    ),
                ],
                layout=FULL_WIDTH,
            )
            row.add_class("nr-item")
            rows.append(row)
        if not self.items and self.session.participant is not None:
            rows.append(
                widgets.HTML(
                    f"<p class='nr-note'>{html.escape(self.content.prompt('no_plan'))}</p>"
                )
            )
        self.items_box.children = rows

    def collect(self) -> dict[str, Any]:
        reviews = [
            {"ref": ref, "status": self.statuses[ref].value or None, "note": self.notes[ref].value}
            for ref in self.statuses
            if self.statuses[ref].value or self.notes[ref].value.strip()
        ]
        current = {
            "id": self.round_id,
            "date": self.round_date.isoformat(),
            "items": reviews,
            "changes": [value for value, box in self.changes.items() if box.value],
            "changes_note": self.changes_note.value,
        }
        return {"rounds": [*self.previous, current]}

    def fill(self, answer: FollowUpReviewAnswer | None) -> None:
        values = (
            stored_values(self.session.store, self.session.participant.id)
            if self.session.participant
            else {}
        )
        self.items = plan_items(values)
        self._rebuild_items()
        rounds = [round_.model_dump() for round_ in answer.rounds] if answer else []
        today = date.today()
        last = rounds[-1] if rounds else None
        last_day = parse_day(last["date"]) if last else None
        if last is not None and last_day is not None and today - last_day <= SAME_ROUND:
            self.previous, shown = rounds[:-1], last
            self.round_id, self.round_date = last["id"], last_day
        else:
            self.previous, shown = rounds, None
            self.round_id, self.round_date = f"r{len(rounds) + 1}", today
        start_from = shown or last
        reviewed = {review["ref"]: review for review in (start_from or {}).get("items", [])}
        for ref, status in self.statuses.items():
            status.value = reviewed.get(ref, {}).get("status") or ""
            self.notes[ref].value = reviewed.get(ref, {}).get("note", "") if shown else ""
        chosen = set(shown.get("changes", [])) if shown else set()
        for value, box in self.changes.items():
            box.value = value in chosen
        self.changes_note.value = shown.get("changes_note", "") if shown else ""
        state = "continuing" if shown else ("new" if rounds else "first")
        self.heading.value = (
            (
                f"<p class='nr-round'>{html.escape(self.content.prompt('round'))} "
                f"<b>{self.round_date:%d %B %Y}</b>"
                + (
                    " (you started this one recently; changes are added to it)"
                    if state == "continuing"
                    else ""
                )
                + "</p>"
            )
            if self.session.participant
            else ""
        )
        self.show_history(answer)

    def show_history(self, answer: FollowUpReviewAnswer | None) -> None:
        counts = progress_counts(answer.model_dump()["rounds"]) if answer else []
        self.history.value = progress_chart(counts) if len(counts) >= 1 else ""

    def after_save(self, answer: FollowUpReviewAnswer) -> None:
        self.show_history(answer)

    def saved_message(self, answer: FollowUpReviewAnswer) -> str:
        current = answer.rounds[-1]
        done = sum(1 for review in current.items if review.status == "done")
        return f"Saved your follow-up of {date.fromisoformat(current.date or '2000-01-01'):%d %B} ({done} done)"


@register_exercise
class FollowUpNext(Exercise[FollowUpNextAnswer]):
    """The date of the next check-in, and the updated calendar file without finished items."""

    exercise_id = "follow_up_next"
    answer_model = FollowUpNextAnswer

    def build(self) -> Sequence[widgets.Widget]:
        self.next_check_in = widgets.DatePicker(value=None)
        self.next_check_in.observe(self.save, names="value")
        self.download = CalendarDownload(
            self.session,
            button_label=self.content.prompt("make_file") or "Make",
            link_label=self.content.prompt("download") or "Download",
        )
        return [
            labelled(self.content.prompt("next_check_in"), self.next_check_in),
            self.download.widget,
        ]

    def collect(self) -> dict[str, Any]:
        day = self.next_check_in.value
        saved = self.session.saved(self.exercise_id)
        if day is not None and (saved is None or saved.value.get("next_check_in") != iso(day)):
            problem = new_date_problem(day, date.today(), "your next check-in")
            if problem:
                raise AnswerError(self.exercise_id, problem)
        return {"next_check_in": iso(day)}

    def fill(self, answer: FollowUpNextAnswer | None) -> None:
        self.next_check_in.value = parse_day(answer.next_check_in) if answer else None
        self.download.clear()

    def saved_message(self, answer: FollowUpNextAnswer) -> str:
        day = parse_day(answer.next_check_in)
        return f"Saved: next check-in on {day:%d %B %Y}" if day else "Saved"

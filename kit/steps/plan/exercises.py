"""Step 05 exercises: goals with a SMART check, skill plan, visibility, network, applications,
money and references, roadmap.

Lists are ``ItemRows``; rows that come from earlier steps (gaps from 02, asks from 04) are
pinned and listed before anything else. A newly picked date that is already past, or more
than three years away, is refused with a sentence saying so; the date stays in the picker
and the last good answer stays in the store. Dates saved earlier may pass quietly: a plan
is still editable after its first deadline.
"""

from __future__ import annotations

import html
from abc import abstractmethod
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, ClassVar

import ipywidgets as widgets

from kit.errors import AnswerError
from kit.steps.plan import inputs as plan_inputs
from kit.steps.plan.answers import (
    ApplicationsAnswer,
    MoneyAndReferencesAnswer,
    NetworkPlanAnswer,
    PlanGoalsAnswer,
    RoadmapAnswer,
    SkillPlanAnswer,
    VisibilityPlanAnswer,
)
from kit.steps.plan.calendar_download import CalendarDownload
from kit.steps.plan.charts import roadmap_chart
from kit.steps.plan.roadmap import check_in_days, milestones
from kit.steps.plan.smart import SmartCheck, check_goal
from kit.workbook.dates import iso, new_date_problem, parse_day
from kit.workbook.exercise import (
    FULL_WIDTH,
    Exercise,
    labelled,
    many_choices,
    register_exercise,
    single_choice,
)
from kit.workbook.item_rows import ItemRows, RowField, day_changes, labelled_group
from kit.workbook.raw_answers import stored_values


class ListExercise(Exercise[Any]):
    """An exercise whose answer is one list of items (plus, in subclasses, a few fields)."""

    list_key: ClassVar[str] = "items"
    prefix: ClassVar[str] = "i"
    date_field: ClassVar[str] = "due"
    rows: ItemRows

    @abstractmethod
    def row_fields(self) -> list[RowField]:
        """The controls of one row, in order."""

    def make_rows(self) -> ItemRows:
        prompt = self.content.prompt
        return ItemRows(
            self.row_fields(),
            self.save,
            prefix=self.prefix,
            item_word=prompt("item") or "Item",
            add_label=prompt("add") or "Add",
            remove_label=prompt("remove") or "Remove",
        )

    def earlier(self) -> dict[str, dict[str, Any]]:
        """This person's latest raw answers to every step (for gaps, asks, the situation)."""
        if self.session.participant is None:
            return {}
        return stored_values(self.session.store, self.session.participant.id)

    def saved_items(self) -> list[dict[str, Any]]:
        revision = self.session.saved(self.exercise_id)
        items = revision.value.get(self.list_key) if revision else None
        return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []

    def check_new_dates(self, items: list[dict[str, Any]]) -> None:
        """Refuse a newly picked date in the past or too far ahead, naming the item."""
        word = (self.content.prompt("item") or "item").lower()
        for position, day in day_changes(items, self.saved_items(), self.date_field):
            problem = new_date_problem(day, date.today(), f"{word} {position}")
            if problem:
                raise AnswerError(self.exercise_id, problem)

    def collect(self) -> dict[str, Any]:
        items = self.rows.values()
        self.check_new_dates(items)
        return {self.list_key: items}

    def fill_rows(self, items: Sequence[dict[str, Any]]) -> None:
        self.rows.clear()
        for item in items:
            self.rows.add(item, quiet=True)


@register_exercise
class PlanGoals(ListExercise):
    """Short- and long-term goals, each checked letter by letter against SMART."""

    exercise_id = "plan_goals"
    answer_model = PlanGoalsAnswer
    needs_options = ("horizon",)
    list_key = "goals"
    prefix = "g"

    def row_fields(self) -> list[RowField]:
        prompt = self.content.prompt
        return [
            RowField(
                "horizon",
                prompt("horizon"),
                "choice",
                self.content.options["horizon"],
                default="short",
            ),
            RowField(
                "text",
                prompt("text"),
                "area",
                placeholder="for example: lead two client workshops on my own by March",
            ),
            RowField("due", prompt("due"), "date"),
            RowField("why", prompt("why"), "text"),
        ]

    def build(self) -> Sequence[widgets.Widget]:
        self.rows = self.make_rows()
        return [self.rows.widget]

    def fill(self, answer: PlanGoalsAnswer | None) -> None:
        if answer is not None and answer.goals:
            self.fill_rows([goal.model_dump() for goal in answer.goals])
        else:
            self.rows.clear()
            self.rows.add({"horizon": "short"}, quiet=True)
            self.rows.add({"horizon": "long"}, quiet=True)
        self.show_checks()

    def context_words(self) -> frozenset[str]:
        return plan_inputs.goal_context_words(self.earlier())

    def checks(self, answer: PlanGoalsAnswer) -> list[SmartCheck]:
        context = self.context_words()
        return [
            check_goal(
                goal.text,
                parse_day(goal.due),
                goal.horizon,
                date.today(),
                why=goal.why,
                context_words=context,
            )
            for goal in answer.goals
        ]

    def show_checks(self) -> None:
        """Under each goal: which SMART letters it meets and a hint for each one missing."""
        context = self.context_words() if self.session.participant else frozenset()
        for row in self.rows.rows:
            value = row.value()
            if not str(value.get("text") or "").strip():
                row.note.value = ""
                continue
            check = check_goal(
                str(value["text"]),
                parse_day(value.get("due")),
                str(value.get("horizon") or "short"),
                date.today(),
                why=str(value.get("why") or ""),
                context_words=context,
            )
            letters = "".join(
                f"<span class='nr-smart-{'met' if c.met else 'missed'}' title='{html.escape(c.name)}'>"
                f"{c.letter}{'✓' if c.met else '·'}</span> "
                for c in check.letters
            )
            hints = "".join(f"<li>{html.escape(hint)}</li>" for hint in check.hints)
            verdict = "Meets all of SMART. " if check.complete else ""
            row.note.value = (
                f"<div class='nr-smart' aria-label='SMART check: meets {html.escape(check.met) or 'none'}'>"
                f"{verdict}{letters}{'<ul>' + hints + '</ul>' if hints else ''}</div>"
            )

    def after_save(self, answer: PlanGoalsAnswer) -> None:
        self.show_checks()

    def saved_message(self, answer: PlanGoalsAnswer) -> str:
        complete = sum(check.complete for check in self.checks(answer))
        return f"Saved {len(answer.goals)} goals ({complete} meet all of SMART)"


@register_exercise
class SkillPlan(ListExercise):
    """The gaps from step 02, already listed, each with how, a first step and a date."""

    exercise_id = "skill_plan"
    answer_model = SkillPlanAnswer
    needs_options = ("how",)
    prefix = "s"

    def row_fields(self) -> list[RowField]:
        prompt = self.content.prompt
        return [
            RowField("skill", prompt("skill"), "text"),
            RowField("how", prompt("how"), "choice", self.content.options["how"]),
            RowField(
                "first_step",
                prompt("first_step"),
                "text",
                placeholder="for example: ask Priya which course she took",
            ),
            RowField("due", prompt("due"), "date"),
        ]

    def build(self) -> Sequence[widgets.Widget]:
        self.notice = widgets.HTML(layout=FULL_WIDTH)
        self.rows = self.make_rows()
        return [self.notice, self.rows.widget]

    def fill(self, answer: SkillPlanAnswer | None) -> None:
        self.rows.clear()
        earlier = self.earlier()
        gaps = plan_inputs.gaps(earlier)
        saved = [item.model_dump() for item in answer.items] if answer else []
        planned = {item["gap_id"] for item in saved if item.get("gap_id")}
        by_gap = {gap.id: gap for gap in gaps}
        for item in saved:
            gap = by_gap.get(item.get("gap_id") or "")
            self.rows.add(
                item,
                pinned=gap is not None,
                hidden={"gap_id": item.get("gap_id")},
                title=gap.text if gap else "",
                quiet=True,
            )
        for gap in gaps:
            if gap.id in planned:
                continue
            skill = gap.text
            if gap.onet_skill:
                skill = plan_inputs.onet_skill_name(gap.onet_skill, self.session.content)
            self.rows.add(
                {"skill": skill, "first_step": gap.action},
                pinned=True,
                hidden={"gap_id": gap.id},
                title=gap.text,
                quiet=True,
            )
        if self.session.participant is not None and not gaps:
            self.notice.value = (
                f"<p class='nr-note'>{html.escape(self.content.prompt('no_gaps'))}</p>"
            )
        else:
            self.notice.value = ""

    def saved_message(self, answer: SkillPlanAnswer) -> str:
        dated = sum(1 for item in answer.items if item.due)
        return f"Saved {len(answer.items)} skills ({dated} with a date)"


@register_exercise
class VisibilityPlan(ListExercise):
    """Step 04's asks, each turned into something the person will do, with a date."""

    exercise_id = "visibility_plan"
    answer_model = VisibilityPlanAnswer
    prefix = "v"

    def row_fields(self) -> list[RowField]:
        prompt = self.content.prompt
        return [
            RowField(
                "action",
                prompt("action"),
                "text",
                placeholder="for example: present our quarterly results at the all-hands",
            ),
            RowField("due", prompt("due"), "date"),
        ]

    def build(self) -> Sequence[widgets.Widget]:
        self.notice = widgets.HTML(layout=FULL_WIDTH)
        self.rows = self.make_rows()
        return [self.notice, self.rows.widget]

    def fill(self, answer: VisibilityPlanAnswer | None) -> None:
        self.rows.clear()
        asks = plan_inputs.manager_asks(self.earlier(), self.session.content)
        saved = [item.model_dump() for item in answer.items] if answer else []
        answered = {item.get("ask") for item in saved if item.get("ask")}
        for item in saved:
            self.rows.add(
                item,
                pinned=bool(item.get("ask")),
                hidden={"ask": item.get("ask"), "label": item.get("label", "")},
                title=str(item.get("label") or ""),
                quiet=True,
            )
        for ask in asks:
            if ask.key in answered:
                continue
            self.rows.add(
                None,
                pinned=True,
                hidden={"ask": ask.key, "label": ask.label},
                title=ask.label,
                quiet=True,
            )
        for row in self.rows.rows:
            row.hidden.setdefault("ask", None)
            row.hidden.setdefault("label", "")
        if self.session.participant is not None and not asks:
            self.notice.value = (
                f"<p class='nr-note'>{html.escape(self.content.prompt('no_asks'))}</p>"
            )
        else:
            self.notice.value = ""

    def collect(self) -> dict[str, Any]:
        for row in self.rows.rows:
            row.hidden.setdefault("ask", None)
            row.hidden.setdefault("label", "")
        items = [
            item
            for item in self.rows.values()
            if item.get("action") or item.get("due") or not item.get("ask")
        ]
        self.check_new_dates(items)
        return {"items": items}


@register_exercise
class NetworkPlan(ListExercise):
    """Mentors, events and people to keep in touch with, each with a next step."""

    exercise_id = "network_plan"
    answer_model = NetworkPlanAnswer
    needs_options = ("kind",)
    prefix = "n"

    def row_fields(self) -> list[RowField]:
        prompt = self.content.prompt
        return [
            RowField("kind", prompt("kind"), "choice", self.content.options["kind"]),
            RowField("who", prompt("who"), "text", placeholder="a name, an event, a group"),
            RowField(
                "next_step",
                prompt("next_step"),
                "text",
                placeholder="for example: ask for 20 minutes",
            ),
            RowField("due", prompt("due"), "date"),
        ]

    def build(self) -> Sequence[widgets.Widget]:
        self.rows = self.make_rows()
        return [self.rows.widget]

    def fill(self, answer: NetworkPlanAnswer | None) -> None:
        if answer is not None and answer.items:
            self.fill_rows([item.model_dump() for item in answer.items])
        else:
            self.rows.clear()
            self.rows.add(None, quiet=True)


@register_exercise
class Applications(ListExercise):
    """Two well-researched applications per rejection: the targets, their research, their outcome."""

    exercise_id = "applications"
    answer_model = ApplicationsAnswer
    needs_options = ("research", "status")
    list_key = "targets"
    prefix = "t"
    date_field = "apply_by"

    def row_fields(self) -> list[RowField]:
        prompt = self.content.prompt
        return [
            RowField("company", prompt("company"), "text"),
            RowField("role", prompt("role"), "text"),
            RowField("apply_by", prompt("apply_by"), "date"),
            RowField("research", prompt("research"), "checks", self.content.options["research"]),
            RowField("why_me", prompt("why_me"), "text", placeholder=prompt("why_me_placeholder")),
            RowField(
                "status",
                prompt("status"),
                "choice",
                self.content.options["status"],
                default="researching",
            ),
            RowField("note", prompt("note"), "text"),
        ]

    def build(self) -> Sequence[widgets.Widget]:
        self.rejections = widgets.BoundedIntText(
            value=1, min=1, max=50, layout=widgets.Layout(width="6rem")
        )
        self.per_rejection = widgets.BoundedIntText(
            value=2, min=1, max=10, layout=widgets.Layout(width="6rem")
        )
        for control in (self.rejections, self.per_rejection):
            control.observe(self.save, names="value")
        self.progress = widgets.HTML(layout=FULL_WIDTH)
        self.rows = self.make_rows()
        return [
            widgets.HBox(
                [
                    labelled(self.content.prompt("rejections"), self.rejections),
                    labelled(self.content.prompt("per_rejection"), self.per_rejection),
                ]
            ),
            self.progress,
            self.rows.widget,
        ]

    def collect(self) -> dict[str, Any]:
        targets = self.rows.values()
        self.check_new_dates(targets)
        return {
            "rejections": self.rejections.value,
            "per_rejection": self.per_rejection.value,
            "targets": targets,
        }

    def fill(self, answer: ApplicationsAnswer | None) -> None:
        self.rejections.value = answer.rejections if answer else 1
        self.per_rejection.value = answer.per_rejection if answer else 2
        if answer is not None and answer.targets:
            self.fill_rows([target.model_dump() for target in answer.targets])
        else:
            self.rows.clear()
            self.rows.add(None, quiet=True)
        self.progress.value = self.progress_text(answer) if answer else ""

    def progress_text(self, answer: ApplicationsAnswer) -> str:
        options = self.content.options["research"]
        researched = sum(1 for t in answer.targets if len(t.research) == len(options))
        sent = sum(1 for t in answer.targets if t.status not in ("researching", "withdrawn"))
        return (
            f"<p class='nr-progress'>Your goal: <b>{answer.goal}</b> well-researched applications. "
            f"Fully researched: <b>{researched}</b>. Sent: <b>{sent}</b>.</p>"
        )

    def after_save(self, answer: ApplicationsAnswer) -> None:
        self.progress.value = self.progress_text(answer)


@register_exercise
class MoneyAndReferences(ListExercise):
    """After a layoff: how long the money lasts, a step or two for it, and referees to ask."""

    exercise_id = "money_and_references"
    answer_model = MoneyAndReferencesAnswer
    needs_options = ("runway",)
    list_key = "references"
    prefix = "r"
    date_field = "ask_by"

    def row_fields(self) -> list[RowField]:
        prompt = self.content.prompt
        return [
            RowField("who", prompt("who"), "text", placeholder="for example: my last team lead"),
            RowField("ask_by", prompt("ask_by"), "date"),
            RowField("note", prompt("note"), "text"),
        ]

    def build(self) -> Sequence[widgets.Widget]:
        self.runway = single_choice(self.content.options["runway"], self.save)
        self.money_steps = widgets.Textarea(
            placeholder=self.content.prompt("money_steps_placeholder"),
            rows=2,
            continuous_update=False,
            layout=FULL_WIDTH,
        )
        self.money_steps.observe(self.save, names="value")
        self.rows = self.make_rows()
        return [
            labelled(self.content.prompt("runway"), self.runway),
            labelled(self.content.prompt("money_steps"), self.money_steps),
            labelled_group(self.content.prompt("references_heading"), self.rows.widget),
        ]

    def collect(self) -> dict[str, Any]:
        references = self.rows.values()
        self.check_new_dates(references)
        return {
            "runway": self.runway.value,
            "money_steps": self.money_steps.value,
            "references": references,
        }

    def fill(self, answer: MoneyAndReferencesAnswer | None) -> None:
        self.runway.value = answer.runway if answer else None
        self.money_steps.value = answer.money_steps if answer else ""
        if answer is not None and answer.references:
            self.fill_rows([item.model_dump() for item in answer.references])
        else:
            self.rows.clear()
            self.rows.add(None, quiet=True)

    def saved_message(self, answer: MoneyAndReferencesAnswer) -> str:
        dated = sum(1 for item in answer.references if item.ask_by)
        return f"Saved ({len(answer.references)} referees, {dated} with a date)"


@register_exercise
class Roadmap(Exercise[RoadmapAnswer]):
    """Everything dated on one timeline, and the calendar file with check-in reminders."""

    exercise_id = "roadmap"
    answer_model = RoadmapAnswer
    needs_options = ("check_ins",)

    def build(self) -> Sequence[widgets.Widget]:
        box, self.check_ins = many_choices(self.content.options["check_ins"], self.save)
        self.start = widgets.DatePicker(value=None)
        self.start.observe(self.save, names="value")
        self.chart = widgets.HTML(layout=FULL_WIDTH)
        self.chart.add_class("nr-roadmap-chart")
        # Drawn when asked for (then redrawn after each change): the page opens on the
        # questions, not on a picture of a plan the person has not dated yet.
        self.chart_shown = False
        self.show_chart = widgets.Button(
            description=self.content.prompt("show_chart") or "Show my roadmap", icon="chart-line"
        )
        self.show_chart.add_class("nr-show-roadmap")
        self.show_chart.on_click(lambda _b: self.refresh_chart())
        self.download = CalendarDownload(
            self.session,
            button_label=self.content.prompt("make_file") or "Make",
            link_label=self.content.prompt("download") or "Download",
        )
        self.download.button.on_click(lambda _b: self.refresh_chart())
        return [
            self.show_chart,
            self.chart,
            labelled_group(self.content.prompt("check_ins"), box),
            labelled(self.content.prompt("start"), self.start),
            self.download.widget,
        ]

    def collect(self) -> dict[str, Any]:
        start = self.start.value
        if start is not None and start < date.today() - timedelta(days=366):
            raise AnswerError(
                self.exercise_id, "Count the check-ins from a day within the last year, or today."
            )
        if start is not None and start > date.today() + timedelta(days=92):
            raise AnswerError(
                self.exercise_id,
                f"{start:%d %B %Y} is more than three months away; count the check-ins from nearer to now.",
            )
        ticked = [value for value, box in self.check_ins.items() if box.value]
        return {"check_ins": ticked, "start": iso(start)}

    def fill(self, answer: RoadmapAnswer | None) -> None:
        chosen = set(answer.check_ins) if answer else set(self.check_ins)
        for value, box in self.check_ins.items():
            box.value = value in chosen
        self.start.value = (
            parse_day(answer.start)
            if answer and answer.start
            else (date.today() if self.session.participant else None)
        )
        self.download.clear()
        self.chart.value = ""
        self.chart_shown = False

    def refresh_chart(self) -> None:
        if self.session.participant is None:
            self.chart.value = ""
            return
        self.chart_shown = True
        values = stored_values(self.session.store, self.session.participant.id)
        items = milestones(values)
        drawn = roadmap_chart(items, check_in_days(values, date.today()))
        self.chart.value = (
            drawn
            or "<p class='nr-note'>Nothing is dated yet. Give your goals and steps a date above and they appear here.</p>"
        )

    def after_save(self, answer: RoadmapAnswer) -> None:
        if self.chart_shown:
            self.refresh_chart()

    def saved_message(self, answer: RoadmapAnswer) -> str:
        return f"Saved: {len(answer.check_ins)} check-in reminders"

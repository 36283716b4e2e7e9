"""Step 02 exercises: whom to ask, the request, the questions, meeting aims, the sort, a self-review."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from typing import Any

import ipywidgets as widgets

from kit.core.vocabularies import SkillList, load_onet_skills
from kit.errors import AnswerError
from kit.steps.feedback.answers import (
    FeedbackSortAnswer,
    HearingFeedbackAnswer,
    MeetingGoalsAnswer,
    QuestionBankAnswer,
    RequestAnswer,
    SelfReviewAnswer,
    WhomAnswer,
)
from kit.steps.feedback.request import compose_request
from kit.workbook.dates import iso, new_date_problem, parse_day
from kit.workbook.exercise import (
    FULL_WIDTH,
    Exercise,
    labelled,
    many_choices,
    register_exercise,
    single_choice,
    text_area,
    text_line,
    tick_box,
)
from kit.workbook.item_list import SMALL_BUTTON, Item, ItemListExercise, escaped_list

_REQUEST_CHOICES = ("recipient", "role", "acceptance", "ask", "meeting", "times", "sign_off")
NO_ANSWER = ("no_reply", "no_feedback")
"""Replies after which the fallback shows: one follow-up, someone else, then one's own review."""


@register_exercise
class FeedbackWhom(Exercise[WhomAnswer]):
    """Whom the person could ask: the people who saw them in the process."""

    exercise_id = "feedback_whom"
    answer_model = WhomAnswer
    needs_options = ("whom",)

    def build(self) -> Sequence[widgets.Widget]:
        box, self.whom = many_choices(self.content.options["whom"], self.save)
        self.others = text_line(self.save)
        return [
            labelled(self.content.prompt("whom"), box),
            labelled(self.content.prompt("others"), self.others),
        ]

    def collect(self) -> dict[str, Any]:
        return {
            "whom": [value for value, box in self.whom.items() if box.value],
            "others": self.others.value,
        }

    def fill(self, answer: WhomAnswer | None) -> None:
        chosen = set(answer.whom) if answer else set()
        for value, box in self.whom.items():
            box.value = value in chosen
        self.others.value = answer.others if answer else ""


@register_exercise
class FeedbackRequest(Exercise[RequestAnswer]):
    """A request message assembled from the person's choices, then theirs to edit and copy.

    Until the person edits the message, every choice rebuilds it; after an edit, their words
    are kept and only the "rebuild" button replaces them.
    """

    exercise_id = "feedback_request"
    answer_model = RequestAnswer
    needs_options = ("acceptance", "ask", "meeting", "reply")

    def build(self) -> Sequence[widgets.Widget]:
        self.edited = False
        self.recipient = text_line(self._choice_changed)
        self.role = text_line(self._choice_changed)
        self.acceptance = single_choice(self.content.options["acceptance"], self._choice_changed)
        self.ask = single_choice(self.content.options["ask"], self._choice_changed)
        self.meeting = single_choice(self.content.options["meeting"], self._choice_changed)
        self.times = text_line(self._choice_changed)
        self.sign_off = text_line(self._choice_changed)
        self.message = widgets.Textarea(rows=12, continuous_update=False, layout=FULL_WIDTH)
        self.message.add_class("nr-request-message")
        self.message.observe(self._message_changed, names="value")
        self.rebuild = widgets.Button(
            description=self.content.prompt("rebuild") or "Rebuild", icon="refresh"
        )
        self.rebuild.on_click(self._rebuild)
        self.edit_note = widgets.HTML(layout=FULL_WIDTH)
        self.send_by = widgets.DatePicker(value=None)
        self.send_by.observe(self.save, names="value")
        self.reply = single_choice(self.content.options["reply"], self._reply_changed)
        self.follow_up_on = widgets.DatePicker(value=None)
        self.follow_up_on.observe(self.save, names="value")
        self.fallback = widgets.VBox(
            [
                widgets.HTML(
                    f"<div class='nr-card nr-fallback'><b>{html.escape(self.content.prompt('fallback_heading'))}</b>"
                    f"<p>{html.escape(self.content.prompt('fallback'))}</p>"
                    f"<pre class='nr-copy' style='white-space:pre-wrap;font-family:inherit'>"
                    f"{html.escape(self.content.prompt('follow_up_message'))}</pre></div>",
                    layout=FULL_WIDTH,
                ),
                labelled(self.content.prompt("follow_up_on"), self.follow_up_on),
            ],
            layout=widgets.Layout(width="100%", max_width="46rem", display="none"),
        )
        return [
            widgets.HBox(
                [
                    labelled(self.content.prompt("recipient"), self.recipient),
                    labelled(self.content.prompt("role"), self.role),
                ],
                layout=widgets.Layout(max_width="46rem"),
            ),
            labelled(self.content.prompt("acceptance"), self.acceptance),
            labelled(self.content.prompt("ask"), self.ask),
            labelled(self.content.prompt("meeting"), self.meeting),
            labelled(self.content.prompt("times"), self.times),
            labelled(self.content.prompt("sign_off"), self.sign_off),
            labelled(self.content.prompt("message"), self.message),
            widgets.HBox([self.rebuild]),
            self.edit_note,
            labelled(self.content.prompt("send_by"), self.send_by),
            labelled(self.content.prompt("reply"), self.reply),
            self.fallback,
        ]

    def _reply_changed(self, *_: object) -> None:
        self._show_fallback()
        self.save()

    def _show_fallback(self) -> None:
        self.fallback.layout.display = "flex" if self.reply.value in NO_ANSWER else "none"

    def choices(self) -> dict[str, str | None]:
        return {name: getattr(self, name).value for name in _REQUEST_CHOICES}

    def composed(self) -> str:
        return compose_request(self.content, self.choices())

    def collect(self) -> dict[str, Any]:
        return {
            **self.choices(),
            "message": self.message.value,
            "edited": self.edited,
            "send_by": self.check_new_date("send_by", self.send_by.value, "sending it"),
            "reply": self.reply.value,
            "follow_up_on": self.check_new_date(
                "follow_up_on", self.follow_up_on.value, "your follow-up"
            ),
        }

    def fill(self, answer: RequestAnswer | None) -> None:
        self.send_by.value = parse_day(answer.send_by) if answer else None
        self.reply.value = answer.reply if answer else None
        self.follow_up_on.value = parse_day(answer.follow_up_on) if answer else None
        self._show_fallback()
        if answer is None:
            for name in ("recipient", "times"):
                getattr(self, name).value = ""
            for name in ("acceptance", "ask", "meeting"):
                getattr(self, name).value = None
            self.role.value = self._role_from_check_in()
            self.sign_off.value = (
                self.session.participant.display_name if self.session.participant else ""
            )
            self.edited = False
            self.message.value = self.composed()
        else:
            for name in _REQUEST_CHOICES:
                getattr(self, name).value = getattr(answer, name)
            self.edited = answer.edited
            self.message.value = answer.message or self.composed()
        self._show_edit_note()

    def _role_from_check_in(self) -> str:
        saved = self.session.saved("situation")
        return str(saved.value.get("role", "")) if saved else ""

    def _choice_changed(self, *_: object) -> None:
        if self._filling:
            return
        if not self.edited:
            self._set_message(self.composed())
        self.save()

    def _message_changed(self, *_: object) -> None:
        if self._filling:
            return
        self.edited = self.message.value.strip() != self.composed().strip()
        self._show_edit_note()
        self.save()

    def _rebuild(self, *_: object) -> None:
        self.edited = False
        self._set_message(self.composed())
        self._show_edit_note()
        self.save()

    def _set_message(self, text: str) -> None:
        self._filling = True
        try:
            self.message.value = text
        finally:
            self._filling = False

    def _show_edit_note(self) -> None:
        note = self.content.prompt("kept_edits")
        self.edit_note.value = (
            f"<p class='nr-hint'>{html.escape(note)}</p>" if self.edited and note else ""
        )

    def saved_message(self, answer: RequestAnswer) -> str:
        return "Saved your message" + (" with your edits" if answer.edited else "")


@register_exercise
class QuestionBank(Exercise[QuestionBankAnswer]):
    """Pick questions from the bank and put them in the order you will ask them."""

    exercise_id = "question_bank"
    answer_model = QuestionBankAnswer
    needs_options = ("questions",)

    def build(self) -> Sequence[widgets.Widget]:
        self.order: list[str] = []
        box, self.picks = many_choices(self.content.options["questions"], self._ticked)
        self.ordered = widgets.VBox(layout=FULL_WIDTH)
        self.ordered.add_class("nr-question-order")
        self.own_questions = text_area(self.save, rows=2)
        return [
            labelled(self.content.prompt("questions"), box),
            labelled(self.content.prompt("order"), self.ordered),
            labelled(self.content.prompt("own_questions"), self.own_questions),
        ]

    def collect(self) -> dict[str, Any]:
        return {"questions": list(self.order), "own_questions": self.own_questions.value}

    def fill(self, answer: QuestionBankAnswer | None) -> None:
        self.order = list(answer.questions) if answer else []
        for value, box in self.picks.items():
            box.value = value in self.order
        self.own_questions.value = answer.own_questions if answer else ""
        self._render_order()

    def _ticked(self, change: dict[str, Any]) -> None:
        if self._filling:
            return
        value = next(key for key, box in self.picks.items() if box is change["owner"])
        if change["new"] and value not in self.order:
            self.order.append(value)
        elif not change["new"] and value in self.order:
            self.order.remove(value)
        self.save()
        self._render_order()

    def move(self, value: str, step: int) -> None:
        """Move a picked question up (-1) or down (+1) and save the new order."""
        here = self.order.index(value)
        there = here + step
        if not 0 <= there < len(self.order):
            self._show(
                "That question is already at the " + ("top." if step < 0 else "bottom."),
                kind="wait",
            )
            return
        self.order[here], self.order[there] = self.order[there], self.order[here]
        self.save()
        self._render_order()

    def _render_order(self) -> None:
        if not self.order:
            empty = self.content.prompt("empty")
            self.ordered.children = [widgets.HTML(f"<p class='nr-empty'>{html.escape(empty)}</p>")]
            return
        rows = []
        for position, value in enumerate(self.order, start=1):
            label = self.content.option_label("questions", value)
            up = widgets.Button(
                icon="arrow-up", tooltip=f"Move question {position} up", layout=SMALL_BUTTON
            )
            down = widgets.Button(
                icon="arrow-down", tooltip=f"Move question {position} down", layout=SMALL_BUTTON
            )
            up.on_click(lambda _b, v=value: self.move(v, -1))
            down.on_click(lambda _b, v=value: self.move(v, +1))
            text = widgets.HTML(
                f"{position}. {html.escape(label)}", layout=widgets.Layout(flex="1 1 20rem")
            )
            row = widgets.HBox(
                [text, up, down], layout=widgets.Layout(max_width="46rem", align_items="center")
            )
            row.add_class("nr-question")
            rows.append(row)
        self.ordered.children = rows
        enabled = self.session.participant is not None
        for row in rows:
            for button in row.children[1:]:
                button.disabled = not enabled


@register_exercise
class MeetingGoals(Exercise[MeetingGoalsAnswer]):
    """A checklist for the follow-up meeting: aim for it now, tick it as done afterwards."""

    exercise_id = "meeting_goals"
    answer_model = MeetingGoalsAnswer
    needs_options = ("goals",)

    def build(self) -> Sequence[widgets.Widget]:
        self.aims: dict[str, widgets.Checkbox] = {}
        self.achieved: dict[str, widgets.Checkbox] = {}
        rows = []
        for option in self.content.options["goals"]:
            aim = widgets.Checkbox(
                description=self.content.prompt("aims"),
                indent=False,
                layout=widgets.Layout(width="10rem"),
            )
            done = widgets.Checkbox(
                description=self.content.prompt("achieved"),
                indent=False,
                layout=widgets.Layout(width="6rem"),
            )
            aim.tooltip = f"{self.content.prompt('aims')}: {option.label}"
            done.tooltip = f"{self.content.prompt('achieved')}: {option.label}"
            aim.observe(self.save, names="value")
            done.observe(self.save, names="value")
            self.aims[option.value], self.achieved[option.value] = aim, done
            label = widgets.HTML(html.escape(option.label), layout=widgets.Layout(flex="1 1 18rem"))
            rows.append(
                widgets.HBox(
                    [label, aim, done],
                    layout=widgets.Layout(max_width="46rem", flex_flow="row wrap"),
                )
            )
        self.notes = text_area(self.save, rows=2)
        self.meeting_on = widgets.DatePicker(value=None)
        self.meeting_on.observe(self.save, names="value")
        return [
            labelled(self.content.prompt("meeting_on"), self.meeting_on),
            *rows,
            labelled(self.content.prompt("notes"), self.notes),
        ]

    def collect(self) -> dict[str, Any]:
        day = self.meeting_on.value
        # A meeting may already have happened, so only a date years away is refused.
        if (
            day is not None
            and day > date.today()
            and new_date_problem(day, date.today(), "the meeting")
        ):
            raise AnswerError(
                self.exercise_id, str(new_date_problem(day, date.today(), "the meeting"))
            )
        return {
            "aims": [value for value, box in self.aims.items() if box.value],
            "achieved": [value for value, box in self.achieved.items() if box.value],
            "notes": self.notes.value,
            "meeting_on": iso(day),
        }

    def fill(self, answer: MeetingGoalsAnswer | None) -> None:
        aims = set(answer.aims) if answer else set()
        achieved = set(answer.achieved) if answer else set()
        for value in self.aims:
            self.aims[value].value = value in aims
            self.achieved[value].value = value in achieved
        self.notes.value = answer.notes if answer else ""
        self.meeting_on.value = parse_day(answer.meeting_on) if answer else None

    def saved_message(self, answer: MeetingGoalsAnswer) -> str:
        if answer.achieved:
            return (
                f"Saved: {len(answer.achieved)} of {len(answer.aims) or len(answer.achieved)} done"
            )
        return "Saved"


@register_exercise
class HearingFeedback(Exercise[HearingFeedbackAnswer]):
    """How to hear feedback (listen, do not defend, take notes, thank, sleep on it), practised
    once out loud: in a pair in a room, alone with one's own worst fear otherwise."""

    exercise_id = "hearing_feedback"
    answer_model = HearingFeedbackAnswer
    needs_options = ("habits",)

    def build(self) -> Sequence[widgets.Widget]:
        box, self.habits = many_choices(self.content.options["habits"], self.save)
        self.practice = widgets.HTML(
            f"<div class='nr-card nr-practice-how'>{html.escape(self.content.prompt('practice_how'))}</div>",
            layout=FULL_WIDTH,
        )
        self.practised = tick_box(self.save, self.content.prompt("practised"))
        self.hardest = text_area(self.save, rows=2)
        return [
            labelled(self.content.prompt("habits"), box),
            self.practice,
            self.practised,
            labelled(self.content.prompt("hardest"), self.hardest),
        ]

    def collect(self) -> dict[str, Any]:
        return {
            "habits": [value for value, box in self.habits.items() if box.value],
            "practised": self.practised.value,
            "hardest": self.hardest.value,
        }

    def fill(self, answer: HearingFeedbackAnswer | None) -> None:
        chosen = set(answer.habits) if answer else set()
        for value, box in self.habits.items():
            box.value = value in chosen
        self.practised.value = bool(answer and answer.practised)
        self.hardest.value = answer.hardest if answer else ""


@register_exercise
class FeedbackSort(ItemListExercise[FeedbackSortAnswer]):
    """Feedback items, each sorted into strength, gap (with an action) or trait (with a workaround)."""

    exercise_id = "feedback_sort"
    answer_model = FeedbackSortAnswer
    needs_options = ("category", "gap_kind")
    item_prefix = "f"

    def build(self) -> Sequence[widgets.Widget]:
        self.skills: SkillList = load_onet_skills(self.session.content.directory)
        controls = list(super().build())
        attribution = widgets.HTML(
            f"<p class='nr-attribution'><small>{html.escape(self.skills.attribution)}</small></p>"
        )
        return [*controls, attribution]

    def build_adder(self) -> Sequence[widgets.Widget]:
        return self.text_adder("for example: strong with clients", self._add)

    def _add(self, *_: object) -> None:
        item = {
            "id": self.next_id(),
            "text": self.new_text.value,
            "category": None,
            "gap_kind": None,
            "onet_skill": None,
            "action": "",
            "workaround": "",
            "due": None,
        }
        if self.add_item(item):
            self.new_text.value = ""

    def build_row(self, item: Item, position: int) -> Sequence[widgets.Widget]:
        item_id = item["id"]
        text = widgets.Text(
            value=item["text"], continuous_update=False, layout=widgets.Layout(flex="1 1 14rem")
        )
        text.tooltip = f"Feedback item {position}"
        text.observe(lambda change: self.update_item(item_id, text=change["new"]), names="value")
        categories = self.content.options["category"]
        category = widgets.ToggleButtons(
            options=[(option.label, option.value) for option in categories],
            value=item.get("category"),
            tooltips=[f"{self.content.prompt('category')} {option.label}" for option in categories],
            style={"button_width": "10.5rem"},
        )
        category.add_class("nr-category")
        category.observe(
            lambda change: self.update_item(item_id, category=change["new"], rerender=True),
            names="value",
        )
        return [text, category, *self._details(item, position)]

    def _details(self, item: Item, position: int) -> list[widgets.Widget]:
        """The follow-up a group asks for: a gap's kind, skill and action; a trait's workaround."""
        item_id = item["id"]
        if item.get("category") == "gap":
            kinds = self.content.options["gap_kind"]
            kind = widgets.ToggleButtons(
                options=[(option.label, option.value) for option in kinds],
                value=item.get("gap_kind"),
                tooltips=[f"{self.content.prompt('gap_kind')} {option.label}" for option in kinds],
                style={"button_width": "7rem"},
            )
            kind.observe(
                lambda change: self.update_item(item_id, gap_kind=change["new"]), names="value"
            )
            skill = widgets.Dropdown(
                options=[("— no linked skill —", ""), *self.skills.choices()],
                value=item.get("onet_skill")
                if item.get("onet_skill") in self.skills.skills
                else "",
                layout=widgets.Layout(width="auto", max_width="22rem"),
            )
            skill.tooltip = self.content.prompt("onet_skill")
            skill.observe(
                lambda change: self.update_item(item_id, onet_skill=change["new"] or None),
                names="value",
            )
            action = widgets.Text(
                value=item.get("action", ""),
                placeholder="course, project, practice, mentor…",
                continuous_update=False,
                layout=FULL_WIDTH,
            )
            action.observe(
                lambda change: self.update_item(item_id, action=change["new"]), names="value"
            )
            box = widgets.VBox(
                [
                    labelled(self.content.prompt("gap_kind"), kind),
                    labelled(self.content.prompt("onet_skill"), skill),
                    labelled(self.content.prompt("action"), action),
                ],
                layout=widgets.Layout(width="auto", margin="0 0 0 1.5rem"),
            )
            box.add_class("nr-gap-details")
            return [box]
        if item.get("category") == "trait":
            workaround = widgets.Text(
                value=item.get("workaround", ""), continuous_update=False, layout=FULL_WIDTH
            )
            workaround.observe(
                lambda change: self.update_item(item_id, workaround=change["new"]), names="value"
            )
            start = widgets.DatePicker(value=parse_day(item.get("due")))
            start.observe(lambda change: self._date_picked(item_id, change["new"]), names="value")
            box = widgets.VBox(
                [
                    labelled(self.content.prompt("workaround"), workaround),
                    labelled(self.content.prompt("workaround_by"), start),
                ],
                layout=widgets.Layout(width="auto", margin="0 0 0 1.5rem"),
            )
            box.add_class("nr-trait-details")
            return [box]
        return []

    def _date_picked(self, item_id: str, day: date | None) -> None:
        """A workaround's start date: a new date already past (or years off) is refused."""
        problem = new_date_problem(day, date.today(), "starting the workaround")
        if problem:
            self._show(
                f"Not saved yet: {problem} Your earlier answer is still kept.", kind="problem"
            )
            return
        self.update_item(item_id, due=iso(day))

    def show_back(self, answer: FeedbackSortAnswer | None) -> str:
        if answer is None or not answer.items:
            return ""
        strengths = [item.text for item in answer.in_category("strength")]
        title = html.escape(self.content.prompt("strengths_title"))
        body = escaped_list(strengths, "nr-confidence") or (
            f"<p class='nr-empty'>{html.escape(self.content.prompt('strengths_empty'))}</p>"
        )
        return f"<div class='nr-card nr-strengths'><b>{title}</b>{body}</div>"

    def saved_message(self, answer: FeedbackSortAnswer) -> str:
        to_do = []
        unsorted = len(answer.in_category(None))
        actions = sum(1 for item in answer.items if item.needs_action)
        workarounds = sum(1 for item in answer.items if item.needs_workaround)
        if unsorted:
            to_do.append(f"{unsorted} to sort")
        if actions:
            to_do.append(f"{actions} {'gap needs' if actions == 1 else 'gaps need'} an action")
        if workarounds:
            to_do.append(
                f"{workarounds} {'trait needs' if workarounds == 1 else 'traits need'} a workaround"
            )
        return "Saved" + (f"; {', '.join(to_do)}" if to_do else "")


@register_exercise
class SelfReview(Exercise[SelfReviewAnswer]):
    """The person's own view of qualifications, skills and interview, each rated with a note."""

    exercise_id = "self_review"
    answer_model = SelfReviewAnswer
    needs_options = ("areas",)

    def build(self) -> Sequence[widgets.Widget]:
        self.ratings: dict[str, widgets.ToggleButtons] = {}
        self.notes: dict[str, widgets.Text] = {}
        scale = f"{self.content.prompt('scale_low')} … {self.content.prompt('scale_high')}"
        sections = [widgets.HTML(f"<p class='nr-hint'>{html.escape(scale)}</p>")]
        for option in self.content.options["areas"]:
            rating = widgets.ToggleButtons(
                options=[(str(n), n) for n in range(1, 6)],
                value=None,
                tooltips=[f"{option.label}: {n} of 5" for n in range(1, 6)],
                style={"button_width": "3rem"},
            )
            rating.add_class(f"nr-rating-{option.value}")
            rating.observe(self.save, names="value")
            note = text_line(self.save)
            note.tooltip = f"{option.label}: {self.content.prompt('note')}"
            self.ratings[option.value], self.notes[option.value] = rating, note
            sections.append(
                widgets.VBox(
                    [
                        widgets.HTML(f"<b>{html.escape(option.label)}</b>"),
                        labelled(self.content.prompt("rating"), rating),
                        labelled(self.content.prompt("note"), note),
                    ],
                    layout=FULL_WIDTH,
                )
            )
        return sections

    def collect(self) -> dict[str, Any]:
        return {
            "ratings": {
                area: box.value for area, box in self.ratings.items() if box.value is not None
            },
            "notes": {area: box.value for area, box in self.notes.items() if box.value},
        }

    def fill(self, answer: SelfReviewAnswer | None) -> None:
        for area in self.ratings:
            self.ratings[area].value = answer.ratings.get(area) if answer else None
            self.notes[area].value = answer.notes.get(area, "") if answer else ""

"""Step 01 exercises: name the feelings, notice the pulls, be kind, reframe, sort, find support."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from kit.steps.feelings_and_control.answers import (
    CircleAnswer,
    CompassionAnswer,
    FacingColleaguesAnswer,
    NamedEmotionsAnswer,
    NotPersonalAnswer,
    ReflexesAnswer,
    SupportAnswer,
)
from kit.workbook.exercise import (
    FULL_WIDTH,
    Exercise,
    labelled,
    many_choices,
    name_control,
    prompt_label,
    register_exercise,
    text_area,
    text_line,
    tick_box,
)
from kit.workbook.item_list import Item, ItemListExercise, escaped_list
from kit.workbook.mood_picker import MoodPicker


@register_exercise
class NameEmotions(MoodPicker):
    """The emotion vocabulary again, now with a word that these feelings are normal."""

    exercise_id = "name_emotions"
    answer_model = NamedEmotionsAnswer

    def build(self) -> Sequence[widgets.Widget]:
        controls = list(super().build())
        self.accepted = widgets.HTML(layout=FULL_WIDTH)
        self.accepted.add_class("nr-shown-back")
        return [*controls, self.accepted]

    def fill(self, answer: Any) -> None:
        super().fill(answer)
        self.accepted.value = ""

    def after_save(self, answer: Any) -> None:
        note = self.content.prompt("accepted")
        self.accepted.value = (
            f"<div class='nr-card'>{html.escape(note)}</div>" if note and answer.emotions else ""
        )


@register_exercise
class Reflexes(Exercise[ReflexesAnswer]):
    """Notice which unhelpful pull is there, and choose what to do instead when it comes."""

    exercise_id = "reflexes"
    answer_model = ReflexesAnswer
    needs_options = ("pulls", "instead")

    def build(self) -> Sequence[widgets.Widget]:
        pulls_box, self.pulls = many_choices(self.content.options["pulls"], self.save)
        instead_box, self.instead = many_choices(self.content.options["instead"], self.save)
        self.in_my_words = text_area(self.save, rows=2)
        return [
            labelled(self.content.prompt("pulls"), pulls_box),
            labelled(self.content.prompt("instead"), instead_box),
            labelled(self.content.prompt("in_my_words"), self.in_my_words),
        ]

    def collect(self) -> dict[str, Any]:
        return {
            "pulls": [value for value, box in self.pulls.items() if box.value],
            "instead": [value for value, box in self.instead.items() if box.value],
            "in_my_words": self.in_my_words.value,
        }

    def fill(self, answer: ReflexesAnswer | None) -> None:
        pulls = set(answer.pulls) if answer else set()
        instead = set(answer.instead) if answer else set()
        for value, box in self.pulls.items():
            box.value = value in pulls
        for value, box in self.instead.items():
            box.value = value in instead
        self.in_my_words.value = answer.in_my_words if answer else ""

    def after_save(self, answer: ReflexesAnswer) -> None:
        # "Neither" next to a pull is dropped by the model; show the boxes as they were kept.
        if (
            "neither" in self.pulls
            and self.pulls["neither"].value
            and "neither" not in answer.pulls
        ):
            self._filling = True
            try:
                self.pulls["neither"].value = False
            finally:
                self._filling = False


@register_exercise
class FacingColleagues(Exercise[FacingColleaguesAnswer]):
    """Going back (or telling people) with grace: what to do, and one calm line to say."""

    exercise_id = "facing_colleagues"
    answer_model = FacingColleaguesAnswer
    needs_options = ("moves",)

    def build(self) -> Sequence[widgets.Widget]:
        box, self.moves = many_choices(self.content.options["moves"], self.save)
        self.my_line = text_line(self.save, placeholder=self.content.prompt("my_line_placeholder"))
        self.hardest = text_area(self.save, rows=2)
        return [
            labelled(self.content.prompt("moves"), box),
            labelled(self.content.prompt("my_line"), self.my_line),
            labelled(self.content.prompt("hardest"), self.hardest),
        ]

    def collect(self) -> dict[str, Any]:
        return {
            "moves": [value for value, box in self.moves.items() if box.value],
            "my_line": self.my_line.value,
            "hardest": self.hardest.value,
        }

    def fill(self, answer: FacingColleaguesAnswer | None) -> None:
        chosen = set(answer.moves) if answer else set()
        for value, box in self.moves.items():
            box.value = value in chosen
        self.my_line.value = answer.my_line if answer else ""
        self.hardest.value = answer.hardest if answer else ""


@register_exercise
class CompassionRewrite(Exercise[CompassionAnswer]):
    """The harsh thought, then a friend's answer to it; the kind one is shown back."""

    exercise_id = "compassion_rewrite"
    answer_model = CompassionAnswer

    def build(self) -> Sequence[widgets.Widget]:
        self.harsh = text_area(self.save, rows=2)
        self.kind = text_area(self.save, rows=3)
        self.harsh_in_report = tick_box(self.save, self.content.prompt("harsh_in_report"))
        self.shown_back = widgets.HTML(layout=FULL_WIDTH)
        self.shown_back.add_class("nr-shown-back")
        return [
            labelled(self.content.prompt("harsh"), self.harsh),
            labelled(self.content.prompt("kind"), self.kind),
            self.shown_back,
            self.harsh_in_report,
        ]

    def collect(self) -> dict[str, Any]:
        return {
            "harsh": self.harsh.value,
            "kind": self.kind.value,
            "harsh_in_report": self.harsh_in_report.value,
        }

    def fill(self, answer: CompassionAnswer | None) -> None:
        self.harsh.value = answer.harsh if answer else ""
        self.kind.value = answer.kind if answer else ""
        self.harsh_in_report.value = bool(answer and answer.harsh_in_report)
        self.shown_back.value = ""

    def after_save(self, answer: CompassionAnswer) -> None:
        if not answer.kind:
            self.shown_back.value = ""
            return
        lead = html.escape(self.content.prompt("shown_back"))
        self.shown_back.value = f"<p class='nr-prompt'>{lead}</p><div class='nr-card nr-quote'>{html.escape(answer.kind)}</div>"


@register_exercise
class NotPersonal(Exercise[NotPersonalAnswer]):
    """The story told to oneself, set beside other explanations of the same decision."""

    exercise_id = "not_personal"
    answer_model = NotPersonalAnswer
    needs_options = ("explanations",)

    def build(self) -> Sequence[widgets.Widget]:
        self.story = text_area(self.save, rows=2)
        self.explanations: dict[str, widgets.Checkbox] = {}
        groups: list[widgets.Widget] = []
        options = self.content.options["explanations"]
        # Causes outside one's control beside those within reach, so the list cannot be read
        # as a case against the people who decided (or against oneself) alone.
        for group in dict.fromkeys(option.group for option in options):
            box, boxes = many_choices([o for o in options if o.group == group], self.save)
            self.explanations.update(boxes)
            heading = self.content.prompt(f"group_{group}") if group else ""
            groups.append(
                widgets.VBox([prompt_label(heading), box] if heading else [box], layout=FULL_WIDTH)
            )
        self.other_explanation = text_line(self.save)
        self.shown_back = widgets.HTML(layout=FULL_WIDTH)
        self.shown_back.add_class("nr-shown-back")
        return [
            labelled(self.content.prompt("story"), self.story),
            widgets.VBox([prompt_label(self.content.prompt("explanations")), *groups]),
            labelled(self.content.prompt("other_explanation"), self.other_explanation),
            self.shown_back,
        ]

    def collect(self) -> dict[str, Any]:
        return {
            "story": self.story.value,
            "explanations": [value for value, box in self.explanations.items() if box.value],
            "other_explanation": self.other_explanation.value,
        }

    def fill(self, answer: NotPersonalAnswer | None) -> None:
        chosen = set(answer.explanations) if answer else set()
        self.story.value = answer.story if answer else ""
        for value, box in self.explanations.items():
            box.value = value in chosen
        self.other_explanation.value = answer.other_explanation if answer else ""
        self.shown_back.value = ""

    def after_save(self, answer: NotPersonalAnswer) -> None:
        others = [
            self.base_content.option_label("explanations", value) for value in answer.explanations
        ]
        others += [answer.other_explanation] if answer.other_explanation else []
        if not answer.story or not others:
            self.shown_back.value = ""
            return
        self.shown_back.value = (
            f"<p class='nr-prompt'><b>{html.escape(self.content.prompt('side_by_side'))}</b></p>"
            "<div style='display:flex;gap:1rem;flex-wrap:wrap'>"
            f"<div class='nr-card' style='flex:1;min-width:12rem'>{html.escape(answer.story)}</div>"
            f"<div class='nr-card' style='flex:1;min-width:12rem'>{escaped_list(others)}</div></div>"
        )


@register_exercise
class CircleOfControl(ItemListExercise[CircleAnswer]):
    """List the parts of the situation and sort each: change, influence, let go."""

    exercise_id = "circle_of_control"
    answer_model = CircleAnswer
    needs_options = ("zones",)
    item_prefix = "c"

    def build_adder(self) -> Sequence[widgets.Widget]:
        return self.text_adder("for example: the feedback I asked for", self._add)

    def _add(self, *_: object) -> None:
        if self.add_item({"id": self.next_id(), "text": self.new_text.value, "zone": None}):
            self.new_text.value = ""

    def build_row(self, item: Item, position: int) -> Sequence[widgets.Widget]:
        text = widgets.Text(
            value=item["text"], continuous_update=False, layout=widgets.Layout(flex="1 1 14rem")
        )
        text.tooltip = f"Item {position}"
        text.observe(lambda change: self.update_item(item["id"], text=change["new"]), names="value")
        zone = widgets.ToggleButtons(
            options=[(option.label, option.value) for option in self.content.options["zones"]],
            value=item.get("zone"),
            tooltips=[
                f"{self.content.prompt('zone')} {option.label}"
                for option in self.content.options["zones"]
            ],
            style={"button_width": "8rem"},
        )
        zone.observe(lambda change: self.update_item(item["id"], zone=change["new"]), names="value")
        return [text, zone]

    def show_back(self, answer: CircleAnswer | None) -> str:
        if answer is None or not any(item.zone for item in answer.items):
            return ""
        columns = []
        for option in self.content.options["zones"]:
            texts = [item.text for item in answer.in_zone(option.value)]
            extra = ""
            if option.value == "let_go" and texts:
                extra = f"<p class='nr-acknowledge'>{html.escape(self.content.prompt('acknowledge'))}</p>"
            columns.append(
                f"<div class='nr-card nr-zone-{option.value.replace('_', '-')}' style='flex:1;min-width:11rem'>"
                f"<b>{html.escape(option.label)}</b>{escaped_list(texts) or '<p>—</p>'}{extra}</div>"
            )
        return f"<div style='display:flex;gap:.75rem;flex-wrap:wrap'>{''.join(columns)}</div>"

    def saved_message(self, answer: CircleAnswer) -> str:
        unsorted = sum(1 for item in answer.items if item.zone is None)
        return f"Saved, {unsorted} still to sort" if unsorted else "Saved"


@register_exercise
class SupportPeople(ItemListExercise[SupportAnswer]):
    """People to talk to: who they are to you, a name if you like, how and the first step."""

    exercise_id = "support_people"
    answer_model = SupportAnswer
    needs_options = ("relationship", "how")
    item_prefix = "s"
    list_field = "people"

    def build_adder(self) -> Sequence[widgets.Widget]:
        self.new_relationship = widgets.Dropdown(
            options=[("— choose —", "")]
            + [(o.label, o.value) for o in self.content.options["relationship"]],
            value="",
        )
        self.new_name = widgets.Text(placeholder="optional")
        self.new_how = widgets.Dropdown(
            options=[("— any way —", "")]
            + [(o.label, o.value) for o in self.content.options["how"]],
            value="",
        )
        self.new_first_step = widgets.Text(layout=FULL_WIDTH)
        self.add_button = self.add_button_for(self._add)
        return [
            widgets.HBox(
                [
                    labelled(self.content.prompt("relationship"), self.new_relationship),
                    labelled(self.content.prompt("name"), self.new_name),
                    labelled("How", self.new_how),
                ],
                layout=widgets.Layout(flex_flow="row wrap", max_width="46rem"),
            ),
            labelled(self.content.prompt("first_step"), self.new_first_step),
            self.add_button,
        ]

    def _add(self, *_: object) -> None:
        if not self.new_relationship.value:
            self._show(
                f"Not added yet: choose “{self.content.prompt('relationship')}” first.",
                kind="problem",
            )
            return
        person = {
            "id": self.next_id(),
            "relationship": self.new_relationship.value,
            "name": self.new_name.value,
            "how": self.new_how.value or None,
            "first_step": self.new_first_step.value,
        }
        if self.add_item(person):
            self.new_relationship.value = ""
            self.new_name.value = ""
            self.new_how.value = ""
            self.new_first_step.value = ""

    def build_row(self, item: Item, position: int) -> Sequence[widgets.Widget]:
        who = self.content.option_label("relationship", item["relationship"])
        name = f" · {item['name']}" if item.get("name") else ""
        first_step = widgets.Text(
            value=item.get("first_step", ""),
            continuous_update=False,
            layout=widgets.Layout(flex="1 1 14rem"),
        )
        name_control(who + name, first_step)  # the person's name labels their first step
        first_step.tooltip = f"{self.content.prompt('first_step')} (person {position})"
        first_step.observe(
            lambda change: self.update_item(item["id"], first_step=change["new"]), names="value"
        )
        return [first_step]

    def show_back(self, answer: SupportAnswer | None) -> str:
        return ""

    def saved_message(self, answer: SupportAnswer) -> str:
        count = len(answer.people)
        return f"Saved: {count} {'person' if count == 1 else 'people'} to lean on"

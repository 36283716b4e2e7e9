"""Step 00 exercises: agree to the terms, name the situation, check in on mood, say what you hope for."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from kit.steps.check_in.answers import (
    ConfidentialityAnswer,
    HopesAnswer,
    SituationAnswer,
)
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
from kit.workbook.mood_picker import MoodPicker


@register_exercise
class Confidentiality(Exercise[ConfidentialityAnswer]):
    """The room's terms, read and agreed to before anyone shares anything."""

    exercise_id = "confidentiality"
    answer_model = ConfidentialityAnswer

    def build(self) -> Sequence[widgets.Widget]:
        terms = "".join(
            f"<li>{html.escape(option.label)}</li>"
            for option in self.content.options.get("terms", [])
        )
        honesty = "".join(
            f"<p class='nr-{name.replace('_', '-')}'>{html.escape(self.content.prompt(name))}</p>"
            for name in ("limit", "who_can_read")
            if self.content.prompt(name)
        )
        self.agree = tick_box(self.save, self.content.prompt("agree"))
        return [
            widgets.HTML(f"<ul class='nr-terms'>{terms}</ul>{honesty}", layout=FULL_WIDTH),
            self.agree,
        ]

    def collect(self) -> dict[str, Any]:
        return {"agreed": self.agree.value}

    def fill(self, answer: ConfidentialityAnswer | None) -> None:
        self.agree.value = bool(answer and answer.agreed)

    def saved_message(self, answer: ConfidentialityAnswer) -> str:
        if answer.agreed:
            return self.content.prompt("agreed_note") or "Agreed"
        return "Saved: you have not agreed yet"


@register_exercise
class Situation(Exercise[SituationAnswer]):
    """Which kind of rejection, and how recent; later steps branch on it.

    The two questions about an application elsewhere (how far it got, whether one's manager
    knows) appear only for that kind, and once saved the person reads what their answer
    means for the steps ahead.
    """

    exercise_id = "situation"
    answer_model = SituationAnswer
    needs_options = ("kind", "how_long_ago", "stage", "manager_knows")

    def build(self) -> Sequence[widgets.Widget]:
        self.kind = single_choice(self.content.options["kind"], self._kind_changed)
        self.stage = single_choice(self.content.options["stage"], self.save)
        self.manager_knows = single_choice(self.content.options["manager_knows"], self.save)
        self.how_long_ago = single_choice(self.content.options["how_long_ago"], self.save)
        self.role = text_line(self.save, placeholder="for example: Team lead, Data")
        self.details = text_area(self.save)
        self.external_questions = widgets.VBox(
            [
                labelled(self.content.prompt("stage"), self.stage),
                labelled(self.content.prompt("manager_knows"), self.manager_knows),
            ],
            layout=widgets.Layout(width="100%", max_width="46rem", display="none"),
        )
        self.when = labelled(self.content.prompt("how_long_ago"), self.how_long_ago)
        self.path = widgets.HTML(layout=FULL_WIDTH)
        self.path.add_class("nr-path")
        return [
            labelled(self.content.prompt("kind"), self.kind),
            self.external_questions,
            self.when,
            labelled(self.content.prompt("role"), self.role),
            labelled(self.content.prompt("details"), self.details),
            self.path,
        ]

    def _kind_changed(self, *_: object) -> None:
        self._show_questions_for(self.kind.value)
        self.save()

    def _show_questions_for(self, kind: str | None) -> None:
        external = kind == "external_job"
        self.external_questions.layout.display = "flex" if external else "none"
        prompt = self.content.prompt(f"how_long_ago_{kind}") or self.content.prompt("how_long_ago")
        self.how_long_ago.description = prompt

    def collect(self) -> dict[str, Any]:
        external = self.kind.value == "external_job"
        return {
            "kind": self.kind.value,
            "stage": self.stage.value if external else None,
            "manager_knows": self.manager_knows.value if external else None,
            "how_long_ago": self.how_long_ago.value,
            "role": self.role.value,
            "details": self.details.value,
        }

    def fill(self, answer: SituationAnswer | None) -> None:
        self.kind.value = answer.kind if answer else None
        self.stage.value = answer.stage if answer else None
        self.manager_knows.value = answer.manager_knows if answer else None
        self.how_long_ago.value = answer.how_long_ago if answer else None
        self.role.value = answer.role if answer else ""
        self.details.value = answer.details if answer else ""
        self._show_questions_for(answer.kind if answer else None)
        self.path.value = ""

    def after_save(self, answer: SituationAnswer) -> None:
        """Say what this answer means for the steps ahead, in the path's own words."""
        sentences = [self.content.prompt(f"path_{answer.kind}")]
        if answer.kind == "external_job" and answer.manager_knows in ("no", "no_manager"):
            sentences.append(self.content.prompt("path_manager_unaware"))
        body = " ".join(html.escape(sentence) for sentence in sentences if sentence)
        heading = html.escape(self.content.prompt("path_heading"))
        self.path.value = (
            f"<div class='nr-card nr-path-{answer.kind.replace('_', '-')}'><b>{heading}</b>"
            f"<p>{body}</p></div>"
            if body
            else ""
        )


@register_exercise
class MoodCheckIn(MoodPicker):
    """How the person feels as they arrive."""

    exercise_id = "mood_check_in"


@register_exercise
class HopesForToday(Exercise[HopesAnswer]):
    """What the person hopes to take away, ticked and in their own words."""

    exercise_id = "hopes_for_today"
    answer_model = HopesAnswer
    needs_options = ("hopes",)

    def build(self) -> Sequence[widgets.Widget]:
        box, self.hopes = many_choices(self.content.options["hopes"], self.save)
        self.in_my_words = text_area(self.save)
        return [
            labelled(self.content.prompt("hopes"), box),
            labelled(self.content.prompt("in_my_words"), self.in_my_words),
        ]

    def collect(self) -> dict[str, Any]:
        ticked = [value for value, box in self.hopes.items() if box.value]
        return {"hopes": ticked, "in_my_words": self.in_my_words.value}

    def fill(self, answer: HopesAnswer | None) -> None:
        chosen = set(answer.hopes) if answer else set()
        for value, box in self.hopes.items():
            box.value = value in chosen
        self.in_my_words.value = answer.in_my_words if answer else ""

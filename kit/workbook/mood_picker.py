"""The emotion-word picker shared by the check-in, naming the feelings and the check-out."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any, ClassVar

import ipywidgets as widgets

from kit.workbook.answers import Answer
from kit.workbook.exercise import Exercise, labelled, text_area
from kit.workbook.mood import MoodAnswer


class MoodPicker(Exercise[MoodAnswer]):
    """One row per emotion family, mild to intense: a click names a feeling and its strength.
    Below the wheel, the words people use after a no, each picked on its own (as many as fit).

    Steps register subclasses with their own ``exercise_id`` (check-in, naming the feelings,
    check-out).
    """

    answer_model: ClassVar[type[Answer]] = MoodAnswer

    def build(self) -> Sequence[widgets.Widget]:
        none_label = self.content.prompt("none") or "not now"
        self.rows: dict[str, widgets.ToggleButtons] = {}
        rows = []
        for family in self.session.content.emotion_families:
            buttons = widgets.ToggleButtons(
                options=[(none_label, "")] + [(word.label, word.word) for word in family.words],
                value="",
                style={"button_width": "7.5rem"},
                tooltips=[f"{family.label}: none"]
                + [f"{family.label}, intensity {word.intensity} of 3" for word in family.words],
            )
            buttons.add_class(f"nr-emotion-{family.id}")
            buttons.observe(self.save, names="value")
            self.rows[family.id] = buttons
            rows.append(
                widgets.HBox(
                    [
                        widgets.HTML(
                            f"<b class='nr-family'>{html.escape(family.label)}</b>",
                            layout=widgets.Layout(width="7rem"),
                        ),
                        buttons,
                    ],
                    layout=widgets.Layout(flex_flow="row wrap"),
                )
            )
        self.words: dict[str, widgets.ToggleButton] = {}
        for group in self.session.content.emotion_groups:
            toggles = []
            for word in group.words:
                toggle = widgets.ToggleButton(
                    value=False,
                    description=word.label,
                    tooltip=f"{group.label}: {word.label}",
                    layout=widgets.Layout(width="auto", margin="2px"),
                )
                toggle.add_class(f"nr-word-{word.word.replace('_', '-')}")
                toggle.observe(self.save, names="value")
                self.words[word.word] = toggle
                toggles.append(toggle)
            rows.append(
                widgets.HBox(
                    [
                        widgets.HTML(
                            f"<b class='nr-family'>{html.escape(group.label)}</b>",
                            layout=widgets.Layout(width="7rem"),
                        ),
                        widgets.Box(toggles, layout=widgets.Layout(flex_flow="row wrap", flex="1")),
                    ],
                    layout=widgets.Layout(flex_flow="row wrap"),
                )
            )
        self.note = text_area(self.save)
        return [*rows, labelled(self.content.prompt("note"), self.note)]

    def collect(self) -> dict[str, Any]:
        picked = [{"word": row.value} for row in self.rows.values() if row.value]
        picked += [{"word": word} for word, toggle in self.words.items() if toggle.value]
        return {"emotions": picked, "note": self.note.value}

    def fill(self, answer: MoodAnswer | None) -> None:
        chosen = {pick.family: pick.word for pick in answer.emotions} if answer else {}
        for family_id, row in self.rows.items():
            row.value = chosen.get(family_id, "")
        for word, toggle in self.words.items():
            toggle.value = word in chosen
        self.note.value = answer.note if answer else ""

    def saved_message(self, answer: MoodAnswer) -> str:
        if not answer.emotions:
            return "Saved: no words picked"
        vocabulary = self.session.content.emotions
        words = ", ".join(vocabulary[pick.word].label for pick in answer.emotions)
        return f"Saved: {words}"

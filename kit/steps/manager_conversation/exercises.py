"""Step 04 exercises: the agenda and opening for the meeting with one's manager, practising it
(with the partner the facilitator assigned, or alone), and notes after the meeting.

Pairing belongs to the facilitator's console, which saves a ``roleplay_partner`` answer for
each paired person ({"partner_id", "round", "also_with"?}: ids only); this step only
reads the latest one, defensively, and falls back to practising alone when there is none.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from kit.errors import NextRoundError
from kit.steps.manager_conversation.agenda import agenda_text, opening, suggested_opening
from kit.steps.manager_conversation.answers import (
    POOR_REACTIONS,
    ManagerAgendaAnswer,
    MeetingNotesAnswer,
    RoleplayPracticeAnswer,
)
from kit.workbook.dates import parse_day
from kit.workbook.decision_state import NOT_YET, decision_state
from kit.workbook.editable_list import EditableList
from kit.workbook.exercise import (
    FULL_WIDTH,
    Exercise,
    labelled,
    many_choices,
    prompt_label,
    register_exercise,
    set_enabled,
    single_choice,
    text_area,
    text_line,
    tick_box,
)
from kit.workbook.partners import (
    PARTNER_LEFT,
    ROLEPLAY_PARTNER,
    Partners,
    lookup_partners,
)
from kit.workbook.raw_answers import stored_values


def _group(text: str, box: widgets.Box) -> widgets.VBox:
    """A group of controls under its prompt. ``labelled`` is for single controls: it sets a
    tooltip, and a tooltip on a Box stops JupyterLab from drawing the box at all."""
    return widgets.VBox([prompt_label(text), box], layout=FULL_WIDTH)


@register_exercise
class ManagerAgenda(Exercise[ManagerAgendaAnswer]):
    """Goal, asks, a candid read, what holds me back, how I add value: an agenda and an opening."""

    exercise_id = "manager_agenda"
    answer_model = ManagerAgendaAnswer
    needs_options = ("asks", "holding_back")

    def build(self) -> Sequence[widgets.Widget]:
        self.goal = text_line(self.save, placeholder=self.content.prompt("goal_placeholder"))
        self.ambition = text_line(
            self.save, placeholder=self.content.prompt("ambition_placeholder")
        )
        asks_box, self.asks = many_choices(self.content.options["asks"], self.save)
        self.other_asks = text_line(self.save)
        self.candid_caveat = widgets.HTML(
            f"<p class='nr-note nr-candid-caveat'>{html.escape(self.content.prompt('candid_caveat'))}</p>",
            layout=FULL_WIDTH,
        )
        self.candid_read = tick_box(self.save, self.content.prompt("candid_read"))
        self.in_my_place = tick_box(self.save, self.content.prompt("in_my_place"))
        self.book_by = widgets.DatePicker(value=None)
        self.book_by.observe(self.save, names="value")
        holding_box, self.holding_back = many_choices(
            self.content.options["holding_back"], self.save
        )
        self.holding_back_other = text_line(self.save)
        self.asset = text_area(
            self.save, placeholder=self.content.prompt("asset_placeholder"), rows=2
        )
        self.agenda = widgets.HTML(layout=FULL_WIDTH)
        self.agenda.add_class("nr-agenda")
        self.script = text_area(self.save, rows=6)
        self.script.add_class("nr-script")
        self.script_note = widgets.HTML(layout=FULL_WIDTH)
        self.reset = widgets.Button(
            description=self.content.prompt("reset_script") or "Start again",
            icon="refresh",
            layout=widgets.Layout(width="auto"),
        )
        self.reset.on_click(self._reset_script)
        self._draft = ""
        return [
            labelled(self.content.prompt("book_by"), self.book_by),
            labelled(self.content.prompt("goal"), self.goal),
            labelled(self.content.prompt("ambition"), self.ambition),
            _group(self.content.prompt("asks"), asks_box),
            labelled(self.content.prompt("other_asks"), self.other_asks),
            self.candid_caveat,
            self.candid_read,
            self.in_my_place,
            _group(self.content.prompt("holding_back"), holding_box),
            labelled(self.content.prompt("holding_back_other"), self.holding_back_other),
            labelled(self.content.prompt("asset"), self.asset),
            labelled(self.content.prompt("agenda_heading"), self.agenda),
            labelled(self.content.prompt("script"), self.script),
            self.script_note,
            self.reset,
        ]

    def collect(self) -> dict[str, Any]:
        script = self.script.value
        if script.strip() == self._draft.strip():
            script = ""
        return {
            "goal": self.goal.value,
            "ambition": self.ambition.value,
            "asks": [value for value, box in self.asks.items() if box.value],
            "other_asks": self.other_asks.value,
            "candid_read": self.candid_read.value,
            "holding_back": [value for value, box in self.holding_back.items() if box.value],
            "holding_back_other": self.holding_back_other.value,
            "asset": self.asset.value,
            "script": script,
            "in_my_place": self.in_my_place.value,
            "book_by": self.check_new_date("book_by", self.book_by.value, "booking the meeting"),
        }

    def fill(self, answer: ManagerAgendaAnswer | None) -> None:
        self.goal.value = answer.goal if answer else ""
        self.ambition.value = answer.ambition if answer else ""
        self.in_my_place.value = bool(answer and answer.in_my_place)
        self.book_by.value = parse_day(answer.book_by) if answer else None
        for option_list, boxes in (("asks", self.asks), ("holding_back", self.holding_back)):
            chosen = set(getattr(answer, option_list)) if answer else set()
            for value, box in boxes.items():
                box.value = value in chosen
        self.other_asks.value = answer.other_asks if answer else ""
        self.candid_read.value = bool(answer and answer.candid_read)
        self.holding_back_other.value = answer.holding_back_other if answer else ""
        self.asset.value = answer.asset if answer else ""
        self._show_agenda(answer or ManagerAgendaAnswer())

    def after_save(self, answer: ManagerAgendaAnswer) -> None:
        was_filling, self._filling = self._filling, True
        try:
            self._show_agenda(answer)
        finally:
            self._filling = was_filling

    def _show_agenda(self, answer: ManagerAgendaAnswer) -> None:
        """Refresh the agenda and, unless the person wrote their own, the suggested opening."""
        self._draft = suggested_opening(answer, self.content)
        self.script.value = opening(answer, self.content)
        text = agenda_text(answer, self.content) + "\n\n" + opening(answer, self.content)
        self.agenda.value = (
            f"<pre class='nr-copy' style='user-select:all;white-space:pre-wrap;font-family:inherit'>"
            f"{html.escape(text)}</pre><p><small>{html.escape(self.content.prompt('agenda_copy'))}</small></p>"
        )
        self.script_note.value = (
            f"<p class='nr-note'>{html.escape(self.content.prompt('script_kept'))}</p>"
            if answer.script
            else ""
        )

    def _reset_script(self, _button: widgets.Button) -> None:
        self.script.value = self._draft

    def saved_message(self, answer: ManagerAgendaAnswer) -> str:
        return "Saved; your agenda is up to date"


@register_exercise
class RoleplayPractice(Exercise[RoleplayPracticeAnswer]):
    """Practise with the assigned partner (roles, turns, what to listen for), or alone."""

    exercise_id = "roleplay_practice"
    answer_model = RoleplayPracticeAnswer
    needs_options = ("listen_for",)

    def build(self) -> Sequence[widgets.Widget]:
        self.partners = Partners(())
        self.how = widgets.HTML(layout=FULL_WIDTH)
        self.how.add_class("nr-practice-how")
        self.check_again = widgets.Button(
            description=self.content.prompt("check_again") or "Check again",
            icon="users",
            layout=widgets.Layout(width="auto"),
        )
        self.check_again.on_click(lambda _button: self.show_partners())
        self.practised = tick_box(self.save, self.content.prompt("practised"))
        listen_box, self.listen_for = many_choices(self.content.options["listen_for"], self.save)
        self.went_well = text_area(self.save, rows=2)
        self.to_change = text_area(self.save, rows=2)
        return [
            self.how,
            self.check_again,
            _group(self.content.prompt("listen_for"), listen_box),
            self.practised,
            labelled(self.content.prompt("went_well"), self.went_well),
            labelled(self.content.prompt("to_change"), self.to_change),
        ]

    def show_partners(self) -> None:
        """Read the latest pairing and the person's own opening, and explain how to practise."""
        participant = self.session.participant
        if participant is None:
            self.partners = Partners(())
            self.how.value = ""
            return
        pairing = self.session.saved(ROLEPLAY_PARTNER)
        self.partners = lookup_partners(
            self.session.store, participant, pairing.value if pairing else None
        )
        names = [html.escape(name) for name in self.partners.names]
        bold = [f"<b>{name}</b>" for name in names]

        def line(prompt: str, **values: str) -> str:
            # Prompts are escaped first; the values put into them were escaped above.
            text = html.escape(self.content.prompt(prompt))
            for key, value in values.items():
                text = text.replace("{" + key + "}", value)
            return text

        if self.partners.mode == "pair":
            lines = [
                line("partner", partner=bold[0]),
                line("pair_how", partner=names[0]),
                line("manager_role"),
            ]
        elif self.partners.mode == "trio":
            lines = [
                line("trio", partners=" and ".join(bold)),
                line("trio_how"),
                line("manager_role"),
            ]
        else:
            lines = [line("solo_how")]
        if self.partners.round is not None and self.partners.mode != "solo":
            lines.insert(1, line("round", round=str(self.partners.round)))
        if self.partners.left:
            lines.insert(0, html.escape(self.content.prompt("partner_left") or PARTNER_LEFT))
        body = "".join(f"<p>{text}</p>" for text in lines if text)
        self.how.value = f"<div class='nr-card nr-practice-{self.partners.mode}'>{body}{self._opening_html()}</div>"

    def _opening_html(self) -> str:
        revision = self.session.saved("manager_agenda")
        if revision is None:
            return ""
        try:
            agenda_words = self.session.content.exercise("manager_agenda")
            answer = ManagerAgendaAnswer.parse(revision.value, agenda_words, self.session.content)
            agenda_words = agenda_words.for_path(self.situation.tags)
        except NextRoundError:
            return ""
        return (
            f"<p><b>{html.escape(agenda_words.prompt('script'))}</b></p>"
            f"<blockquote class='nr-quote'>{html.escape(opening(answer, agenda_words))}</blockquote>"
        )

    def collect(self) -> dict[str, Any]:
        return {
            "mode": self.partners.mode,
            "practised": self.practised.value,
            "listen_for": [value for value, box in self.listen_for.items() if box.value],
            "went_well": self.went_well.value,
            "to_change": self.to_change.value,
        }

    def fill(self, answer: RoleplayPracticeAnswer | None) -> None:
        self.show_partners()
        self.practised.value = bool(answer and answer.practised)
        chosen = set(answer.listen_for) if answer else set()
        for value, box in self.listen_for.items():
            box.value = value in chosen
        self.went_well.value = answer.went_well if answer else ""
        self.to_change.value = answer.to_change if answer else ""


@register_exercise
class MeetingNotes(Exercise[MeetingNotesAnswer]):
    """What was said, the commitments on each side, and the manager's reaction."""

    exercise_id = "meeting_notes"
    answer_model = MeetingNotesAnswer
    needs_options = ("reaction",)

    def build(self) -> Sequence[widgets.Widget]:
        self.held_on = widgets.DatePicker(value=None)
        self.held_on.observe(self.save, names="value")
        self.what_was_said = text_area(self.save, rows=4)
        lists = {}
        for side, prefix in (("mine", "m"), ("theirs", "t")):
            lists[side] = EditableList(
                self.save,
                id_prefix=prefix,
                add_label=self.content.prompt("add") or "Add",
                remove_label=self.content.prompt("remove") or "Remove",
                placeholder=self.content.prompt("commitment_placeholder"),
            )
            lists[side].widget.add_class(f"nr-commitments-{side}")
        self.mine, self.theirs = lists["mine"], lists["theirs"]
        self.reaction = single_choice(self.content.options["reaction"], self.save)
        self.fit_note = widgets.HTML(layout=FULL_WIDTH)
        self.revisit = widgets.HTML(layout=FULL_WIDTH)
        self.revisit.add_class("nr-revisit")
        self.reaction_note = text_area(self.save, rows=2)
        return [
            labelled(self.content.prompt("held_on"), self.held_on),
            labelled(self.content.prompt("what_was_said"), self.what_was_said),
            _group(self.content.prompt("mine"), self.mine.widget),
            _group(self.content.prompt("theirs"), self.theirs.widget),
            labelled(self.content.prompt("reaction"), self.reaction),
            self.fit_note,
            labelled(self.content.prompt("reaction_note"), self.reaction_note),
            self.revisit,
        ]

    def collect(self) -> dict[str, Any]:
        return {
            "held_on": self.held_on.value.isoformat() if self.held_on.value else None,
            "what_was_said": self.what_was_said.value,
            "mine": self.mine.items(),
            "theirs": self.theirs.items(),
            "reaction": self.reaction.value,
            "reaction_note": self.reaction_note.value,
        }

    def fill(self, answer: MeetingNotesAnswer | None) -> None:
        self.held_on.value = answer.held_on if answer else None
        self.what_was_said.value = answer.what_was_said if answer else ""
        self.mine.set_items([c.model_dump() for c in answer.mine] if answer else [])
        self.theirs.set_items([c.model_dump() for c in answer.theirs] if answer else [])
        for editable in (self.mine, self.theirs):
            set_enabled(editable.widget, self.session.participant is not None)
        self.reaction.value = answer.reaction if answer else None
        self.reaction_note.value = answer.reaction_note if answer else ""
        self._show_fit_note(answer.reaction if answer else None)
        self._show_revisit()

    def after_save(self, answer: MeetingNotesAnswer) -> None:
        self._show_fit_note(answer.reaction)
        self._show_revisit()

    def _show_revisit(self) -> None:
        """Once the meeting has happened, send the person back to the decision it should inform."""
        participant = self.session.participant
        values = stored_values(self.session.store, participant.id) if participant else {}
        state = decision_state(values, self.situation)
        text = ""
        if state.revisit and state.status == NOT_YET:
            text = self.content.prompt("decide_now")
        elif state.revisit:
            text = self.content.prompt("revisit")
        self.revisit.value = (
            f"<div class='nr-card nr-revisit-card'>{html.escape(text)}</div>" if text else ""
        )

    def _show_fit_note(self, reaction: str | None) -> None:
        poor = reaction in POOR_REACTIONS
        self.fit_note.value = (
            f"<div class='nr-card nr-fit-note'>{html.escape(self.content.prompt('poor_reaction'))}</div>"
            if poor
            else ""
        )

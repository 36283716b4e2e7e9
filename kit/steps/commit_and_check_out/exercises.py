"""Step 06 exercises: strengths recap, commitments, accountability, advice, mood check-out, feedback."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import ipywidgets as widgets

from kit.errors import AnswerError, NextRoundError
from kit.steps.commit_and_check_out.answers import (
    AccountabilityAnswer,
    AdviceAnswer,
    ResilienceAnswer,
    SessionFeedbackAnswer,
    StrengthsRecapAnswer,
)
from kit.steps.commit_and_check_out.inputs import strengths
from kit.steps.commit_and_check_out.mood_shift import mood_chart
from kit.workbook.choice_group import ChoiceGroup
from kit.workbook.dates import iso, new_date_problem, parse_day
from kit.workbook.exercise import (
    FULL_WIDTH,
    Exercise,
    labelled,
    register_exercise,
    single_choice,
    text_area,
    text_line,
    tick_box,
)
from kit.workbook.mood import MoodAnswer
from kit.workbook.mood_picker import MoodPicker
from kit.workbook.partners import ACCOUNTABILITY_PARTNER, PARTNER_LEFT, Partners, lookup_partners
from kit.workbook.raw_answers import stored_values


def _note(text: str) -> str:
    return f"<p class='nr-note'>{html.escape(text)}</p>" if text else ""


@register_exercise
class StrengthsRecap(Exercise[StrengthsRecapAnswer]):
    """The strengths sorted in step 02, shown back, and the one to lean on."""

    exercise_id = "strengths_recap"
    answer_model = StrengthsRecapAnswer

    def build(self) -> Sequence[widgets.Widget]:
        self.recap = widgets.HTML(layout=FULL_WIDTH)
        self.recap.add_class("nr-strengths")
        self.lean_on = text_line(self.save)
        self.also_true = text_area(self.save)
        return [
            self.recap,
            labelled(self.content.prompt("lean_on"), self.lean_on),
            labelled(self.content.prompt("also_true"), self.also_true),
        ]

    def collect(self) -> dict[str, Any]:
        return {"lean_on": self.lean_on.value, "also_true": self.also_true.value}

    def fill(self, answer: StrengthsRecapAnswer | None) -> None:
        self.lean_on.value = answer.lean_on if answer else ""
        self.also_true.value = answer.also_true if answer else ""
        if self.session.participant is None:
            self.recap.value = ""
            return
        values = stored_values(self.session.store, self.session.participant.id)
        found = strengths(values)
        if found:
            items = "".join(f"<li>{html.escape(item.text)}</li>" for item in found)
            self.recap.value = f"<ul class='nr-strength-list'>{items}</ul>"
        else:
            self.recap.value = _note(self.content.prompt("no_strengths"))


@register_exercise
class ResilienceCommitments(Exercise[ResilienceAnswer]):
    """Self-care, one realistic next step this week, and the next opportunity to raise a hand for."""

    exercise_id = "resilience_commitments"
    answer_model = ResilienceAnswer

    def build(self) -> Sequence[widgets.Widget]:
        self.self_care = text_area(
            self.save, placeholder="for example: no job adverts after 9 pm; a run on Saturdays"
        )
        self.next_step = text_line(
            self.save, placeholder="for example: email my manager to book the conversation"
        )
        self.next_step_due = widgets.DatePicker(value=None)
        self.next_step_due.observe(self.save, names="value")
        self.raise_hand = text_area(self.save)
        return [
            labelled(self.content.prompt("self_care"), self.self_care),
            labelled(self.content.prompt("next_step"), self.next_step),
            labelled(self.content.prompt("next_step_due"), self.next_step_due),
            labelled(self.content.prompt("raise_hand"), self.raise_hand),
        ]

    def collect(self) -> dict[str, Any]:
        due = self.next_step_due.value
        saved = self.session.saved(self.exercise_id)
        if due is not None and (saved is None or saved.value.get("next_step_due") != iso(due)):
            problem = new_date_problem(due, date.today(), "your next step")
            if problem:
                raise AnswerError(self.exercise_id, problem)
        return {
            "self_care": self.self_care.value,
            "next_step": self.next_step.value,
            "next_step_due": iso(due),
            "raise_hand": self.raise_hand.value,
        }

    def fill(self, answer: ResilienceAnswer | None) -> None:
        self.self_care.value = answer.self_care if answer else ""
        self.next_step.value = answer.next_step if answer else ""
        self.next_step_due.value = parse_day(answer.next_step_due) if answer else None
        self.raise_hand.value = answer.raise_hand if answer else ""

    def saved_message(self, answer: ResilienceAnswer) -> str:
        due = parse_day(answer.next_step_due)
        if due is not None and due > date.today() + timedelta(days=7):
            return "Saved. That step is more than a week away; is there a smaller part you can do this week?"
        return "Saved"


@register_exercise
class Accountability(Exercise[AccountabilityAnswer]):
    """Who will ask how the plan is going: the partner the facilitator paired, or someone chosen."""

    exercise_id = "accountability"
    answer_model = AccountabilityAnswer
    needs_options = ("how",)

    def build(self) -> Sequence[widgets.Widget]:
        self.pairing = widgets.HTML(layout=FULL_WIDTH)
        self.pairing.add_class("nr-pairing")
        self.partner_name = text_line(self.save, placeholder="a first name is enough")
        self.how = single_choice(self.content.options["how"], self.save)
        self.when = text_line(self.save)
        return [
            self.pairing,
            labelled(self.content.prompt("partner_name"), self.partner_name),
            labelled(self.content.prompt("how"), self.how),
            labelled(self.content.prompt("when"), self.when),
        ]

    def assigned(self) -> Partners:
        person = self.session.participant
        revision = self.session.saved(ACCOUNTABILITY_PARTNER)
        if person is None or revision is None:
            return Partners(())
        return lookup_partners(self.session.store, person, revision.value)

    def collect(self) -> dict[str, Any]:
        return {
            "partner_name": self.partner_name.value,
            "how": self.how.value,
            "when": self.when.value,
        }

    def fill(self, answer: AccountabilityAnswer | None) -> None:
        # The assigned partner is shown above the box, not typed into it: their name then stays
        # out of this answer (see kit.workbook.partners), and the box is for someone else.
        partner = self.assigned()
        self.partner_name.value = answer.partner_name if answer else ""
        self.how.value = answer.how if answer else None
        self.when.value = answer.when if answer else ""
        if partner.names:
            names = ", ".join(partner.names)
            self.pairing.value = f"<p class='nr-paired'>{html.escape(self.content.prompt('paired'))} <b>{html.escape(names)}</b>.</p>"
        elif self.session.participant is not None:
            left = _note(PARTNER_LEFT) if partner.left else ""
            self.pairing.value = left + _note(self.content.prompt("solo"))
        else:
            self.pairing.value = ""


@register_exercise
class AdviceForOthers(Exercise[AdviceAnswer]):
    """A piece of advice for others, shared with the group only when the author ticks the box."""

    exercise_id = "advice_for_others"
    answer_model = AdviceAnswer

    def build(self) -> Sequence[widgets.Widget]:
        self.text = text_area(
            self.save, placeholder="for example: ask for the feedback even if it stings"
        )
        # Someone working alone has no group to share with, so is never offered to.
        self.share = tick_box(self.save, self.content.prompt("share"), hidden=self.situation.solo)
        return [labelled(self.content.prompt("text"), self.text), self.share]

    def collect(self) -> dict[str, Any]:
        return {"text": self.text.value, "share": self.share.value and not self.situation.solo}

    def fill(self, answer: AdviceAnswer | None) -> None:
        self.text.value = answer.text if answer else ""
        self.share.value = bool(answer and answer.share)

    def saved_message(self, answer: AdviceAnswer) -> str:
        if answer.share and answer.text:
            return "Saved and shared with the group, without your name"
        return "Saved. It stays private to you"


@register_exercise
class MoodCheckOut(MoodPicker):
    """The check-in's words again, with a chart of how the feelings moved since the start."""

    exercise_id = "mood_check_out"
    answer_model = MoodAnswer

    def build(self) -> Sequence[widgets.Widget]:
        controls = list(super().build())
        self.comparison = widgets.HTML(layout=FULL_WIDTH)
        self.comparison.add_class("nr-mood-comparison")
        return [*controls, self.comparison]

    def fill(self, answer: MoodAnswer | None) -> None:
        super().fill(answer)
        self.show_comparison(answer)

    def after_save(self, answer: MoodAnswer) -> None:
        self.show_comparison(answer)

    def show_comparison(self, answer: MoodAnswer | None) -> None:
        if self.session.participant is None:
            self.comparison.value = ""
            return
        check_in = self.session.store.latest_answer(self.session.participant.id, "mood_check_in")
        before: dict[str, int] = {}
        if check_in is not None:
            try:
                parsed = MoodAnswer.parse(
                    check_in.value,
                    self.session.content.exercise("mood_check_in"),
                    self.session.content,
                )
                before = {pick.family: pick.intensity for pick in parsed.emotions}
            except NextRoundError:
                before = {}
        after = {pick.family: pick.intensity for pick in answer.emotions} if answer else {}
        note = "" if check_in is not None else _note(self.content.prompt("no_check_in"))
        chart = mood_chart(before, after, self.session.content) if (before or after) else ""
        self.comparison.value = note + chart


@register_exercise
class SessionFeedback(Exercise[SessionFeedbackAnswer]):
    """A 1–5 rating and a comment; the comment may be quoted only if the person allows it."""

    exercise_id = "session_feedback"
    answer_model = SessionFeedbackAnswer

    def build(self) -> Sequence[widgets.Widget]:
        self.rating = ChoiceGroup(options=[(str(n), n) for n in range(1, 6)], horizontal=True)
        self.rating.observe(self.save, names="value")
        self.comment = text_area(self.save)
        self.share_comment = tick_box(
            self.save, self.content.prompt("share_comment"), hidden=self.situation.solo
        )
        return [
            labelled(self.content.prompt("rating"), self.rating),
            labelled(self.content.prompt("comment"), self.comment),
            self.share_comment,
        ]

    def collect(self) -> dict[str, Any]:
        return {
            "rating": self.rating.value,
            "comment": self.comment.value,
            "share_comment": self.share_comment.value and not self.situation.solo,
        }

    def fill(self, answer: SessionFeedbackAnswer | None) -> None:
        self.rating.value = answer.rating if answer else None
        self.comment.value = answer.comment if answer else ""
        self.share_comment.value = bool(answer and answer.share_comment)

    def saved_message(self, answer: SessionFeedbackAnswer) -> str:
        return "Thank you: saved"

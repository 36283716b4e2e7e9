"""Step 03 exercises: is this the role I want, what it would ask, my values, taking stock, and
weighing the options to a decision that is the person's own.

The options matrix and the decision read the earlier answers from the store (through
``kit.steps.position.matrix``), so they show what is saved, never what is half-typed. Exercises on the same
page tell each other when an answer is saved (``position_changed``), so the matrix and the
suggestion follow the person's edits without a reload.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any
from weakref import WeakKeyDictionary

import ipywidgets as widgets

from kit.core.content import ExerciseContent
from kit.steps.position.answers import (
    TOP_VALUES_LIMIT,
    EitherOutcomeAnswer,
    OptionWeightsAnswer,
    PositionDecisionAnswer,
    RoleFitAnswer,
    TakeStockAnswer,
    TradeOffsAnswer,
    ValuesSortAnswer,
)
from kit.steps.position.decision import Outcome, score_options
from kit.steps.position.matrix import (
    FEEDBACK_EXERCISE,
    FeedbackSummary,
    PositionMatrix,
    build_matrix,
    explain,
    position_answers_from_store,
    signed,
    summarise_feedback,
)
from kit.steps.position.values import load_values
from kit.workbook.dates import parse_day
from kit.workbook.decision_state import (
    CONVERSATION,
    NOT_YET,
    conversations_done,
    decision_state,
)
from kit.workbook.editable_list import EditableList
from kit.workbook.exercise import (
    FULL_WIDTH,
    Exercise,
    Page,
    labelled,
    prompt_label,
    register_exercise,
    set_enabled,
    single_choice,
    situation_of,
    text_area,
)
from kit.workbook.raw_answers import stored_values


def _group(text: str, box: widgets.Box) -> widgets.VBox:
    """A group of controls under its prompt. ``labelled`` is for single controls: it sets a
    tooltip, and a tooltip on a Box stops JupyterLab from drawing the box at all."""
    return widgets.VBox([prompt_label(text), box], layout=FULL_WIDTH)


_LISTENERS: WeakKeyDictionary[Page, list[Callable[[], None]]] = WeakKeyDictionary()


def on_position_changed(session: Page, listener: Callable[[], None]) -> None:
    """Listen once (an exercise rebuilt for another person's path registers again)."""
    listeners = _LISTENERS.setdefault(session, [])
    if listener not in listeners:
        listeners.append(listener)


def position_changed(session: Page) -> None:
    """Tell the matrix and the decision on this page that an answer they draw on was saved."""
    for listener in list(_LISTENERS.get(session, [])):
        listener()


def current_matrix(session: Page) -> PositionMatrix | None:
    """The matrix for the person's path, from their saved answers."""
    if session.participant is None:
        return None
    answers = position_answers_from_store(session.store, session.participant.id, session.content)
    return build_matrix(answers, session.content, situation_of(session).tags)


def saved_weights(session: Page) -> dict[str, int]:
    revision = session.saved("option_weights")
    weights = revision.value.get("weights") if revision else None
    return (
        {str(k): int(v) for k, v in weights.items() if isinstance(v, int)}
        if isinstance(weights, dict)
        else {}
    )


def current_outcome(session: Page) -> Outcome | None:
    """What the matrix suggests from the saved answers and saved weights (defaults where unset)."""
    matrix = current_matrix(session)
    if matrix is None:
        return None
    return score_options(
        matrix.options, matrix.criteria, matrix.weights_from(saved_weights(session))
    )


def option_labels(content: ExerciseContent) -> dict[str, str]:
    return {option.value: option.label for option in content.options.get("decision", [])}


class _FeedsTheMatrix:
    """Mixin: after a save, tell the page's matrix and decision."""

    session: Page

    def after_save(self, answer: Any) -> None:
        position_changed(self.session)


@register_exercise
class RoleFit(_FeedsTheMatrix, Exercise[RoleFitAnswer]):
    """Fit with career goals and the happiness test, before any weighing."""

    exercise_id = "role_fit"
    answer_model = RoleFitAnswer
    needs_options = ("fit", "happy")

    def build(self) -> Sequence[widgets.Widget]:
        self.career_goal = text_area(self.save, rows=2)
        self.fit = single_choice(self.content.options["fit"], self.save)
        self.happy = single_choice(self.content.options["happy"], self.save)
        self.note = text_area(self.save, rows=2)
        return [
            labelled(self.content.prompt("career_goal"), self.career_goal),
            labelled(self.content.prompt("fit"), self.fit),
            labelled(self.content.prompt("happy"), self.happy),
            labelled(self.content.prompt("note"), self.note),
        ]

    def collect(self) -> dict[str, Any]:
        return {
            "career_goal": self.career_goal.value,
            "fit": self.fit.value,
            "happy": self.happy.value,
            "note": self.note.value,
        }

    def fill(self, answer: RoleFitAnswer | None) -> None:
        self.career_goal.value = answer.career_goal if answer else ""
        self.fit.value = answer.fit if answer else None
        self.happy.value = answer.happy if answer else None
        self.note.value = answer.note if answer else ""


def _acceptability_buttons(content: ExerciseContent) -> widgets.ToggleButtons:
    buttons = widgets.ToggleButtons(
        options=[(option.label, option.value) for option in content.options["acceptability"]],
        value=None,
        style={"button_width": "8rem"},
    )
    buttons.tooltip = content.prompt("acceptability")
    buttons.add_class("nr-acceptability")
    return buttons


@register_exercise
class TradeOffs(_FeedsTheMatrix, Exercise[TradeOffsAnswer]):
    """Each price of the role, listed or the person's own, rated for how acceptable it is."""

    exercise_id = "trade_offs"
    answer_model = TradeOffsAnswer
    needs_options = ("trade_offs", "acceptability")

    def build(self) -> Sequence[widgets.Widget]:
        self.listed: dict[str, widgets.ToggleButtons] = {}
        rows: list[widgets.Widget] = []
        for option in self.content.options["trade_offs"]:
            buttons = _acceptability_buttons(self.content)
            buttons.add_class(f"nr-trade-off-{option.value.replace('_', '-')}")
            buttons.observe(self.save, names="value")
            self.listed[option.value] = buttons
            rows.append(labelled(option.label, buttons))
        self.own = EditableList(
            self.save,
            id_prefix="own",
            add_label=self.content.prompt("add") or "Add",
            remove_label=self.content.prompt("remove") or "Remove",
            placeholder=self.content.prompt("own_placeholder"),
            extra=lambda: _acceptability_buttons(self.content),
            extra_key="acceptability",
        )
        return [*rows, _group(self.content.prompt("add"), self.own.widget)]

    def collect(self) -> dict[str, Any]:
        items: list[dict[str, Any]] = [
            {"id": key, "own": False, "acceptability": buttons.value}
            for key, buttons in self.listed.items()
            if buttons.value is not None
        ]
        items += [
            {
                "id": item["id"],
                "own": True,
                "text": item["text"],
                "acceptability": item["acceptability"],
            }
            for item in self.own.items()
        ]
        return {"items": items}

    def fill(self, answer: TradeOffsAnswer | None) -> None:
        saved = {item.id: item for item in answer.items} if answer else {}
        for key, buttons in self.listed.items():
            buttons.value = saved[key].acceptability if key in saved else None
        self.own.set_items(
            [
                {"id": i.id, "text": i.text, "acceptability": i.acceptability}
                for i in saved.values()
                if i.own
            ]
        )
        set_enabled(self.own.widget, self.session.participant is not None)


@register_exercise
class ValuesSort(_FeedsTheMatrix, Exercise[ValuesSortAnswer]):
    """A quick card sort: pick up to five values from the list, then put them in order."""

    exercise_id = "values_sort"
    answer_model = ValuesSortAnswer

    def build(self) -> Sequence[widgets.Widget]:
        self.vocabulary = load_values(self.session.content)
        self.top: list[str] = []
        self.cards: dict[str, widgets.ToggleButton] = {}
        for value in self.vocabulary.values:
            card = widgets.ToggleButton(
                value=False,
                description=value.label,
                tooltip=value.description,
                layout=widgets.Layout(
                    width="auto",
                    margin="2px",
                    display="" if value in self.vocabulary.offered else "none",
                ),
            )
            card.add_class("nr-value-card")
            card.add_class(f"nr-value-{value.value.replace('_', '-')}")
            card.observe(
                lambda change, key=value.value: self._card_toggled(key, change["new"]),
                names="value",
            )
            self.cards[value.value] = card
        grid = widgets.Box(
            list(self.cards.values()), layout=widgets.Layout(flex_flow="row wrap", width="100%")
        )
        self.ranked = widgets.VBox(layout=FULL_WIDTH)
        self.ranked.add_class("nr-values-ranked")
        self.note = text_area(self.save, rows=2)
        source = widgets.HTML(
            f"<p class='nr-source'><small>{html.escape(self.vocabulary.source)}</small></p>"
        )
        return [
            _group(self.content.prompt("pick"), grid),
            _group(self.content.prompt("ranked"), self.ranked),
            labelled(self.content.prompt("note"), self.note),
            source,
        ]

    def _card_toggled(self, key: str, picked: bool) -> None:
        if self._filling:
            return
        if picked and key not in self.top:
            if len(self.top) >= TOP_VALUES_LIMIT:
                was_filling, self._filling = self._filling, True
                self.cards[key].value = False
                self._filling = was_filling
                self._show(
                    self.content.prompt("too_many") or "You already have five.", kind="problem"
                )
                return
            self.top.append(key)
        elif not picked and key in self.top:
            self.top.remove(key)
        self._show_ranked()
        self.save()

    def move(self, key: str, step: int) -> None:
        """Move a picked value up (-1) or down (+1) the ranking, and save."""
        index = self.top.index(key)
        target = index + step
        if 0 <= target < len(self.top):
            self.top[index], self.top[target] = self.top[target], self.top[index]
            self._show_ranked()
            self.save()

    def _show_ranked(self) -> None:
        rows: list[widgets.Widget] = []
        if not self.top:
            rows.append(
                widgets.HTML(
                    f"<p class='nr-empty'>{html.escape(self.content.prompt('none_yet'))}</p>"
                )
            )
        for rank, key in enumerate(self.top, start=1):
            label = self.vocabulary.label(key)
            up = widgets.Button(
                icon="arrow-up",
                tooltip=f"{self.content.prompt('up') or 'Move up'}: {label}",
                layout=widgets.Layout(width="2.5rem"),
                disabled=rank == 1,
            )
            down = widgets.Button(
                icon="arrow-down",
                tooltip=f"{self.content.prompt('down') or 'Move down'}: {label}",
                layout=widgets.Layout(width="2.5rem"),
                disabled=rank == len(self.top),
            )
            up.on_click(lambda _b, key=key: self.move(key, -1))
            down.on_click(lambda _b, key=key: self.move(key, +1))
            row = widgets.HBox(
                [
                    widgets.HTML(
                        f"<b>{rank}.</b>&nbsp;{html.escape(label)}",
                        layout=widgets.Layout(width="14rem"),
                    ),
                    up,
                    down,
                ]
            )
            row.add_class("nr-ranked-value")
            rows.append(row)
        self.ranked.children = rows

    def collect(self) -> dict[str, Any]:
        return {"top": list(self.top), "note": self.note.value}

    def fill(self, answer: ValuesSortAnswer | None) -> None:
        self.top = list(answer.top) if answer else []
        shown = {value.value for value in self.vocabulary.offered_with(self.top)}
        for key, card in self.cards.items():
            card.value = key in self.top
            card.layout.display = "" if key in shown else "none"
        self.note.value = answer.note if answer else ""
        self._show_ranked()


@register_exercise
class TakeStock(_FeedsTheMatrix, Exercise[TakeStockAnswer]):
    """Do I know why, what it takes, my odds, my manager, a path here; with step 02's feedback."""

    exercise_id = "take_stock"
    answer_model = TakeStockAnswer
    needs_options = ("know_why", "odds", "manager_values", "path_here")

    def build(self) -> Sequence[widgets.Widget]:
        self.feedback_box = widgets.HTML(layout=FULL_WIDTH)
        self.feedback_box.add_class("nr-feedback-summary")
        self.know_why = single_choice(self.content.options["know_why"], self.save)
        self.what_it_takes = text_area(self.save, rows=2)
        self.odds = single_choice(self.content.options["odds"], self.save)
        self.manager_values = single_choice(self.content.options["manager_values"], self.save)
        self.path_here = single_choice(self.content.options["path_here"], self.save)
        self.note = text_area(self.save, rows=2)
        return [
            self.feedback_box,
            labelled(self.content.prompt("know_why"), self.know_why),
            labelled(self.content.prompt("what_it_takes"), self.what_it_takes),
            labelled(self.content.prompt("odds"), self.odds),
            labelled(self.content.prompt("manager_values"), self.manager_values),
            labelled(self.content.prompt("path_here"), self.path_here),
            labelled(self.content.prompt("note"), self.note),
        ]

    def collect(self) -> dict[str, Any]:
        return {
            "know_why": self.know_why.value,
            "what_it_takes": self.what_it_takes.value,
            "odds": self.odds.value,
            "manager_values": self.manager_values.value,
            "path_here": self.path_here.value,
            "note": self.note.value,
        }

    def fill(self, answer: TakeStockAnswer | None) -> None:
        self.know_why.value = answer.know_why if answer else None
        self.what_it_takes.value = answer.what_it_takes if answer else ""
        self.odds.value = answer.odds if answer else None
        self.manager_values.value = answer.manager_values if answer else None
        self.path_here.value = answer.path_here if answer else None
        self.note.value = answer.note if answer else ""
        self._show_feedback()

    def _show_feedback(self) -> None:
        if self.session.participant is None:
            self.feedback_box.value = ""
            return
        revision = self.session.saved(FEEDBACK_EXERCISE)
        summary = summarise_feedback(revision.value if revision else None)
        heading = html.escape(self.content.prompt("feedback_heading"))
        if summary is None:
            body = f"<p>{html.escape(self.content.prompt('feedback_missing'))}</p>"
        else:
            body = _feedback_sentence(summary)
        self.feedback_box.value = f"<div class='nr-card'><b>{heading}</b>{body}</div>"


def _feedback_sentence(summary: FeedbackSummary) -> str:
    parts = [f"{summary.strengths} strength{'s' if summary.strengths != 1 else ''}"]
    parts.append(f"{summary.gaps} gap{'s' if summary.gaps != 1 else ''} you can close")
    parts.append(f"{summary.traits} trait{'s' if summary.traits != 1 else ''} to work around")
    unsorted = f" ({summary.unsorted} not sorted yet)" if summary.unsorted else ""
    return f"<p>You sorted your feedback into {', '.join(parts)}{unsorted}.</p>"


@register_exercise
class OptionWeights(Exercise[OptionWeightsAnswer]):
    """The matrix: one row per criterion from the answers above, a weight each, a live chart."""

    exercise_id = "option_weights"
    answer_model = OptionWeightsAnswer
    needs_options = ("decision",)

    def build(self) -> Sequence[widgets.Widget]:
        self.matrix: PositionMatrix | None = None
        self.outcome: Outcome | None = None
        self.weight_rows: dict[str, widgets.ToggleButtons] = {}
        self.rows_box = widgets.VBox(layout=FULL_WIDTH)
        self.rows_box.add_class("nr-matrix-rows")
        self.chart = widgets.HTML(layout=FULL_WIDTH)
        self.chart.add_class("nr-matrix-chart")
        self.missing = widgets.HTML(layout=FULL_WIDTH)
        self.missing.add_class("nr-matrix-missing")
        self.details = widgets.HTML(layout=FULL_WIDTH)
        how = widgets.Accordion(children=[self.details], layout=FULL_WIDTH)
        how.set_title(0, "How the matrix works")
        on_position_changed(self.session, self.refresh)
        return [self.rows_box, self.chart, self.missing, how]

    def weight_levels(self) -> list[tuple[str, int]]:
        return [(self.content.prompt(f"weight_{n}") or str(n), n) for n in range(4)]

    def refresh(self) -> None:
        """Rebuild the rows from the saved answers, keeping the weights the person set."""
        self.matrix = current_matrix(self.session)
        weights = self.matrix.weights_from(saved_weights(self.session)) if self.matrix else {}
        was_filling, self._filling = self._filling, True
        try:
            self.weight_rows = {}
            rows: list[widgets.Widget] = []
            for criterion in self.matrix.criteria if self.matrix else ():
                buttons = widgets.ToggleButtons(
                    options=self.weight_levels(),
                    value=weights[criterion.id],
                    style={"button_width": "7.5rem"},
                )
                buttons.tooltip = criterion.label
                buttons.add_class("nr-weight")
                buttons.add_class(f"nr-weight-{criterion.id.replace('_', '-')}")
                buttons.observe(self._weight_changed, names="value")
                self.weight_rows[criterion.id] = buttons
                heading = widgets.HTML(
                    f"<div class='nr-criterion'><b>{html.escape(criterion.label)}</b>"
                    f"<br><small>{html.escape(criterion.why)}</small></div>"
                )
                rows.append(widgets.VBox([heading, buttons], layout=FULL_WIDTH))
            self.rows_box.children = rows
        finally:
            self._filling = was_filling
        set_enabled(self.rows_box, self.session.participant is not None)
        self._redraw()

    def current_weights(self) -> dict[str, int]:
        return {
            criterion_id: int(buttons.value) for criterion_id, buttons in self.weight_rows.items()
        }

    def _weight_changed(self, _change: object) -> None:
        self._redraw()
        self.save()

    def _redraw(self) -> None:
        labels = option_labels(self.content)
        if self.matrix is None:
            self.outcome = None
            self.chart.value = self.missing.value = self.details.value = ""
            return
        self.outcome = score_options(
            self.matrix.options, self.matrix.criteria, self.current_weights()
        )
        self.chart.value = matrix_chart_html(self.outcome, labels, self.content)
        self.missing.value = (
            f"<div class='nr-card'><b>{html.escape(self.content.prompt('missing_heading'))}</b><ul>"
            + "".join(f"<li>{html.escape(text)}</li>" for text in self.matrix.missing)
            + "</ul></div>"
            if self.matrix.missing
            else ""
        )
        self.details.value = ratings_table_html(self.matrix, labels)

    def collect(self) -> dict[str, Any]:
        # Weights for rows not shown now (an answer was cleared) are kept, not thrown away.
        weights = {**saved_weights(self.session), **self.current_weights()}
        suggested = self.outcome.suggested if self.outcome and self.outcome.suggested else ""
        return {"weights": weights, "suggested": suggested}

    def fill(self, answer: OptionWeightsAnswer | None) -> None:
        self.refresh()

    def after_save(self, answer: OptionWeightsAnswer) -> None:
        for listener in list(_LISTENERS.get(self.session, [])):
            if listener != self.refresh:
                listener()

    def saved_message(self, answer: OptionWeightsAnswer) -> str:
        return "Weights saved"


def matrix_chart_html(outcome: Outcome, labels: dict[str, str], words: ExerciseContent) -> str:
    """A bar per option (CSS, no images), the leader marked, then the plain-words explanation."""
    biggest = max((abs(score) for score in outcome.scores.values()), default=0.0) or 1.0
    rows = []
    for option, score in outcome.scores.items():
        width = 50 * abs(score) / biggest
        left = 50 if score >= 0 else 50 - width
        leader = option in outcome.leaders
        colour = "#2f6f73" if leader else "#9fb3c8"
        rows.append(
            f"<tr class='nr-bar{' nr-bar-leader' if leader else ''}'><th scope='row'>{html.escape(labels.get(option, option))}</th>"
            f"<td style='width:55%'><div style='position:relative;height:1.1rem;background:#f0f4f8'>"
            f"<div style='position:absolute;left:50%;top:0;bottom:0;border-left:1px solid #52606d'></div>"
            f"<div style='position:absolute;left:{left:.1f}%;width:{width:.1f}%;top:2px;bottom:2px;background:{colour}'></div>"
            f"</div></td><td>{signed(score)}</td></tr>"
        )
    sentences = "".join(
        f"<p>{html.escape(sentence)}</p>" for sentence in explain(outcome, labels, words)
    )
    heading = html.escape(words.prompt("chart_heading"))
    return (
        f"<div class='nr-matrix' role='figure' aria-label='{heading}'><h3>{heading}</h3>"
        f"<table style='width:100%'>{''.join(rows)}</table>{sentences}</div>"
    )


def ratings_table_html(matrix: PositionMatrix, labels: dict[str, str]) -> str:
    head = "".join(
        f"<th>{html.escape(labels.get(option, option))}</th>" for option in matrix.options
    )
    body = "".join(
        f"<tr><th scope='row'>{html.escape(c.label)}</th>"
        + "".join(f"<td>{signed(c.rating(option))}</td>" for option in matrix.options)
        + "</tr>"
        for c in matrix.criteria
    )
    return (
        "<p>Each row rates every option from −2 (works against it) to +2 (serves it well), based on "
        "your answer. An option's score is the sum of each rating times the row's weight "
        "(0 to 3). The option with the highest score is suggested; if two share it, there is no "
        "suggestion.</p>"
        f"<table><tr><th></th>{head}</tr>{body}</table>"
    )


@register_exercise
class PositionDecision(Exercise[PositionDecisionAnswer]):
    """The person's decision and why; the matrix's suggestion is shown, never imposed."""

    exercise_id = "position_decision"
    answer_model = PositionDecisionAnswer
    needs_options = ("decision",)

    def build(self) -> Sequence[widgets.Widget]:
        self.suggestion = widgets.HTML(layout=FULL_WIDTH)
        self.suggestion.add_class("nr-suggestion")
        self.decision = single_choice(self.content.options["decision"], self.save)
        self.own_option = widgets.Text(continuous_update=False, layout=FULL_WIDTH)
        self.own_option.observe(self.save, names="value")
        self.why = text_area(self.save, rows=3)
        self.differs = widgets.HTML(layout=FULL_WIDTH)
        self.timing = widgets.HTML(layout=FULL_WIDTH)
        self._preselected = False
        on_position_changed(self.session, self.show_suggestion)
        return [
            self.suggestion,
            self.timing,
            labelled(self.content.prompt("decision"), self.decision),
            labelled(self.content.prompt("own_option"), self.own_option),
            self.differs,
            labelled(self.content.prompt("why"), self.why),
        ]

    def suggested_now(self) -> str:
        outcome = current_outcome(self.session)
        return outcome.suggested if outcome and outcome.suggested else ""

    def _values(self) -> dict[str, dict[str, Any]]:
        participant = self.session.participant
        return stored_values(self.session.store, participant.id) if participant else {}

    def show_suggestion(self) -> None:
        suggested = self.suggested_now()
        if self.session.participant is None:
            self.suggestion.value = ""
        elif suggested:
            label = self.content.option_label("decision", suggested)
            text = self.content.prompt("suggested_is").replace("{option}", label)
            self.suggestion.value = f"<p class='nr-card'>{html.escape(text)}</p>"
        else:
            self.suggestion.value = (
                f"<p class='nr-card'>{html.escape(self.content.prompt('no_suggestion'))}</p>"
            )
        chosen = self.decision.value
        differs = bool(chosen and suggested and chosen not in (suggested, NOT_YET))
        self.differs.value = (
            f"<p class='nr-note'>{html.escape(self.content.prompt('differs'))}</p>"
            if differs
            else ""
        )
        self._show_timing()

    def _show_timing(self) -> None:
        """Whether this decision waits for the conversations, or could now be looked at again."""
        if self.session.participant is None:
            self.timing.value = ""
            return
        state = decision_state(self._values(), self.situation)
        text = ""
        if self._preselected:
            text = self.content.prompt("heard_this_week")
        elif state.status == NOT_YET:
            text = self.content.prompt("not_yet_note")
        elif state.revisit:
            text = self.content.prompt("revisit")
        elif state.provisional:
            text = self.content.prompt("provisional").replace(
                "{waiting}", " and ".join(self._waiting_words(state.waiting_for))
            )
        self.timing.value = f"<p class='nr-card nr-timing'>{html.escape(text)}</p>" if text else ""

    def _waiting_words(self, waiting: tuple[str, ...]) -> list[str]:
        words = []
        for name in waiting:
            if name == CONVERSATION and self.situation.manager_unaware:
                name = "conversation_mentor"
            words.append(self.content.prompt(f"waiting_{name}") or name)
        return words

    def collect(self) -> dict[str, Any]:
        self._preselected = False
        return {
            "decision": self.decision.value,
            "own_option": self.own_option.value,
            "why": self.why.value,
            "suggested": self.suggested_now(),
            "informed_by": list(conversations_done(self._values())),
        }

    def fill(self, answer: PositionDecisionAnswer | None) -> None:
        # Someone who heard this week starts on "not yet": the advice is to decide after the
        # conversations. Shown, not saved, until they choose.
        self._preselected = answer is None and self.situation.heard_this_week
        self.decision.value = (
            answer.decision if answer else (NOT_YET if self._preselected else None)
        )
        self.own_option.value = answer.own_option if answer else ""
        self.why.value = answer.why if answer else ""
        self.show_suggestion()

    def after_save(self, answer: PositionDecisionAnswer) -> None:
        self.show_suggestion()

    def saved_message(self, answer: PositionDecisionAnswer) -> str:
        if answer.decision == "own":
            return f"Saved: {answer.own_option}"
        return f"Saved: {self.base_content.option_label('decision', answer.decision)}"


@register_exercise
class EitherOutcome(Exercise[EitherOutcomeAnswer]):
    """While the decision is still open: the first step for a yes and for a no, and one thing
    to do for oneself while waiting."""

    exercise_id = "either_outcome"
    answer_model = EitherOutcomeAnswer

    def build(self) -> Sequence[widgets.Widget]:
        self.expect_by = widgets.DatePicker(value=None)
        self.expect_by.observe(self.save, names="value")
        self.if_yes = text_area(self.save, rows=2)
        self.if_no = text_area(
            self.save, rows=2, placeholder=self.content.prompt("if_no_placeholder")
        )
        self.meanwhile = text_area(self.save, rows=2)
        return [
            labelled(self.content.prompt("expect_by"), self.expect_by),
            labelled(self.content.prompt("if_yes"), self.if_yes),
            labelled(self.content.prompt("if_no"), self.if_no),
            labelled(self.content.prompt("meanwhile"), self.meanwhile),
        ]

    def collect(self) -> dict[str, Any]:
        return {
            "expect_by": self.check_new_date("expect_by", self.expect_by.value, "hearing back"),
            "if_yes": self.if_yes.value,
            "if_no": self.if_no.value,
            "meanwhile": self.meanwhile.value,
        }

    def fill(self, answer: EitherOutcomeAnswer | None) -> None:
        self.expect_by.value = parse_day(answer.expect_by) if answer else None
        self.if_yes.value = answer.if_yes if answer else ""
        self.if_no.value = answer.if_no if answer else ""
        self.meanwhile.value = answer.meanwhile if answer else ""

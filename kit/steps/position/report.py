"""Report section for step 03: fit, trade-offs, values, the stock-take, the options matrix
(chart with alt text) and the person's own decision, marked provisional while it waits for
the conversations. Read on the person's path: an application elsewhere is weighed in its own
words and options, a decision still open shows the plan for either answer, and a layoff skips
the step."""

from __future__ import annotations

from markupsafe import Markup

from kit.steps.position.answers import (
    EitherOutcomeAnswer,
    OptionWeightsAnswer,
    PositionDecisionAnswer,
    RoleFitAnswer,
    TakeStockAnswer,
    TradeOffsAnswer,
    ValuesSortAnswer,
)
from kit.steps.position.decision import Outcome, score_options
from kit.steps.position.matrix import build_matrix, explain, position_answers_from_history, signed
from kit.steps.position.values import load_values
from kit.workbook.charts import PALETTE, Series, bar_rows, figure_html
from kit.workbook.dates import parse_day
from kit.workbook.decision_state import CONVERSATION, decision_state
from kit.workbook.report_context import ReportContext
from kit.workbook.templating import render


def matrix_chart(outcome: Outcome, labels: dict[str, str]) -> str:
    """A horizontal bar per option, the leader in the accent colour, with the scores in words."""
    options = list(outcome.scores)
    scores = [outcome.scores[option] for option in options]
    names = [labels.get(option, option) for option in options]
    if not options:
        return ""
    svg = bar_rows(
        names,
        [
            Series(
                "",
                scores,
                colours=[
                    PALETTE[0] if option in outcome.leaders else "#c4ccd4" for option in options
                ],
                value_labels=[signed(score) for score in scores],
            )
        ],
        axis_label="weighted score (higher: your answers point this way)",
    )

    verdict = {
        "suggested": f"The highest score is {labels.get(outcome.suggested or '', '')}.",
        "tie": "The top options are level.",
        "no_weight": "Every weight was zero, so nothing was weighed.",
        "no_criteria": "There was nothing to weigh.",
    }[outcome.status]
    alt = (
        "Bar chart of your options matrix. "
        + "; ".join(f"{name}: {signed(score)}" for name, score in zip(names, scores, strict=False))
        + ". "
        + verdict
    )
    # figure_html escapes the alt text and the caption; kit.workbook.charts escapes the labels in the SVG.
    return Markup(
        figure_html(svg, alt=alt, caption="Your options, scored from your own answers and weights.")
    )


def render_section(ctx: ReportContext) -> str:
    content = ctx.content
    fit = ctx.answer("role_fit", RoleFitAnswer)
    trade_offs = ctx.answer("trade_offs", TradeOffsAnswer)
    values = ctx.answer("values_sort", ValuesSortAnswer)
    stock = ctx.answer("take_stock", TakeStockAnswer)
    weights = ctx.answer("option_weights", OptionWeightsAnswer)
    decision = ctx.answer("position_decision", PositionDecisionAnswer)
    either = ctx.answer("either_outcome", EitherOutcomeAnswer)
    if not ctx.shows("role_fit"):
        return render("position/report.html.j2", skipped=ctx.exercise("role_fit").note)
    if not any((fit, trade_offs, values, stock, weights, decision, either)):
        return render("position/report.html.j2", skipped="", answered=False)

    fit_words = ctx.exercise("role_fit")
    trade_words = content.exercise("trade_offs")
    stock_words = ctx.exercise("take_stock")
    matrix_words = ctx.exercise("option_weights")
    decision_words = content.exercise("position_decision")
    labels = {
        option.value: option.label
        for option in content.exercise("option_weights").options.get("decision", [])
    }
    vocabulary = load_values(content)
    state = decision_state(ctx.values, ctx.situation)
    mentor = ctx.situation.manager_unaware
    waiting = " and ".join(
        "the feedback"
        if name != CONVERSATION
        else f"the conversation with your {'mentor' if mentor else 'manager'}"
        for name in state.waiting_for
    )

    matrix = build_matrix(
        position_answers_from_history(ctx.answers, ctx.history), content, ctx.situation.tags
    )
    outcome = score_options(
        matrix.options, matrix.criteria, matrix.weights_from(weights.weights if weights else None)
    )
    chart = matrix_chart(outcome, labels) if matrix.criteria else ""
    stock_rows = [
        (stock_words.prompt(name), stock_words.option_label(name, getattr(stock, name)))
        for name in ("know_why", "odds", "manager_values", "path_here")
        if stock and getattr(stock, name)
    ]
    decision_label = ""
    if decision:
        decision_label = (
            decision.own_option
            if decision.decision == "own"
            else decision_words.option_label("decision", decision.decision)
        )
    return render(
        "position/report.html.j2",
        skipped="",
        answered=True,
        adds_up=_adds_up(decision_label, state.status, explain(outcome, labels, matrix_words))
        if ctx.shows("position_decision")
        else "While the decision is open, your plan for either answer is ready.",
        show_values=ctx.shows("values_sort"),
        show_decision=ctx.shows("position_decision"),
        state=state,
        waiting=waiting,
        show_matrix=ctx.shows("option_weights"),
        either=either,
        expect_by=parse_day(either.expect_by) if either else None,
        fit=fit,
        fit_label=fit_words.option_label("fit", fit.fit) if fit and fit.fit else "",
        happy_label=fit_words.option_label("happy", fit.happy) if fit and fit.happy else "",
        fit_prompt=fit_words.prompt("fit"),
        happy_prompt=fit_words.prompt("happy"),
        trade_offs=[
            (
                item.text if item.own else trade_words.option_label("trade_offs", item.id),
                trade_words.option_label("acceptability", item.acceptability)
                if item.acceptability
                else "not rated",
            )
            for item in (trade_offs.items if trade_offs else [])
        ],
        values=[
            (rank, vocabulary.get(key))
            for rank, key in enumerate(values.top if values else [], start=1)
        ],
        values_note=values.note if values else "",
        values_source=vocabulary.source,
        stock=stock,
        stock_rows=stock_rows,
        chart=chart,
        explanation=explain(outcome, labels, matrix_words),
        criteria=[
            (c, (weights.weights if weights else {}).get(c.id, matrix.default_weights[c.id]))
            for c in matrix.criteria
        ],
        weight_labels=[matrix_words.prompt(f"weight_{n}") for n in range(4)],
        missing=matrix.missing,
        decision=decision,
        decision_label=decision_label,
        suggested_label=labels.get(decision.suggested, "") if decision else "",
        differs=bool(
            decision
            and decision.suggested
            and decision.decision not in (decision.suggested, "not_yet")
        ),
    )


def _adds_up(decision: str, status: str, explanation: list[str]) -> str:
    """Two lines: where the answers pointed, and where the person stands with their decision."""
    pointed = explanation[0] if explanation else ""
    if status == "not_yet":
        return f"{pointed} You will decide after your conversations.".strip()
    if not decision:
        return f"{pointed} No decision yet.".strip()
    provisional = " (provisional for now)" if status == "provisional" else ""
    return f"{pointed} You chose: {decision}{provisional}.".strip()

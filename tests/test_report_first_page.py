"""The report on real demo data, per path: the first page people pin up (each element, dated
from the day the report is made, no harsh thought), then "your workings", each section opening
with what it adds up to, and sections that branch with the person's situation."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

import pytest

from kit.core.store import Store
from kit.reports import summary
from kit.reports.participant import footer_html, load_context
from kit.steps import report_sections
from kit.workbook.personas import SESSION_DAY
from kit.workbook.report_context import ReportContext


def _context(store: Store, key: str, day: date = SESSION_DAY) -> ReportContext:
    return dataclasses.replace(load_context(store, f"demo-{key}"), generated_on=day)


def _report(ctx: ReportContext) -> str:
    page = summary.render_section(ctx)
    return page + "".join(render(ctx) for _step, render in report_sections(ctx.content))


def _text(html: str) -> str:
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def _first_page(html: str) -> str:
    return html[: html.index('id="workings"')]


def test_the_first_page_holds_every_element_of_the_card(demo_store: Store) -> None:
    ctx = _context(demo_store, "chen")
    page = _text(_first_page(summary.render_section(ctx)))
    card = summary.first_page(ctx)
    assert card.kind_words and card.kind_words in page, "their kind sentence to themselves"
    assert "I was turned down for another role inside my organisation" in page
    assert "Redirect to another path here" in page, "where they are heading"
    assert len(card.strengths) == 3 and all(text in page for text in card.strengths)
    assert "This week (to 27 November)" in page and "The next 30 days (to 20 December)" in page
    assert "By 90 days (to 18 February 2027)" in page
    assert card.this_week and card.next_30 and card.by_90, "each horizon has dated lines"
    for line in card.this_week:
        assert line.day is None or line.day <= SESSION_DAY + timedelta(days=7)
    for line in card.next_30:
        assert SESSION_DAY + timedelta(days=7) < line.day <= SESSION_DAY + timedelta(days=30)
    assert "Keeping you to it" in page and "Every other Friday" in page, "partner and rhythm"
    assert "Colleague or peer" in page, "a support person"
    assert "Where to get help" in page and "emergency number" in page
    assert "Next check-in" in page and card.next_check_in == date(2027, 2, 18)


def test_this_week_is_counted_from_the_day_the_report_is_made(demo_store: Store) -> None:
    then = summary.first_page(_context(demo_store, "chen", SESSION_DAY))
    later = summary.first_page(_context(demo_store, "chen", SESSION_DAY + timedelta(days=21)))
    assert [line.text for line in then.this_week] != [line.text for line in later.this_week]
    for line in later.this_week:
        assert line.day is None or line.day <= SESSION_DAY + timedelta(days=28)
    assert any(line.overdue for line in later.this_week), "what has passed is marked, not lost"


def test_only_smart_goals_reach_the_card_the_rest_are_to_sharpen(demo_store: Store) -> None:
    ctx = _context(demo_store, "amara")
    card = summary.first_page(ctx)
    sharpen = {goal.text for goal in card.to_sharpen}
    assert "Be better" in sharpen
    lines = [line.text for line in card.this_week + card.next_30 + card.by_90]
    assert "Be better" not in lines
    assert "To sharpen" in _text(summary.render_section(ctx))


def test_the_harsh_thought_is_not_printed_unless_the_person_asked(demo_store: Store) -> None:
    harsh = "I should have seen this coming."
    ctx = _context(demo_store, "chen")
    assert ctx.answers["compassion_rewrite"].harsh == harsh  # type: ignore[attr-defined]
    assert harsh not in _text(_report(ctx))
    value = dict(demo_store.latest_answer("demo-chen", "compassion_rewrite").value)  # type: ignore[union-attr]
    demo_store.save_answer("demo-chen", "compassion_rewrite", {**value, "harsh_in_report": True})
    assert harsh in _text(_report(_context(demo_store, "chen")))


def test_every_section_of_the_workings_opens_with_what_it_adds_up_to(demo_store: Store) -> None:
    html = _report(_context(demo_store, "julia"))
    workings = html[html.index('id="workings"') :]
    sections = re.findall(
        r'<section class="nr-section" id="([a-z-]+)">(.*?)</section>', workings, re.S
    )
    assert len(sections) == 8
    for section_id, body in sections:
        first = body.split("</h2>", 1)[1].lstrip()
        assert first.startswith('<p class="nr-adds-up">'), section_id


def test_an_early_decision_is_marked_provisional_on_the_first_page(demo_store: Store) -> None:
    page = _text(_first_page(summary.render_section(_context(demo_store, "mateo"))))
    assert "provisional: decided before the feedback and the conversation with your manager" in page
    dolores = _text(summary.render_section(_context(demo_store, "dolores")))
    assert "which have happened since; look at it again in step 03" in dolores
    amara = _text(summary.render_section(_context(demo_store, "amara")))
    assert "Not decided yet" in amara and "after your conversations" in amara


def test_an_application_elsewhere_without_the_managers_knowledge_never_nags_about_a_manager(
    demo_store: Store,
) -> None:
    ctx = _context(demo_store, "bilal")
    first = _text(_first_page(summary.render_section(ctx)))
    assert "manager" not in first.lower()
    assert "Book the conversation with your mentor" in first
    assert "Apply elsewhere now" in first and "the conversation with your mentor" in first
    report = _text(_report(ctx))
    assert "The conversation with a mentor" in report
    assert "conversation with your manager" not in report
    kwame = _text(_report(_context(demo_store, "kwame")))
    assert "You met your mentor" in kwame


def test_a_layoff_report_follows_the_shorter_path(demo_store: Store) -> None:
    ctx = _context(demo_store, "lucia")
    report = _text(_report(ctx))
    assert "Your next role: people, applications, money and references" in report
    assert "After a layoff there is no single decision to ask feedback on" in report
    assert "no staying or going to weigh here" in report
    assert "no manager conversation about your next step here" in report
    assert "Money and references" in report and "My last finance director" in report
    card = summary.first_page(ctx)
    assert any(line.kind_label == "Reference" for line in card.this_week + card.next_30)
    assert "2 a week for" in report


def test_a_decision_still_open_shows_the_plan_for_either_answer(demo_store: Store) -> None:
    report = _text(_report(_context(demo_store, "freya")))
    assert "Ready for either answer" in report
    assert "If it is a no: Ask the panel chair for feedback" in report
    assert "Your request" not in report, "no feedback request while the decision is open"
    assert "Your options, weighed" not in report and "Your decision" not in report


@pytest.mark.parametrize("key", ["chen", "bilal", "lucia", "freya", "gabriel"])
def test_nobody_elses_answers_and_an_honest_footer(demo_store: Store, key: str) -> None:
    report = _report(_context(demo_store, key))
    for other in ("Amara Okafor", "Hana Kobayashi", "Nadia Petrova"):
        assert other not in report
    footer = _text(footer_html())
    assert "whoever runs it" in footer and "facilitator" in footer
    assert "Only you and whoever you choose" not in footer


def test_someone_working_alone_is_never_told_about_the_group(store: Store) -> None:
    alone = store.add_participant("Sam")
    store.save_answer(alone.id, "situation", {"kind": "internal_promotion"})
    store.save_answer(alone.id, "advice_for_others", {"text": "Wait a week.", "share": False})
    ctx = dataclasses.replace(load_context(store, alone.id), generated_on=SESSION_DAY)
    report = _text(_report(ctx)).lower()
    assert "group" not in report
    assert "here is where to look" in report, "the default support for someone alone"

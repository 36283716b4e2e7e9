"""The finished report, made for real with papermill: the one-page summary first, steps 05–07,
the follow-up history, and nobody else's answers."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from kit.core.store import Store
from kit.reports.runner import build_report
from kit.room.demo import build_demo, demo_answers
from kit.workbook.personas import PERSONAS

pytestmark = [pytest.mark.slow, pytest.mark.both_stores]


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory, new_store_url: Callable[[Path], str]
) -> tuple[Store, Path]:
    folder = tmp_path_factory.mktemp("plan-reports")
    store = Store.open(new_store_url(folder), create=True)
    build_demo(store)
    store.save_answer(
        "demo-chen",
        "position_decision",
        {
            "decision": "redirect",
            "own_option": "",
            "why": "Analytics fits me better",
            "suggested": "redirect",
        },
    )
    store.save_answer(
        "demo-chen",
        "feedback_sort",
        {
            "items": [
                {
                    "id": "f1",
                    "text": "Trusted by the risk committee",
                    "category": "strength",
                    "gap_kind": None,
                    "onet_skill": None,
                    "action": "",
                    "workaround": "",
                },
                {
                    "id": "f2",
                    "text": "No people management yet",
                    "category": "gap",
                    "gap_kind": "experience",
                    "onet_skill": None,
                    "action": "Mentor a graduate",
                    "workaround": "",
                },
            ]
        },
    )
    return store, folder


def _text(page: str) -> str:
    page = re.sub(r"<img[^>]*>", " ", page)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def _escaped(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


def test_the_first_page_comes_first_with_situation_decision_goals_and_next_step(
    demo: tuple[Store, Path],
) -> None:
    store, folder = demo
    page = build_report("demo-chen", folder, store).read_text(encoding="utf-8")
    summary = page[page.index('id="summary"') : page.index('id="check-in"')]
    text = _text(summary)
    assert "I was turned down for another role inside my organisation" in text
    assert "Redirect to another path here" in text and "Analytics fits me better" in text
    goals = demo_answers()["chen"]["plan_goals"]["goals"]
    for goal in goals[:3]:
        assert _escaped(goal["text"]) in summary, "on a horizon, or on the line to sharpen"
    next_step = demo_answers()["chen"]["resilience_commitments"]["next_step"]
    assert "This week" in text and next_step in text
    assert "Latest follow-up" in text and "Your workings" in text
    assert (
        page.index('id="summary"')
        < page.index('id="workings"')
        < page.index('id="plan"')
        < page.index('id="commit"')
        < page.index('id="follow-up"')
    )


def test_the_plan_commitment_and_follow_up_sections_hold_this_persons_answers(
    demo: tuple[Store, Path],
) -> None:
    store, folder = demo
    page = build_report("demo-chen", folder, store).read_text(encoding="utf-8")
    text = _text(page)
    answers = demo_answers()["chen"]
    for item in answers["network_plan"]["items"]:
        assert _escaped(item["who"]) in page
    assert "Trusted by the risk committee" in text, "strengths from step 02 in the recap"
    assert "Every follow-up so far" in text and 'alt="Progress over' in page
    assert 'alt="Timeline of your plan' in page and 'alt="Feeling intensity' in page
    assert "nextround calendar demo-chen" in text
    for persona in PERSONAS:
        if persona.key == "chen":
            continue
        for private in (persona.name, persona.story, persona.role):
            assert _escaped(private) not in page, f"{persona.name}'s text leaked into Chen's report"


def test_a_participant_with_no_plan_gets_clear_empty_states(demo: tuple[Store, Path]) -> None:
    store, folder = demo
    person = store.add_participant("Olu New", cohort_id="demo")
    text = _text(build_report(person.id, folder, store).read_text(encoding="utf-8"))
    assert "No decision saved yet" in text and "Nothing dated here yet" in text
    assert "No plan saved yet" in text and "has not been done yet" in text


def test_hostile_plan_text_is_escaped_in_the_report(demo: tuple[Store, Path]) -> None:
    store, folder = demo
    person = store.add_participant("Eve", cohort_id="demo")
    store.save_answer(
        person.id,
        "plan_goals",
        {
            "goals": [
                {
                    "id": "g1",
                    "horizon": "short",
                    "text": "<script>alert(1)</script> goal",
                    "due": None,
                    "why": "<img src=x onerror=alert(2)>",
                }
            ]
        },
    )
    store.save_answer(
        person.id,
        "follow_up_review",
        {
            "rounds": [
                {
                    "id": "r1",
                    "date": "2026-12-01",
                    "items": [{"ref": "plan_goals:g1", "status": "moving", "note": "<b>bold</b>"}],
                    "changes": [],
                    "changes_note": "",
                }
            ]
        },
    )
    page = build_report(person.id, folder, store).read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "<b>bold</b>" not in page
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; goal" in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    )

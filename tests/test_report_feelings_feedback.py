"""Report sections for steps 01 and 02, made for real with papermill on the demo cohort."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pytest

from kit.core.store import Store
from kit.reports.runner import build_report
from kit.room.demo import build_demo, demo_answers
from kit.workbook.personas import PERSONAS

pytestmark = [pytest.mark.slow, pytest.mark.both_stores]


@pytest.fixture(scope="module")
def demo_reports(
    tmp_path_factory: pytest.TempPathFactory, new_store_url: Callable[[Path], str]
) -> tuple[Store, Path]:
    folder = tmp_path_factory.mktemp("reports")
    store = Store.open(new_store_url(folder), create=True)
    build_demo(store)
    return store, folder


def _escaped(text: str) -> str:
    return html.escape(text, quote=False)


def _feedback_texts(persona_key: str) -> list[str]:
    items = demo_answers()[persona_key].get("feedback_sort", {}).get("items", [])
    return [
        text
        for item in items
        for text in (item["text"], item["action"], item["workaround"])
        if text
    ]


def test_a_report_shows_this_persons_feedback_in_three_groups_and_nobody_elses(
    demo_reports: tuple[Store, Path],
) -> None:
    store, folder = demo_reports
    page = build_report("demo-chen", folder, store).read_text(encoding="utf-8")
    assert "Facing the feedback" in page and "Feelings and control" in page
    for text in _feedback_texts("chen"):
        assert _escaped(text) in page, text
    assert "Strengths" in page and "Gaps I can close" in page and "Traits to work around" in page
    assert "Management of Personnel Resources" in page, "a linked gap shows its O*NET skill by name"
    assert "Used under the CC BY 4.0 license." in page
    assert (
        'alt="Your feedback by group: Strengths: 2, Gaps I can close: 2, Traits to work around: 1"'
        in page
    )
    assert 'alt="Circle of control: I can change: 1; I can influence: 1; I must let go: 2"' in page
    assert "Any afternoon next week works for me." in page, "the request is in the report"
    assert "Leadership experience is the real gap." in page, "the self-review note"
    for persona in PERSONAS:
        if persona.key == "chen":
            continue
        assert _escaped(persona.name) not in page
        for text in _feedback_texts(persona.key):
            assert _escaped(text) not in page, (
                f"{persona.name}'s feedback leaked into Chen's report"
            )


def test_someone_who_has_not_had_feedback_gets_a_gentle_pointer(
    demo_reports: tuple[Store, Path],
) -> None:
    store, folder = demo_reports
    page = build_report("demo-amara", folder, store).read_text(encoding="utf-8")
    assert "No feedback recorded yet" in page
    assert "Used under the CC BY 4.0 license." not in page
    circle = demo_answers()["amara"]["circle_of_control"]["items"]
    for item in circle:
        assert _escaped(item["text"]) in page
    assert "You do not have to like them, only to stop carrying them." in page, (
        "the let-go list is acknowledged"
    )


def test_hostile_text_in_steps_01_and_02_is_escaped_in_the_report(
    demo_reports: tuple[Store, Path],
) -> None:
    store, folder = demo_reports
    person = store.add_participant("Eve", cohort_id="demo")
    store.save_answer(
        person.id,
        "circle_of_control",
        {"items": [{"id": "c1", "text": "<script>alert('circle')</script>", "zone": "let_go"}]},
    )
    store.save_answer(
        person.id,
        "compassion_rewrite",
        {"harsh": "<b>bad</b>", "kind": "<img src=x onerror=alert(2)>"},
    )
    store.save_answer(
        person.id,
        "feedback_sort",
        {
            "items": [
                {
                    "id": "f1",
                    "text": "<iframe src=//evil>",
                    "category": "gap",
                    "gap_kind": "skill",
                    "onet_skill": "2.A.1.c",
                    "action": "<script>steal()</script>",
                    "workaround": "",
                },
                {
                    "id": "f2",
                    "text": "Trait & <u>more</u>",
                    "category": "trait",
                    "workaround": "<svg onload=alert(3)>",
                },
            ]
        },
    )
    page = build_report(person.id, folder, store).read_text(encoding="utf-8")
    for raw in (
        "<script>alert('circle')",
        "<img src=x",
        "<iframe",
        "<script>steal",
        "<svg onload",
        "<u>more",
    ):
        assert raw not in page, raw
    assert "&lt;iframe src=//evil&gt;" in page and "&lt;script&gt;steal()&lt;/script&gt;" in page
    assert "Trait &amp; &lt;u&gt;more&lt;/u&gt;" in page
    assert "Writing" in page

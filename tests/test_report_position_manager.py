"""Steps 03 and 04 in real reports: papermill runs the template, nbconvert writes the HTML."""

from __future__ import annotations

import html
import re
from collections import Counter
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


def _readable(page: str) -> str:
    """The page's text as a reader sees it (entities decoded), for presence and leak checks."""
    return html.unescape(page)


def _own_texts(key: str) -> list[str]:
    """What this persona wrote in steps 03 and 04, in their own words."""
    answers = demo_answers()[key]
    texts = [
        answers.get("role_fit", {}).get("career_goal", ""),
        answers.get("take_stock", {}).get("what_it_takes", ""),
    ]
    texts += [
        answers.get("position_decision", {}).get("why", ""),
        answers.get("position_decision", {}).get("own_option", ""),
    ]
    agenda = answers.get("manager_agenda", {})
    texts += [agenda.get("goal", ""), agenda.get("asset", "")]
    notes = answers.get("meeting_notes", {})
    texts += [notes.get("what_was_said", "")] + [
        c["text"] for c in notes.get("mine", []) + notes.get("theirs", [])
    ]
    texts += [item.get("text", "") for item in answers.get("trade_offs", {}).get("items", [])]
    return [text for text in texts if text]


def test_julias_report_has_her_matrix_decision_and_agenda_and_nobody_elses(
    demo_reports: tuple[Store, Path],
) -> None:
    store, folder = demo_reports
    page = _readable(build_report("demo-julia", folder, store).read_text(encoding="utf-8"))
    assert "Where you stand" in page and "The conversation with your manager" in page
    for text in _own_texts("julia"):
        assert text in page, text
    assert 'alt="Bar chart of your options matrix. Go for it again here:' in page
    assert re.search(r"<figure class=.nr-chart.><img[^>]* src=.data:image/svg\+xml;base64,", page)
    assert "Your decision" in page and "Go for it again here" in page
    assert "Your agenda" in page and "Next steps: what we each commit to" in page
    assert "Lead the Hartley renewal" in page
    for persona in PERSONAS:
        if persona.key == "julia":
            continue
        for text in [persona.name, *_own_texts(persona.key)]:
            assert text not in page, f"{persona.name}'s text leaked into Julia's report: {text}"


def test_an_own_decision_against_the_matrix_and_a_poor_reaction(
    demo_reports: tuple[Store, Path],
) -> None:
    store, folder = demo_reports
    kwame = build_report("demo-kwame", folder, store).read_text(encoding="utf-8")
    assert "Start a part-time education consultancy alongside my job" in kwame
    assert "You chose differently" in kwame
    dolores = build_report("demo-dolores", folder, store).read_text(encoding="utf-8")
    assert "Dismissive" in dolores and "information" in dolores


def test_someone_who_has_not_done_the_steps_gets_a_kind_note(
    demo_reports: tuple[Store, Path],
) -> None:
    store, folder = demo_reports
    person = store.add_participant("Newcomer", cohort_id="demo")
    page = build_report(person.id, folder, store).read_text(encoding="utf-8")
    assert "You have not worked through this step yet" in page
    assert "You have not planned the conversation with your manager yet" in page
    assert "nr-chart" not in page


def test_hostile_text_in_steps_03_and_04_is_escaped(demo_reports: tuple[Store, Path]) -> None:
    store, folder = demo_reports
    person = store.add_participant("Eve", cohort_id="demo")
    hostile = "<script>alert('x')</script>"
    store.save_answer(person.id, "role_fit", {"fit": "well", "career_goal": hostile})
    store.save_answer(
        person.id,
        "position_decision",
        {"decision": "own", "own_option": hostile, "why": hostile, "suggested": ""},
    )
    store.save_answer(person.id, "manager_agenda", {"goal": hostile, "asks": ["represent_team"]})
    page = build_report(person.id, folder, store).read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert (
        len(re.findall(r"&lt;script&gt;alert\((?:'|&#39;)x(?:'|&#39;)\)&lt;/script&gt;", page)) >= 4
    )


def test_the_demo_cohort_has_a_realistic_spread_of_decisions() -> None:
    answers = demo_answers()
    decisions = Counter(
        a["position_decision"]["decision"] for a in answers.values() if "position_decision" in a
    )
    assert set(decisions) == {
        "go_again",
        "redirect",
        "prepare_to_leave",
        "apply_elsewhere",
        "apply_there_again",
        "not_yet",
        "own",
    }
    assert max(decisions.values()) <= len(PERSONAS) // 2
    assert any("position_decision" not in a for a in answers.values()), (
        "someone has not decided yet"
    )
    differs = [
        a
        for a in answers.values()
        if "position_decision" in a
        and a["position_decision"]["suggested"]
        and a["position_decision"]["decision"]
        not in (a["position_decision"]["suggested"], "not_yet")
    ]
    assert 1 <= len(differs) < len(decisions.keys()) + 5
    reactions = {a["meeting_notes"]["reaction"] for a in answers.values() if "meeting_notes" in a}
    assert {"supportive", "dismissive"} <= reactions

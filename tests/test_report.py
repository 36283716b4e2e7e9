"""Reports made for real: papermill runs the template in a kernel, nbconvert writes the HTML."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from kit.core.store import Store
from kit.core.workspace import safe_file_stem
from kit.errors import UnknownParticipantError
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


def _private_strings(persona_key: str) -> list[str]:
    """Text only this persona wrote (their name, role and stories), for leak checks."""
    persona = next(p for p in PERSONAS if p.key == persona_key)
    answers = demo_answers()[persona_key]
    strings = [persona.name, persona.role, persona.story]
    strings += (
        [answers["hopes_for_today"]["in_my_words"]]
        if answers["hopes_for_today"]["in_my_words"]
        else []
    )
    return strings


def test_a_report_holds_the_participants_answers_and_nobody_elses(
    demo_reports: tuple[Store, Path],
) -> None:
    store, folder = demo_reports
    path = build_report("demo-amara", folder, store)
    assert path == folder / "report-demo-amara.html"
    page = path.read_text(encoding="utf-8")
    for text in _private_strings("amara"):
        assert _escaped(text) in page
    assert "I was passed over for a promotion" in page
    assert "heartbroken" in page or "No mood check-in" in page
    for persona in PERSONAS:
        if persona.key == "amara":
            continue
        for text in [persona.name, persona.story, persona.role]:
            assert _escaped(text) not in page, f"{persona.name}'s text leaked into Amara's report"


def test_the_report_is_self_contained_with_no_code_or_prompts(
    demo_reports: tuple[Store, Path],
) -> None:
    store, folder = demo_reports
    page = build_report("demo-chen", folder, store).read_text(encoding="utf-8")
    assert "<script" not in page
    assert not re.search(r"(src|href)=[\"']https?://", page)
    assert "ParticipantReport" not in page and "report.section" not in page
    assert "In&nbsp;[" not in page and "Out[" not in page
    assert "<style>" in page


def test_hostile_names_and_text_are_escaped_and_file_names_are_safe(
    demo_reports: tuple[Store, Path],
) -> None:
    store, folder = demo_reports
    person = store.add_participant('<script>alert("x")</script> ../../Eve', cohort_id="demo")
    store.save_answer(
        person.id,
        "hopes_for_today",
        {"hopes": ["plan"], "in_my_words": "<img src=x onerror=alert(1)> & 'more'"},
    )
    path = build_report(person.id, folder, store)
    assert path.parent == folder and path.name.startswith("report-")
    page = path.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;script&gt;" in page


def test_an_unknown_participant_fails_before_any_kernel_starts(
    demo_reports: tuple[Store, Path],
) -> None:
    store, folder = demo_reports
    with pytest.raises(UnknownParticipantError):
        build_report("nobody", folder, store)


@pytest.mark.parametrize(
    ("participant_id", "expected"),
    [("demo-amara", "demo-amara"), ("../etc/passwd", None), ("a/b", None), ("é", None), ("", None)],
)
def test_file_stems_never_carry_path_characters(participant_id: str, expected: str | None) -> None:
    stem = safe_file_stem(participant_id)
    assert re.fullmatch(r"[A-Za-z0-9_-]+", stem)
    if expected:
        assert stem == expected
    assert safe_file_stem("a/b") != safe_file_stem("a_b")


def _escaped(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )

"""A report shows what was saved, even after the content changed under it.

A facilitator may lower a text limit or drop an option after people answered. Their answers
were valid when saved and stay in the store; the report must still render them (the full text,
the option they picked) instead of failing the whole report for one field. And a report says
the day it was made for, which is part of what it is built from.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import nbformat
import pytest

from kit.core.content import Content, clear_cache, load_content
from kit.core.store import Store
from kit.core.workspace import content_dir
from kit.errors import AnswerError
from kit.reports import summary
from kit.reports.participant import cover_html, load_context
from kit.reports.runner import PARTICIPANT_TEMPLATE
from kit.steps import parse_answer, report_sections
from kit.workbook.personas import PERSONAS

LOWEST_LIMIT = 50  # the smallest max_text_length the content allows


def _changed_content(folder: Path) -> Content:
    """The shipped content with every text limit at its lowest, an option and an emotion word gone."""
    shutil.copytree(content_dir(), folder)
    for path in (folder / "exercises").glob("*.toml"):
        text = re.sub(r"^max_text_length = \d+\n", "", path.read_text(encoding="utf-8"), flags=re.M)
        text = re.sub(
            r'^id = "(\w+)"$', rf'id = "\1"\nmax_text_length = {LOWEST_LIMIT}', text, flags=re.M
        )
        path.write_text(text, encoding="utf-8")
    check_in = folder / "exercises" / "00_check_in.toml"
    text = check_in.read_text(encoding="utf-8")
    removed = re.sub(
        r'\[\[exercise\.options\.how_long_ago\]\]\nvalue = "over_a_year"\nlabel = "[^"]*"\n',
        "",
        text,
    )
    assert removed != text
    check_in.write_text(removed, encoding="utf-8")
    position = folder / "exercises" / "03_position.toml"
    text = position.read_text(encoding="utf-8")
    removed = re.sub(
        r'\[\[exercise\.options\.trade_offs\]\]\nvalue = "relocation"\nlabel = "[^"]*"\n', "", text
    )
    assert removed != text
    position.write_text(removed, encoding="utf-8")
    emotions = folder / "vocabularies" / "emotions.toml"
    text = emotions.read_text(encoding="utf-8")
    without = re.sub(r'  \{ word = "apprehension"[^}]*\},\n', "", text)
    assert without != text
    emotions.write_text(without, encoding="utf-8")
    clear_cache()
    return load_content(folder)


def _whole_report(store: Store, participant_id: str, content: Content) -> str:
    ctx = load_context(store, participant_id, content)
    sections = [render(ctx) for _step, render in report_sections(content)]
    return "\n".join([cover_html(ctx), summary.render_section(ctx), *sections])


def test_every_demo_report_renders_after_limits_were_lowered_and_options_removed(
    demo_store: Store, tmp_path: Path
) -> None:
    content = _changed_content(tmp_path / "content")
    for persona in PERSONAS:
        page = _whole_report(demo_store, f"demo-{persona.key}", content)
        assert persona.name in page


def test_the_report_shows_the_whole_saved_text_and_the_option_that_was_removed(
    demo_store: Store, tmp_path: Path
) -> None:
    long_text = "I want to leave today with one concrete next step and the courage to take it."
    assert len(long_text) > LOWEST_LIMIT
    demo_store.save_answer(
        "demo-amara", "hopes_for_today", {"hopes": ["plan"], "in_my_words": long_text}
    )
    demo_store.save_answer(
        "demo-amara", "situation", {"kind": "internal_promotion", "how_long_ago": "over_a_year"}
    )
    content = _changed_content(tmp_path / "content")
    with pytest.raises(AnswerError):  # a new answer this long would be refused now
        parse_answer("hopes_for_today", {"hopes": ["plan"], "in_my_words": long_text}, content)

    page = _whole_report(demo_store, "demo-amara", content)

    assert long_text in page, "the saved text is shown whole"
    assert "over_a_year" in page or "over a year" in page.lower(), "the saved choice is shown"


def test_a_part_a_steps_own_check_refuses_is_left_out_and_logged_by_place_only(
    demo_store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    demo_store.save_answer(
        "demo-amara",
        "trade_offs",
        {
            "items": [
                {"id": "relocation", "own": False, "acceptability": "fine"},
                {"id": "managing_team", "own": False, "acceptability": "hard"},
            ]
        },
    )
    content = _changed_content(tmp_path / "content")

    ctx = load_context(demo_store, "demo-amara", content)

    kept = ctx.answers["trade_offs"]
    assert [item.id for item in kept.items] == ["managing_team"]  # type: ignore[attr-defined]
    assert "left out items 0 of trade_offs" in caplog.text
    assert "relocation" not in caplog.text, "the log names the place, never the value"


def test_stored_text_is_still_cleaned_of_control_characters(demo_store: Store) -> None:
    demo_store.save_answer(
        "demo-amara", "hopes_for_today", {"hopes": ["plan"], "in_my_words": "A\x00 B\x1b[2J C\x07"}
    )
    page = _whole_report(demo_store, "demo-amara", load_content())
    assert "A B[2J C" in page
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", page)


def test_an_answer_of_the_wrong_shape_still_fails_with_the_exercise_named(
    demo_store: Store,
) -> None:
    demo_store.save_answer("demo-amara", "mood_check_in", {"emotions": "not a list"})
    with pytest.raises(AnswerError) as caught:
        load_context(demo_store, "demo-amara", load_content())
    assert caught.value.exercise_id == "mood_check_in"


def test_the_cover_says_the_day_the_report_was_made_for(demo_store: Store) -> None:
    ctx = load_context(demo_store, "demo-chen", load_content(), report_date=date(2031, 1, 2))
    assert ctx.generated_on == date(2031, 1, 2)
    assert "02 January 2031" in cover_html(ctx)


def test_the_report_template_takes_the_report_date_as_a_parameter() -> None:
    notebook = nbformat.read(PARTICIPANT_TEMPLATE, as_version=4)
    parameters = next(
        cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])
    )
    assert "report_date" in parameters.source
    assert "report_date" in "".join(cell.source for cell in notebook.cells[2:])

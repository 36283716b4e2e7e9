"""Step 00 answer models: what may be stored, and the sentences people see when it may not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kit.core.content import Content
from kit.core.workspace import content_dir
from kit.errors import AnswerError
from kit.steps import parse_answer
from kit.steps.page import open_step
from kit.workbook.notice import Notice


def test_an_emotion_word_outside_the_vocabulary_is_refused(content: Content) -> None:
    with pytest.raises(AnswerError, match="'meh' is not in the emotion vocabulary"):
        parse_answer("mood_check_in", {"emotions": [{"word": "meh"}]}, content)


def test_family_and_intensity_come_from_the_vocabulary_not_the_caller(content: Content) -> None:
    answer = parse_answer(
        "mood_check_in", {"emotions": [{"word": "rage", "family": "joy", "intensity": 1}]}, content
    )
    assert answer.model_dump()["emotions"] == [{"word": "rage", "family": "anger", "intensity": 3}]


def test_one_word_per_emotion_family_the_last_one_wins(content: Content) -> None:
    answer = parse_answer(
        "mood_check_in", {"emotions": [{"word": "anger"}, {"word": "annoyance"}]}, content
    )
    assert [e["word"] for e in answer.model_dump()["emotions"]] == ["annoyance"]


def test_unknown_options_and_fields_are_refused(content: Content) -> None:
    with pytest.raises(AnswerError, match="'fired' is not one of the choices"):
        parse_answer("situation", {"kind": "fired"}, content)
    with pytest.raises(AnswerError, match="not part of the exercise"):
        parse_answer("situation", {"kind": "other", "salary": 1}, content)


def test_free_text_is_trimmed_and_control_characters_removed(content: Content) -> None:
    answer = parse_answer("hopes_for_today", {"in_my_words": "  a plan\x00\x07 \n"}, content)
    assert answer.model_dump()["in_my_words"] == "a plan"


def test_hopes_are_kept_once_each_in_order(content: Content) -> None:
    answer = parse_answer("hopes_for_today", {"hopes": ["plan", "decide", "plan"]}, content)
    assert answer.model_dump()["hopes"] == ["plan", "decide"]


def test_a_broken_content_file_shows_a_notice_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(content_dir(), data)
    (data / "steps.toml").write_text("[[step]]\nid = 'x'\n", encoding="utf-8")
    monkeypatch.setenv("NEXTROUND_CONTENT", str(data))
    step = open_step("00_check_in")
    assert isinstance(step, Notice)
    assert "steps.toml" in step.text and "title" in step.text

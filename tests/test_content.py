from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kit.core.content import Content, load_content
from kit.core.workspace import content_dir
from kit.errors import ContentError
from kit.steps import check_all_content


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(content_dir(), copy)
    return copy


def test_shipped_content_is_valid_and_complete() -> None:
    content = load_content()
    check_all_content(content)
    assert [step.number for step in content.ordered_steps()] == list(range(8))
    # Three hours: the steps, 10 minutes to join, two 10-minute breaks and about 10% slack.
    steps = sum(step.timebox_minutes for step in content.steps.values() if step.in_session)
    assert 10 + steps + 2 * 10 + 0.1 * 180 <= 180
    assert len(content.emotion_families) == 8
    assert all(len(family.words) == 3 for family in content.emotion_families)
    assert {e.intensity for e in content.emotions.values()} == {1, 2, 3}


def test_a_missing_field_names_the_file_the_entry_and_the_field(data_copy: Path) -> None:
    path = data_copy / "exercises" / "00_check_in.toml"
    path.write_text(path.read_text().replace('title = "What happened"\n', ""), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(data_copy)
    assert caught.value.path == path
    assert caught.value.entry == "exercise 'situation'"
    assert "title" in caught.value.problem


def test_every_problem_is_reported_at_once(data_copy: Path) -> None:
    steps = data_copy / "steps.toml"
    steps.write_text(
        steps.read_text().replace("timebox_minutes = 15", "timebox_minutes = -5"), encoding="utf-8"
    )
    exercises = data_copy / "exercises" / "00_check_in.toml"
    exercises.write_text(
        exercises.read_text().replace("group_fields", "group_feilds", 1), encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        load_content(data_copy)
    message = str(caught.value)
    assert "steps.toml, step '00_check_in': timebox_minutes" in message
    assert "group_feilds: unknown field (check the spelling)" in message
    assert len(caught.value.others) == 1


def test_broken_toml_syntax_is_reported_with_its_line(data_copy: Path) -> None:
    path = data_copy / "vocabularies" / "emotions.toml"
    path.write_text(path.read_text() + "\n[[family]\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"emotions.toml: not valid TOML: .*line"):
        load_content(data_copy)


def test_a_file_saved_in_another_encoding_says_to_save_as_utf8(data_copy: Path) -> None:
    path = data_copy / "steps.toml"
    path.write_bytes(path.read_text().replace("Check-in", "Café check-in").encode("cp1252"))
    with pytest.raises(ContentError, match="save it as UTF-8"):
        load_content(data_copy)


def test_exercises_for_an_unknown_step_are_rejected(data_copy: Path) -> None:
    path = data_copy / "exercises" / "00_check_in.toml"
    path.write_text(
        path.read_text().replace('step = "00_check_in"', 'step = "00_chek_in"'), encoding="utf-8"
    )
    with pytest.raises(ContentError, match="'00_chek_in' is not a step id"):
        load_content(data_copy)


def test_an_exercise_without_the_options_its_widget_needs_is_named(data_copy: Path) -> None:
    path = data_copy / "exercises" / "00_check_in.toml"
    text = path.read_text()
    start = text.index("[[exercise.options.hopes]]")
    path.write_text(text[:start], encoding="utf-8")
    with pytest.raises(ContentError, match=r"exercise 'hopes_for_today'.*options.hopes"):
        check_all_content(load_content(data_copy))


def test_an_emotion_word_used_twice_is_rejected(data_copy: Path) -> None:
    path = data_copy / "vocabularies" / "emotions.toml"
    path.write_text(path.read_text().replace('word = "rage"', 'word = "anger"'), encoding="utf-8")
    with pytest.raises(ContentError, match="word 'anger' twice"):
        load_content(data_copy)


def test_a_path_tag_nobody_can_have_is_named_with_its_exercise(data_copy: Path) -> None:
    path = data_copy / "exercises" / "02_feedback.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('not_for = ["screened_out"]', 'not_for = ["screend_out"]', 1))
    with pytest.raises(ContentError) as caught:
        load_content(data_copy)
    assert caught.value.path == path and caught.value.entry == "exercise 'feedback_whom'"
    assert "'screend_out' is not a situation kind, a stage" in caught.value.problem


def test_every_kind_of_situation_has_a_sentence_on_what_it_means(content: Content) -> None:
    situation = content.exercise("situation")
    for kind in situation.option_values("kind"):
        assert situation.prompt(f"path_{kind}"), kind

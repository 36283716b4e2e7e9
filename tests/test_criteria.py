"""Criteria for the options matrix, drawn from answers; the values vocabulary; the agenda."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from kit.core.content import Content, load_content
from kit.core.workspace import content_dir
from kit.errors import ContentError
from kit.steps import parse_answer
from kit.steps.manager_conversation.agenda import (
    agenda_items,
    agenda_text,
    opening,
    suggested_opening,
)
from kit.steps.manager_conversation.answers import ManagerAgendaAnswer
from kit.steps.position.decision import score_options
from kit.steps.position.matrix import (
    build_matrix,
    explain,
    position_answers_from_values,
    scale_position,
    signed,
    summarise_feedback,
)
from kit.steps.position.values import DECISION_OPTIONS, clear_cache, load_values


def _matrix(content: Content, **values: Any):  # type: ignore[no-untyped-def]
    return build_matrix(position_answers_from_values(values, content), content)


def test_scale_positions_run_from_plus_one_to_minus_one(content: Content) -> None:
    fit = content.exercise("role_fit")
    assert [scale_position(fit, "fit", v) for v in fit.option_values("fit")] == [
        1.0,
        0.5,
        0.0,
        -0.5,
        -1.0,
    ]
    odds = content.exercise("take_stock")
    assert [scale_position(odds, "odds", v) for v in ("good", "fair", "slim")] == [1.0, 0.0, -1.0]
    assert scale_position(odds, "odds", "dont_know") is None
    assert scale_position(odds, "odds", None) is None


def test_with_no_answers_the_matrix_is_empty_and_says_what_is_missing(content: Content) -> None:
    matrix = _matrix(content)
    assert matrix.criteria == ()
    missing = " ".join(matrix.missing)
    for expected in ("step 02", "trade-off", "values", "stock-take", "fits your goals"):
        assert expected in missing
    outcome = score_options(matrix.options, matrix.criteria, {})
    assert explain(outcome, {}, content.exercise("option_weights")) == [
        content.exercise("option_weights").prompt("nothing_yet")
    ]


def test_answers_become_scaled_criteria(content: Content) -> None:
    matrix = _matrix(
        content,
        role_fit={"fit": "very_well", "happy": "unhappy"},
        take_stock={"odds": "dont_know", "path_here": "no"},
    )
    by_id = {c.id: c for c in matrix.criteria}
    assert by_id["fit"].ratings == {
        "go_again": 2,
        "redirect": -1,
        "prepare_to_leave": -1,
        "look_now": -1,
    }
    assert by_id["happy"].ratings == {
        "go_again": -2,
        "redirect": 0,
        "prepare_to_leave": 1,
        "look_now": 1,
    }
    assert by_id["path_here"].ratings["look_now"] == 2
    assert "odds" not in by_id and any("don't know" in text for text in matrix.missing)
    assert by_id["fit"].why == "You said: Very well: it is a real step towards where I want to be"


def test_trade_offs_average_their_acceptability(content: Content) -> None:
    matrix = _matrix(
        content,
        trade_offs={
            "items": [
                {"id": "relocation", "acceptability": "deal_breaker"},
                {"id": "own1", "own": True, "text": "Travel", "acceptability": "fine"},
                {"id": "personal_time"},
            ]
        },
    )
    trade = next(c for c in matrix.criteria if c.id == "trade_offs")
    assert trade.ratings["go_again"] == 0.0  # (-1 + 1) / 2 = 0
    assert "2 rated" in trade.why and "Moving to another city" in trade.why


def test_feedback_from_step_02_is_read_by_the_contract_fields_only(content: Content) -> None:
    feedback = {
        "items": [
            {"id": "f1", "text": "Great with clients", "category": "strength"},
            {
                "id": "f2",
                "text": "SQL",
                "category": "gap",
                "gap_kind": "skill",
                "onet_skill": "2.A.1.a",
                "action": "course",
            },
            {"id": "f3", "text": "Budgets", "category": "gap", "gap_kind": "experience"},
            {"id": "f4", "text": "Quiet in meetings", "category": "trait", "workaround": "prepare"},
            {"id": "f5", "text": "Not sorted yet", "category": None},
            "garbage",
            {"category": "something new"},
        ]
    }
    summary = summarise_feedback(feedback)
    assert summary is not None
    assert (summary.strengths, summary.gaps, summary.traits, summary.unsorted) == (1, 2, 1, 2)
    criterion = next(
        c for c in _matrix(content, feedback_sort=feedback).criteria if c.id == "feedback"
    )
    # 2 of 3 points needing work are gaps: position 2*2/3 - 1 = 1/3
    assert criterion.ratings["go_again"] == pytest.approx(2 / 3, abs=1e-3)
    assert "2 of 3" in criterion.why


@pytest.mark.parametrize(
    "raw", [None, {}, {"items": "nope"}, {"items": [{"category": None}]}, ["items"], "x"]
)
def test_missing_or_malformed_feedback_counts_as_not_there(raw: object, content: Content) -> None:
    assert summarise_feedback(raw) is None
    assert any("step 02" in text for text in _matrix(content, feedback_sort=raw).missing)


def test_top_values_with_a_leaning_become_criteria_that_start_as_a_lens(content: Content) -> None:
    matrix = _matrix(content, values_sort={"top": ["stability", "honesty", "adventure", "growth"]})
    ids = [c.id for c in matrix.criteria]
    assert ids == ["value_stability", "value_adventure", "value_growth"], "honesty fits any option"
    assert matrix.default_weights == {"value_stability": 1, "value_adventure": 1, "value_growth": 1}
    assert matrix.criteria[0].ratings == {
        "go_again": 1,
        "redirect": 1,
        "prepare_to_leave": -1,
        "look_now": -2,
    }
    assert matrix.weights_from({"value_growth": 0, "gone": 3}) == {
        "value_stability": 1,
        "value_adventure": 1,
        "value_growth": 0,
    }


def test_explanations_for_a_tie_and_for_no_weight(content: Content) -> None:
    words = content.exercise("option_weights")
    labels = {o.value: o.label for o in words.options["decision"]}
    matrix = _matrix(content, take_stock={"manager_values": "yes"})
    tie = score_options(("go_again", "prepare_to_leave"), list(matrix.criteria), {})
    assert explain(tie, labels, words) == [words.prompt("no_weight")]
    flat = matrix.criteria[0].__class__("flat", "flat", {"go_again": 1, "redirect": 1})
    tied = score_options(DECISION_OPTIONS, [flat], {"flat": 2})
    assert (
        "Go for it again here and Redirect to another path here" in explain(tied, labels, words)[0]
    )


def test_signed_numbers_for_people() -> None:
    assert [signed(x) for x in (4.0, -1.25, 0.0, -0.0001, 10 / 3)] == [
        "+4",
        "-1.2",
        "0",
        "0",
        "+3.3",
    ]


# -- the values vocabulary ------------------------------------------------------------------


def test_the_values_card_sort_ships_with_attribution(content: Content) -> None:
    vocabulary = load_values(content)
    assert len(vocabulary.values) == 83
    assert "Miller" in vocabulary.source and "public domain" in vocabulary.source
    assert all(value.description for value in vocabulary.values)
    assert {value.leaning for value in vocabulary.values} == {"", "steady", "climb", "grow", "move"}


def test_a_broken_values_file_names_the_entry_to_fix(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(content_dir(), copy)
    path = copy / "vocabularies" / "values.toml"
    path.write_text(
        path.read_text().replace('leaning = "move"', 'leaning = "wander"', 1), encoding="utf-8"
    )
    clear_cache()
    with pytest.raises(ContentError, match=r"value 'adventure'.*leaning 'wander' is not defined"):
        load_values(load_content(copy))
    path.unlink()
    clear_cache()
    with pytest.raises(ContentError, match="file is missing"):
        load_values(load_content(copy))
    clear_cache()


# -- the agenda -----------------------------------------------------------------------------


def _agenda(content: Content, **fields: Any) -> ManagerAgendaAnswer:
    answer = parse_answer("manager_agenda", fields, content)
    assert isinstance(answer, ManagerAgendaAnswer)
    return answer


def test_the_agenda_follows_the_answers_and_always_ends_with_next_steps(content: Content) -> None:
    words = content.exercise("manager_agenda")
    empty = _agenda(content)
    assert agenda_items(empty, words) == [words.prompt("item_next")]
    full = _agenda(
        content,
        goal="Two projects",
        asks=["represent_team", "write_internally"],
        other_asks="Run the demo day",
        candid_read=True,
        holding_back=["reputation", "something_else"],
        holding_back_other="my accent, I fear",
        asset="Take the reporting off your plate",
    )
    items = agenda_items(full, words)
    assert items[0] == "What I hope we agree today: Two projects"
    assert "represent the team in meetings" in items[1] and "Run the demo day" in items[1]
    assert items[2] == words.prompt("item_candid")
    assert items[3].endswith("reputation; and my accent, I fear")
    assert len(items) == 6 and items[-1] == words.prompt("item_next")
    assert agenda_text(full, words).splitlines()[2].startswith("1. ")
    script = suggested_opening(full, words)
    assert (
        "two projects" in script
        and "honest read" in script
        and script.endswith(words.prompt("opening_end"))
    )


def test_short_lists_read_as_plain_english(content: Content) -> None:
    words = content.exercise("manager_agenda")
    answer = _agenda(content, holding_back=["relationships", "reputation", "initiative"])
    assert agenda_items(answer, words)[0].endswith(": relationships, reputation and initiative")


def test_an_own_opening_wins_over_the_suggested_one(content: Content) -> None:
    words = content.exercise("manager_agenda")
    assert opening(_agenda(content, goal="X", script="In my words."), words) == "In my words."
    assert opening(_agenda(content, goal="QA lead"), words).count("QA lead") == 1

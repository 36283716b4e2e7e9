"""The SMART checker: each letter met or missed for the right reason, with a hint when missed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kit.steps.plan.smart import check_goal

TODAY = date(2026, 11, 20)
GOOD = "Present our team's quarterly results to the leadership group twice before March"


def test_a_goal_that_meets_every_letter_has_no_hints() -> None:
    check = check_goal(
        GOOD, TODAY + timedelta(days=80), "short", TODAY, why="So the panel sees my work"
    )
    assert check.complete and check.met == "SMART" and check.hints == []


@pytest.mark.parametrize(
    ("text", "letter"),
    [
        ("Be better", "S"),
        ("Improve at work", "S"),
        ("Get more comfortable speaking up in meetings with senior people", "M"),
        ("Always answer every email from my director perfectly within the hour", "A"),
        ("Get promoted to team lead by showing three finished projects", "A"),
    ],
)
def test_a_vague_or_unrealistic_goal_misses_the_letter(text: str, letter: str) -> None:
    check = check_goal(text, TODAY + timedelta(days=30), "short", TODAY, why="it matters")
    missed = {c.letter for c in check.letters if not c.met}
    assert letter in missed
    assert check.hints, "a missed letter comes with a hint"


def test_get_promoted_gets_the_in_your_hands_hint() -> None:
    check = check_goal(
        "Get promoted to team lead within a year, after two projects", None, "long", TODAY
    )
    achievable = next(c for c in check.letters if c.letter == "A")
    assert not achievable.met and "in your hands" in achievable.hint


def test_relevance_comes_from_a_reason_or_from_the_persons_own_words() -> None:
    text = "Finish the budgeting certificate and use it on two forecasts"
    assert not check_goal(text, None, "short", TODAY).letters[3].met
    assert check_goal(text, None, "short", TODAY, why="the panel asked for it").letters[3].met
    assert (
        check_goal(text, None, "short", TODAY, context_words=frozenset({"budgeting"}))
        .letters[3]
        .met
    )


def test_time_bound_needs_a_date_within_the_horizon() -> None:
    no_date = check_goal(GOOD, None, "short", TODAY, why="x").letters[4]
    assert not no_date.met and "date" in no_date.hint
    too_far_short = check_goal(GOOD, TODAY + timedelta(days=200), "short", TODAY, why="x").letters[
        4
    ]
    assert not too_far_short.met and "three months" in too_far_short.hint
    long_ok = check_goal(GOOD, TODAY + timedelta(days=600), "long", TODAY, why="x").letters[4]
    assert long_ok.met
    too_far_long = check_goal(GOOD, TODAY + timedelta(days=900), "long", TODAY, why="x").letters[4]
    assert not too_far_long.met and "two years" in too_far_long.hint


def test_letters_are_in_smart_order_and_hostile_text_does_not_break_the_check() -> None:
    check = check_goal("<script>alert(1)</script> " * 50, None, "short", TODAY)
    assert [c.letter for c in check.letters] == list("SMART")
    assert check_goal("", None, "short", TODAY).met == ""

"""The options matrix scoring, checked against cases worked out by hand."""

from __future__ import annotations

import pytest

from kit.steps.position.decision import Criterion, score_options

AB = ("a", "b")


def test_weighted_sum_by_hand() -> None:
    # a: 3*(+2) + 1*(-1) = 5;  b: 3*(-1) + 1*(+2) = -1  -> a, by 6 of a possible 16 (not narrow)
    criteria = [
        Criterion("c1", "one", {"a": 2, "b": -1}),
        Criterion("c2", "two", {"a": -1, "b": 2}),
    ]
    outcome = score_options(AB, criteria, {"c1": 3, "c2": 1})
    assert outcome.scores == {"a": 5.0, "b": -1.0}
    assert outcome.status == "suggested" and outcome.suggested == "a" and outcome.leaders == ("a",)
    assert outcome.margin == 6.0 and not outcome.narrow


def test_changing_the_weights_changes_the_suggestion() -> None:
    # a: 1*2 + 3*(-1) = -1;  b: 1*(-1) + 3*2 = 5
    criteria = [
        Criterion("c1", "one", {"a": 2, "b": -1}),
        Criterion("c2", "two", {"a": -1, "b": 2}),
    ]
    outcome = score_options(AB, criteria, {"c1": 1, "c2": 3})
    assert outcome.scores == {"a": -1.0, "b": 5.0} and outcome.suggested == "b"


def test_all_weights_zero_gives_no_suggestion() -> None:
    criteria = [Criterion("c1", "one", {"a": 2, "b": -2})]
    outcome = score_options(AB, criteria, {"c1": 0})
    assert outcome.status == "no_weight" and outcome.suggested is None and outcome.leaders == ()
    assert outcome.scores == {"a": 0.0, "b": 0.0}


def test_missing_weights_count_as_zero() -> None:
    outcome = score_options(AB, [Criterion("c1", "one", {"a": 2})], {})
    assert outcome.status == "no_weight"


def test_no_criteria_gives_no_suggestion() -> None:
    outcome = score_options(AB, [], {"c1": 3})
    assert outcome.status == "no_criteria" and outcome.suggested is None


def test_a_tie_at_the_top_is_reported_not_broken() -> None:
    # a: 2*1 + 1*2 = 4;  b: 2*2 + 1*0 = 4;  c: 2*0 + 1*1 = 1
    criteria = [
        Criterion("c1", "one", {"a": 1, "b": 2, "c": 0}),
        Criterion("c2", "two", {"a": 2, "b": 0, "c": 1}),
    ]
    outcome = score_options(("a", "b", "c"), criteria, {"c1": 2, "c2": 1})
    assert outcome.scores == {"a": 4.0, "b": 4.0, "c": 1.0}
    assert outcome.status == "tie" and outcome.leaders == ("a", "b") and outcome.suggested is None


def test_fractional_scores_that_are_equal_count_as_a_tie() -> None:
    criteria = [
        Criterion("c1", "one", {"a": 0.1, "b": 0.3}),
        Criterion("c2", "two", {"a": 0.2, "b": 0.0}),
    ]
    outcome = score_options(AB, criteria, {"c1": 1, "c2": 1})
    assert outcome.status == "tie"


def test_a_lead_under_a_tenth_of_the_spread_is_narrow() -> None:
    # weights 2+2 -> spread 16; a: 2*2 + 2*(-1) = 2, b: 2*1 + 2*0 = 2... make a lead of 1:
    # a: 2*2 + 2*(-0.5) = 3;  b: 2*1 + 2*0 = 2  -> margin 1 < 1.6
    criteria = [
        Criterion("c1", "one", {"a": 2, "b": 1}),
        Criterion("c2", "two", {"a": -0.5, "b": 0}),
    ]
    outcome = score_options(AB, criteria, {"c1": 2, "c2": 2})
    assert outcome.suggested == "a" and outcome.margin == 1.0 and outcome.narrow


def test_contributions_explain_the_score_biggest_first() -> None:
    criteria = [
        Criterion("small", "small", {"a": 1}),
        Criterion("big", "big", {"a": 2}),
        Criterion("against", "against", {"a": -1}),
        Criterion("nothing", "nothing", {"a": 0}),
    ]
    outcome = score_options(("a",), criteria, {"small": 1, "big": 3, "against": 2, "nothing": 3})
    assert outcome.scores["a"] == 1 + 6 - 2
    assert [(c.criterion.id, c.points) for c in outcome.for_option("a")] == [
        ("big", 6.0),
        ("against", -2.0),
        ("small", 1.0),
    ]


def test_an_option_without_a_rating_scores_zero_on_that_criterion() -> None:
    outcome = score_options(AB, [Criterion("c1", "one", {"a": 1})], {"c1": 2})
    assert outcome.scores == {"a": 2.0, "b": 0.0}


@pytest.mark.parametrize(
    ("criteria", "weights", "message"),
    [
        ([Criterion("c1", "one", {"a": 1})], {"c1": -1}, "cannot be negative"),
        ([Criterion("c1", "one", {"a": 3})], {"c1": 1}, "from -2 to \\+2"),
    ],
)
def test_impossible_inputs_are_refused(
    criteria: list[Criterion], weights: dict[str, int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        score_options(AB, criteria, weights)


def test_there_must_be_options() -> None:
    with pytest.raises(ValueError, match="at least one option"):
        score_options((), [], {})

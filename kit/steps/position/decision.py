"""The weighted options matrix: which option do a person's own answers point to, and why.

A classic decision matrix, kept small so anyone can check it by hand:

* each **criterion** rates every option from -2 (works against it) to +2 (serves it well);
* the person gives each criterion a **weight** from 0 (does not matter to me) upwards;
* an option's **score** is the sum over criteria of weight × rating;
* the **suggestion** is the option with the highest score, when exactly one option has it.

There is deliberately no suggestion when every weight is zero (nothing was weighed), when there
are no criteria, or when the top options tie: the matrix then says so instead of picking one by
an arbitrary rule. The suggestion is only ever a prompt for the person's own decision.

Pure functions over plain values: no store, no widgets, no content files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MIN_RATING, MAX_RATING = -2.0, 2.0
#: Scores closer than this count as equal (weights and ratings may be fractional).
TIE_TOLERANCE = 1e-9
#: A lead smaller than this share of the largest possible spread is called "narrow".
NARROW_SHARE = 0.1


@dataclass(frozen=True)
class Criterion:
    """One thing that matters in the decision, with a rating for each option.

    ``why`` says in plain words where the ratings came from (which answer, which value), so
    the explanation can point back to what the person said.
    """

    id: str
    label: str
    ratings: Mapping[str, float]
    why: str = ""

    def rating(self, option: str) -> float:
        return float(self.ratings.get(option, 0.0))


@dataclass(frozen=True)
class Contribution:
    """How much one criterion added to (or took from) one option's score."""

    criterion: Criterion
    weight: float
    points: float


@dataclass(frozen=True)
class Outcome:
    """The scored matrix. ``status`` is one of:

    ``"suggested"``: one option leads (``suggested`` names it);
    ``"tie"``: two or more options share the top score (``leaders`` names them);
    ``"no_weight"``: every weight is zero, so nothing was weighed;
    ``"no_criteria"``: there is nothing to weigh yet.
    """

    status: str
    scores: dict[str, float]
    leaders: tuple[str, ...]
    suggested: str | None
    margin: float
    narrow: bool
    contributions: dict[str, tuple[Contribution, ...]]

    def for_option(self, option: str) -> tuple[Contribution, ...]:
        """The criteria behind ``option``'s score, biggest effect first, zero effects left out."""
        return self.contributions.get(option, ())


def score_options(
    options: Sequence[str], criteria: Sequence[Criterion], weights: Mapping[str, float]
) -> Outcome:
    """Score every option; ``weights`` maps criterion ids to weights (missing ids weigh 0).

    Raises ``ValueError`` for a negative weight or a rating outside -2..+2, since either would
    make the arithmetic mean something other than what the person was told.
    """
    if not options:
        raise ValueError("there must be at least one option to score")
    for criterion in criteria:
        for option, rating in criterion.ratings.items():
            if not MIN_RATING <= rating <= MAX_RATING:
                raise ValueError(
                    f"criterion {criterion.id!r} rates {option!r} {rating}; ratings go from -2 to +2"
                )
    for criterion_id, weight in weights.items():
        if weight < 0:
            raise ValueError(
                f"the weight of {criterion_id!r} is {weight}; weights cannot be negative"
            )

    scores = dict.fromkeys(options, 0.0)
    contributions: dict[str, list[Contribution]] = {option: [] for option in options}
    total_weight = 0.0
    for criterion in criteria:
        weight = float(weights.get(criterion.id, 0))
        total_weight += weight
        for option in options:
            points = weight * criterion.rating(option)
            scores[option] += points
            if points:
                contributions[option].append(Contribution(criterion, weight, points))
    ordered = {
        option: tuple(sorted(found, key=lambda c: (-abs(c.points), c.criterion.id)))
        for option, found in contributions.items()
    }

    if not criteria:
        return Outcome("no_criteria", scores, (), None, 0.0, False, ordered)
    if total_weight == 0:
        return Outcome("no_weight", scores, (), None, 0.0, False, ordered)
    best = max(scores.values())
    leaders = tuple(option for option in options if best - scores[option] <= TIE_TOLERANCE)
    if len(leaders) > 1:
        return Outcome("tie", scores, leaders, None, 0.0, True, ordered)
    runner_up = max(
        (score for option, score in scores.items() if option != leaders[0]), default=best
    )
    margin = best - runner_up
    spread = total_weight * (MAX_RATING - MIN_RATING)
    return Outcome(
        "suggested", scores, leaders, leaders[0], margin, margin < NARROW_SHARE * spread, ordered
    )

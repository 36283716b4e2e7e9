"""The rows of a person's options matrix, drawn from their own answers in steps 02 and 03.

Each answer becomes a ``kit.steps.position.decision.Criterion`` through a *profile*: the ratings (-2..+2) the
options get when the answer is at its most positive end. The answer's place on its scale
(first option +1, middle 0, last -1, in the order the content file lists them) scales the
profile, so "fits very well" favours going again and "fits not at all" turns that around.
Which options are weighed depends on the person's path: a no from one's own organisation
weighs going again, redirecting, preparing to leave and looking now; a no from another
organisation weighs applying elsewhere, applying there again, staying to grow and rethinking
the target (the offered ``decision`` options of ``option_weights``).
Values come in through their leaning in ``data/vocabularies/values.toml``, as a lens rather
than votes: each starts at weight 1 ("a little"), never more than a stock-take answer, so
by default no single value outweighs what the person knows about their position. Step 02's
``feedback_sort`` answer is read raw and defensively (only the contract fields), because
step 02 may not have been done yet, or may have been done with older content.

Nothing here touches widgets; the store is read only by ``position_answers_from_store``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kit.core.content import Content, ExerciseContent
from kit.core.store import Revision, Store
from kit.errors import NextRoundError
from kit.steps.position.answers import (
    RoleFitAnswer,
    TakeStockAnswer,
    TradeOffsAnswer,
    ValuesSortAnswer,
)
from kit.steps.position.decision import Criterion, Outcome
from kit.steps.position.values import INTERNAL_OPTIONS, load_values
from kit.workbook.answers import Answer

FEEDBACK_EXERCISE = "feedback_sort"
MATRIX_EXERCISE = "option_weights"
STEP_EXERCISES = ("role_fit", "trade_offs", "values_sort", "take_stock")

#: Ratings per option when an answer is at the positive end of its scale, for a no from one's
#: own organisation (and the general path).
INTERNAL_PROFILES: dict[str, dict[str, float]] = {
    "fit": {"go_again": 2, "redirect": -1, "prepare_to_leave": -1, "look_now": -1},
    "happy": {"go_again": 2, "redirect": 0, "prepare_to_leave": -1, "look_now": -1},
    "trade_offs": {"go_again": 2, "redirect": -1, "prepare_to_leave": 0, "look_now": -1},
    "know_why": {"go_again": 2, "redirect": 1, "prepare_to_leave": 0, "look_now": -1},
    "odds": {"go_again": 2, "redirect": 0, "prepare_to_leave": -1, "look_now": -2},
    "manager_values": {"go_again": 1, "redirect": 2, "prepare_to_leave": -1, "look_now": -2},
    "path_here": {"go_again": 1, "redirect": 2, "prepare_to_leave": -1, "look_now": -2},
    "feedback": {"go_again": 2, "redirect": 0, "prepare_to_leave": 0, "look_now": -1},
}
#: The same for a no from another organisation: "the role" is the one at that employer, the
#: odds are with that employer, and the manager and the path are where one is now.
EXTERNAL_PROFILES: dict[str, dict[str, float]] = {
    "fit": {
        "apply_elsewhere": 1,
        "apply_there_again": 2,
        "stay_and_grow": -1,
        "rethink_target": -2,
    },
    "happy": {
        "apply_elsewhere": 1,
        "apply_there_again": 2,
        "stay_and_grow": 0,
        "rethink_target": -1,
    },
    "trade_offs": {
        "apply_elsewhere": 1,
        "apply_there_again": 1,
        "stay_and_grow": -1,
        "rethink_target": -1,
    },
    "know_why": {
        "apply_elsewhere": 1,
        "apply_there_again": 2,
        "stay_and_grow": 0,
        "rethink_target": 0,
    },
    "odds": {
        "apply_elsewhere": 0,
        "apply_there_again": 2,
        "stay_and_grow": 0,
        "rethink_target": -1,
    },
    "manager_values": {
        "apply_elsewhere": -1,
        "apply_there_again": 0,
        "stay_and_grow": 2,
        "rethink_target": 0,
    },
    "path_here": {
        "apply_elsewhere": -1,
        "apply_there_again": -1,
        "stay_and_grow": 2,
        "rethink_target": 0,
    },
    "feedback": {
        "apply_elsewhere": 1,
        "apply_there_again": 2,
        "stay_and_grow": 0,
        "rethink_target": -1,
    },
}
PROFILES = {
    name: {**INTERNAL_PROFILES[name], **EXTERNAL_PROFILES[name]} for name in INTERNAL_PROFILES
}
DEFAULT_WEIGHT = 2
STOCK_TAKE_WEIGHTS = (("know_why", 1), ("odds", 2), ("manager_values", 2), ("path_here", 2))
"""The stock-take answers and their default weights."""
VALUE_WEIGHT = 1
"""Every value starts at "a little": a lens on the stock-take, never louder than any of it."""
UNKNOWN = "dont_know"


@dataclass(frozen=True)
class FeedbackSummary:
    """Counts from step 02's sorted feedback (contract fields only)."""

    strengths: int = 0
    skill_gaps: int = 0
    experience_gaps: int = 0
    unspecified_gaps: int = 0
    traits: int = 0
    unsorted: int = 0

    @property
    def gaps(self) -> int:
        return self.skill_gaps + self.experience_gaps + self.unspecified_gaps

    @property
    def needing_work(self) -> int:
        return self.gaps + self.traits

    @property
    def sorted_items(self) -> int:
        return self.strengths + self.needing_work


@dataclass(frozen=True)
class PositionAnswers:
    """What the matrix is built from; any part may be missing."""

    role_fit: RoleFitAnswer | None = None
    trade_offs: TradeOffsAnswer | None = None
    values: ValuesSortAnswer | None = None
    take_stock: TakeStockAnswer | None = None
    feedback: FeedbackSummary | None = None


@dataclass(frozen=True)
class PositionMatrix:
    """The criteria, their default weights, and what could not go in yet (in plain words)."""

    criteria: tuple[Criterion, ...]
    default_weights: dict[str, int]
    missing: tuple[str, ...]
    feedback: FeedbackSummary | None = None
    options: tuple[str, ...] = field(default=INTERNAL_OPTIONS)

    def weights_from(self, saved: Mapping[str, int] | None) -> dict[str, int]:
        """Saved weights where the person set them, defaults for criteria that are new."""
        saved = saved or {}
        return {c.id: int(saved.get(c.id, self.default_weights[c.id])) for c in self.criteria}


def summarise_feedback(raw: object) -> FeedbackSummary | None:
    """Count step 02's items by category; None when there is nothing sorted to count.

    Reads only ``items[].category`` and ``items[].gap_kind`` and skips anything malformed, so
    an answer from another version of step 02 can never break step 03.
    """
    items = raw.get("items") if isinstance(raw, Mapping) else None
    if not isinstance(items, list):
        return None
    counts = {"strength": 0, "skill": 0, "experience": 0, "gap": 0, "trait": 0, "unsorted": 0}
    for item in items:
        if not isinstance(item, Mapping):
            continue
        category = item.get("category")
        if category == "gap":
            kind = item.get("gap_kind")
            counts[kind if kind in ("skill", "experience") else "gap"] += 1
        elif category in ("strength", "trait"):
            counts[str(category)] += 1
        else:
            counts["unsorted"] += 1
    summary = FeedbackSummary(
        counts["strength"],
        counts["skill"],
        counts["experience"],
        counts["gap"],
        counts["trait"],
        counts["unsorted"],
    )
    return summary if summary.sorted_items else None


def scale_position(exercise: ExerciseContent, option_list: str, value: str | None) -> float | None:
    """+1 for the first option of a scale, -1 for the last, evenly between; None if unanswered.

    "I don't know" (``dont_know``) is not a point on the scale and also gives None.
    """
    if value is None or value == UNKNOWN:
        return None
    points = [v for v in exercise.option_values(option_list) if v != UNKNOWN]
    if value not in points:
        return None
    if len(points) == 1:
        return 1.0
    return 1.0 - 2.0 * points.index(value) / (len(points) - 1)


def scaled(
    profile: Mapping[str, float], position: float, options: Sequence[str] = INTERNAL_OPTIONS
) -> dict[str, float]:
    return {option: round(profile.get(option, 0.0) * position, 4) + 0.0 for option in options}


def matrix_options(words: ExerciseContent) -> tuple[str, ...]:
    """The options a path weighs: the offered ``decision`` options the matrix has profiles for."""
    known = set(PROFILES["fit"])
    return tuple(value for value in words.option_values("decision") if value in known)


def build_matrix(
    answers: PositionAnswers, content: Content, tags: Sequence[str] = ()
) -> PositionMatrix:
    """Turn a person's answers into criteria for the options their path (``tags``) weighs;
    say what is missing instead of guessing it."""
    words = content.exercise(MATRIX_EXERCISE).for_path(tags)
    options = matrix_options(words) or INTERNAL_OPTIONS
    criteria: list[Criterion] = []
    defaults: dict[str, int] = {}
    missing: list[str] = []

    def add(criterion_id: str, position: float, why: str, weight: int = DEFAULT_WEIGHT) -> None:
        label = words.prompt(f"criterion_{criterion_id}") or criterion_id.replace("_", " ")
        criteria.append(
            Criterion(criterion_id, label, scaled(PROFILES[criterion_id], position, options), why)
        )
        defaults[criterion_id] = weight

    def said(exercise_id: str, option_list: str, value: str) -> str:
        label = content.exercise(exercise_id).option_label(option_list, value)
        return (
            words.prompt("you_said").replace("{answer}", label)
            if words.prompt("you_said")
            else label
        )

    fit_content = content.exercise("role_fit")
    fit = answers.role_fit
    found_fit = False
    for name in ("fit", "happy"):
        value = getattr(fit, name) if fit else None
        position = scale_position(fit_content, name, value)
        if position is not None and value is not None:
            add(name, position, said("role_fit", name, value))
            found_fit = True
    if not found_fit:
        missing.append(words.prompt("missing_role_fit"))

    trade_content = content.exercise("trade_offs")
    rated = [
        item
        for item in (answers.trade_offs.items if answers.trade_offs else [])
        if item.acceptability
    ]
    if rated:
        positions = [
            scale_position(trade_content, "acceptability", item.acceptability) or 0.0
            for item in rated
        ]
        worst = min(
            rated,
            key=lambda item: (
                scale_position(trade_content, "acceptability", item.acceptability) or 0.0
            ),
        )
        name = worst.text if worst.own else trade_content.option_label("trade_offs", worst.id)
        why = f"{len(rated)} rated; the hardest: {name} ({trade_content.option_label('acceptability', worst.acceptability or '')})"
        add("trade_offs", sum(positions) / len(positions), why)
    else:
        missing.append(words.prompt("missing_trade_offs"))

    stock_content = content.exercise("take_stock")
    stock = answers.take_stock
    found_stock = False
    for name, weight in STOCK_TAKE_WEIGHTS:
        value = getattr(stock, name) if stock else None
        position = scale_position(stock_content, name, value)
        if position is not None and value is not None:
            add(name, position, said("take_stock", name, value), weight)
            found_stock = True
        elif name == "odds" and value == UNKNOWN:
            missing.append(words.prompt("missing_odds"))
    if not found_stock:
        missing.append(words.prompt("missing_take_stock"))

    feedback = answers.feedback
    if feedback is None:
        missing.append(words.prompt("missing_feedback"))
    elif feedback.needing_work:
        position = 2.0 * feedback.gaps / feedback.needing_work - 1.0
        why = (
            words.prompt("feedback_said")
            .replace("{closable}", str(feedback.gaps))
            .replace("{needing_work}", str(feedback.needing_work))
        )
        add("feedback", position, why)
    else:
        add(
            "feedback",
            1.0,
            words.prompt("feedback_strengths_only").replace("{strengths}", str(feedback.strengths)),
        )

    vocabulary = load_values(content)
    top = answers.values.top if answers.values else []
    for rank, key in enumerate(top, start=1):
        leaning = vocabulary.leaning_of(key)
        if leaning is None:
            continue
        value_label = vocabulary.label(key)
        criterion_id = f"value_{key}"
        label = (words.prompt("criterion_value") or "{value}").replace("{value}", value_label)
        why = (
            (words.prompt("value_leans") or "{value} {leaning}")
            .replace("{value}", value_label)
            .replace("{leaning}", leaning.label)
            .replace("{rank}", str(rank))
        )
        ratings = {option: float(leaning.ratings.get(option, 0)) for option in options}
        criteria.append(Criterion(criterion_id, label, ratings, why))
        defaults[criterion_id] = VALUE_WEIGHT
    if not top:
        missing.append(words.prompt("missing_values"))

    return PositionMatrix(
        tuple(criteria), defaults, tuple(m for m in missing if m), feedback, options
    )


def position_answers_from_values(values: Mapping[str, Any], content: Content) -> PositionAnswers:
    """From raw answer values by exercise id (as stored); unreadable ones count as missing."""

    def typed(exercise_id: str, model: type[Answer]) -> Any:
        raw = values.get(exercise_id)
        if not isinstance(raw, Mapping):
            return None
        try:
            return model.parse(raw, content.exercise(exercise_id), content)
        except NextRoundError:
            return None

    return PositionAnswers(
        role_fit=typed("role_fit", RoleFitAnswer),
        trade_offs=typed("trade_offs", TradeOffsAnswer),
        values=typed("values_sort", ValuesSortAnswer),
        take_stock=typed("take_stock", TakeStockAnswer),
        feedback=summarise_feedback(values.get(FEEDBACK_EXERCISE)),
    )


def position_answers_from_store(
    store: Store, participant_id: str, content: Content
) -> PositionAnswers:
    """The latest step-02/03 answers of one person."""
    values = {}
    for exercise_id in (*STEP_EXERCISES, FEEDBACK_EXERCISE):
        revision = store.latest_answer(participant_id, exercise_id)
        if revision is not None:
            values[exercise_id] = revision.value
    return position_answers_from_values(values, content)


def position_answers_from_history(
    answers: Mapping[str, Any], history: Sequence[Revision]
) -> PositionAnswers:
    """The same, from a report context's typed answers and its revision history."""

    def typed(exercise_id: str, model: type[Answer]) -> Any:
        found = answers.get(exercise_id)
        return found if isinstance(found, model) else None

    feedback_raw = _latest_raw(history, FEEDBACK_EXERCISE)
    return PositionAnswers(
        role_fit=typed("role_fit", RoleFitAnswer),
        trade_offs=typed("trade_offs", TradeOffsAnswer),
        values=typed("values_sort", ValuesSortAnswer),
        take_stock=typed("take_stock", TakeStockAnswer),
        feedback=summarise_feedback(feedback_raw),
    )


def explain(
    outcome: Outcome, option_labels: Mapping[str, str], words: ExerciseContent, limit: int = 2
) -> list[str]:
    """Plain sentences: what the matrix suggests, what counted for and against it."""
    labels = [option_labels.get(option, option) for option in outcome.leaders]
    if outcome.status == "no_criteria":
        return [words.prompt("nothing_yet")]
    if outcome.status == "no_weight":
        return [words.prompt("no_weight")]
    if outcome.status == "tie":
        return [words.prompt("tie").replace("{options}", _and_list(labels))]
    assert outcome.suggested is not None
    sentences = [words.prompt("suggested").replace("{option}", labels[0])]
    if outcome.narrow:
        sentences.append(words.prompt("narrow"))
    contributions = outcome.for_option(outcome.suggested)
    ups = [c for c in contributions if c.points > 0][:limit]
    downs = [c for c in contributions if c.points < 0][:limit]
    if ups:
        sentences.append(
            f"{words.prompt('pushed_up')}: "
            + "; ".join(f"{c.criterion.label} ({signed(c.points)})" for c in ups)
            + "."
        )
    if downs:
        sentences.append(
            f"{words.prompt('pulled_down')}: "
            + "; ".join(f"{c.criterion.label} ({signed(c.points)})" for c in downs)
            + "."
        )
    return [s for s in sentences if s]


def signed(number: float) -> str:
    """A score for people: one decimal at most, always with its sign, no "-0"."""
    rounded = round(number, 1) + 0.0
    return f"{rounded:+g}" if rounded else "0"


def _and_list(items: Iterable[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _latest_raw(history: Sequence[Revision], exercise_id: str) -> Any:
    found = [revision for revision in history if revision.exercise_id == exercise_id]
    return found[-1].value if found else None

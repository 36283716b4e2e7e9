"""The SMART checker: does a goal say what, how much, whether it is in reach, why, and by when?

Pure functions with no widgets and no store, so the notebook, the report and the tests all
get the same verdict. The checks are deliberately simple word rules: they are prompts to
think, not grades, so every letter that is missed comes with a friendly hint saying what to
add rather than a score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

SHORT_HORIZON = timedelta(days=92)
"""A short-term goal is due within about three months."""
LONG_HORIZON = timedelta(days=731)
"""A long-term goal is due within about two years."""

_WORD = re.compile(r"[a-zA-Z'’]+|\d+")
_VAGUE_ONLY = {
    "better",
    "more",
    "improve",
    "improved",
    "good",
    "great",
    "stuff",
    "things",
    "work",
    "harder",
    "be",
    "get",
    "try",
    "to",
    "on",
    "at",
    "my",
    "a",
    "the",
    "and",
    "some",
    "of",
}
_NUMBER_WORDS = {
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "twelve",
    "twice",
    "once",
    "weekly",
    "monthly",
    "daily",
    "every",
    "each",
    "per",
    "half",
    "dozen",
}
_DONE_WORDS = {
    "finish",
    "finished",
    "complete",
    "completed",
    "pass",
    "passed",
    "certificate",
    "certified",
    "publish",
    "published",
    "present",
    "presented",
    "submit",
    "submitted",
    "deliver",
    "delivered",
    "launch",
    "launched",
    "ship",
    "shipped",
}
_ABSOLUTES = (
    "always",
    "never",
    "perfect",
    "perfectly",
    "100%",
    "every single",
    "everyone",
    "all of",
)
_NOT_MINE = (
    "get promoted",
    "be promoted",
    "get the promotion",
    "get the job",
    "be hired",
    "get hired",
    "be chosen",
    "be selected",
    "they will",
    "my manager will",
    "make them",
)
_RELEVANCE_WORDS = {
    "promotion",
    "role",
    "career",
    "lead",
    "manager",
    "team",
    "skill",
    "skills",
    "experience",
    "feedback",
    "visibility",
    "visible",
    "network",
    "mentor",
    "apply",
    "application",
    "job",
    "interview",
    "stakeholder",
    "stakeholders",
    "strength",
    "gap",
}


@dataclass(frozen=True)
class LetterCheck:
    """One SMART letter: met or not, and what to add when it is not."""

    letter: str
    name: str
    met: bool
    hint: str


@dataclass(frozen=True)
class SmartCheck:
    """The verdict on one goal, letter by letter, in S-M-A-R-T order."""

    letters: tuple[LetterCheck, ...]

    @property
    def met(self) -> str:
        """The letters met, e.g. ``"SMT"``."""
        return "".join(check.letter for check in self.letters if check.met)

    @property
    def complete(self) -> bool:
        return all(check.met for check in self.letters)

    @property
    def hints(self) -> list[str]:
        return [check.hint for check in self.letters if not check.met]


def words_of(text: str) -> list[str]:
    return [word.lower().replace("’", "'") for word in _WORD.findall(text)]


def check_goal(
    text: str,
    due: date | None,
    horizon: str,
    today: date,
    *,
    why: str = "",
    context_words: frozenset[str] = frozenset(),
) -> SmartCheck:
    """Check one goal against SMART.

    ``horizon`` is ``"short"`` (within three months) or ``"long"`` (within two years);
    ``context_words`` are words from the person's own plan (their role, their gaps) that make
    a goal relevant when it mentions them.
    """
    words = words_of(text)
    lowered = " ".join(words)
    return SmartCheck(
        (
            _specific(words),
            _measurable(words, text),
            _achievable(lowered, text),
            _relevant(words, why, context_words),
            _time_bound(due, horizon, today),
        )
    )


def _specific(words: list[str]) -> LetterCheck:
    meaningful = [word for word in words if word not in _VAGUE_ONLY]
    met = len(words) >= 5 and len(meaningful) >= 3
    return LetterCheck(
        "S",
        "Specific",
        met,
        "Say exactly what you will do, starting with a verb: “present our team's results at the"
        " quarterly review” rather than “be more visible”.",
    )


def _measurable(words: list[str], text: str) -> LetterCheck:
    has_number = any(character.isdigit() for character in text)
    met = has_number or any(word in _NUMBER_WORDS or word in _DONE_WORDS for word in words)
    return LetterCheck(
        "M",
        "Measurable",
        met,
        "Add how you will know it is done: a number (three conversations, two applications)"
        " or a finished thing (a certificate, a published post).",
    )


def _achievable(lowered: str, text: str) -> LetterCheck:
    absolute = any(phrase in lowered or phrase in text.lower() for phrase in _ABSOLUTES)
    not_mine = any(phrase in lowered for phrase in _NOT_MINE)
    hint = (
        "Aim at what is in your hands: what you will do, not what someone else decides"
        " (“apply for the next lead role” rather than “get promoted”)."
        if not_mine
        else "Make it something you can really do with the time you have; “always” and"
        " “perfect” set you up to miss."
    )
    return LetterCheck("A", "Achievable", bool(lowered) and not absolute and not not_mine, hint)


def _relevant(words: list[str], why: str, context_words: frozenset[str]) -> LetterCheck:
    mentions = set(words) & (_RELEVANCE_WORDS | {word.lower() for word in context_words})
    met = bool(why.strip()) or bool(mentions)
    return LetterCheck(
        "R",
        "Relevant",
        met,
        "Say why it matters: how it moves you towards the role or the path you chose"
        " (“why it matters to you” is enough).",
    )


def _time_bound(due: date | None, horizon: str, today: date) -> LetterCheck:
    if due is None:
        return LetterCheck(
            "T", "Time-bound", False, "Give it a date: a goal without one tends to wait."
        )
    limit = SHORT_HORIZON if horizon == "short" else LONG_HORIZON
    if due > today + limit:
        span = "three months" if horizon == "short" else "two years"
        return LetterCheck(
            "T",
            "Time-bound",
            False,
            f"This date is more than {span} away; bring it closer, or make this a"
            f" {'long-term' if horizon == 'short' else 'later'} goal.",
        )
    return LetterCheck("T", "Time-bound", True, "Give it a date: a goal without one tends to wait.")

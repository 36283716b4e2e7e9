"""Pure logic of step 02 that reports, tests and widgets share: the request message, the sort.

The request builder turns a person's choices into a short message that accepts the decision,
asks how to become a stronger candidate and proposes a time. Its sentences come from
``data/exercises/02_feedback.toml`` so a facilitator can reword them; the order and the
non-adversarial shape are fixed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kit.core.content import ExerciseContent
from kit.steps.feedback.answers import FeedbackItem, FeedbackSortAnswer

CATEGORY_ORDER: tuple[str, ...] = ("strength", "gap", "trait")


def compose_request(exercise: ExerciseContent, choices: Mapping[str, str | None]) -> str:
    """The request message from the person's choices; an unchosen part is simply left out.

    ``choices`` holds ``recipient``, ``role``, ``acceptance``, ``ask``, ``meeting`` (option
    values or None), ``times`` and ``sign_off``.
    """

    def choice(name: str) -> str:
        return " ".join(str(choices.get(name) or "").split())

    def sentence(option_list: str) -> str:
        value = choice(option_list)
        return exercise.option_label(option_list, value) if value else ""

    recipient, role = choice("recipient"), choice("role")
    greeting = (
        exercise.prompt("greeting").replace("{recipient}", recipient)
        if recipient
        else exercise.prompt("greeting_no_name")
    )
    opening = (
        exercise.prompt("opening").replace("{role}", role)
        if role
        else exercise.prompt("opening_no_role")
    )
    first = " ".join(part for part in (opening, sentence("acceptance")) if part)
    meeting = sentence("meeting")
    proposal = ""
    if meeting:
        proposal = (
            exercise.prompt("proposal")
            .replace("{meeting}", meeting)
            .replace("{times}", choice("times"))
            .strip()
        )
    elif choice("times"):
        proposal = choice("times")
    closing = exercise.prompt("closing")
    sign_off = choice("sign_off")
    paragraphs = [
        greeting,
        first,
        sentence("ask"),
        proposal,
        "\n".join(p for p in (closing, sign_off) if p),
    ]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


@dataclass(frozen=True)
class SortedFeedback:
    """Feedback items grouped for showing back: the three groups plus what is not sorted yet."""

    strengths: list[FeedbackItem]
    gaps: list[FeedbackItem]
    traits: list[FeedbackItem]
    unsorted: list[FeedbackItem]

    @classmethod
    def of(cls, answer: FeedbackSortAnswer | None) -> SortedFeedback:
        if answer is None:
            return cls([], [], [], [])
        return cls(
            answer.in_category("strength"),
            answer.in_category("gap"),
            answer.in_category("trait"),
            answer.in_category(None),
        )

    @property
    def counts(self) -> dict[str, int]:
        return {"strength": len(self.strengths), "gap": len(self.gaps), "trait": len(self.traits)}

    @property
    def total(self) -> int:
        return len(self.strengths) + len(self.gaps) + len(self.traits) + len(self.unsorted)

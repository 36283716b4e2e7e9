"""Everything one participant's report may use, and nothing about anyone else.

The report reads the store through this one object, built for a single participant id, so
a section cannot reach another person's answers even by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from kit.answers import Answer, parse_answer
from kit.content import Content, load_content
from kit.store import Cohort, Participant, Revision, Store

A = TypeVar("A", bound=Answer)


@dataclass(frozen=True)
class ReportContext:
    """One participant's current answers (typed), their history, and the content."""

    participant: Participant
    cohort: Cohort | None
    content: Content
    answers: dict[str, Answer]
    history: list[Revision]
    generated_on: date

    @classmethod
    def load(cls, store: Store, participant_id: str, content: Content | None = None) -> ReportContext:
        content = content or load_content()
        participant = store.get_participant(participant_id)
        cohort = store.get_cohort(participant.cohort_id) if participant.cohort_id else None
        latest = store.latest_answers(participant.id)
        answers = {
            exercise_id: parse_answer(exercise_id, revision.value, content)
            for exercise_id, revision in latest.items()
            if exercise_id in content.exercises
        }
        return cls(participant, cohort, content, answers, store.history(participant.id), date.today())

    def answer(self, exercise_id: str, model: type[A]) -> A | None:
        """The typed current answer, or None when the exercise was not answered."""
        found = self.answers.get(exercise_id)
        return found if isinstance(found, model) else None

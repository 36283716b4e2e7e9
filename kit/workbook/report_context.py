"""Everything one participant's report may use, and nothing about anyone else.

The report reads the store through this one object, built for a single participant id
(``kit.reports.participant.load_context``), so a step's section cannot reach another person's
answers even by mistake. Sections read the content as the person's path reads it
(``exercise``), so the report branches exactly as the notebooks did.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, TypeVar

from kit.core.content import Content, ExerciseContent
from kit.core.store import Cohort, Participant, Revision
from kit.workbook.answers import Answer
from kit.workbook.raw_answers import latest_values
from kit.workbook.situation import Situation, read_situation

A = TypeVar("A", bound=Answer)


@dataclass(frozen=True)
class ReportContext:
    """One participant's current answers (typed), their history, and the content.

    ``partner_names`` names the partners the facilitator paired them with (looked up when the
    report is made; answers keep only ids, see ``kit.workbook.partners``).
    """

    participant: Participant
    cohort: Cohort | None
    content: Content
    answers: dict[str, Answer]
    history: list[Revision]
    generated_on: date
    partner_names: Mapping[str, str] = field(default_factory=dict)

    def answer(self, exercise_id: str, model: type[A]) -> A | None:
        """The typed current answer, or None when the exercise was not answered."""
        found = self.answers.get(exercise_id)
        return found if isinstance(found, model) else None

    @cached_property
    def values(self) -> dict[str, dict[str, Any]]:
        """The latest raw stored values, for steps that read earlier ones."""
        return latest_values(self.history)

    @cached_property
    def situation(self) -> Situation:
        """The person's path (someone without a cohort works alone)."""
        return read_situation(self.values.get("situation"), solo=self.participant.cohort_id is None)

    def exercise(self, exercise_id: str) -> ExerciseContent:
        """The exercise's content as this person's path reads it."""
        return self.content.exercise(exercise_id).for_path(self.situation.tags)

    def shows(self, exercise_id: str) -> bool:
        """Whether the exercise exists in this content and applies on the person's path."""
        return exercise_id in self.content.exercises and not self.exercise(exercise_id).hidden

"""Everything one participant's report may use, and nothing about anyone else.

The report reads the store through this one object, built for a single participant id
(``kit.reports.participant.load_context``), so a step's section cannot reach another person's
answers even by mistake.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from kit.core.content import Content
from kit.core.store import Cohort, Participant, Revision
from kit.workbook.answers import Answer

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

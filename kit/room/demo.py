"""The demo workspace: a fictional cohort with realistic answers, built the same way every time.

Used by ``make run`` (so a facilitator sees a lived-in workshop at once), by the tests, and by
the benchmarks. Answers are generated per persona and per step from seeded generators, so
adding a step's answers never changes another step's, and every answer is validated against
the content before it is saved, exactly as a widget's would be.
"""

from __future__ import annotations

import random
from typing import Any

from kit.core.content import Content, load_content
from kit.core.store import Cohort, Store
from kit.steps import demo_generators, parse_answer
from kit.workbook.personas import PERSONAS, SESSION_DAY

DEMO_COHORT_ID = "demo"
DEMO_SEED = 20261120


def demo_answers(
    seed: int = DEMO_SEED, content: Content | None = None
) -> dict[str, dict[str, dict[str, Any]]]:
    """Every persona's answers by persona key, then exercise id (pure; no store involved)."""
    generators = demo_generators(content or load_content())
    everything: dict[str, dict[str, dict[str, Any]]] = {}
    for persona in PERSONAS:
        answers: dict[str, dict[str, Any]] = {}
        for step, generate in generators:
            answers.update(generate(persona, random.Random(f"{seed}:{persona.key}:{step.id}")))
        everything[persona.key] = answers
    return everything


def build_demo(
    store: Store, *, seed: int = DEMO_SEED, reset: bool = False, content: Content | None = None
) -> tuple[Cohort, bool]:
    """Create the demo cohort unless it exists; returns it and whether it was created now.

    Idempotent: an existing demo cohort (perhaps with answers someone has since edited) is left
    alone unless ``reset`` asks for it to be rebuilt.
    """
    content = content or load_content()
    existing = store.find_cohort(DEMO_COHORT_ID)
    if existing is not None and not reset:
        return existing, False
    if existing is not None:
        for person in store.list_participants(DEMO_COHORT_ID):
            store.erase_participant(person.id)
        store.delete_cohort(DEMO_COHORT_ID)
    cohort = store.create_cohort(
        "Demo cohort: Riverside learning day",
        cohort_id=DEMO_COHORT_ID,
        session_date=SESSION_DAY,
        facilitator="Sam Rivera (fictional)",
    )
    answers = demo_answers(seed, content)
    for persona in PERSONAS:
        participant = store.add_participant(
            persona.name,
            cohort_id=cohort.id,
            email=persona.email,
            participant_id=f"demo-{persona.key}",
        )
        for exercise_id, value in answers[persona.key].items():
            valid = parse_answer(exercise_id, value, content)
            store.save_answer(participant.id, exercise_id, valid.model_dump(mode="json"))
    return cohort, True

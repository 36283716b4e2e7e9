"""What the cohort report writes out is cleaned like the participant report: shared words keep
no control characters and a very long piece of advice is shortened, so one person's paste can
neither break the page nor fill it."""

from __future__ import annotations

import re

from kit.core.store import Store
from kit.reports.cohort import SHARED_TEXT_LIMIT, CohortSummary


def test_shared_advice_in_the_cohort_report_is_cleaned_and_shortened(store: Store) -> None:
    cohort = store.create_cohort("Advice room")
    long_advice = "Keep a list of what you learn every week. " * 100
    for index in range(cohort.min_group_size + 1):
        person = store.add_participant(f"Person {index}", cohort_id=cohort.id)
        text = long_advice if index == 0 else f"Tip\x00 number\x1b[2J {index}\x07"
        store.save_answer(person.id, "advice_for_others", {"text": text, "share": True})

    summary = CohortSummary.load(store, cohort.id)

    texts = summary.views["shared_advice"].texts
    assert texts, "the advice view is shown (everyone opted in)"
    assert all(not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text) for text in texts)
    assert "Tip number[2J 1" in texts
    longest = max(texts, key=len)
    assert longest.startswith("Keep a list") and longest.endswith("…")
    assert len(longest) <= SHARED_TEXT_LIMIT

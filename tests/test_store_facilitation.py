"""The store methods the facilitator's tools use: matching by email, renaming, the room's activity."""

from __future__ import annotations

import pytest

from kit.core.store import Store

pytestmark = pytest.mark.both_stores


def test_find_by_email_ignores_case_and_stays_within_the_cohort(store: Store) -> None:
    store.create_cohort("A", cohort_id="a")
    store.create_cohort("B", cohort_id="b")
    ama = store.add_participant("Ama", cohort_id="a", email="Ama@Example.org")
    store.add_participant("Ama elsewhere", cohort_id="b", email="ama@example.org")
    found = store.find_participant_by_email("  AMA@example.ORG ", "a")
    assert found is not None and found.id == ama.id
    assert store.find_participant_by_email("ama@example.org", None) is None
    assert store.find_participant_by_email("", "a") is None


def test_update_participant_keeps_the_id_and_the_answers(store: Store) -> None:
    store.create_cohort("A", cohort_id="a")
    person = store.add_participant("Ben", cohort_id="a")
    store.save_answer(person.id, "confidentiality", {"agreed": True})
    updated = store.update_participant(
        person.id, display_name="  Ben   Carter ", email="ben@example.org"
    )
    assert (updated.id, updated.display_name, updated.email) == (
        person.id,
        "Ben Carter",
        "ben@example.org",
    )
    assert store.latest_answer(person.id, "confidentiality") is not None


def test_activity_answered_and_revisions_in_cohort(store: Store) -> None:
    store.create_cohort("A", cohort_id="a")
    one = store.add_participant("One", cohort_id="a").id
    two = store.add_participant("Two", cohort_id="a").id
    store.add_participant("Three", cohort_id="a")
    solo = store.add_participant("Solo").id
    store.save_answer(two, "situation", {"kind": "other"})
    store.save_answer(one, "situation", {"kind": "other"})
    last = store.save_answer(two, "situation", {"kind": "external_job"})
    store.save_answer(solo, "situation", {"kind": "other"})
    assert store.answered_in_cohort("a") == {"situation": {one, two}}
    activity = store.last_activity_in_cohort("a")
    assert set(activity) == {one, two} and activity[two] == last.saved_at
    revisions = store.revisions_in_cohort("a", "situation")
    assert [r.participant_id for r in revisions] == [two, one, two]

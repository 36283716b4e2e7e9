from __future__ import annotations

import pytest

from kit.core import identity
from kit.core.store import Store
from kit.errors import UnknownParticipantError


def test_nobody_is_chosen_in_a_fresh_workspace(store: Store) -> None:
    assert identity.resolve_participant(store) is None


def test_the_environment_names_the_participant(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = store.add_participant("Ana")
    monkeypatch.setenv("NEXTROUND_PARTICIPANT", person.id)
    assert identity.resolve_participant(store) == person


def test_an_unknown_participant_in_the_environment_is_an_error(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTROUND_PARTICIPANT", "ghost")
    with pytest.raises(UnknownParticipantError):
        identity.resolve_participant(store)


def test_a_hub_user_gets_a_participant_in_the_hub_cohort(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    cohort = store.create_cohort("Hub cohort")
    monkeypatch.setenv("JUPYTERHUB_USER", "Ana.Lima@example.org")
    monkeypatch.setenv("NEXTROUND_COHORT", cohort.id)
    first = identity.resolve_participant(store)
    again = identity.resolve_participant(store)
    assert first is not None and first == again
    assert first.id == "ana-lima-example-org"
    assert first.cohort_id == cohort.id


def test_an_explicit_id_beats_the_hub_user(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    person = store.add_participant("Ana")
    monkeypatch.setenv("JUPYTERHUB_USER", "someone-else")
    assert identity.resolve_participant(store, person.id) == person


def test_the_last_choice_is_remembered_for_the_next_notebook(store: Store) -> None:
    person = store.add_participant("Ana")
    identity.remember(person)
    assert identity.resolve_participant(store) == person
    identity.remember(None)
    assert identity.resolve_participant(store) is None


def test_working_alone_under_the_same_name_returns_the_same_record(store: Store) -> None:
    first = identity.start_solo(store, "  Sam   Lee ")
    assert identity.start_solo(store, "Sam Lee") == first
    assert first.display_name == "Sam Lee"

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
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")
    monkeypatch.setenv("NEXTROUND_COHORT", cohort.id)
    first = identity.resolve_participant(store)
    again = identity.resolve_participant(store)
    assert first is not None and first == again
    assert first.id == "ana" and first.display_name == "ana"
    assert first.cohort_id == cohort.id


def test_hub_names_that_differ_only_in_punctuation_are_different_people(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hub names are exact: "ana.lima" and "ana_lima" (or "ana-lima") never share answers."""
    people = {}
    for name in (
        "ana.lima",
        "ana_lima",
        "ana-lima",
        "ana.lima@example.org",
        "ana_lima@example.org",
    ):
        monkeypatch.setenv("JUPYTERHUB_USER", name)
        person = identity.resolve_participant(store)
        assert person is not None
        people[name] = person.id
        monkeypatch.setenv("JUPYTERHUB_USER", name)
        assert identity.resolve_participant(store) == person, "the same name, the same person"
    assert len(set(people.values())) == len(people), people
    assert people["ana-lima"] == "ana-lima"


def test_a_hub_name_that_is_an_email_finds_the_person_a_roster_imported_ahead(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    spring = store.create_cohort("Spring")
    autumn = store.create_cohort("Autumn")
    store.add_participant("Ana Lima", cohort_id=spring.id, email="ana@example.org")
    imported = store.add_participant("Ana Lima", cohort_id=autumn.id, email="Ana@Example.org")
    monkeypatch.setenv("JUPYTERHUB_USER", "ana@example.org")
    found = identity.resolve_participant(store)
    assert found == imported, "the latest cohort that lists this email"
    monkeypatch.setenv("NEXTROUND_COHORT", spring.id)
    spring_person = identity.resolve_participant(store)
    assert spring_person is not None and spring_person.cohort_id == spring.id
    assert len(store.list_participants()) == 2, "nobody new was created"


def test_a_hub_user_created_on_first_sign_in_keeps_their_email_for_a_later_roster(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    cohort = store.create_cohort("Hub cohort")
    monkeypatch.setenv("NEXTROUND_COHORT", cohort.id)
    monkeypatch.setenv("JUPYTERHUB_USER", "ben@example.org")
    person = identity.resolve_participant(store)
    assert person is not None and person.email == "ben@example.org"
    assert store.find_participant_by_email("BEN@example.org", cohort.id) == person


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

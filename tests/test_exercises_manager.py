"""Step 04 widgets driven headless: the agenda, practice with or without a partner, the notes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from stored import latest_value as _latest

from kit.core.store import Store
from kit.steps.page import Session
from kit.workbook.partners import read_partners


@pytest.fixture
def room(store: Store) -> tuple[Store, str, str]:
    cohort = store.create_cohort("Room")
    ana = store.add_participant("Ana Lima", cohort_id=cohort.id)
    ben = store.add_participant("Ben <i>Ortiz</i>", cohort_id=cohort.id)
    return store, ana.id, ben.id


def _exercise(store: Store, person_id: str, exercise_id: str) -> Any:
    return Session("04_manager_conversation", store=store, participant_id=person_id).exercise(
        exercise_id
    )


def test_the_agenda_builds_itself_and_keeps_the_contract_fields(
    room: tuple[Store, str, str],
) -> None:
    store, ana, _ben = room
    agenda = _exercise(store, ana, "manager_agenda")
    agenda.goal.value = "Two projects I can lead"
    agenda.asks["represent_team"].value = True
    agenda.asks["write_internally"].value = True
    agenda.other_asks.value = "Run the demo day"
    agenda.candid_read.value = True
    agenda.holding_back["initiative"].value = True
    agenda.asset.value = "Take the reporting off your plate"
    saved = _latest(store, ana, "manager_agenda")
    assert saved["goal"] == "Two projects I can lead"
    assert (
        saved["asks"] == ["represent_team", "write_internally"]
        and saved["other_asks"] == "Run the demo day"
    )
    assert (
        saved["candid_read"] is True
        and saved["holding_back"] == ["initiative"]
        and saved["script"] == ""
    )
    assert "1. What I hope we agree today: Two projects I can lead" in agenda.agenda.value
    assert "6. Next steps" in agenda.agenda.value
    assert "two projects I can lead" in agenda.script.value, (
        "the suggested opening follows the answers"
    )


def test_an_edited_opening_is_kept_and_can_be_reset(room: tuple[Store, str, str]) -> None:
    store, ana, _ben = room
    agenda = _exercise(store, ana, "manager_agenda")
    agenda.goal.value = "A plan"
    agenda.script.value = "Hi, thanks. I want to talk about next year."
    assert (
        _latest(store, ana, "manager_agenda")["script"]
        == "Hi, thanks. I want to talk about next year."
    )
    agenda.goal.value = "A different plan"
    assert agenda.script.value == "Hi, thanks. I want to talk about next year."
    assert "Your own wording is kept" in agenda.script_note.value

    reopened = _exercise(store, ana, "manager_agenda")
    assert reopened.script.value == "Hi, thanks. I want to talk about next year."
    reopened.reset.click()
    assert _latest(store, ana, "manager_agenda")["script"] == ""
    assert "a different plan" in reopened.script.value


def test_hostile_text_is_shown_escaped_in_the_agenda(room: tuple[Store, str, str]) -> None:
    store, ana, _ben = room
    agenda = _exercise(store, ana, "manager_agenda")
    agenda.goal.value = "<img src=x onerror=alert(1)>"
    assert _latest(store, ana, "manager_agenda")["goal"] == "<img src=x onerror=alert(1)>"
    assert "<img" not in agenda.agenda.value and "&lt;img src=x" in agenda.agenda.value


def test_very_long_text_is_refused_and_nothing_is_lost(room: tuple[Store, str, str]) -> None:
    store, ana, _ben = room
    agenda = _exercise(store, ana, "manager_agenda")
    agenda.asset.value = "Mentor the new starters"
    agenda.asset.value = "z" * 3000
    assert "3,000 characters" in agenda.status.value
    assert agenda.asset.value == "z" * 3000
    assert _latest(store, ana, "manager_agenda")["asset"] == "Mentor the new starters"


def test_practising_alone_shows_the_checklist(room: tuple[Store, str, str]) -> None:
    store, ana, _ben = room
    practice = _exercise(store, ana, "roleplay_practice")
    assert "nr-practice-solo" in practice.how.value and "practise alone" in practice.how.value
    practice.listen_for["calm"].value = True
    practice.practised.value = True
    assert _latest(store, ana, "roleplay_practice") == {
        "mode": "solo",
        "practised": True,
        "listen_for": ["calm"],
        "went_well": "",
        "to_change": "",
    }


def test_a_partner_assigned_by_the_facilitator_is_shown_with_roles(
    room: tuple[Store, str, str],
) -> None:
    store, ana, ben = room
    practice = _exercise(store, ana, "roleplay_practice")
    store.save_answer(ana, "roleplay_partner", {"partner_id": ben, "round": 2})
    practice.check_again.click()
    assert "nr-practice-pair" in practice.how.value
    assert (
        "<b>Ben &lt;i&gt;Ortiz&lt;/i&gt;</b>" in practice.how.value
        and "<i>Ortiz" not in practice.how.value
    )
    assert "Round 2." in practice.how.value and "plays your manager" in practice.how.value
    practice.practised.value = True
    saved = _latest(store, ana, "roleplay_practice")
    assert saved["mode"] == "pair" and "Ben" not in str(saved), (
        "the partner's name is not copied into the answer"
    )


def test_a_trio_and_a_malformed_pairing(room: tuple[Store, str, str]) -> None:
    store, ana, ben = room
    cleo = store.add_participant("Cleo", cohort_id=store.get_participant(ana).cohort_id).id
    trio = {"partner_id": ben, "round": 1, "also_with": [{"partner_id": cleo}]}
    names = {ben: "Ben", cleo: "Cleo"}
    assert read_partners(trio, names).names == ("Ben", "Cleo")
    assert read_partners(trio, names).mode == "trio"
    for broken in (
        None,
        "x",
        {"partner_id": 5},
        {"partner_name": "Ben"},
        {"also_with": [{"partner_id": ben}]},
    ):
        assert read_partners(broken, names).mode == "solo"
    store.save_answer(ana, "roleplay_partner", trio)
    practice = _exercise(store, ana, "roleplay_practice")
    assert (
        "<b>Ben &lt;i&gt;Ortiz&lt;/i&gt;</b> and <b>Cleo</b>" in practice.how.value
        and "watches and keeps time" in practice.how.value
    )


def test_the_opening_is_shown_for_practice(room: tuple[Store, str, str]) -> None:
    store, ana, _ben = room
    store.save_answer(ana, "manager_agenda", {"goal": "x", "script": "My <own> words."})
    practice = _exercise(store, ana, "roleplay_practice")
    assert "My &lt;own&gt; words." in practice.how.value


def test_meeting_notes_with_commitments_on_each_side(room: tuple[Store, str, str]) -> None:
    store, ana, _ben = room
    notes = _exercise(store, ana, "meeting_notes")
    notes.held_on.value = date.today() - timedelta(days=2)
    first = notes.mine.add("Draft the Q3 update")
    notes.mine.add("Shadow the ops review")
    notes.theirs.add("Introduce me to the director")
    notes.mine.text_of(first).value = "Draft the Q3 update by Friday"
    notes.mine.remove("m2")
    notes.reaction.value = "supportive"
    saved = _latest(store, ana, "meeting_notes")
    assert saved["held_on"] == (date.today() - timedelta(days=2)).isoformat()
    assert saved["mine"] == [{"id": "m1", "text": "Draft the Q3 update by Friday"}]
    assert saved["theirs"] == [{"id": "t1", "text": "Introduce me to the director"}]
    assert notes.fit_note.value == ""
    reopened = _exercise(store, ana, "meeting_notes")
    assert reopened.mine.row_ids() == ["m1"] and reopened.theirs.row_ids() == ["t1"]
    assert reopened.held_on.value == date.today() - timedelta(days=2)


def test_a_poor_reaction_is_named_as_information_about_fit(room: tuple[Store, str, str]) -> None:
    store, ana, _ben = room
    notes = _exercise(store, ana, "meeting_notes")
    notes.reaction.value = "dismissive"
    assert "information" in notes.fit_note.value and "fit" in notes.fit_note.value
    assert _latest(store, ana, "meeting_notes")["reaction"] == "dismissive"


def test_a_future_meeting_date_and_an_emptied_commitment_are_refused(
    room: tuple[Store, str, str],
) -> None:
    store, ana, _ben = room
    notes = _exercise(store, ana, "meeting_notes")
    item = notes.theirs.add("Budget for a course")
    notes.held_on.value = date.today() + timedelta(days=10)
    assert "in the future" in notes.status.value
    assert _latest(store, ana, "meeting_notes")["held_on"] is None
    notes.held_on.value = None
    notes.theirs.text_of(item).value = ""
    assert "commitment is empty" in notes.status.value
    assert _latest(store, ana, "meeting_notes")["theirs"] == [
        {"id": "t1", "text": "Budget for a course"}
    ]

"""Step 00 widgets driven headless, as a participant would: set values, click, check the store."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from kit.core.store import Store
from kit.steps.page import Session, open_step
from kit.workbook.notice import Notice


@pytest.fixture
def room(store: Store) -> tuple[Store, str]:
    cohort = store.create_cohort("Room")
    person = store.add_participant("Ana Lima", cohort_id=cohort.id)
    return store, person.id


def _session(store: Store) -> Session:
    return Session("00_check_in", store=store)


def start_alone(session: Session, name: str) -> None:
    session.who.solo_name.value = name
    session.who.widget.children[1].children[1].click()  # "Start"


def test_exercises_wait_until_someone_alone_gives_a_name(store: Store) -> None:
    session = _session(store)
    mood = session.exercise("mood_check_in")
    assert mood.rows["anger"].disabled
    assert "at the top of the page" in mood.status.value
    start_alone(session, "Ana")
    assert session.participant is not None and session.participant.display_name == "Ana"
    assert not mood.rows["anger"].disabled
    assert _session(store).participant == session.participant, "the workspace remembers"


def test_no_page_lists_other_people_or_lets_you_choose_someone(room: tuple[Store, str]) -> None:
    store, _person_id = room
    page = _session(store)
    shown = " ".join(str(getattr(child, "value", "")) for child in page.who.widget.children)
    assert "Ana Lima" not in shown
    assert [type(child).__name__ for child in page.who.widget.children] == ["HTML", "HBox", "HTML"]
    assert not any(
        isinstance(child, widgets.Dropdown) for child in page.who.widget.children[1].children
    )


def test_a_room_page_that_does_not_know_its_person_asks_nothing(
    room: tuple[Store, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _person_id = room
    monkeypatch.setenv("NEXTROUND_APP_MODE", "room")
    page = _session(store)
    assert page.participant is None
    assert [type(child).__name__ for child in page.who.widget.children] == ["HTML"]
    assert "Open your personal link again" in page.who.widget.children[0].value
    before = store.list_participants()
    page.exercise("hopes_for_today").in_my_words.value = "hello"
    assert store.list_participants() == before


def test_mood_check_in_saves_each_click_with_the_vocabulary_intensity(
    room: tuple[Store, str],
) -> None:
    store, person_id = room
    session = Session("00_check_in", store=store, participant_id=person_id)
    mood = session.exercise("mood_check_in")
    mood.rows["anger"].value = "annoyance"
    mood.rows["sadness"].value = "grief"
    saved = store.latest_answer(person_id, "mood_check_in")
    assert saved is not None
    assert saved.value["emotions"] == [  # in the vocabulary's family order
        {"word": "grief", "family": "sadness", "intensity": 3},
        {"word": "annoyance", "family": "anger", "intensity": 1},
    ]
    assert "Saved: heartbroken, annoyed" in mood.status.value
    assert len(store.history(person_id, "mood_check_in")) == 2


def test_reopening_shows_the_saved_answers_and_an_edit_adds_a_revision(
    room: tuple[Store, str],
) -> None:
    store, person_id = room
    first = Session("00_check_in", store=store, participant_id=person_id)
    situation = first.exercise("situation")
    situation.kind.value = "external_job"
    situation.how_long_ago.value = "this_week"
    situation.role.value = "Data lead"

    reopened = Session("00_check_in", store=store, participant_id=person_id)
    again = reopened.exercise("situation")
    assert (again.kind.value, again.how_long_ago.value, again.role.value) == (
        "external_job",
        "this_week",
        "Data lead",
    )
    assert "Showing your saved answer" in again.status.value
    revisions_before = len(store.history(person_id, "situation"))
    again.kind.value = "internal_move"
    assert store.latest_answer(person_id, "situation").value["kind"] == "internal_move"  # type: ignore[union-attr]
    assert len(store.history(person_id, "situation")) == revisions_before + 1


def test_a_missing_choice_gets_a_friendly_message_and_saves_nothing(
    room: tuple[Store, str],
) -> None:
    store, person_id = room
    situation = Session("00_check_in", store=store, participant_id=person_id).exercise("situation")
    situation.how_long_ago.value = "this_month"
    assert "Which is closest to your situation?" in situation.status.value
    assert "needs an answer" in situation.status.value
    assert store.latest_answer(person_id, "situation") is None


def test_very_long_text_is_refused_kindly_and_the_earlier_answer_survives(
    room: tuple[Store, str],
) -> None:
    store, person_id = room
    hopes = Session("00_check_in", store=store, participant_id=person_id).exercise(
        "hopes_for_today"
    )
    hopes.in_my_words.value = "A plan."
    hopes.in_my_words.value = "x" * 10_000
    assert "10,000 characters" in hopes.status.value and "2,000" in hopes.status.value
    assert hopes.in_my_words.value == "x" * 10_000, "the text stays in the box"
    assert store.latest_answer(person_id, "hopes_for_today").value["in_my_words"] == "A plan."  # type: ignore[union-attr]


def test_hostile_text_is_kept_verbatim_and_shown_escaped(room: tuple[Store, str]) -> None:
    store, person_id = room
    session = Session("00_check_in", store=store, participant_id=person_id)
    hopes = session.exercise("hopes_for_today")
    hostile = '<img src=x onerror=alert(1)> & "quotes"'
    hopes.in_my_words.value = hostile
    assert store.latest_answer(person_id, "hopes_for_today").value["in_my_words"] == hostile  # type: ignore[union-attr]
    mallory = store.add_participant("<b>Mallory</b>")
    shown = "".join(
        getattr(child, "value", "")
        for child in Session(
            "00_check_in", store=store, participant_id=mallory.id
        ).who.widget.children
    )
    assert "<b>Mallory" not in shown and "&lt;b&gt;Mallory" in shown


def test_confidentiality_and_hopes_checkboxes_save_on_click(room: tuple[Store, str]) -> None:
    store, person_id = room
    session = Session("00_check_in", store=store, participant_id=person_id)
    terms = session.exercise("confidentiality")
    terms.agree.value = True
    assert store.latest_answer(person_id, "confidentiality").value == {"agreed": True}  # type: ignore[union-attr]
    assert "You can stop" in terms.status.value
    hopes = session.exercise("hopes_for_today")
    hopes.hopes["plan"].value = True
    hopes.hopes["decide"].value = True
    assert store.latest_answer(person_id, "hopes_for_today").value["hopes"] == ["decide", "plan"]  # type: ignore[union-attr]


def test_solo_start_with_an_empty_name_asks_for_one(store: Store) -> None:
    session = _session(store)
    start_alone(session, "   ")
    assert "type a name" in session.who.message.value
    assert session.participant is None
    start_alone(session, "Sam")
    assert session.participant is not None and session.participant.display_name == "Sam"


def test_changing_person_clears_the_page_and_shows_the_new_persons_answers(
    room: tuple[Store, str],
) -> None:
    store, person_id = room
    other = store.add_participant("Ben", cohort_id="room")
    store.save_answer(
        other.id,
        "mood_check_in",
        {"emotions": [{"word": "joy", "family": "joy", "intensity": 2}], "note": ""},
    )
    session = Session("00_check_in", store=store, participant_id=person_id)
    mood = session.exercise("mood_check_in")
    mood.rows["anger"].value = "rage"
    session.choose(None)
    assert mood.rows["anger"].value == "" and mood.rows["anger"].disabled
    session.choose(other)
    assert mood.rows["joy"].value == "joy" and mood.rows["anger"].value == ""


def test_a_broken_store_becomes_a_notice_not_a_traceback(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.sqlite"
    broken.write_text("garbage" * 50)
    monkeypatch.setenv("NEXTROUND_DB", str(broken))
    step = open_step("00_check_in")
    assert isinstance(step, Notice)
    assert "cannot be read" in step.widget.value
    assert step.exercise("situation") is step

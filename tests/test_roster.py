"""Roster import over real-looking files: every format, every bad case, idempotent re-imports.

Fixtures live in tests/fixtures/rosters/ (one file per format and per bad case). Row numbers
in messages are spreadsheet row numbers: the header is row 1.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.core.content import Content
from kit.core.store import Participant, Store
from kit.errors import RosterError
from kit.room.roster import (
    apply_import,
    detect_format,
    import_roster,
    map_columns,
    parse_mapping,
    plan_import,
    read_table,
)
from kit.room.roster_match import match_members

pytestmark = pytest.mark.both_stores

ROSTERS = Path(__file__).parent / "fixtures" / "rosters"


@pytest.fixture
def cohort(store: Store) -> str:
    return store.create_cohort("Spring session", cohort_id="spring").id


def _people(store: Store, cohort: str) -> dict[str, str | None]:
    return {person.display_name: person.email for person in store.list_participants(cohort)}


def _snapshot(store: Store, cohort: str) -> list[tuple[object, ...]]:
    people = store.list_participants(cohort)
    return [(p.id, p.display_name, p.email, len(store.history(p.id))) for p in people]


@pytest.mark.parametrize(
    ("name", "fmt", "encoding", "delimiter"),
    [
        ("plain.csv", "plain", "UTF-8", ","),
        ("plain_bom.csv", "plain", "UTF-8 with BOM", ","),
        ("excel_cp1252_semicolon.csv", "plain", "Windows-1252 (Excel)", ";"),
        ("google_forms.csv", "google_forms", "UTF-8", ","),
        ("microsoft_forms.xlsx", "microsoft_forms", "XLSX", ""),
        ("eventbrite.csv", "eventbrite", "UTF-8", ","),
        ("plain.xlsx", "plain", "XLSX", ""),
    ],
)
def test_each_format_is_detected_and_read(
    name: str, fmt: str, encoding: str, delimiter: str
) -> None:
    table = read_table(ROSTERS / name)
    assert detect_format(table.headers) == fmt
    assert table.encoding == encoding and table.delimiter == delimiter


def test_a_plain_csv_imports_people_and_pre_workshop_answers(
    store: Store, cohort: str, content: Content
) -> None:
    plan = import_roster(ROSTERS / "plain.csv", store, cohort, content)
    assert plan.count("add") == 5
    assert _people(store, cohort)["Chloé Dubois"] == "chloe.dubois@example.org"
    ama = store.find_participant_by_email("AMA.MENSAH@example.org", cohort)
    assert ama is not None
    situation = store.latest_answer(ama.id, "situation")
    assert situation is not None and situation.value["kind"] == "internal_promotion"
    hopes = store.latest_answer(ama.id, "hopes_for_today")
    assert hopes is not None and set(hopes.value["hopes"]) == {"plan", "get_feedback"}
    eva = store.find_participant_by_email("eva.schmidt@example.org", cohort)
    assert eva is not None
    eva_hopes = store.latest_answer(eva.id, "hopes_for_today")
    assert eva_hopes is not None and eva_hopes.value["in_my_words"] == "To sleep better at night"


def test_the_preview_comes_first_and_a_dry_run_writes_nothing(
    store: Store, cohort: str, content: Content
) -> None:
    plan = import_roster(ROSTERS / "plain.csv", store, cohort, content, dry_run=True)
    preview = plan.preview()
    assert "plain table" in preview and "+ add" in preview and "Ama Mensah" in preview
    assert "Summary: 5 to add, 0 to update, 0 unchanged, 0 removed." in preview
    assert store.list_participants(cohort) == []


def test_importing_the_same_file_twice_changes_nothing(
    store: Store, cohort: str, content: Content
) -> None:
    import_roster(ROSTERS / "plain.csv", store, cohort, content)
    before = _snapshot(store, cohort)
    plan = import_roster(ROSTERS / "plain.csv", store, cohort, content)
    assert plan.count("unchanged") == 5 and not plan.changes_anything
    assert _snapshot(store, cohort) == before


def test_an_updated_file_adds_and_updates_and_never_drops(
    store: Store, cohort: str, content: Content
) -> None:
    import_roster(ROSTERS / "plain.csv", store, cohort, content)
    ids = {p.email: p.id for p in store.list_participants(cohort)}
    plan = import_roster(ROSTERS / "plain_updated.csv", store, cohort, content)
    assert (plan.count("add"), plan.count("update"), plan.count("unchanged")) == (1, 1, 3)
    assert plan.kept == ["Chloé Dubois"] and "not removed" in plan.preview()
    people = _people(store, cohort)
    assert "Chloé Dubois" in people and "Farid Haddad" in people
    assert people["Ama Mensah-Owusu"] == "AMA.MENSAH@example.org"
    assert (
        store.find_participant_by_email("ama.mensah@example.org", cohort).id
        == ids["ama.mensah@example.org"]
    )  # type: ignore[union-attr]


def test_a_persons_own_answer_is_never_overwritten_by_a_re_import(
    store: Store, cohort: str, content: Content
) -> None:
    import_roster(ROSTERS / "plain.csv", store, cohort, content)
    ben = store.find_participant_by_email("ben.carter@example.org", cohort)
    assert ben is not None
    store.save_answer(
        ben.id,
        "situation",
        {"kind": "internal_move", "how_long_ago": None, "role": "", "details": ""},
    )
    import_roster(ROSTERS / "plain_updated.csv", store, cohort, content)
    latest = store.latest_answer(ben.id, "situation")
    assert latest is not None and latest.value["kind"] == "internal_move"


def test_utf8_bom_and_cp1252_semicolon_files_keep_accents(
    store: Store, cohort: str, content: Content
) -> None:
    import_roster(ROSTERS / "plain_bom.csv", store, cohort, content)
    import_roster(ROSTERS / "excel_cp1252_semicolon.csv", store, cohort, content)
    people = _people(store, cohort)
    assert {"Lucía Fernández", "Zoë Ångström", "François Lefèvre", "Zoë Brontë"} <= set(people)
    assert sum(1 for name in people if name == "Dolores Martín") == 1  # same email in both files


def test_google_forms_export(store: Store, cohort: str, content: Content) -> None:
    plan = import_roster(ROSTERS / "google_forms.csv", store, cohort, content)
    assert plan.format == "google_forms" and plan.mapping["name"] == ["What is your name?"]
    ben = store.find_participant_by_email("ben.carter@example.org", cohort)
    assert ben is not None and ben.display_name == "Ben Carter"
    assert store.latest_answer(ben.id, "situation").value["kind"] == "external_job"  # type: ignore[union-attr]
    assert store.latest_answer(ben.id, "hopes_for_today").value["hopes"] == ["practise"]  # type: ignore[union-attr]


def test_microsoft_forms_export_with_anonymous_system_columns(
    store: Store, cohort: str, content: Content
) -> None:
    plan = import_roster(ROSTERS / "microsoft_forms.xlsx", store, cohort, content)
    assert plan.format == "microsoft_forms"
    people = _people(store, cohort)
    assert people == {
        "Ama Mensah": "ama.mensah@example.org",
        "Ben Carter": None,
        "Chloé Dubois": "chloe.dubois@example.org",
    }
    assert "anonymous" not in repr(people).casefold()


def test_eventbrite_export_joins_names_and_skips_people_not_attending(
    store: Store, cohort: str, content: Content
) -> None:
    plan = import_roster(ROSTERS / "eventbrite.csv", store, cohort, content)
    assert set(_people(store, cohort)) == {"Ama Mensah", "Ben Carter", "Dev Patel"}
    assert any("row 4" in note and "Not Attending" in note for note in plan.notes)


def test_plain_xlsx_with_first_and_last_names_and_a_blank_row(
    store: Store, cohort: str, content: Content
) -> None:
    import_roster(ROSTERS / "plain.xlsx", store, cohort, content)
    assert _people(store, cohort) == {
        "Ama Mensah": "ama.mensah@example.org",
        "Ben Carter": "ben.carter@example.org",
        "Chloé Dubois": None,
    }


def test_blank_rows_are_skipped_and_counted(store: Store, cohort: str, content: Content) -> None:
    plan = import_roster(ROSTERS / "blank_rows.csv", store, cohort, content)
    assert set(_people(store, cohort)) == {"Ama Mensah", "Ben Carter", "Chloé Dubois"}
    assert "5 blank rows skipped" in plan.notes


def test_the_same_email_twice_in_a_file_is_one_person(
    store: Store, cohort: str, content: Content
) -> None:
    plan = import_roster(ROSTERS / "duplicates.csv", store, cohort, content)
    assert len(store.list_participants(cohort)) == 2
    assert any("rows 2 and 4 have the same email" in note for note in plan.notes)
    assert "Ama M." in _people(store, cohort)


def test_missing_names_come_from_the_email_and_are_flagged(
    store: Store, cohort: str, content: Content
) -> None:
    plan = import_roster(ROSTERS / "missing_names.csv", store, cohort, content)
    assert _people(store, cohort) == {
        "Dev Patel": "dev.patel@example.org",
        "Eva Schmidt": None,
        "Ben Carter": "ben.carter@example.org",
    }
    assert any(note.startswith("row 2: no name given; using 'Dev Patel'") for note in plan.notes)


def test_every_bad_row_is_reported_at_once_and_nothing_is_written(
    store: Store, cohort: str, content: Content
) -> None:
    with pytest.raises(RosterError) as caught:
        import_roster(ROSTERS / "bad_rows.csv", store, cohort, content)
    problems = caught.value.problems
    assert len(problems) == 3
    assert problems[0].startswith("row 3: 'ben.carter(at)example.org' is not an email address")
    assert problems[1].startswith("row 4: no name and no email")
    assert problems[2].startswith("row 6: the name is 130 characters long")
    assert "nothing was imported" in str(caught.value)
    assert store.list_participants(cohort) == []


def test_an_unrecognised_layout_asks_for_a_mapping_and_the_mapping_works(
    store: Store, cohort: str, content: Content
) -> None:
    with pytest.raises(RosterError, match="--mapping name="):
        import_roster(ROSTERS / "no_name_column.csv", store, cohort, content)
    mapping = parse_mapping(["name=Who", "email=contact"])
    import_roster(ROSTERS / "no_name_column.csv", store, cohort, content, mapping)
    assert _people(store, cohort) == {
        "Ama Mensah": "ama.mensah@example.org",
        "Ben Carter": "ben.carter@example.org",
    }


def test_bad_mappings_are_explained(store: Store, cohort: str, content: Content) -> None:
    with pytest.raises(RosterError, match="'phone' is not a field"):
        parse_mapping(["phone=Mobile"])
    with pytest.raises(RosterError, match="field=Column"):
        parse_mapping(["name"])
    with pytest.raises(
        RosterError, match="there is no such column; the columns are 'Who', 'Contact'"
    ):
        map_columns(read_table(ROSTERS / "no_name_column.csv"), {"name": "Full name"})


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (b"", "the file is empty"),
        (b"Name,Name\nAma,Ben\n", "two columns are called 'Name'"),
        (b"Name,,Email\nAma,,a@example.org\n", "column 2 has no heading"),
        (b"Name,Email\n,\n", "no people found"),
    ],
)
def test_broken_files_say_what_to_fix(
    tmp_path: Path, store: Store, cohort: str, content: Content, text: bytes, problem: str
) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(text)
    with pytest.raises(RosterError, match=problem):
        plan_import(read_table(path), store, cohort, content)


def test_missing_and_old_excel_files_are_explained(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="does not exist"):
        read_table(tmp_path / "nope.csv")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(RosterError, match=r"save it as \.xlsx"):
        read_table(tmp_path / "old.xls")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(RosterError, match="not a readable Excel file"):
        read_table(tmp_path / "broken.xlsx")


def test_applying_a_plan_for_an_unknown_cohort_fails_before_reading_rows(
    store: Store, content: Content
) -> None:
    from kit.errors import UnknownCohortError

    with pytest.raises(UnknownCohortError):
        plan_import(read_table(ROSTERS / "plain.csv"), store, "nowhere", content)
    assert apply_import  # the two-step API is public: plan, show, then apply


# -- rosters as people export them (issue 12) ------------------------------------------------


def test_anonymous_microsoft_forms_responses_are_skipped_with_a_note(
    store: Store, cohort: str, content: Content
) -> None:
    plan = import_roster(ROSTERS / "microsoft_forms_anonymous.xlsx", store, cohort, content)
    assert _people(store, cohort) == {
        "Ama Mensah": "ama.mensah@example.org",  # anonymous to the form, named in a question
        "Ben Carter": "ben.carter@example.org",
    }
    for row in (3, 5):
        assert f"row {row}: skipped, an anonymous response (no name or email in it)" in plan.notes
    assert "row 3: skipped, an anonymous response" in plan.preview()


def test_a_form_with_only_anonymous_responses_says_how_to_get_names(
    tmp_path: Path, store: Store, cohort: str, content: Content
) -> None:
    path = tmp_path / "responses.csv"
    path.write_text(
        "ID,Start time,Completion time,Email,Name,Which best describes your situation?\n"
        "1,2026-11-10 09:00,2026-11-10 09:03,anonymous,anonymous,Something else\n"
        "2,2026-11-10 09:20,2026-11-10 09:21,anonymous,anonymous,\n"
    )
    with pytest.raises(RosterError, match="every response is anonymous") as caught:
        import_roster(path, store, cohort, content)
    assert "--mapping name=" in str(caught.value)
    assert store.list_participants(cohort) == []


def test_columns_that_are_not_imported_are_listed_in_the_preview(
    store: Store, cohort: str, content: Content
) -> None:
    plan = import_roster(ROSTERS / "eventbrite.csv", store, cohort, content, dry_run=True)
    unused = ["Order #", "Order Date", "Quantity", "Ticket Type", "Attendee #", "Attendee Status"]
    assert plan.not_imported == unused
    assert "Not imported: " + ", ".join(repr(column) for column in unused) in plan.preview()
    everything = import_roster(ROSTERS / "plain.csv", store, cohort, content, dry_run=True)
    assert everything.not_imported == [] and "Not imported" not in everything.preview()


def test_free_text_is_stored_as_written(store: Store, cohort: str, content: Content) -> None:
    import_roster(ROSTERS / "free_text.csv", store, cohort, content)

    def hopes(email: str) -> dict[str, object]:
        person = store.find_participant_by_email(email, cohort)
        assert person is not None
        latest = store.latest_answer(person.id, "hopes_for_today")
        assert latest is not None
        return latest.value

    assert hopes("ama.mensah@example.org") == {
        "hopes": ["feel_better"],  # guessed from "better"; the words stay beside it
        "in_my_words": "To sleep better, and to stop\nreplaying the interview, every night",
    }
    assert hopes("ben.carter@example.org") == {
        "hopes": ["plan"],
        "in_my_words": 'To know what they meant by "not ready", honestly',
    }
    assert hopes("chloe.dubois@example.org") == {  # a choice whose label has a comma in it
        "hopes": ["decide", "plan"],
        "in_my_words": "",
    }


def test_excel_line_breaks_in_a_cell_are_kept_as_line_breaks(
    tmp_path: Path, store: Store, cohort: str, content: Content
) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(b'Name,Email,Hopes\r\nEva,eva@example.org,"First line\r\nsecond, line"\r\n')
    import_roster(path, store, cohort, content)
    eva = store.find_participant_by_email("eva@example.org", cohort)
    assert eva is not None
    latest = store.latest_answer(eva.id, "hopes_for_today")
    assert latest is not None and latest.value["in_my_words"] == "First line\nsecond, line"


def test_own_words_longer_than_the_limit_are_cut_with_a_note(
    tmp_path: Path, store: Store, cohort: str, content: Content
) -> None:
    limit = content.exercise("hopes_for_today").max_text_length
    path = tmp_path / "roster.csv"
    path.write_text(f'Name,Email,Hopes\nEva,eva@example.org,"{"word, " * limit}"\n')
    plan = import_roster(path, store, cohort, content)
    assert any(
        note.startswith("row 2: their own words about their hopes are")
        and f"the first {limit:,} are imported" in note
        for note in plan.notes
    )
    eva = store.find_participant_by_email("eva@example.org", cohort)
    latest = store.latest_answer(eva.id, "hopes_for_today")  # type: ignore[union-attr]
    assert latest is not None and latest.value["in_my_words"].startswith("word, word, ")


# -- matching and writing in bulk (issue 16): what a re-import relies on ----------------------


def test_people_without_an_email_are_found_again_by_name(
    store: Store, cohort: str, content: Content
) -> None:
    import_roster(ROSTERS / "missing_names.csv", store, cohort, content)
    before = _snapshot(store, cohort)
    again = import_roster(ROSTERS / "missing_names.csv", store, cohort, content)
    assert again.count("unchanged") == 3 and not again.changes_anything
    assert _snapshot(store, cohort) == before


def test_a_name_is_matched_only_to_one_member_and_never_across_two_emails(
    tmp_path: Path, store: Store, cohort: str, content: Content
) -> None:
    twins = [store.add_participant("Sam Lee", cohort_id=cohort).id for _ in range(2)]
    kim = store.add_participant("Kim Park", cohort_id=cohort)
    jo = store.add_participant("Jo Abe", cohort_id=cohort, email="jo@example.org")
    path = tmp_path / "roster.csv"
    path.write_text("Name,Email\nSam Lee,\nKim Park,KIM@example.org\nJo Abe,jo.abe@example.org\n")
    plan = import_roster(path, store, cohort, content)
    actions = {person.name: (person.action, person.participant_id) for person in plan.people}
    assert actions["Sam Lee"] == ("add", None)  # two members have the name: someone new
    assert actions["Kim Park"] == ("update", kim.id)  # found by name, gets the email
    assert actions["Jo Abe"] == ("add", None)  # both have an email, and they differ
    assert store.get_participant(kim.id).email == "KIM@example.org"
    assert store.get_participant(jo.id).email == "jo@example.org"
    assert len(store.list_participants(cohort)) == len(twins) + 4


def test_an_email_two_members_share_is_the_one_who_joined_first(
    tmp_path: Path, store: Store, cohort: str, content: Content
) -> None:
    first = store.add_participant("Ama One", cohort_id=cohort, email="ama@example.org")
    store.add_participant("Ama Two", cohort_id=cohort, email=" AMA@Example.org ")
    path = tmp_path / "roster.csv"
    path.write_text("Name,Email\nAma One,Ama@example.ORG\n")
    plan = import_roster(path, store, cohort, content)
    assert [(p.action, p.participant_id) for p in plan.people] == [("unchanged", first.id)]


def test_new_people_get_the_ids_adding_them_one_by_one_would(
    tmp_path: Path, store: Store, cohort: str, content: Content
) -> None:
    elsewhere = store.create_cohort("Autumn", cohort_id="autumn").id
    for participant_id in ("ama-mensah", "ama-mensah-3"):
        store.add_participant("Ama Mensah", cohort_id=elsewhere, participant_id=participant_id)
    path = tmp_path / "roster.csv"
    path.write_text(
        "Name,Email\n"
        + "".join(f"Ama Mensah,ama{n}@example.org\n" for n in range(3))
        + "Ama Mensah 2,other@example.org\n"
    )
    import_roster(path, store, cohort, content)
    by_email = {p.email: p.id for p in store.list_participants(cohort)}
    assert by_email == {
        "ama0@example.org": "ama-mensah-2",
        "ama1@example.org": "ama-mensah-4",
        "ama2@example.org": "ama-mensah-5",
        "other@example.org": "ama-mensah-2-2",
    }


def test_someone_erased_after_the_preview_stops_the_import_and_nothing_is_written(
    store: Store, cohort: str, content: Content
) -> None:
    from kit.errors import UnknownParticipantError

    import_roster(ROSTERS / "plain.csv", store, cohort, content)
    before = _snapshot(store, cohort)
    plan = plan_import(read_table(ROSTERS / "plain_updated.csv"), store, cohort, content)
    ben = store.find_participant_by_email("ben.carter@example.org", cohort)
    assert ben is not None
    store.erase_participant(ben.id)
    with pytest.raises(UnknownParticipantError):
        apply_import(plan, store, content)
    assert _snapshot(store, cohort) == [row for row in before if row[0] != ben.id]


def test_an_id_taken_by_someone_joining_during_the_import_is_not_reused(
    store: Store, store_url: str, cohort: str
) -> None:
    """On PostgreSQL the roster's insert waits for the joiner's and then finds the id taken
    (the batch falls back to one by one); on SQLite the roster waits to begin. Either way,
    two people, two ids."""
    import threading

    joined = threading.Event()

    def join() -> None:
        other = Store.open(store_url)
        try:
            with other.transaction():
                other.add_participant("Ama Mensah", cohort_id=cohort)
                joined.set()
                threading.Event().wait(1.0)  # still uncommitted while the roster writes
        finally:
            other.close()

    joiner = threading.Thread(target=join)
    joiner.start()
    assert joined.wait(10)
    added = store.add_participants([("Ama Mensah", "ama@example.org")], cohort_id=cohort)
    joiner.join()
    assert [person.id for person in added] == ["ama-mensah-2"]
    assert {p.id for p in store.list_participants(cohort)} == {"ama-mensah", "ama-mensah-2"}


def test_answers_for_someone_not_in_the_store_are_refused_whole(store: Store, cohort: str) -> None:
    from kit.errors import UnknownParticipantError

    ama = store.add_participant("Ama", cohort_id=cohort)
    value = {"hopes": ["plan"], "in_my_words": ""}
    with pytest.raises(UnknownParticipantError, match="'nobody'"):
        store.save_answers(
            [(ama.id, "hopes_for_today", value), ("nobody", "hopes_for_today", value)]
        )
    assert store.history(ama.id) == []
    assert store.save_answers([(ama.id, "hopes_for_today", value)]) == 1


def _match_one_by_one(
    email: str | None, name: str, members: list[Participant]
) -> Participant | None:
    """The rules of kit.room.roster_match, person by person (as the import once did)."""
    if email:
        same_email = [
            m for m in members if m.email and m.email.strip().casefold() == email.casefold()
        ]
        if same_email:
            return min(same_email, key=lambda m: (m.created_at, m.id))
    same_name = [
        m
        for m in members
        if m.display_name.casefold() == name.casefold() and (not m.email or not email)
    ]
    return same_name[0] if len(same_name) == 1 else None


_EMAILS = st.sampled_from(["ama@x.org", "AMA@x.org ", " zoë@x.org", "ZOË@X.ORG", "ben@x.org"])
_NAMES = st.sampled_from(["Ama", "AMA", "Zoë", "zoË", "Ben"])


@settings(deadline=None)  # a busy machine must not fail a test about answers, not speed
@given(
    members=st.lists(
        st.tuples(st.none() | st.just("") | _EMAILS, _NAMES, st.integers(0, 3)), max_size=8
    ),
    people=st.lists(st.tuples(st.none() | _EMAILS.map(str.strip), _NAMES), max_size=8),
)
def test_matching_in_one_go_finds_whom_one_by_one_would(
    members: list[tuple[str | None, str, int]], people: list[tuple[str | None, str]]
) -> None:
    cohort = [
        Participant(f"p{n}", name, "spring", email, datetime(2026, 1, 1, day + 1))
        for n, (email, name, day) in enumerate(members)
    ]
    expected = [_match_one_by_one(email, name, cohort) for email, name in people]
    assert match_members(people, cohort) == expected

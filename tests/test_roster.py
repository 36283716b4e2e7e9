"""Roster import over real-looking files: every format, every bad case, idempotent re-imports.

Fixtures live in tests/fixtures/rosters/ (one file per format and per bad case). Row numbers
in messages are spreadsheet row numbers: the header is row 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.core.content import Content
from kit.core.store import Store
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

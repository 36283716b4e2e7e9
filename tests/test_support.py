"""Where to get help: the support file is checked like any content, shown after the ground rules
and at the end of step 01, with a sensible default for rooms without contacts and for people
working alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from stored import person_in_room, shown_text

from kit.cli import main
from kit.core.content import clear_cache, load_content
from kit.core.store import Store
from kit.core.workspace import content_dir
from kit.errors import ContentError
from kit.steps.page import Session

CONTACT = """
[[contact]]
kind = "employee_assistance"
name = "Riverside EAP"
phone = "+44 800 123 4567"
website = "https://eap.example.org"
hours = "24 hours"
note = "Free and confidential."
"""


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(content_dir(), copy)
    monkeypatch.setenv("NEXTROUND_CONTENT", str(copy))
    clear_cache()
    return copy


def _add(copy: Path, text: str) -> None:
    path = copy / "support.toml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    clear_cache()


def test_the_shipped_file_has_no_contacts_and_says_where_to_look(store: Store) -> None:
    support = load_content().support
    assert support is not None and support.contact == []
    person = person_in_room(store)
    shown = shown_text(Session("00_check_in", store=store, participant_id=person).support().widget)
    assert "emergency number" in shown and "employee assistance programme" in shown


def test_a_room_sees_its_facilitators_contacts(data_copy: Path, store: Store) -> None:
    _add(data_copy, CONTACT)
    person = person_in_room(store)
    shown = shown_text(
        Session("01_feelings_and_control", store=store, participant_id=person).support().widget
    )
    assert "Riverside EAP" in shown and "+44 800 123 4567" in shown
    assert "here is where to look" not in shown, "contacts replace the default in a room"


def test_someone_working_alone_also_sees_where_to_look(data_copy: Path, store: Store) -> None:
    _add(data_copy, CONTACT)
    alone = store.add_participant("Sam")
    shown = shown_text(
        Session("00_check_in", store=store, participant_id=alone.id).support().widget
    )
    assert "Riverside EAP" in shown and "here is where to look" in shown


@pytest.mark.parametrize(
    ("contact", "problem"),
    [
        ('kind = "hr"\nname = "HR desk"\n', "at least one way to reach it"),
        ('kind = "hr"\nname = "HR desk"\nwebsite = "www.example.org"\n', "starting with https://"),
        ('kind = "hr"\nname = "HR desk"\nphone = "call Jo"\n', "is not a phone number"),
        ('kind = "hr"\nname = "HR desk"\nemail = "jo at example"\n', "is not an address"),
        ('kind = "priest"\nname = "Father Ted"\nphone = "123 456"\n', "kind"),
    ],
)
def test_a_contact_nobody_could_use_is_named_with_what_to_fix(
    data_copy: Path, contact: str, problem: str
) -> None:
    _add(data_copy, "\n[[contact]]\n" + contact)
    with pytest.raises(ContentError) as caught:
        load_content(data_copy)
    assert caught.value.path == data_copy / "support.toml"
    assert problem in str(caught.value)


def test_nextround_check_validates_the_support_file(data_copy: Path) -> None:
    runner = CliRunner()
    _add(data_copy, CONTACT)
    good = runner.invoke(main, ["check"])
    assert good.exit_code == 0 and "1 support contact" in good.output
    _add(data_copy, '\n[[contact]]\nkind = "hr"\nname = "HR desk"\n')
    bad = runner.invoke(main, ["check"])
    assert bad.exit_code == 1
    assert "support.toml" in bad.output and "contact 'HR desk'" in bad.output


def test_a_missing_support_file_is_reported(data_copy: Path) -> None:
    (data_copy / "support.toml").unlink()
    with pytest.raises(ContentError, match=r"support\.toml: file is missing"):
        load_content(data_copy)

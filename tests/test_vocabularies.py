"""The O*NET skills list: shipped complete, keyed by element id, with its CC BY 4.0 attribution."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kit.core.content import Content
from kit.core.vocabularies import clear_cache, load_onet_skills
from kit.core.workspace import content_dir
from kit.errors import ContentError, UnknownSkillError


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(content_dir(), copy)
    clear_cache()
    yield copy
    clear_cache()


def test_the_shipped_list_has_the_35_onet_skills_with_attribution() -> None:
    skills = load_onet_skills()
    assert len(skills.skills) == 35
    assert skills.skill("2.A.1.a").name == "Reading Comprehension"
    assert skills.skill("2.B.5.d").name == "Management of Personnel Resources"
    assert skills.skill("2.B.2.i").name == "Complex Problem Solving"
    assert next(iter(skills.skills)) == "2.A.1.a" and list(skills.skills)[-1] == "2.B.5.d"
    assert skills.attribution == (
        "This page includes information from O*NET OnLine by the U.S. Department of Labor, Employment and "
        "Training Administration (USDOL/ETA). Used under the CC BY 4.0 license."
    )
    assert ("Persuasion (social skills)", "2.B.1.c") in skills.choices()


def test_an_unknown_element_id_gives_a_clear_error() -> None:
    with pytest.raises(UnknownSkillError) as caught:
        load_onet_skills().skill("2.C.1.a")
    assert caught.value.element_id == "2.C.1.a"
    assert "not a skill in the O*NET list" in str(caught.value) and "2.A.1.a" in str(caught.value)


def test_a_broken_csv_names_the_line_and_the_problem(data_copy: Path) -> None:
    csv_path = data_copy / "vocabularies" / "onet_skills.csv"
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    lines.append(lines[1])  # a duplicate id
    lines.append("2.X.1.a,Made up,Nothing,Not a real skill.")
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_onet_skills(data_copy)
    message = str(caught.value)
    assert "line 37: element id 2.A.1.a is listed twice" in message
    assert "line 38: element_id" in message


def test_the_list_is_refused_without_its_attribution(data_copy: Path) -> None:
    (data_copy / "vocabularies" / "onet_skills.ATTRIBUTION.md").write_text(
        "# nothing here\n", encoding="utf-8"
    )
    with pytest.raises(ContentError, match=r"CC BY 4\.0 attribution is required"):
        load_onet_skills(data_copy)


def test_a_wrong_header_is_refused(data_copy: Path) -> None:
    csv_path = data_copy / "vocabularies" / "onet_skills.csv"
    text = csv_path.read_text(encoding="utf-8").replace("element_id,name", "id,title", 1)
    csv_path.write_text(text, encoding="utf-8")
    with pytest.raises(
        ContentError, match="the columns must be element_id, name, group, description"
    ):
        load_onet_skills(data_copy)


def test_every_demo_gap_links_a_real_skill(content: Content) -> None:
    from kit.room.demo import demo_answers

    skills = load_onet_skills()
    for answers in demo_answers().values():
        for item in answers.get("feedback_sort", {}).get("items", []):
            if item["onet_skill"]:
                skills.skill(item["onet_skill"])

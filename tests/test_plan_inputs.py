"""Earlier steps read defensively: the contract shapes work, missing or odd data never raises."""

from __future__ import annotations

import dataclasses
from typing import Any

from kit.core.content import Content
from kit.steps.plan import inputs as plan_inputs
from kit.workbook.partners import ACCOUNTABILITY_PARTNER, read_partners

FEEDBACK = {
    "items": [
        {
            "id": "f1",
            "text": "Clear, calm presenter",
            "category": "strength",
            "gap_kind": None,
            "onet_skill": None,
            "action": "",
            "workaround": "",
        },
        {
            "id": "f2",
            "text": "Little budget experience",
            "category": "gap",
            "gap_kind": "experience",
            "onet_skill": None,
            "action": "Ask for the forecast",
            "workaround": "",
        },
        {
            "id": "f3",
            "text": "Stakeholder management",
            "category": "gap",
            "gap_kind": "skill",
            "onet_skill": "2.B.1.a",
            "action": "",
            "workaround": "",
        },
        {"id": "f4", "text": "Not sorted yet", "category": None},
        {
            "id": "f5",
            "text": "Quiet in big meetings",
            "category": "trait",
            "workaround": "Prepare one point",
        },
        "garbage",
        {"text": "no id", "category": "gap"},
    ]
}


def test_gaps_and_strengths_come_from_the_sorted_feedback() -> None:
    values = {"feedback_sort": FEEDBACK}
    gaps = plan_inputs.gaps(values)
    assert [(g.id, g.gap_kind, g.onet_skill) for g in gaps] == [
        ("f2", "experience", None),
        ("f3", "skill", "2.B.1.a"),
    ]
    assert gaps[0].action == "Ask for the forecast"
    assert [s.text for s in plan_inputs.strengths(values)] == ["Clear, calm presenter"]


def test_missing_or_malformed_earlier_steps_are_simply_empty(content: Content) -> None:
    broken: dict[str, Any] = {
        "feedback_sort": {"items": "nope"},
        "manager_agenda": {"asks": 5},
        "position_decision": {"decision": "fly_to_the_moon"},
    }
    for values in ({}, broken):
        assert plan_inputs.gaps(values) == []
        assert plan_inputs.manager_asks(values, content) == []
        assert read_partners(values.get(ACCOUNTABILITY_PARTNER), {}).names == ()


def test_asks_take_their_labels_from_step_04_content(content: Content) -> None:
    values = {"manager_agenda": {"goal": "x", "asks": ["represent_team"], "other_asks": ""}}
    agenda = content.exercise("manager_agenda")
    asks = plan_inputs.manager_asks(values, content)
    assert [(a.key, a.label) for a in asks] == [
        ("represent_team", agenda.option_label("asks", "represent_team"))
    ]


def test_asks_get_readable_labels_without_step_04_content(content: Content) -> None:
    values = {
        "manager_agenda": {
            "goal": "x",
            "asks": ["represent_team", "write_internally", "represent_team"],
            "other_asks": "Shadow the quarterly planning",
        }
    }
    without_step_04 = dataclasses.replace(
        content,
        exercises={
            key: value for key, value in content.exercises.items() if key != "manager_agenda"
        },
    )
    asks = plan_inputs.manager_asks(values, without_step_04)
    assert [(a.key, a.label) for a in asks] == [
        ("represent_team", "Represent team"),
        ("write_internally", "Write internally"),
        ("other", "Shadow the quarterly planning"),
    ]


def test_partner_from_the_console_contract_including_a_trio() -> None:
    """Ids are named from the roster when read; an older answer's stored name is not used,
    and an id no longer on the roster is a partner who has left."""
    values = {
        "accountability_partner": {
            "partner_id": "demo-bilal",
            "partner_name": "Old Name",
            "round": 1,
            "also_with": [{"partner_id": "demo-chen"}, {"partner_id": ""}],
        }
    }
    names = {"demo-bilal": "Bilal Haddad", "demo-chen": "Chen Wei"}
    partners = read_partners(values[ACCOUNTABILITY_PARTNER], names)
    assert (
        partners.names == ("Bilal Haddad", "Chen Wei")
        and partners.round == 1
        and partners.mode == "trio"
        and partners.left == 1
    )

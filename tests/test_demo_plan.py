"""Demo answers for steps 05–07 hang together with each persona's facts."""

from __future__ import annotations

from kit.room.demo import demo_answers
from kit.steps.plan.roadmap import plan_items
from kit.workbook.personas import PERSONAS


def test_some_but_not_all_personas_have_follow_ups() -> None:
    answers = demo_answers()
    with_follow_up = {key for key, a in answers.items() if "follow_up_review" in a}
    assert 0 < len(with_follow_up) < len(PERSONAS)
    assert "chen" in with_follow_up, "the nbval participant shows the follow-up path"
    assert any(len(answers[key]["follow_up_review"]["rounds"]) > 1 for key in with_follow_up)


def test_follow_ups_refer_to_items_that_exist_in_the_plan() -> None:
    answers = demo_answers()
    for key, a in answers.items():
        if "follow_up_review" not in a:
            continue
        refs = {item.ref for item in plan_items(a)}
        for round_ in a["follow_up_review"]["rounds"]:
            assert {r["ref"] for r in round_["items"]} <= refs, key


def test_plans_follow_the_persona() -> None:
    answers = demo_answers()
    for persona in PERSONAS:
        a = answers[persona.key]
        assert ("applications" in a) == (persona.situation in ("external_job", "laid_off"))
        gaps = [point for point in persona.feedback if point.category == "gap"]
        assert ("skill_plan" in a) == bool(gaps), persona.key
        assert a["plan_goals"]["goals"], persona.key

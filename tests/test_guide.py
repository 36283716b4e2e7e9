"""The facilitator's guide says what the kit does: its run-of-show matches the content's
timeboxes and fills three hours with joining, two breaks and slack, its confidentiality script
reads every term people tick (plus the one limit and who can read answers), and it says what
each kind of situation does."""

from __future__ import annotations

import re
from pathlib import Path

from kit.core.content import Content

GUIDE = (Path(__file__).resolve().parent.parent / "facilitator_guide.md").read_text(
    encoding="utf-8"
)


def test_each_step_heading_has_the_timebox_of_the_content(content: Content) -> None:
    for step in content.ordered_steps():
        if not step.in_session:
            continue
        heading = re.search(rf"### Step {step.number:02d} · .*?\((\d+) minutes", GUIDE)
        assert heading is not None, step.id
        assert int(heading.group(1)) == step.timebox_minutes, step.id


def test_three_hours_hold_joining_two_breaks_and_about_ten_percent_slack(
    content: Content,
) -> None:
    steps = sum(step.timebox_minutes for step in content.ordered_steps() if step.in_session)
    breaks = GUIDE.count("| **Break** |")
    slack = 180 - 10 - steps - 10 * breaks
    assert breaks == 2 and 15 <= slack <= 22, slack
    assert f"{steps} minutes of steps" in GUIDE and f"about {slack} minutes of slack" in GUIDE


def test_the_script_reads_all_five_terms_the_limit_and_who_can_read(content: Content) -> None:
    script = GUIDE[GUIDE.index("## Confidentiality script") : GUIDE.index("## Structured sharing")]
    room = content.exercise("confidentiality").for_path(["internal_promotion"])
    terms = room.options["terms"]
    assert "five agreements" in script and len(terms) == 5
    for needle in (
        "stays here",
        "private to you",
        "unless",
        "pass on any question",
        "do not judge",
    ):
        assert needle in script, needle
    assert "safety comes first" in script and "technically open it" in script


def test_the_guide_says_what_each_kind_does(content: Content) -> None:
    table = GUIDE[GUIDE.index("## Who does what, by situation") : GUIDE.index("## Confidentiality")]
    for label in (
        "promotion",
        "move inside",
        "elsewhere",
        "Laid off",
        "Still waiting",
        "Something else",
    ):
        assert label in table, label
    for practice in ("1-2-4-All", "15% Solutions", "Troika Consulting", "check-out round"):
        assert practice in GUIDE
    assert "co-facilitator" in GUIDE and "Remote and hybrid" in GUIDE
    assert "what?" in GUIDE and "so what?" in GUIDE and "now what?" in GUIDE

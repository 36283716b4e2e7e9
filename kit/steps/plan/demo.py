"""Demo answers for step 05: goals, skills, visibility, network, applications, money and
references, roadmap.

Plans follow each persona's facts: where they lean, their own feedback (every gap they heard
becomes a skill action, with the first step they chose for it), their path (people turned
down elsewhere are seen outside their organisation and track dated applications; a layoff
plans money and references; a decision still open keeps it short). Dates count from the demo
session day.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from kit.workbook.personas import SESSION_DAY, Persona

"""The demo cohort's session date (``build_demo``); every demo plan date counts from it."""

_LAID_OFF_SHORT = [
    "Send two well-researched applications a week for finance business partner roles",
    "Ask three former colleagues for a reference and a coffee before the end of the month",
]
_LAID_OFF_LONG = "Be in a finance role where I am told things before the rest of the floor"
_STILL_OPEN_SHORT = [
    "Whatever the answer, book one conversation with the education lead about next year",
]
_SHORT_GOALS: dict[str, list[str]] = {
    "go_again": [
        "Lead two cross-team planning meetings on my own and ask my manager for feedback after each",
        "Finish the stakeholder management course and use it in three real conversations",
    ],
    "redirect": [
        "Have three conversations with people in the roles I am curious about",
        "Shadow the product analytics team for two days and write up what I learned",
    ],
    "prepare_to_leave": [
        "Update my CV and portfolio and ask two former colleagues to review them",
        "Save three months of expenses as a cushion",
    ],
    "look_now": [
        "Send two well-researched applications for every rejection, starting with two this month",
        "Rehearse my answers to the three interview questions that went worst, with a friend",
    ],
}
_LONG_GOALS: dict[str, str] = {
    "go_again": "Apply for the next lead role with a year of evidence of leading without the title",
    "redirect": "Move into a role on the new path, with a project there to show for it",
    "prepare_to_leave": "Start in a role elsewhere where my work is seen and valued",
    "look_now": "Be in a role I chose, at an organisation whose mission I can explain in my own words",
}
_VISIBILITY_INSIDE = "Write a short internal post about what our team shipped this quarter"
_VISIBILITY_OUTSIDE = {
    "bilal": "Put the payments redesign case study in my portfolio",
    "emeka": "Give a short talk on our pipeline monitoring at the local data meet-up",
    "idris": "Write up the volunteer-scheduling change and its results for a sector newsletter",
    "kwame": "Publish my curriculum materials on the teachers' forum",
    "nadia": "Write up the take-home project as a public notebook",
}
_NETWORK = [
    ("mentor", "Ruth, head of delivery", "Ask for a 20-minute chat about how she made the jump"),
    ("event", "The regional women in tech meet-up", "Go to the next one and talk to two people"),
    (
        "keep_in_touch",
        "My old team lead from the graduate scheme",
        "Send a short update and ask how she is",
    ),
    ("event", "The internal communities of practice", "Join the next session and ask one question"),
]
_COMPANIES = [
    ("Northwind Logistics", "Senior data engineer"),
    ("Harbour Health", "Product design lead"),
    ("Kestrel Energy", "Machine learning engineer"),
    ("Civic Futures", "Operations director"),
]
_WHY_ME = {
    "bilal": "I want to design products that are tested with the people who use them.",
    "emeka": "I want my data work to serve a mission I can explain to my family.",
    "idris": "I want to run operations that keep people housed.",
    "kwame": "I want more children to have a curriculum that was designed, not inherited.",
    "lucia": "I want to be the finance partner a team trusts with bad news early.",
    "nadia": "I want to own a model from the first notebook to production.",
}


def _day(offset_days: int) -> str:
    return (SESSION_DAY + timedelta(days=offset_days)).isoformat()


def answers(persona: Persona, rng: random.Random) -> dict[str, dict[str, Any]]:
    """Step 05 answers for one persona, keyed by exercise id (a few people skip parts)."""
    result: dict[str, dict[str, Any]] = {}
    if persona.situation == "laid_off":
        shorts, long_goal = _LAID_OFF_SHORT, _LAID_OFF_LONG
    elif persona.situation == "still_open":
        shorts, long_goal = _STILL_OPEN_SHORT, ""
    else:
        shorts, long_goal = _SHORT_GOALS[persona.shape], _LONG_GOALS[persona.shape]
    goals: list[dict[str, Any]] = [
        {
            "id": "g1",
            "horizon": "short",
            "text": shorts[0],
            "due": _day(rng.choice([30, 45, 60])),
            "why": "So the next decision has evidence in front of it.",
        }
    ]
    if len(shorts) > 1:
        goals.append(
            {
                "id": "g2",
                "horizon": "short",
                "text": shorts[1],
                "due": _day(rng.choice([60, 75, 85])) if rng.random() > 0.2 else None,
                "why": "",
            }
        )
    if long_goal:
        goals.append(
            {
                "id": "g3",
                "horizon": "long",
                "text": long_goal,
                "due": _day(rng.choice([365, 450, 540])),
                "why": "It is the work I want to be doing.",
            }
        )
    if persona.temperament == "raw" and len(goals) > 1 and rng.random() > 0.5:
        goals = [
            *goals[:1],
            {"id": "g2", "horizon": "short", "text": "Be better", "due": None, "why": ""},
        ]
    result["plan_goals"] = {"goals": goals}

    gaps = [
        (n, point) for n, point in enumerate(persona.feedback, start=1) if point.category == "gap"
    ]
    if persona.sees("skill_plan") and gaps:
        result["skill_plan"] = {
            "items": [
                {
                    "id": f"s{n}",
                    "gap_id": f"f{position}",
                    "skill": point.text,
                    "how": point.how,
                    "first_step": point.action,
                    "due": _day(rng.choice([14, 21, 28]) + 7 * n),
                }
                for n, (position, point) in enumerate(gaps, start=1)
            ]
        }
    if persona.sees("visibility_plan"):
        action = (
            _VISIBILITY_OUTSIDE.get(persona.key, "Update my portfolio with one recent project")
            if persona.path.external
            else _VISIBILITY_INSIDE
        )
        result["visibility_plan"] = {
            "items": [{"id": "v1", "ask": None, "label": "", "action": action, "due": _day(40)}]
        }
    contacts = rng.sample(_NETWORK, k=rng.choice([1, 2, 3]))
    result["network_plan"] = {
        "items": [
            {"id": f"n{n}", "kind": kind, "who": who, "next_step": step, "due": _day(10 + 10 * n)}
            for n, (kind, who, step) in enumerate(contacts, start=1)
        ]
    }
    if persona.situation in ("external_job", "laid_off"):
        company, role = rng.choice(_COMPANIES)
        if persona.situation == "laid_off":
            company, role = "Riverside Housing", "Finance business partner"
        result["applications"] = {
            "rejections": rng.choice([1, 2]),
            "per_rejection": 2,
            "targets": [
                {
                    "id": "t1",
                    "company": company,
                    "role": role,
                    "research": ["company", "role", "why_them", "why_me"],
                    "status": "applied",
                    "note": "Asked a former colleague there about the team first.",
                    "why_me": _WHY_ME.get(persona.key, ""),
                    "apply_by": _day(-2),
                },
                {
                    "id": "t2",
                    "company": "Meridian Works",
                    "role": persona.role.split(" at ")[0],
                    "research": ["company"],
                    "status": "researching",
                    "note": "",
                    "why_me": "",
                    "apply_by": _day(rng.choice([12, 16, 19])),
                },
            ],
        }
    if persona.sees("money_and_references"):
        result["money_and_references"] = {
            "runway": "three_to_six",
            "money_steps": "Get the payout and notice pay in writing; list my essential costs.",
            "references": [
                {"id": "r1", "who": "My last finance director", "ask_by": _day(5), "note": ""},
                {
                    "id": "r2",
                    "who": "The head of sales I partnered",
                    "ask_by": _day(8),
                    "note": "Can speak to the pricing review",
                },
            ],
        }
    result["roadmap"] = {
        "check_ins": ["day_30", "day_60", "day_90"],
        "start": SESSION_DAY.isoformat(),
    }
    return result

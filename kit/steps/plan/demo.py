"""Demo answers for step 05: goals, skills, visibility, network, applications, roadmap.

Plans follow each persona's facts: what they decided to do (``leaning``), whether they have
feedback to plan from (``feedback_stage``) and whether the rejection was external (then
there is an applications tracker). Dates count from the demo session day.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from kit.workbook.personas import SESSION_DAY, Persona

"""The demo cohort's session date (``build_demo``); every demo plan date counts from it."""

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
_SKILLS = [
    ("Stakeholder management", "course", "Sign up for the internal course"),
    ("Presenting to senior leaders", "project", "Offer to present our team's quarterly results"),
    ("Budget ownership", "rotation", "Ask finance about the six-week rotation"),
    ("Coaching people", "mentor", "Ask Ruth to mentor me for three months"),
]
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


def _day(offset_days: int) -> str:
    return (SESSION_DAY + timedelta(days=offset_days)).isoformat()


def answers(persona: Persona, rng: random.Random) -> dict[str, dict[str, Any]]:
    """Step 05 answers for one persona, keyed by exercise id (a few people skip parts)."""
    result: dict[str, dict[str, Any]] = {}
    shorts = _SHORT_GOALS[persona.leaning]
    goals: list[dict[str, Any]] = [
        {
            "id": "g1",
            "horizon": "short",
            "text": shorts[0],
            "due": _day(rng.choice([30, 45, 60])),
            "why": "So the next decision has evidence in front of it.",
        },
        {
            "id": "g2",
            "horizon": "short",
            "text": shorts[1],
            "due": _day(rng.choice([60, 75, 85])) if rng.random() > 0.2 else None,
            "why": "",
        },
        {
            "id": "g3",
            "horizon": "long",
            "text": _LONG_GOALS[persona.leaning],
            "due": _day(rng.choice([365, 450, 540])),
            "why": "It is the work I want to be doing.",
        },
    ]
    if persona.temperament == "raw" and rng.random() > 0.5:
        goals = [
            *goals[:1],
            {"id": "g2", "horizon": "short", "text": "Be better", "due": None, "why": ""},
        ]
    result["plan_goals"] = {"goals": goals}

    if persona.feedback_stage != "not_asked":
        picked = rng.sample(_SKILLS, k=2)
        result["skill_plan"] = {
            "items": [
                {
                    "id": f"s{n}",
                    "gap_id": None,
                    "skill": skill,
                    "how": how,
                    "first_step": step,
                    "due": _day(rng.choice([14, 21, 28]) + 7 * n),
                }
                for n, (skill, how, step) in enumerate(picked, start=1)
            ]
        }
    result["visibility_plan"] = {
        "items": [
            {
                "id": "v1",
                "ask": None,
                "label": "",
                "action": "Write a short internal post about what our team shipped this quarter",
                "due": _day(40),
            },
        ]
    }
    contacts = rng.sample(_NETWORK, k=rng.choice([1, 2, 3]))
    result["network_plan"] = {
        "items": [
            {"id": f"n{n}", "kind": kind, "who": who, "next_step": step, "due": _day(10 + 10 * n)}
            for n, (kind, who, step) in enumerate(contacts, start=1)
        ]
    }
    if persona.situation == "external_job":
        company, role = rng.choice(_COMPANIES)
        result["applications"] = {
            "rejections": rng.choice([1, 2]),
            "per_rejection": 2,
            "targets": [
                {
                    "id": "t1",
                    "company": company,
                    "role": role,
                    "research": ["company", "role", "why_them"],
                    "status": "applied",
                    "note": "Asked a former colleague there about the team first.",
                },
                {
                    "id": "t2",
                    "company": "Meridian Works",
                    "role": persona.role.split(" at ")[0],
                    "research": ["company"],
                    "status": "researching",
                    "note": "",
                },
            ],
        }
    result["roadmap"] = {
        "check_ins": ["day_30", "day_60", "day_90"],
        "start": SESSION_DAY.isoformat(),
    }
    return result

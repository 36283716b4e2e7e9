"""Demo answers for step 02, shaped by how far each persona has got with feedback.

``not_asked``: a plan for the ask at most (one person skips the step); ``asked``: the plan,
the request and the meeting aims, no feedback yet; ``received``: all of that, the meeting
aims ticked off, their own feedback sorted, and a self-review.
"""

from __future__ import annotations

import random
from typing import Any

from kit.core.content import load_content
from kit.steps.feedback.request import compose_request
from kit.workbook.personas import Persona

# (text, category, gap_kind, onet element id, action, workaround), written per person.
_FEEDBACK: dict[str, list[tuple[str, str | None, str | None, str | None, str, str]]] = {
    "chen": [
        ("Sharp, well-structured analysis", "strength", None, None, "", ""),
        ("Trusted by the risk committee", "strength", None, None, "", ""),
        (
            "Has not led a team through a restructure",
            "gap",
            "experience",
            "2.B.5.d",
            "Ask to co-lead the Q2 team changes with my manager",
            "",
        ),
        (
            "Presents detail before the headline",
            "gap",
            "skill",
            "2.A.1.d",
            "Practise one-page summaries with a mentor each month",
            "",
        ),
        (
            "Quiet in large meetings",
            "trait",
            None,
            None,
            "",
            "Send my view in writing before big meetings",
        ),
    ],
    "dolores": [
        ("Customers and the team rate her highly", "strength", None, None, "", ""),
        (
            "Limited experience managing a budget over a million",
            "gap",
            "experience",
            "2.B.5.b",
            "Shadow finance through the annual budget round",
            "",
        ),
        (
            "Seen as resistant to the new operating model",
            "gap",
            "skill",
            "2.B.1.c",
            "Write up two improvements to the model and pitch them",
            "",
        ),
        (
            "Direct, sometimes blunt",
            "trait",
            None,
            None,
            "",
            "Ask a trusted peer to read sensitive emails first",
        ),
    ],
    "hana": [
        ("Clear product thinking", "strength", None, None, "", ""),
        ("Calm under pressure in the panel", "strength", None, None, "", ""),
        (
            "Needs more experience with senior stakeholders",
            "gap",
            "experience",
            "2.B.1.d",
            "Run the quarterly review with the payments director",
            "",
        ),
        ("Roadmap trade-offs not explained", None, None, None, "", ""),
    ],
    "julia": [
        ("Best client retention in the team", "strength", None, None, "", ""),
        ("Mentors new account managers well", "strength", None, None, "", ""),
        (
            "Commercial forecasting not yet strong enough",
            "gap",
            "skill",
            "2.A.1.e",
            "Take the internal forecasting course and own next quarter's forecast",
            "",
        ),
        (
            "Prefers doing the work to delegating it",
            "trait",
            None,
            None,
            "",
            "Hand one client review a month to a junior colleague",
        ),
    ],
    "kwame": [
        ("Strong relationships with students and parents", "strength", None, None, "", ""),
        (
            "Whole-school timetabling experience missing",
            "gap",
            "experience",
            "2.B.5.a",
            "Volunteer for the timetabling working group",
            "",
        ),
        (
            "Data-led school improvement",
            "gap",
            "skill",
            "2.B.4.h",
            "A short course on school data, then lead one department review",
            "",
        ),
    ],
    "nadia": [
        ("Excellent take-home task", "strength", None, None, "", ""),
        (
            "Production experience at scale is thin",
            "gap",
            "experience",
            "2.B.3.g",
            "Ship a monitored model in an open-source project",
            "",
        ),
        (
            "System design interview was rushed",
            "gap",
            "skill",
            "2.B.4.g",
            "Weekly mock system design sessions with a peer",
            "",
        ),
        (
            "Talks fast when nervous",
            "trait",
            None,
            None,
            "",
            "Pause and restate the question before answering",
        ),
    ],
}

_WHOM: dict[str, list[str]] = {
    "internal_promotion": ["hiring_manager", "hr"],
    "internal_move": ["hiring_manager", "panel"],
    "external_job": ["hr", "panel"],
    "other": ["others_involved"],
}

_QUESTIONS: dict[str, list[str]] = {
    "raw": ["detailed_feedback", "next_step"],
    "angry": ["hesitations", "successful_profile", "detailed_feedback"],
    "steady": ["skills_experience", "hesitations", "future_roles"],
    "hopeful": ["interview_performance", "skills_experience", "future_roles"],
    "anxious": ["interview_performance", "detailed_feedback"],
}

_REVIEW: dict[str, tuple[dict[str, int], dict[str, str]]] = {
    "steady": (
        {"qualifications": 4, "skills": 3, "interview": 4},
        {"skills": "Leadership experience is the real gap."},
    ),
    "angry": (
        {"qualifications": 5, "skills": 4, "interview": 3},
        {"interview": "I was defensive about the restructure."},
    ),
    "hopeful": (
        {"qualifications": 4, "skills": 3, "interview": 3},
        {"interview": "Good start, lost the thread at the end."},
    ),
    "anxious": (
        {"qualifications": 3, "skills": 3, "interview": 2},
        {"interview": "Nerves took over."},
    ),
    "raw": ({"qualifications": 4, "skills": 4, "interview": 3}, {}),
}


def answers(persona: Persona, rng: random.Random) -> dict[str, dict[str, Any]]:
    """Step 02 answers for one persona, keyed by exercise id."""
    if persona.feedback_stage == "not_asked" and persona.situation == "other":
        return {}  # not ready to think about feedback yet; the step is left for later
    result: dict[str, dict[str, Any]] = {
        "feedback_whom": {"whom": _WHOM[persona.situation], "others": ""},
        "question_bank": {"questions": _QUESTIONS[persona.temperament], "own_questions": ""},
    }
    if persona.feedback_stage == "not_asked" and rng.random() < 0.5:
        return result
    request: dict[str, Any] = {
        "recipient": "",
        "role": persona.role,
        "acceptance": rng.choice(["respect", "understand", "congratulate"]),
        "ask": rng.choice(["stronger_candidate", "what_to_develop", "what_made_difference"]),
        "meeting": rng.choice(["call_20", "coffee"]),
        "times": "Any afternoon next week works for me.",
        "sign_off": persona.name.split()[0],
        "edited": False,
    }
    request["message"] = compose_request(load_content().exercise("feedback_request"), request)
    result["feedback_request"] = request
    aims = ["learn_hesitations", "support_for_growth"]
    if persona.situation.startswith("internal"):
        aims = ["decision_maker_time", *aims, "company_goals"]
    achieved = aims[: max(1, len(aims) - 1)] if persona.feedback_stage == "received" else []
    result["meeting_goals"] = {"aims": aims, "achieved": achieved, "notes": ""}
    if persona.feedback_stage != "received":
        return result
    result["feedback_sort"] = {
        "items": [
            {
                "id": f"f{n}",
                "text": text,
                "category": category,
                "gap_kind": gap_kind,
                "onet_skill": skill,
                "action": action,
                "workaround": workaround,
            }
            for n, (text, category, gap_kind, skill, action, workaround) in enumerate(
                _FEEDBACK[persona.key], start=1
            )
        ]
    }
    ratings, notes = _REVIEW[persona.temperament]
    result["self_review"] = {"ratings": ratings, "notes": notes}
    return result

"""Demo answers for step 02, shaped by each persona's path and how far they got with feedback.

``not_asked``: the plan for the ask and a request drafted with a date to send it by (one
person skips the step); ``asked``: the request sent and waiting (or met with silence, so a
follow-up is dated); ``no_feedback``: the employer gives none, so their own review takes its
place; ``received``: the meeting held, their own feedback sorted (each trait's workaround
dated) and a self-review. A layoff skips the step; a decision still open prepares for it.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from kit.core.content import load_content
from kit.steps.feedback.request import compose_request
from kit.workbook.personas import SESSION_DAY, Persona

_WHOM: dict[str, list[str]] = {
    "internal_promotion": ["decision_maker", "my_manager", "hr"],
    "internal_move": ["hiring_manager", "panel", "my_manager"],
    "external_job": ["hr", "panel", "hiring_manager"],
    "still_open": ["decision_maker", "hr"],
    "other": ["others_involved"],
}

# Wanted by temperament; each person keeps only what their path offers.
_QUESTIONS: dict[str, list[str]] = {
    "raw": ["how_decided", "detailed_feedback", "next_step"],
    "angry": ["hesitations", "successful_profile", "detailed_feedback", "how_decided"],
    "steady": ["skills_experience", "hesitations", "ambition_clear", "future_roles"],
    "hopeful": ["interview_performance", "process_performance", "skills_experience", "next_step"],
    "anxious": ["interview_performance", "process_performance", "detailed_feedback", "next_step"],
}
_HABITS: dict[str, list[str]] = {
    "raw": ["listen", "thank", "sleep_on_it"],
    "angry": ["no_defending", "notes", "sleep_on_it"],
    "steady": ["listen", "notes"],
    "hopeful": ["listen", "no_defending", "thank"],
    "anxious": ["notes", "sleep_on_it"],
}
# The reply to the request, by how far the person got.
_REPLY = {"received": "answered", "no_feedback": "no_feedback"}

_REVIEW: dict[str, tuple[dict[str, int], dict[str, str]]] = {
    "steady": (
        {"qualifications": 4, "skills": 3, "interview": 4, "how_i_came_across": 4},
        {"skills": "Leadership experience is the real gap."},
    ),
    "angry": (
        {"qualifications": 5, "skills": 4, "interview": 3, "how_i_came_across": 3},
        {"interview": "I was defensive about the restructure."},
    ),
    "hopeful": (
        {"qualifications": 4, "skills": 3, "interview": 3, "how_i_came_across": 3},
        {"interview": "Good start, lost the thread at the end."},
    ),
    "anxious": (
        {"qualifications": 3, "skills": 3, "interview": 2, "how_i_came_across": 2},
        {"interview": "Nerves took over."},
    ),
    "raw": ({"qualifications": 4, "skills": 4, "interview": 3, "how_i_came_across": 3}, {}),
}


def _day(offset: int) -> str:
    return (SESSION_DAY + timedelta(days=offset)).isoformat()


def answers(persona: Persona, rng: random.Random) -> dict[str, dict[str, Any]]:
    """Step 02 answers for one persona, keyed by exercise id (only what their path shows)."""
    if not persona.sees("feedback_whom"):
        return {}  # a layoff skips the step
    if persona.feedback_stage == "not_asked" and persona.situation == "other":
        return {}  # not ready to think about feedback yet; the step is left for later
    result: dict[str, dict[str, Any]] = {
        "feedback_whom": {
            "whom": persona.offered("feedback_whom", "whom", _WHOM[persona.situation]),
            "others": "",
        },
        "question_bank": {
            "questions": persona.offered(
                "question_bank", "questions", _QUESTIONS[persona.temperament]
            ),
            "own_questions": "",
        },
        "hearing_feedback": {
            "habits": _HABITS[persona.temperament],
            "practised": rng.random() > 0.4,
            "hardest": "",
        },
    }
    if persona.sees("feedback_request"):
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
        if persona.feedback_stage == "not_asked":
            request["send_by"] = _day(rng.choice([2, 3, 4]))
        else:
            request["send_by"] = _day(-rng.randint(10, 40))
            request["reply"] = _REPLY.get(persona.feedback_stage, "waiting")
            if persona.key == "bilal":  # silence after a week: one polite follow-up, dated
                request["reply"] = "no_reply"
                request["follow_up_on"] = _day(5)
        result["feedback_request"] = request
    if persona.sees("meeting_goals") and persona.feedback_stage in ("asked", "received"):
        aims = ["learn_hesitations", "support_for_growth"]
        if persona.situation.startswith("internal"):
            aims = ["decision_maker_time", *aims, "company_goals"]
        received = persona.feedback_stage == "received"
        result["meeting_goals"] = {
            "aims": aims,
            "achieved": aims[: max(1, len(aims) - 1)] if received else [],
            "notes": "",
            "meeting_on": _day(-rng.randint(5, 20)) if received else _day(rng.choice([6, 8])),
        }
    if persona.feedback_stage == "received":
        result["feedback_sort"] = {
            "items": [
                {
                    "id": f"f{n}",
                    "text": point.text,
                    "category": point.category,
                    "gap_kind": point.gap_kind,
                    "onet_skill": point.onet_skill,
                    "action": point.action,
                    "workaround": point.workaround,
                    "due": _day(7 + 7 * n) if point.category == "trait" else None,
                }
                for n, point in enumerate(persona.feedback, start=1)
            ]
        }
    if persona.heard_feedback or persona.situation == "still_open":
        ratings, notes = _REVIEW[persona.temperament]
        areas = persona.offered("self_review", "areas", list(ratings))
        result["self_review"] = {
            "ratings": {area: ratings[area] for area in areas},
            "notes": {area: note for area, note in notes.items() if area in areas},
        }
    return result

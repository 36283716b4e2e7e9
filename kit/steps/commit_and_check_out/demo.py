"""Demo answers for step 06: commitments, accountability, advice, mood check-out, feedback."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from kit.workbook.personas import SESSION_DAY, Persona

_CHECK_OUT_MOODS: dict[str, list[list[str]]] = {
    "raw": [["sadness", "interest"], ["pensiveness", "trust"]],
    "angry": [["annoyance", "anticipation"], ["anger", "interest"]],
    "steady": [["serenity", "anticipation"], ["acceptance", "interest"]],
    "hopeful": [["joy", "anticipation"], ["serenity", "trust"]],
    "anxious": [["apprehension", "interest"], ["pensiveness", "acceptance"]],
}
_ADVICE = [
    "Ask for the feedback even when it stings; it is the most useful thing you will hear all year.",
    "Give yourself a week before deciding anything big.",
    "Tell one person you trust. It gets lighter straight away.",
    "A no for this role is not a no for you.",
]
_NEXT_STEPS: dict[str, str] = {
    "go_again": "Email my manager to book the conversation about what the next promotion needs",
    "redirect": "Message two people in the team I am curious about",
    "prepare_to_leave": "Spend one evening updating my CV",
    "look_now": "Pick my next two targets and start the research",
    "laid_off": "Ask my last finance director for a reference",
    "still_open": "Write down my questions for the panel, in case it is a no",
}


def answers(persona: Persona, rng: random.Random) -> dict[str, dict[str, Any]]:
    """Step 06 answers for one persona, keyed by exercise id."""
    result: dict[str, dict[str, Any]] = {
        "strengths_recap": {
            "lean_on": rng.choice(
                ["Calm under pressure", "People trust me with hard news", "I finish what I start"]
            ),
            "also_true": "I am good at explaining complicated things simply."
            if rng.random() > 0.5
            else "",
        },
        "resilience_commitments": {
            "self_care": rng.choice(
                [
                    "A walk at lunchtime, every day this week.",
                    "No job sites after 9 pm.",
                    "Seeing friends on Saturday, phone away.",
                ]
            ),
            "next_step": _NEXT_STEPS.get(persona.situation, _NEXT_STEPS[persona.shape]),
            "next_step_due": (SESSION_DAY + timedelta(days=rng.choice([3, 5, 6]))).isoformat(),
            "raise_hand": "The next cross-team project that needs someone to coordinate it.",
        },
        "accountability": {
            "partner_name": rng.choice(["Jo", "Sam", "my sister", "Priya"]),
            "how": rng.choice(["message", "call", "coffee"]),
            "when": "Every other Friday",
        },
    }
    if rng.random() > 0.2:
        result["advice_for_others"] = {"text": rng.choice(_ADVICE), "share": rng.random() > 0.4}
    words = rng.choice(_CHECK_OUT_MOODS[persona.temperament])
    result["mood_check_out"] = {"emotions": [{"word": word} for word in words], "note": ""}
    result["session_feedback"] = {
        "rating": rng.choice([3, 4, 4, 5, 5]),
        "comment": "More time for the plan, please." if rng.random() > 0.6 else "",
        "share_comment": rng.random() > 0.5,
    }
    return result

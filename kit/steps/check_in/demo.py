"""Demo answers for step 00, varied by persona (some skip exercises, as real people do)."""

from __future__ import annotations

import random
from typing import Any

from kit.workbook.personas import Persona

_MOODS: dict[str, list[list[str]]] = {
    "raw": [["grief", "annoyance"], ["sadness", "apprehension"], ["grief", "amazement"]],
    "angry": [["rage", "loathing"], ["anger", "disgust", "sadness"], ["anger", "boredom"]],
    "steady": [
        ["pensiveness", "interest"],
        ["acceptance", "pensiveness"],
        ["serenity", "interest"],
    ],
    "hopeful": [
        ["anticipation", "pensiveness"],
        ["interest", "trust"],
        ["anticipation", "sadness"],
    ],
    "anxious": [["fear", "pensiveness"], ["apprehension", "vigilance"], ["terror", "sadness"]],
}

_HOPES: dict[str, list[str]] = {
    "raw": ["feel_better", "understand"],
    "angry": ["understand", "decide"],
    "steady": ["get_feedback", "plan"],
    "hopeful": ["plan", "practise"],
    "anxious": ["feel_better", "get_feedback", "plan"],
}

_OWN_WORDS: dict[str, str] = {
    "raw": "Mostly to stop replaying the moment I heard.",
    "angry": "To work out whether I am angry at them or at myself.",
    "steady": "A clear next step I can start on Monday.",
    "hopeful": "Practice for the next interview, and a plan that does not depend on one job.",
    "anxious": "To stop feeling like everyone can see it on me.",
}


def answers(persona: Persona, rng: random.Random) -> dict[str, dict[str, Any]]:
    """Step 00 answers for one persona, keyed by exercise id."""
    result: dict[str, dict[str, Any]] = {
        "confidentiality": {"agreed": True},
        "situation": {
            "kind": persona.situation,
            "how_long_ago": persona.how_long_ago,
            "role": persona.role,
            "details": persona.story,
        },
    }
    if rng.random() > 0.1:
        words = rng.choice(_MOODS[persona.temperament])
        result["mood_check_in"] = {"emotions": [{"word": word} for word in words], "note": ""}
    hopes = list(_HOPES[persona.temperament])
    if rng.random() > 0.5:
        hopes.append(rng.choice(["decide", "practise", "understand"]))
    result["hopes_for_today"] = {
        "hopes": hopes,
        "in_my_words": _OWN_WORDS[persona.temperament] if rng.random() > 0.3 else "",
    }
    return result

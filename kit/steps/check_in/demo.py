"""Demo answers for step 00, varied by persona (some skip exercises, as real people do)."""

from __future__ import annotations

import random
from typing import Any

from kit.workbook.personas import Persona

_MOODS: dict[str, list[list[str]]] = {
    "raw": [["grief", "hurt"], ["sadness", "disappointed", "numb"], ["grief", "rejected"]],
    "angry": [["rage", "bitter"], ["anger", "resentful", "sadness"], ["anger", "jealous"]],
    "steady": [
        ["pensiveness", "disappointed"],
        ["acceptance", "pensiveness"],
        ["serenity", "interest"],
    ],
    "hopeful": [
        ["anticipation", "disappointed"],
        ["interest", "trust"],
        ["anticipation", "sadness"],
    ],
    "anxious": [
        ["fear", "self_doubting"],
        ["apprehension", "embarrassed"],
        ["terror", "sadness", "ashamed"],
    ],
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
            "stage": persona.stage,
            "manager_knows": persona.manager_knows,
            "how_long_ago": persona.how_long_ago,
            "role": persona.role,
            "details": persona.story,
        },
    }
    if rng.random() > 0.1:
        words = list(rng.choice(_MOODS[persona.temperament]))
        if persona.situation == "laid_off":
            words.append("money_worries")
        result["mood_check_in"] = {"emotions": [{"word": word} for word in words], "note": ""}
    hopes = list(_HOPES[persona.temperament])
    if rng.random() > 0.5:
        hopes.append(rng.choice(["decide", "practise", "understand"]))
    result["hopes_for_today"] = {
        "hopes": hopes,
        "in_my_words": _OWN_WORDS[persona.temperament] if rng.random() > 0.3 else "",
    }
    return result

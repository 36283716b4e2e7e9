"""Demo answers for step 01, shaped by each persona's temperament (and some skip exercises)."""

from __future__ import annotations

import random
from typing import Any

from kit.workbook.personas import Persona

_WORDS: dict[str, list[list[str]]] = {
    "raw": [
        ["sadness", "surprise"],
        ["grief", "annoyance"],
        ["pensiveness", "amazement", "apprehension"],
    ],
    "angry": [["anger", "sadness"], ["annoyance", "disgust"], ["rage", "pensiveness"]],
    "steady": [["pensiveness", "acceptance"], ["annoyance", "interest"], ["sadness", "trust"]],
    "hopeful": [
        ["pensiveness", "anticipation"],
        ["sadness", "interest"],
        ["acceptance", "anticipation"],
    ],
    "anxious": [["fear", "sadness"], ["apprehension", "pensiveness"], ["fear", "vigilance"]],
}

_PULLS: dict[str, list[str]] = {
    "raw": ["withdraw"],
    "angry": ["lash_out"],
    "steady": ["neither"],
    "hopeful": ["withdraw"],
    "anxious": ["withdraw", "lash_out"],
}

_INSTEAD: dict[str, list[str]] = {
    "raw": ["talk_to_someone", "keep_routines"],
    "angry": ["wait_a_day", "ask_questions", "move"],
    "steady": ["write_it_out"],
    "hopeful": ["talk_to_someone", "move"],
    "anxious": ["write_it_out", "wait_a_day", "talk_to_someone"],
}

_COMPASSION: dict[str, tuple[str, str]] = {
    "raw": (
        "I am not good enough and everyone knows it now.",
        "You were good enough to get this far. One decision is not a verdict on you.",
    ),
    "angry": (
        "I was an idiot to believe they would ever pick me.",
        "You backed yourself, which took courage. Being disappointed is not being foolish.",
    ),
    "steady": (
        "I should have seen this coming.",
        "You could not know what they were weighing. You did what you could with what you knew.",
    ),
    "hopeful": (
        "Maybe I am aiming too high.",
        "Aiming high is how anyone gets anywhere. This tells you about this role, not your ceiling.",
    ),
    "anxious": (
        "People will think less of me now.",
        "The people who matter saw your work before this and will see it after. Most people are kinder than the voice in your head.",
    ),
}

_STORIES: dict[str, str] = {
    "raw": "They never really rated me.",
    "angry": "It was decided before I walked in.",
    "steady": "I was not quite ready, and I knew it.",
    "hopeful": "I did not sell myself well enough on the day.",
    "anxious": "I froze in the interview and that was that.",
}

_EXPLANATIONS: dict[str, list[str]] = {
    "raw": ["other_fit", "small_margin", "not_clear_i_wanted_it", "not_visible"],
    "angry": ["criteria", "stronger_candidate", "relationships"],
    "steady": ["timing", "other_fit", "gap"],
    "hopeful": ["other_fit", "budget", "on_the_day"],
    "anxious": ["small_margin", "criteria", "preparation", "timing"],
}

# Monday morning: what each person will do, and their one calm line (invented).
_MOVES: dict[str, list[str]] = {
    "internal_promotion": ["congratulate", "one_line", "no_venting"],
    "internal_move": ["congratulate", "one_line", "keep_standards"],
    "external_job": ["one_line", "keep_standards"],
    "laid_off": ["one_line", "goodbyes", "no_venting"],
    "still_open": ["one_line", "quiet_break"],
    "other": ["one_line", "quiet_break"],
}
_LINES: dict[str, str] = {
    "internal_promotion": "Not this time. I have asked for feedback and I am focusing on what comes next.",
    "internal_move": "It went to someone else this time; I am talking to my manager about what is next.",
    "external_job": "It did not work out this time. I learned a lot from it.",
    "laid_off": "My role went in the restructure. I am looking for my next finance role, and I would welcome an introduction.",
    "still_open": "I am waiting to hear. I will know in a couple of weeks.",
    "other": "It did not go my way this time, and I am working out what is next.",
}

_CIRCLE: dict[str, list[tuple[str, str | None]]] = {
    "raw": [
        ("How I talk to myself about it", "change"),
        ("Asking for feedback", "change"),
        ("How my manager sees me next year", "influence"),
        ("The decision itself", "let_go"),
    ],
    "angry": [
        ("Whether I stay", "change"),
        ("How I reply to the email", "change"),
        ("The way the process is run next time", "influence"),
        ("Who they chose", "let_go"),
        ("That it felt unfair", None),
    ],
    "steady": [
        ("My development plan", "change"),
        ("Getting a stretch project", "influence"),
        ("When the next role opens", "let_go"),
        ("The reorganisation", "let_go"),
    ],
    "hopeful": [
        ("My interview preparation", "change"),
        ("My portfolio", "change"),
        ("Who I meet at events", "influence"),
        ("The hiring budget", "let_go"),
    ],
    "anxious": [
        ("How much I sleep this week", "change"),
        ("What my team hears from me", "influence"),
        ("What people think", "let_go"),
        ("The timing", "let_go"),
    ],
}

_SUPPORT: dict[str, list[dict[str, Any]]] = {
    "raw": [
        {
            "relationship": "partner",
            "name": "",
            "how": "in_person",
            "first_step": "Tell them tonight how hard it hit",
        },
        {"relationship": "friend", "name": "Jo", "how": "call", "first_step": "Call on Sunday"},
    ],
    "angry": [
        {
            "relationship": "mentor",
            "name": "",
            "how": "call",
            "first_step": "Ask for a sense check before I reply to anyone",
        }
    ],
    "steady": [
        {
            "relationship": "colleague",
            "name": "",
            "how": "in_person",
            "first_step": "Lunch next week",
        },
        {
            "relationship": "mentor",
            "name": "Ruth",
            "how": "message",
            "first_step": "Book our monthly call early",
        },
    ],
    "hopeful": [
        {
            "relationship": "group",
            "name": "",
            "how": "in_person",
            "first_step": "Go to the next meet-up",
        },
        {
            "relationship": "family",
            "name": "",
            "how": "call",
            "first_step": "Tell my sister what happened",
        },
    ],
    "anxious": [
        {
            "relationship": "professional",
            "name": "",
            "how": "in_person",
            "first_step": "Bring it to my next coaching session",
        }
    ],
}


def answers(persona: Persona, rng: random.Random) -> dict[str, dict[str, Any]]:
    """Step 01 answers for one persona, keyed by exercise id."""
    mood = persona.temperament
    result: dict[str, dict[str, Any]] = {
        "name_emotions": {
            "emotions": [{"word": word} for word in rng.choice(_WORDS[mood])]
            + ([{"word": "money_worries"}] if persona.situation == "laid_off" else []),
            "note": "",
        },
        "reflexes": {"pulls": _PULLS[mood], "instead": _INSTEAD[mood], "in_my_words": ""},
    }
    result["facing_colleagues"] = {
        "moves": persona.offered("facing_colleagues", "moves", _MOVES[persona.situation]),
        "my_line": _LINES[persona.situation],
        "hardest": "",
    }
    if rng.random() > 0.2:
        harsh, kind = _COMPASSION[mood]
        result["compassion_rewrite"] = {"harsh": harsh, "kind": kind, "harsh_in_report": False}
    if persona.sees("not_personal"):
        story = _STORIES[mood]
        if persona.situation == "laid_off":
            story = "I should have seen the cuts coming and moved first."
        result["not_personal"] = {
            "story": story,
            "explanations": persona.offered("not_personal", "explanations", _EXPLANATIONS[mood]),
            "other_explanation": "",
        }
    result["circle_of_control"] = {
        "items": [
            {"id": f"c{n}", "text": text, "zone": zone}
            for n, (text, zone) in enumerate(_CIRCLE[mood], start=1)
        ]
    }
    if rng.random() > 0.15:
        result["support_people"] = {
            "people": [
                {"id": f"s{n}", **person} for n, person in enumerate(_SUPPORT[mood], start=1)
            ]
        }
    return result

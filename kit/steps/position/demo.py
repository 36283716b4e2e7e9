"""Demo answers for step 03, shaped by each persona's leaning so the cohort shows a realistic
spread of decisions: people turned down elsewhere weigh their own options, people who heard
this week have not decided yet, early decisions wait for the conversations (one is due a
second look), someone decides against the matrix, a layoff skips the step and a decision
still open prepares for either answer."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from kit.core.content import load_content
from kit.steps.position.decision import score_options
from kit.steps.position.matrix import build_matrix, position_answers_from_values
from kit.workbook.decision_state import CONVERSATION, FEEDBACK
from kit.workbook.personas import SESSION_DAY, Persona

# Per leaning: (fit, happy) choices, trade-off acceptability, stock-take, and values to draw from.
_FIT = {
    "go_again": (["very_well", "well"], ["very_happy", "happy"]),
    "redirect": (["partly", "barely"], ["unsure", "not_very"]),
    "prepare_to_leave": (["well", "partly"], ["not_very", "unsure"]),
    "look_now": (["very_well", "well", "partly"], ["happy", "unsure"]),
}
_ACCEPTABLE = {
    "go_again": ["fine", "manageable"],
    "redirect": ["hard", "manageable", "deal_breaker"],
    "prepare_to_leave": ["manageable", "hard"],
    "look_now": ["fine", "manageable", "hard"],
}
_STOCK = {
    "go_again": {
        "know_why": ["yes", "partly"],
        "odds": ["good", "fair"],
        "manager_values": ["yes"],
        "path_here": ["yes"],
    },
    "redirect": {
        "know_why": ["yes", "partly"],
        "odds": ["slim", "fair"],
        "manager_values": ["yes", "unsure"],
        "path_here": ["yes", "maybe"],
    },
    "prepare_to_leave": {
        "know_why": ["partly", "no"],
        "odds": ["slim"],
        "manager_values": ["unsure", "no"],
        "path_here": ["maybe", "no"],
    },
    "look_now": {
        "know_why": ["no", "partly"],
        "odds": ["slim", "dont_know"],
        "manager_values": ["unsure", "no"],
        "path_here": ["no", "maybe"],
    },
}
_VALUES = {
    "go_again": ["achievement", "mastery", "responsibility", "dependability", "honesty", "family"],
    "redirect": ["growth", "creativity", "purpose", "knowledge", "cooperation", "health"],
    "prepare_to_leave": [
        "independence",
        "justice",
        "family",
        "stability",
        "self_esteem",
        "honesty",
    ],
    "look_now": ["adventure", "change", "autonomy", "challenge", "purpose", "leisure"],
}

# Each person's own words: a career goal and why they decided as they did (invented).
_GOAL = {
    "amara": "Leading the platform team, and being the person juniors come to.",
    "bilal": "Design lead somewhere that takes research seriously.",
    "chen": "Closer to product decisions than to risk reports.",
    "dolores": "Running operations somewhere my judgement is trusted.",
    "emeka": "Building data tools for an organisation with a mission I care about.",
    "freya": "Shaping how the whole trust trains its nurses.",
    "gabriel": "Honestly, I am still working that out.",
    "hana": "Product lead for payments within two years.",
    "idris": "Director of a mid-sized charity, ideally in housing.",
    "julia": "Account director for the northern region.",
    "kwame": "Advising schools on curriculum, on my own terms.",
    "lucia": "Finance lead in a smaller firm where I am not invisible.",
    "mateo": "Research that changes what we build, with a team that wants it.",
    "nadia": "A senior ML role where I own a model end to end.",
}
_WHY = {
    "amara": "I still want this job and I know I can do it; next round I will be the obvious choice.",
    "bilal": "Four near-misses say the market wants me; I will keep the momentum going, two careful applications at a time.",
    "chen": "The risk team was never the destination; the product analytics track is open to me here.",
    "dolores": "I will give it a year on my terms, with savings and contacts, then go.",
    "emeka": "There are other mission-driven teams, and I would rather apply while I am motivated.",
    "freya": "The feedback was fair and the post comes up again in spring.",
    "hana": "The panel told me exactly what to build: stakeholder experience. I can get that here.",
    "idris": "Five interviews and a form email. There are other charities doing housing work, and I can show them what I bring.",
    "julia": "Second time, but the gap is clear and my manager backs me.",
    "kwame": "A part-time consultancy lets me test the idea without jumping.",
    "mateo": "It was never the role; I want a research team that wants research.",
    "nadia": "The take-home went well. If I can show production experience, they said the door is open.",
}
_WHAT_IT_TAKES = {
    "chen": "A product-facing project on my record and a sponsor outside risk.",
    "dolores": "Someone above my director who has seen my numbers.",
    "hana": "Two quarters of leading work with difficult stakeholders.",
    "julia": "One more major renewal and a cleaner forecast record.",
    "kwame": "Curriculum leadership I can point to, not just teaching results.",
    "nadia": "Show that I can take a model to production, not just prototype it.",
}
_OWN_OPTION = {"kwame": "Start a part-time education consultancy alongside my job"}
# Decided after the feedback but before the manager meeting, which has happened since: the
# demo's example of a decision due a second look.
_INFORMED_EARLY = {"dolores": [FEEDBACK]}
_EITHER_OUTCOME = {
    "freya": {
        "if_yes": "Tell my ward team myself before the announcement, and plan the handover",
        "if_no": "Ask the panel chair for feedback within three days, then come back to this workshop",
        "meanwhile": "Keep my Thursday swim, whatever happens",
    }
}
_TRADE_OFF_NOTES = {
    "hana": "Being on call for payment incidents",
    "idris": "Fundraising targets",
    "dolores": "Weekend escalations",
}


def answers(persona: Persona, rng: random.Random) -> dict[str, dict[str, Any]]:
    """Step 03 answers for one persona, keyed by exercise id (only what their path shows)."""
    if not persona.sees("role_fit"):
        return {}  # a layoff skips the step
    leaning = persona.shape
    fits, happies = _FIT[leaning]
    result: dict[str, dict[str, Any]] = {
        "role_fit": {
            "career_goal": _GOAL.get(persona.key, ""),
            "fit": rng.choice(fits),
            "happy": rng.choice(happies),
            "note": "",
        }
    }
    if persona.key in _EITHER_OUTCOME:
        result["either_outcome"] = {
            "expect_by": (SESSION_DAY + timedelta(days=10)).isoformat(),
            **_EITHER_OUTCOME[persona.key],
        }
    if not persona.sees("take_stock"):
        return result  # a decision still open: the short path
    items: list[dict[str, Any]] = [
        {"id": trade_off, "own": False, "acceptability": rng.choice(_ACCEPTABLE[leaning])}
        for trade_off in ("personal_time", "relocation", "managing_team")
        if rng.random() > 0.2
    ]
    if persona.key in _TRADE_OFF_NOTES:
        items.append(
            {
                "id": "own1",
                "own": True,
                "text": _TRADE_OFF_NOTES[persona.key],
                "acceptability": rng.choice(_ACCEPTABLE[leaning]),
            }
        )
    result["trade_offs"] = {"items": items}
    pool = list(_VALUES[leaning])
    rng.shuffle(pool)
    result["values_sort"] = {"top": pool[: rng.choice([3, 4, 5])], "note": ""}
    result["take_stock"] = {
        name: rng.choice(choices) for name, choices in _STOCK[leaning].items()
    } | {"what_it_takes": "", "note": ""}
    if persona.feedback_stage == "received":
        result["take_stock"]["what_it_takes"] = _WHAT_IT_TAKES.get(persona.key, "")

    content = load_content()
    matrix = build_matrix(position_answers_from_values(result, content), content, persona.path.tags)
    weights = dict(matrix.default_weights)
    for criterion_id in weights:
        if rng.random() < 0.3:
            weights[criterion_id] = rng.choice([0, 1, 3])
    outcome = score_options(matrix.options, matrix.criteria, weights)
    suggested = outcome.suggested or ""
    result["option_weights"] = {"weights": weights, "suggested": suggested}
    decision = persona.decision
    if decision is None:  # still unsure: weighed the options but has not decided
        return result
    informed = [FEEDBACK] if persona.heard_feedback else []
    informed += [CONVERSATION] if persona.met else []
    result["position_decision"] = {
        "decision": decision,
        "own_option": _OWN_OPTION.get(persona.key, ""),
        "why": _WHY.get(persona.key, "") if decision != "not_yet" else "",
        "suggested": suggested,
        "informed_by": _INFORMED_EARLY.get(persona.key, informed),
    }
    return result

"""Demo answers for step 04: agendas for most people (with the role they want next and a date
to book the meeting by), practice for some, and notes from those who have already met, with
reactions from supportive to dismissive. People turned down elsewhere plan a conversation with
a mentor, never their manager; a layoff and a decision still open skip the step."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from kit.workbook.personas import SESSION_DAY, Persona

_ASKS = {
    "go_again": ["represent_team", "stretch_assignment", "lead_project"],
    "redirect": ["lead_project", "sponsor", "write_internally"],
    "prepare_to_leave": ["write_internally", "represent_team"],
    "look_now": ["represent_team"],
}
_MENTOR_ASKS = {
    "bilal": ["review_application", "mock_interview"],
    "idris": ["introductions", "review_application"],
    "kwame": ["their_path", "introductions"],
}
_AMBITION = {
    "amara": "Team lead for the platform team",
    "bilal": "Design lead at a company that takes research seriously",
    "chen": "Product analytics lead",
    "dolores": "Director of customer operations",
    "gabriel": "A place on next year's leadership programme",
    "hana": "Product lead for payments",
    "idris": "Operations director at a housing charity",
    "julia": "Account director for the northern region",
    "kwame": "Curriculum adviser to a group of schools",
    "mateo": "Research lead on a team that acts on research",
}
_HOLDING_BACK = {
    "raw": ["relationships"],
    "angry": ["reputation", "relationships"],
    "steady": ["initiative"],
    "hopeful": ["relationships", "initiative"],
    "anxious": ["reputation"],
}
# Each person's own words for the meeting (invented).
_GOAL = {
    "amara": "Agree what the team-lead panel needs to see from me by spring",
    "chen": "A trial month with the product analytics squad",
    "dolores": "A clear answer on whether ops leadership is open to me at all",
    "gabriel": "Understand what the assessment day was looking for",
    "hana": "Two pieces of stakeholder-heavy work this quarter",
    "bilal": "An honest view of why I keep coming second, and how to change it",
    "idris": "A view from outside on why five interviews came to nothing",
    "julia": "A named route to account director within a year",
    "kwame": "Whether a consultancy could work, from someone who has seen one",
    "mateo": "Permission to join the research guild two days a week",
}
_ASSET = {
    "amara": "Run the incident reviews so you get your Fridays back",
    "bilal": "Review their team's next research plan",
    "idris": "Help with the board pack for their charity's merger",
    "chen": "Bring the risk dashboards into the product reviews",
    "freya": "Pilot the new preceptor scheme on my ward",
    "hana": "Own the quarterly roadmap review with merchants",
    "julia": "Mentor the two new account managers",
    "kwame": "Share my curriculum materials with their schools",
    "mateo": "Share one research finding a month with the whole floor",
}
_SAID = {
    "chen": "She was open to a trial but wants the risk backlog cleared first.",
    "dolores": "He said the structure is 'under review' and changed the subject.",
    "hana": "We agreed on the merchant roadmap review; she will check in monthly.",
    "julia": "He was candid: one more big renewal and a better forecast record.",
    "kwame": "My former head thinks consultancy suits me, and said to test it with one school first.",
    "idris": "A former trustee said my record is strong but my applications undersell it.",
}
_REACTIONS = {
    "chen": "open",
    "dolores": "dismissive",
    "hana": "supportive",
    "julia": "supportive",
    "kwame": "supportive",
    "idris": "open",
}
_MINE = {
    "chen": ["Clear the risk backlog by end of month"],
    "dolores": ["Write up the escalation process proposal"],
    "hana": ["Draft the merchant roadmap review", "Ask Priya to shadow me"],
    "julia": ["Lead the Hartley renewal", "Send monthly forecast notes"],
    "kwame": ["Write a one-page offer for one school"],
    "idris": ["Rewrite my CV around three results"],
}
_THEIRS = {
    "chen": ["Talk to the product analytics lead"],
    "hana": ["Monthly check-in on stakeholder work"],
    "julia": ["Put me forward for the director shadowing scheme"],
    "kwame": ["Introduce me to a head who might try it"],
    "idris": ["Introduce me to two housing charities"],
}


def answers(persona: Persona, rng: random.Random) -> dict[str, dict[str, Any]]:
    """Step 04 answers for one persona, keyed by exercise id."""
    if not persona.sees("manager_agenda") or persona.key not in _GOAL:
        return {}  # a layoff or a decision still open skips it; some have not got there yet
    mentor = persona.path.manager_unaware
    asks = (
        _MENTOR_ASKS[persona.key]
        if mentor
        else rng.sample(_ASKS[persona.shape], k=min(2, len(_ASKS[persona.shape])))
    )
    book_by = -rng.randint(25, 40) if persona.met else rng.choice([5, 7, 9])
    result: dict[str, dict[str, Any]] = {
        "manager_agenda": {
            "goal": _GOAL[persona.key],
            "ambition": _AMBITION.get(persona.key, ""),
            "asks": asks,
            "other_asks": "",
            "candid_read": persona.shape in ("go_again", "redirect") or rng.random() > 0.5,
            "in_my_place": rng.random() > 0.4,
            "holding_back": list(_HOLDING_BACK[persona.temperament]),
            "holding_back_other": "",
            "asset": _ASSET.get(persona.key, ""),
            "script": "",
            "book_by": (SESSION_DAY + timedelta(days=book_by)).isoformat(),
        }
    }
    if rng.random() > 0.3:
        listen_for = ["future_focused", "calm", "concrete_ask", "open_to_hear"]
        listen_for += [] if mentor else ["company_focused"]
        result["roleplay_practice"] = {
            "mode": rng.choice(["pair", "pair", "solo"]),
            "practised": True,
            "listen_for": rng.sample(listen_for, k=3),
            "went_well": "",
            "to_change": "",
        }
    if persona.met:
        held_on = SESSION_DAY - timedelta(days=rng.randint(3, 20))
        result["meeting_notes"] = {
            "held_on": held_on.isoformat(),
            "what_was_said": _SAID[persona.key],
            "mine": [
                {"id": f"m{n}", "text": text}
                for n, text in enumerate(_MINE.get(persona.key, []), start=1)
            ],
            "theirs": [
                {"id": f"t{n}", "text": text}
                for n, text in enumerate(_THEIRS.get(persona.key, []), start=1)
            ],
            "reaction": _REACTIONS[persona.key],
            "reaction_note": "",
        }
    return result

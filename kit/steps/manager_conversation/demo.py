"""Demo answers for step 04: agendas for most people, practice for some, and meeting notes
from those who have already met their manager, with reactions from supportive to hostile."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from kit.workbook.personas import Persona

_ASKS = {
    "go_again": ["represent_team", "stretch_assignment", "lead_project"],
    "redirect": ["lead_project", "sponsor", "write_internally"],
    "prepare_to_leave": ["write_internally", "represent_team"],
    "look_now": ["represent_team"],
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
    "freya": "Your backing for the education lead post next time",
    "gabriel": "Understand what the assessment day was looking for",
    "hana": "Two pieces of stakeholder-heavy work this quarter",
    "idris": "Honest feedback before I decide where to go",
    "julia": "A named route to account director within a year",
    "kwame": "Room to build curriculum work into my timetable",
    "lucia": "To be told things before the rest of the floor",
    "mateo": "Permission to join the research guild two days a week",
}
_ASSET = {
    "amara": "Run the incident reviews so you get your Fridays back",
    "chen": "Bring the risk dashboards into the product reviews",
    "freya": "Pilot the new preceptor scheme on my ward",
    "hana": "Own the quarterly roadmap review with merchants",
    "julia": "Mentor the two new account managers",
    "kwame": "Lead the department's curriculum review",
    "mateo": "Share one research finding a month with the whole floor",
}
_SAID = {
    "chen": "She was open to a trial but wants the risk backlog cleared first.",
    "dolores": "He said the structure is 'under review' and changed the subject.",
    "hana": "We agreed on the merchant roadmap review; she will check in monthly.",
    "julia": "He was candid: one more big renewal and a better forecast record.",
    "kwame": "The head listened, but budgets are fixed until September.",
}
_REACTIONS = {
    "chen": "open",
    "dolores": "dismissive",
    "hana": "supportive",
    "julia": "supportive",
    "kwame": "noncommittal",
}
_MINE = {
    "chen": ["Clear the risk backlog by end of month"],
    "dolores": ["Write up the escalation process proposal"],
    "hana": ["Draft the merchant roadmap review", "Ask Priya to shadow me"],
    "julia": ["Lead the Hartley renewal", "Send monthly forecast notes"],
    "kwame": ["Send the curriculum proposal in writing"],
}
_THEIRS = {
    "chen": ["Talk to the product analytics lead"],
    "hana": ["Monthly check-in on stakeholder work"],
    "julia": ["Put me forward for the director shadowing scheme"],
}


def answers(persona: Persona, rng: random.Random) -> dict[str, dict[str, Any]]:
    """Step 04 answers for one persona, keyed by exercise id."""
    if persona.key not in _GOAL:  # external applicants looking now skip the manager meeting
        return {}
    result: dict[str, dict[str, Any]] = {
        "manager_agenda": {
            "goal": _GOAL[persona.key],
            "asks": rng.sample(_ASKS[persona.leaning], k=min(2, len(_ASKS[persona.leaning]))),
            "other_asks": "",
            "candid_read": persona.leaning in ("go_again", "redirect") or rng.random() > 0.5,
            "holding_back": list(_HOLDING_BACK[persona.temperament]),
            "holding_back_other": "",
            "asset": _ASSET.get(persona.key, ""),
            "script": "",
        }
    }
    if rng.random() > 0.3:
        result["roleplay_practice"] = {
            "mode": rng.choice(["pair", "pair", "solo"]),
            "practised": True,
            "listen_for": rng.sample(
                ["future_focused", "calm", "company_focused", "concrete_ask", "open_to_hear"], k=3
            ),
            "went_well": "",
            "to_change": "",
        }
    if persona.key in _REACTIONS:
        held_on = date(2026, 11, 20) - timedelta(days=rng.randint(3, 20))
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

"""Demo follow-ups for step 07: people who got on with it (steady or hopeful, with feedback in
hand) have one or two rounds; everyone else has not come back yet, as in real cohorts."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from kit.workbook.personas import SESSION_DAY, Persona

_NOTES = {
    "done": "Done, and it went better than I feared.",
    "moving": "Started; halfway there.",
    "stalled": "Work got busy; picking it up again next week.",
    "dropped": "Not needed any more after the conversation with my manager.",
}


def answers(persona: Persona, rng: random.Random) -> dict[str, dict[str, Any]]:
    """Follow-up rounds at 30 (and for some 60) days after the session."""
    if persona.temperament not in ("steady", "hopeful") or persona.feedback_stage == "not_asked":
        return {}
    refs = [
        "plan_goals:g1",
        "plan_goals:g2",
        "plan_goals:g3",
        "network_plan:n1",
        "visibility_plan:v1",
        "skill_plan:s1",
    ]
    first = [
        {"ref": ref, "status": rng.choice(["moving", "moving", "stalled", "done"]), "note": ""}
        for ref in refs
    ]
    first[2]["status"] = "moving"  # the two-year goal is never done in a month
    first[0]["note"] = _NOTES[first[0]["status"]]
    rounds: list[dict[str, Any]] = [
        {
            "id": "r1",
            "date": (SESSION_DAY + timedelta(days=30)).isoformat(),
            "items": first,
            "changes": ["new_feedback"] if rng.random() > 0.5 else [],
            "changes_note": "My manager gave me more detail on what the panel wanted.",
        }
    ]
    if rng.random() > 0.4:
        second = [
            {
                "ref": review["ref"],
                "status": "done"
                if review["status"] in ("done", "moving") and rng.random() > 0.3
                else rng.choice(["moving", "dropped"]),
                "note": "",
            }
            for review in first
        ]
        second[2]["status"] = "moving"
        rounds.append(
            {
                "id": "r2",
                "date": (SESSION_DAY + timedelta(days=61)).isoformat(),
                "items": second,
                "changes": rng.sample(["new_role", "decision_revisited", "applied_again"], k=1),
                "changes_note": "",
            }
        )
    return {
        "follow_up_review": {"rounds": rounds},
        "follow_up_next": {"next_check_in": (SESSION_DAY + timedelta(days=90)).isoformat()},
    }

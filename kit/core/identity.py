"""Who is working in this notebook.

Resolved in one order everywhere: an explicit id, then ``NEXTROUND_PARTICIPANT`` (set by a
facilitator's join link or by tests), then ``JUPYTERHUB_USER`` on a hub, then the person
this workspace remembers from an earlier step. When none applies the notebook asks: solo
people type their name, people in a room pick themselves from the roster.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from kit.core.store import Participant, Store, slugify
from kit.core.workspace import workspace_dir
from kit.errors import IdentityError

PARTICIPANT_ENV = "NEXTROUND_PARTICIPANT"
HUB_USER_ENV = "JUPYTERHUB_USER"
COHORT_ENV = "NEXTROUND_COHORT"
_REMEMBERED_FILE = "identity.json"


def resolve_participant(store: Store, participant_id: str | None = None) -> Participant | None:
    """The participant for this notebook, or None when the person must say who they are."""
    chosen = (participant_id or os.environ.get(PARTICIPANT_ENV, "")).strip()
    if chosen:
        return store.get_participant(chosen)
    hub_user = os.environ.get(HUB_USER_ENV, "").strip()
    if hub_user:
        return hub_participant(store, hub_user)
    remembered = remembered_participant_id()
    if remembered:
        return store.find_participant(remembered)
    return None


def hub_participant(store: Store, hub_user: str) -> Participant:
    """A hub user's participant record, created on first use in the hub's cohort."""
    participant_id = slugify(hub_user, fallback="hub-user")
    existing = store.find_participant(participant_id)
    if existing is not None:
        return existing
    cohort_id = os.environ.get(COHORT_ENV, "").strip() or None
    return store.add_participant(hub_user, cohort_id=cohort_id, participant_id=participant_id)


def start_solo(store: Store, display_name: str) -> Participant:
    """Someone working alone: the same name gets the same record (and their answers) back."""
    existing = store.solo_participant_named(display_name)
    return existing or store.add_participant(display_name)


def roster_for_picker(store: Store) -> list[Participant]:
    """Whom a person in a room may pick: their cohort (``NEXTROUND_COHORT``) or all cohorts."""
    cohort_id = os.environ.get(COHORT_ENV, "").strip() or None
    people = [
        person for person in store.list_participants(cohort_id) if person.cohort_id is not None
    ]
    return sorted(people, key=lambda person: (person.display_name.casefold(), person.id))


def remember(participant: Participant | None) -> None:
    """Keep (or forget) who worked here so the next notebook opens as them."""
    path = _remembered_path()
    if participant is None:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"participant_id": participant.id}), encoding="utf-8")
    temporary.replace(path)


def remembered_participant_id() -> str | None:
    try:
        data = json.loads(_remembered_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise IdentityError(
            f"The remembered identity in {_remembered_path()} is unreadable ({exc}); "
            "delete that file and choose who you are again."
        ) from None
    value = data.get("participant_id") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else None


def _remembered_path() -> Path:
    return workspace_dir() / _REMEMBERED_FILE

"""Who is working in this notebook: always from a secret, never from a name picked in a list.

Resolved in one order everywhere: an explicit id (tests, the report), then
``NEXTROUND_PARTICIPANT`` (set on a page's kernel by the participant app once the server has
checked the person's join link, or by a facilitator rehearsing as a demo person), then
``JUPYTERHUB_USER`` on a hub, then the person this workspace remembers. When none applies,
someone working alone in their own workspace types a first name or a nickname; in a room
(``NEXTROUND_APP_MODE=room``) nobody is asked anything and the page says to use one's link.
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
APP_MODE_ENV = "NEXTROUND_APP_MODE"
ROOM_MODE = "room"
_REMEMBERED_FILE = "identity.json"


def resolve_participant(store: Store, participant_id: str | None = None) -> Participant | None:
    """The participant for this notebook, or None when the person must say who they are."""
    chosen = (participant_id or os.environ.get(PARTICIPANT_ENV, "")).strip()
    if chosen:
        return store.get_participant(chosen)
    hub_user = os.environ.get(HUB_USER_ENV, "").strip()
    if hub_user:
        return hub_participant(store, hub_user)
    if not may_start_solo():
        return None  # a room's server is shared: what its workspace remembers is nobody's here
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


def may_start_solo() -> bool:
    """Whether a page without a person may ask for a name: only outside a room's app."""
    return os.environ.get(APP_MODE_ENV, "").strip() != ROOM_MODE


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

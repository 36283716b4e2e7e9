"""Who is working in this notebook: always from a secret, never from a name picked in a list.

Resolved in one order everywhere: an explicit id (tests, the report), then
``NEXTROUND_PARTICIPANT`` (set on a page's kernel by the participant app once the server has
checked the person's join link, or by a facilitator rehearsing as a demo person), then
``JUPYTERHUB_USER`` on a hub, then the person this workspace remembers. When none applies,
someone working alone in their own workspace types a first name or a nickname; in a room
(``NEXTROUND_APP_MODE=room``) nobody is asked anything and the page says to use one's link.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
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
# What a hub name must look like to be matched against a roster's email column.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


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


def hub_participant(store: Store, hub_user: str, *, cohort_id: str | None = None) -> Participant:
    """A hub user's participant record: theirs from an earlier sign-in, else the person a
    roster listed under this email (when the hub names people by their email), else a new
    record in the hub's cohort (``cohort_id``, else ``NEXTROUND_COHORT``).

    The hub's authenticator vouches for the name, so the name must map to exactly one
    record: see :func:`hub_participant_id`.
    """
    participant_id = hub_participant_id(hub_user)
    existing = store.find_participant(participant_id)
    if existing is not None:
        return existing
    cohort_id = cohort_id or os.environ.get(COHORT_ENV, "").strip() or None
    email = hub_user if _EMAIL.fullmatch(hub_user) else None
    if email is not None:
        listed = _listed_under_email(store, email, cohort_id)
        if listed is not None:
            return listed
    return store.add_participant(
        hub_user, cohort_id=cohort_id, participant_id=participant_id, email=email
    )


def hub_participant_id(hub_user: str) -> str:
    """The participant id for a hub name: the name itself when it is already a plain id
    (``ana``, ``ana-lima``), else its slug and a digest of the exact name, after a double
    dash no slug can contain (``ana.lima`` → ``ana-lima--…``), so two names never meet."""
    slug = slugify(hub_user, fallback="hub-user")
    if slug == hub_user:
        return slug
    digest = hashlib.sha256(hub_user.encode("utf-8")).hexdigest()[:10]
    return f"{slug[:36]}--{digest}"


def _listed_under_email(store: Store, email: str, cohort_id: str | None) -> Participant | None:
    """The person a roster listed with this email: in the hub's cohort when it names one,
    else in the most recently created cohort that lists it."""
    if cohort_id is not None:
        return store.find_participant_by_email(email, cohort_id)
    for cohort in reversed(store.list_cohorts()):
        found = store.find_participant_by_email(email, cohort.id)
        if found is not None:
            return found
    return None


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

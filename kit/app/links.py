"""Personal join links and facilitator links: unguessable, re-printable, stored only as hashes.

A link's token is 128 bits derived with HMAC-SHA256 from a 256-bit key made with ``secrets``
and kept in the workspace (``secrets/links.key``, readable by its owner only), the holder and
the link's version. The store keeps only the token's SHA-256 and the version, so:

- a copy of the store (a backup, a PostgreSQL dump) opens nobody's page;
- the facilitator can print the same links again (`nextround room links`, the cards) from
  the machine that holds the key, without re-issuing them;
- revoking a link removes its hash; a new link is the next version, and the old one stops.

Tokens are written in Crockford's base32 (no I, L, O or U), in groups of four, so a link can
be read off a card and typed; reading one back ignores case, dashes and spaces.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from kit.core.store import Participant, Store
from kit.core.workspace import workspace_dir
from kit.errors import NextRoundError

PARTICIPANT = "participant"
FACILITATOR = "facilitator"
KEY_FILE = Path("secrets") / "links.key"
TOKEN_BITS = 130  # 26 base32 characters; at least the 128 bits the design asks for
_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
_READ_AS = {"i": "1", "l": "1", "o": "0"}
JOIN_PATH = "j"
FACILITATOR_PATH = "f"


@dataclass(frozen=True)
class PersonalLink:
    """One participant's link as the facilitator hands it out."""

    participant: Participant
    token: str
    url: str

    @property
    def short(self) -> str:
        """The token in groups of four, for reading off a card."""
        return grouped(self.token)


def grouped(token: str) -> str:
    return "-".join(token[index : index + 4] for index in range(0, len(token), 4))


def read_token(text: str) -> str | None:
    """A token as typed or scanned (any case, dashes, spaces, I/L/O for 1/0); None if malformed."""
    cleaned = "".join(_READ_AS.get(char, char) for char in text.lower() if char not in "- \t")
    if len(cleaned) != TOKEN_BITS // 5 or any(char not in _ALPHABET for char in cleaned):
        return None
    return cleaned


def token_hash(token: str) -> str:
    """What the store keeps of a token."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def link_key(home: Path | None = None) -> bytes:
    """The workspace's link key, made on first use with ``secrets`` (mode 0600)."""
    path = (home or workspace_dir()) / KEY_FILE
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = secrets.token_bytes(32)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key)
        return key
    if len(key) != 32:
        raise NextRoundError(
            f"The link key {path} is damaged ({len(key)} bytes instead of 32). Move it away and "
            "issue new links with `nextround room links --cohort C --new`."
        )
    return key


def derive_token(key: bytes, kind: str, holder: str, version: int) -> str:
    """The token of ``holder``'s link at ``version``: 130 bits of HMAC-SHA256, in base32."""
    digest = hmac.new(key, f"{kind}\0{holder}\0{version}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest, "big") >> (256 - TOKEN_BITS)
    return "".join(_ALPHABET[(number >> shift) & 31] for shift in range(TOKEN_BITS - 5, -1, -5))


def issue(
    store: Store, kind: str, holder: str, *, new: bool = False, key: bytes | None = None
) -> str:
    """The holder's live token: the current one re-derived, or (``new``, or none live) the next."""
    key = key or link_key()
    version = None if new else store.link_version(kind, holder)
    if version is not None:
        token = derive_token(key, kind, holder, version)
        if store.holder_of_link(kind, token_hash(token)) == holder:
            return token
    version = store.next_link_version(kind, holder)
    token = derive_token(key, kind, holder, version)
    store.record_link(kind, holder, token_hash(token), version)
    return token


def holder_of(store: Store, kind: str, token_text: str) -> str | None:
    """Whose live link this is; None for a made-up, mistyped or revoked token."""
    token = read_token(token_text)
    return None if token is None else store.holder_of_link(kind, token_hash(token))


def join_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/{JOIN_PATH}/{grouped(token)}"


def facilitator_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/{FACILITATOR_PATH}/{grouped(token)}"


def personal_links(
    store: Store, cohort_id: str, base_url: str, *, new: bool = False, only: str | None = None
) -> list[PersonalLink]:
    """Every participant's link in a cohort (or one participant's), issuing any missing ones."""
    key = link_key()
    people = store.list_participants(cohort_id)
    if only is not None:
        person = store.get_participant(only)
        if person.cohort_id != cohort_id:
            raise NextRoundError(f"{only!r} is not in cohort {cohort_id!r}.")
        people = [person]
    return [
        PersonalLink(person, token, join_url(base_url, token))
        for person in people
        for token in [issue(store, PARTICIPANT, person.id, new=new, key=key)]
    ]


ADDRESS_FILE = "app-address"
DEFAULT_PORT = 8866


def remember_address(base_url: str, home: Path | None = None) -> None:
    """Note where the app is served, so links printed later point at it."""
    path = (home or workspace_dir()) / ADDRESS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(base_url.rstrip("/") + "\n", encoding="utf-8")


def served_address(home: Path | None = None) -> str | None:
    """The address the app was last served on from this workspace, if it has been."""
    try:
        text = ((home or workspace_dir()) / ADDRESS_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return text or None

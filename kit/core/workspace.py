"""Where things live: the workspace folder, the answer store and the content files.

Every location is resolved here and nowhere else, so solo, room, hub and batch modes differ
only in what this module is told (an argument or an environment variable), never in code.

Order for the store: an explicit argument, then ``NEXTROUND_DB`` (a file path or a database
URL), then ``<workspace>/nextround.sqlite``. The workspace is ``NEXTROUND_HOME`` or
``~/.nextround``.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

STORE_ENV = "NEXTROUND_DB"
HOME_ENV = "NEXTROUND_HOME"
CONTENT_ENV = "NEXTROUND_CONTENT"
STORE_FILE_NAME = "nextround.sqlite"

_REPO_ROOT = Path(__file__).resolve().parents[2]
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def workspace_dir() -> Path:
    """The folder that holds a local store, remembered identity and generated reports."""
    configured = os.environ.get(HOME_ENV, "").strip()
    return Path(configured).expanduser() if configured else Path.home() / ".nextround"


def content_dir() -> Path:
    """The ``data/`` folder with steps, prompts and vocabularies (overridable for adaptations)."""
    configured = os.environ.get(CONTENT_ENV, "").strip()
    return Path(configured).expanduser() if configured else _REPO_ROOT / "data"


def notebooks_dir() -> Path:
    """The workshop notebooks, including the report templates under ``reports/``."""
    return _REPO_ROOT / "notebooks"


def reports_dir() -> Path:
    """Default output folder for generated reports."""
    return workspace_dir() / "reports"


@dataclass(frozen=True)
class StoreLocation:
    """A resolved store: the SQLAlchemy URL and whether it was chosen on purpose.

    ``explicit`` matters because a store someone named and mistyped must not be silently
    created empty (the room's answers would scatter over two files), while the workspace
    default may be created on first use so solo mode works from nothing.
    """

    url: str
    explicit: bool

    @property
    def sqlite_path(self) -> Path | None:
        """The file behind a SQLite URL, or None for an in-memory or server database."""
        prefix = "sqlite:///"
        if not self.url.startswith(prefix) or self.url == "sqlite://":
            return None
        rest = self.url[len(prefix) :]
        return None if rest in ("", ":memory:") else Path(rest)

    @property
    def display(self) -> str:
        """The location for messages, with any password hidden (the user name stays, so a
        command quoted in a message can be copied when there is no password in the URL)."""
        path = self.sqlite_path
        if path is not None:
            return str(path)
        if "@" in self.url and "://" in self.url:
            scheme, rest = self.url.split("://", 1)
            userinfo, host = rest.rsplit("@", 1)
            if ":" in userinfo:
                return f"{scheme}://{userinfo.split(':', 1)[0]}:***@{host}"
        return self.url


def as_url(location: str | os.PathLike[str]) -> str:
    """Turn a file path or a database URL into a SQLAlchemy URL."""
    text = os.fspath(location).strip()
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def resolve_store(explicit: str | os.PathLike[str] | None = None) -> StoreLocation:
    """Resolve where the answer store is (see the module docstring for the order)."""
    if explicit is not None and os.fspath(explicit).strip():
        return StoreLocation(as_url(explicit), explicit=True)
    configured = os.environ.get(STORE_ENV, "").strip()
    if configured:
        return StoreLocation(as_url(configured), explicit=True)
    return StoreLocation(as_url(workspace_dir() / STORE_FILE_NAME), explicit=False)


def safe_file_stem(participant_id: str) -> str:
    """A file name part from an id that may hold anything: no separators, dots or spaces.

    When the id had to be changed, a short hash keeps two different ids from colliding.
    """
    cleaned = _UNSAFE.sub("-", participant_id).strip("-")[:60] or "participant"
    if cleaned == participant_id:
        return cleaned
    digest = hashlib.sha256(participant_id.encode("utf-8")).hexdigest()[:8]
    return f"{cleaned}-{digest}"

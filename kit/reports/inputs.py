"""What a report is made from, as one hash: so an unchanged report is never built twice.

A participant's report depends on four things: their own record and answers (every
revision, since a report may show change over time), the day it is made for (its cover says
"made on", its summary speaks of "this week" and check-ins count from it), the report
template with everything that renders it, and the kit itself. The first two are hashed per
participant; the other two are hashed once per batch into a *template fingerprint*. The fingerprint covers the kit version
and, because a version number does not move on every edit, the template notebook, the
content files under ``data/``, and the kit's own source and templates: change any of them
and every report is rebuilt; change one person's answer and only their report is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kit import __version__
from kit.core.store import Participant, Store
from kit.core.workspace import content_dir

KIT_DIR = Path(__file__).resolve().parent.parent
_KIT_SUFFIXES = (".py", ".j2", ".css", ".json", ".toml", ".csv")


def template_fingerprint(template: Path, content: Path | None = None) -> str:
    """A hash of the template notebook, the content files and the kit (version, code, templates)."""
    digest = hashlib.sha256()
    digest.update(f"nextround {__version__}\n".encode())
    _hash_file(digest, "template", template)
    _hash_tree(digest, "content", content or content_dir(), None)
    _hash_tree(digest, "kit", KIT_DIR, _KIT_SUFFIXES)
    return digest.hexdigest()


def participant_inputs_hash(
    store: Store, participant: Participant, fingerprint: str, report_date: date
) -> str:
    """A hash of one participant's record, cohort and every answer revision, the day the report
    is made for, and the template."""
    cohort = store.get_cohort(participant.cohort_id) if participant.cohort_id else None
    document = {
        "template": fingerprint,
        "report_date": report_date.isoformat(),
        "participant": {
            "id": participant.id,
            "name": participant.display_name,
            "cohort": participant.cohort_id,
        },
        "cohort": None
        if cohort is None
        else {"id": cohort.id, "title": cohort.title, "session_date": cohort.session_date},
        "answers": [
            [revision.id, revision.exercise_id, revision.value, revision.saved_at]
            for revision in store.history(participant.id)
        ],
    }
    encoded = json.dumps(
        document, sort_keys=True, ensure_ascii=False, default=_plain, separators=(",", ":")
    )
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _plain(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot hash a {type(value).__name__}")


def _hash_tree(digest: Any, label: str, root: Path, suffixes: Iterable[str] | None) -> None:
    if not root.is_dir():
        digest.update(f"{label}: missing\n".encode())
        return
    wanted = tuple(suffixes) if suffixes is not None else None
    files = sorted(
        path
        for path in root.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and (wanted is None or path.name.endswith(wanted))
    )
    for path in files:
        _hash_file(digest, f"{label}/{path.relative_to(root).as_posix()}", path)


def _hash_file(digest: Any, label: str, path: Path) -> None:
    digest.update(f"{label}\n".encode())
    digest.update(path.read_bytes() if path.is_file() else b"(missing)")
    digest.update(b"\n")

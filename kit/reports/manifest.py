"""The batch manifest: one CSV row per participant report in an output folder.

It is what makes a batch resumable and incremental (a row remembers the input hash a report
was built from) and what an admin reads afterwards (who has a report, where, how long it
took, what failed and why). It is rewritten whole, atomically, after every report, so a
killed batch leaves a manifest that is true up to the last report it finished.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from kit.reports.runner import write_atomically

MANIFEST_NAME = "manifest.csv"

STATUS_BUILT = "built"
STATUS_UNCHANGED = "unchanged"
STATUS_FAILED = "failed"
STATUS_INTERRUPTED = "interrupted"  # stopped by Ctrl-C while it was being built
GOOD_STATUSES = frozenset({STATUS_BUILT, STATUS_UNCHANGED})

# A spreadsheet runs a cell that starts with one of these as a formula; ids should never
# start so, but a manifest must be safe to open even for a store written by something else.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ManifestRow:
    """One participant's report as the last batch left it.

    ``path`` is the HTML report's file name inside the output folder (empty when it failed);
    ``formats`` lists what was made (``html``, ``pdf``); ``duration_s`` is how long building
    took; ``input_hash`` fingerprints everything the report was made from.
    """

    participant: str
    path: str
    status: str
    duration_s: str
    input_hash: str
    formats: str
    finished_at: str
    reason: str

    @property
    def format_set(self) -> frozenset[str]:
        return frozenset(part for part in self.formats.split(",") if part)


COLUMNS = tuple(field.name for field in fields(ManifestRow))


def manifest_path(out_dir: Path) -> Path:
    return Path(out_dir) / MANIFEST_NAME


def read_manifest(out_dir: Path) -> dict[str, ManifestRow]:
    """The rows of ``out_dir``'s manifest by participant id (empty when there is none yet).

    A manifest with unexpected columns (edited by hand, or from another tool) is treated as
    absent: every report is then rebuilt, which is slow but never wrong.
    """
    path = manifest_path(out_dir)
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            return {}
        rows = [
            ManifestRow(**{name: _unguard(value or "") for name, value in raw.items()})
            for raw in reader
        ]
    return {row.participant: row for row in rows}


def write_manifest(out_dir: Path, rows: dict[str, ManifestRow]) -> Path:
    """Write every row (sorted by participant) to ``out_dir``'s manifest, atomically."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for participant in sorted(rows):
        writer.writerow({name: _guard(value) for name, value in asdict(rows[participant]).items()})
    path = manifest_path(out_dir)
    write_atomically(path, buffer.getvalue())
    return path


def _guard(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) or value.startswith("'") else value


def _unguard(value: str) -> str:
    return value.removeprefix("'")


def forget_participant(out_dir: Path, participant_id: str) -> bool:
    """Drop one participant's row (their id is personal data too); True if there was one."""
    rows = read_manifest(out_dir)
    if rows.pop(participant_id, None) is None:
        return False
    write_manifest(out_dir, rows)
    return True

"""A batch's log files: what it planned, did and why anything failed, kept only when it matters.

Each batch writes two files into ``<out>/logs/``, named after the moment it started (UTC):

- ``batch-<time>.log``: the batch's own lines (the plan, each report started, built, failed
  with its reason or interrupted, Ctrl-C, the end summary), workers included;
- ``kernels-<time>.log``: the kernel starter's lines and whatever report kernels write to
  their standard error (start-up warnings, a crash).

Both are removed when every report asked for was made, and kept when anything failed, the
batch was interrupted or it was killed (then nobody removes them). Like every kit log they
carry ids, counts and reasons, never what a participant wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

LOGS_FOLDER = "logs"


@dataclass(frozen=True)
class BatchLogs:
    """Where one batch logs."""

    batch: Path
    kernels: Path

    @classmethod
    def new(cls, out_dir: Path, now: datetime | None = None) -> BatchLogs:
        stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        folder = Path(out_dir) / LOGS_FOLDER
        return cls(folder / f"batch-{stamp}.log", folder / f"kernels-{stamp}.log")

    def finish(self, *, keep: bool) -> Path | None:
        """Keep the logs (returning the batch log's path) or remove them, and an empty folder."""
        if keep:
            return self.batch
        for path in (self.batch, self.kernels):
            path.unlink(missing_ok=True)
        folder = self.batch.parent
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        return None

"""Every error the kit raises on purpose.

One hierarchy so the CLI and the notebooks can catch ``NextRoundError`` and show its message
to a person instead of a traceback. Messages are written for whoever has to act on them: a
facilitator fixing a content file, an admin pointing at the right store, a participant who
typed something we cannot keep. Each subclass carries the facts a caller may need.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class NextRoundError(Exception):
    """Base class: a problem a person can understand and fix."""


class ContentError(NextRoundError):
    """A file under ``data/`` is missing, unreadable or says something invalid.

    Loading reports every problem at once: the first is this error's own ``path``, ``entry``
    and ``problem``; the rest are in ``others`` and in the message, one per line.
    """

    def __init__(
        self,
        path: Path | str,
        entry: str | None,
        problem: str,
        *,
        others: Sequence[ContentError] = (),
    ) -> None:
        self.path = Path(path)
        self.entry = entry
        self.problem = problem
        self.others = list(others)
        lines = [self._describe()] + [other._describe() for other in self.others]
        super().__init__("\n".join(lines))

    def _describe(self) -> str:
        where = f"{self.path}" + (f", {self.entry}" if self.entry else "")
        return f"{where}: {self.problem}"


class StoreError(NextRoundError):
    """The answer store cannot be reached, created or read."""


class StoreMissingError(StoreError):
    """An explicitly named store file does not exist (we never create one by surprise)."""

    def __init__(self, location: str) -> None:
        self.location = location
        super().__init__(
            f"There is no answer store at {location}. Check NEXTROUND_DB (or --store), "
            "or create it with `nextround demo` or `nextround cohort create`."
        )


class StoreCorruptError(StoreError):
    """The store file exists but is not a database we can read."""

    def __init__(self, location: str, reason: str) -> None:
        self.location = location
        self.reason = reason
        super().__init__(
            f"The answer store at {location} cannot be read ({reason}). It may be damaged or "
            "not a Next Round store; nothing was changed. Restore it from a backup or point "
            "NEXTROUND_DB at the right file."
        )


class UnknownParticipantError(NextRoundError):
    """A participant id that the store does not hold."""

    def __init__(self, participant_id: str) -> None:
        self.participant_id = participant_id
        super().__init__(
            f"No participant with id {participant_id!r} in this store. "
            "`nextround participants` lists the ids."
        )


class UnknownCohortError(NextRoundError):
    """A cohort id that the store does not hold."""

    def __init__(self, cohort_id: str) -> None:
        self.cohort_id = cohort_id
        super().__init__(f"No cohort with id {cohort_id!r} in this store.")


class IdentityError(NextRoundError):
    """We could not tell who is working in this notebook, or the name given is unusable."""


class AnswerError(NextRoundError):
    """An answer that cannot be kept as given; the message says what to change."""

    def __init__(self, exercise_id: str, problem: str) -> None:
        self.exercise_id = exercise_id
        self.problem = problem
        super().__init__(problem)


class ReportError(NextRoundError):
    """A report could not be produced for one participant."""


class PrivacyError(NextRoundError):
    """A request that would show one person's answers to someone else."""


class UnknownSkillError(NextRoundError):
    """An O*NET element id that is not in the shipped skills list."""

    def __init__(self, element_id: str, path: Path | str) -> None:
        self.element_id = element_id
        self.path = Path(path)
        super().__init__(
            f"{element_id!r} is not a skill in the O*NET list ({self.path.name}); element ids look "
            "like '2.A.1.a' (Reading Comprehension). Pick a skill from the list, or none."
        )


class RosterError(NextRoundError):
    """A roster file that cannot be imported as it is; nothing was written.

    ``problems`` holds every problem found, each naming its row (when there is one) and what
    to fix, so a facilitator corrects the file once instead of once per problem.
    """

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = list(problems)
        count = len(self.problems)
        heading = (
            f"{source}: {count} problem{'s' if count != 1 else ''} to fix; nothing was imported."
        )
        super().__init__("\n".join([heading, *(f"  - {problem}" for problem in self.problems)]))


class TimerError(NextRoundError):
    """A timer action that cannot apply now (extending by a negative time, an ended timer)."""


class PairingError(NextRoundError):
    """Pairs cannot be made as asked (for example, fewer than two people present)."""


class PdfPrinterMissingError(ReportError):
    """PDF reports were asked for but there is no Chromium to print them with."""

    def __init__(self, looked_at: str) -> None:
        self.looked_at = looked_at
        super().__init__(
            f"PDF reports need Chromium, and none was found (looked at {looked_at}, then PATH). "
            "Install Debian's package with `sudo apt-get install chromium`, or point "
            "NEXTROUND_CHROMIUM at a Chromium or Chrome executable. HTML reports are unaffected."
        )

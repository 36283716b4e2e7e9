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
    """The answer store cannot do what was asked; each cause below has its own class.

    Only ``StoreCorruptError`` suggests a backup: that advice, given for a busy or unreachable
    store, could make an admin overwrite a healthy one.
    """


def _create_hint(location: str) -> str:
    return f"`nextround store create {location}`"


class StoreMissingError(StoreError):
    """A store someone named (``--store``, ``NEXTROUND_DB``) is not there: no file, no
    database on the server, or a database without the kit's tables. Never created by surprise."""

    def __init__(self, location: str, reason: str = "") -> None:
        self.location = location
        self.reason = reason
        detail = f" ({reason})" if reason else ""
        super().__init__(
            f"There is no answer store at {location}{detail}. Check NEXTROUND_DB (or --store) "
            f"for a typo; to start a new, empty store there on purpose, run "
            f"{_create_hint(location)}."
        )


class StoreExistsError(StoreError):
    """``nextround store create`` was pointed at a store that is already there."""

    def __init__(self, location: str) -> None:
        self.location = location
        super().__init__(
            f"There is already an answer store at {location}; nothing was changed. Use it as it "
            "is (`nextround check` says what it holds), or name another location."
        )


class ForeignDatabaseError(StoreError):
    """The location holds a database, but its tables are someone else's, not an answer store."""

    def __init__(self, location: str, tables: Sequence[str]) -> None:
        self.location = location
        self.tables = list(tables)
        super().__init__(
            f"The database at {location} is not a Next Round answer store (it holds "
            f"{', '.join(sorted(self.tables)[:5])}); nothing was changed. Point NEXTROUND_DB "
            "(or --store) at the answer store, or at an empty database."
        )


class StoreCorruptError(StoreError):
    """The store file exists but is damaged or is not a database at all (SQLite's NOTADB,
    CORRUPT): the one case where restoring a backup is the right advice."""

    def __init__(self, location: str, reason: str) -> None:
        self.location = location
        self.reason = reason
        super().__init__(
            f"The answer store at {location} cannot be read ({reason}). It may be damaged or "
            "not a Next Round store; nothing was changed. Restore it from a backup or point "
            "NEXTROUND_DB at the right file."
        )


class StoreBusyError(StoreError):
    """Another writer held the store for longer than we wait (a lock, a deadlock). Transient."""

    def __init__(self, location: str, reason: str) -> None:
        self.location = location
        self.reason = reason
        super().__init__(
            f"The answer store at {location} is busy ({reason}); nothing was changed and "
            "nothing saved before was lost. Please try again in a moment."
        )


class StoreUnreachableError(StoreError):
    """The database server (or the file's folder) cannot be reached or refuses us: a network,
    server or sign-in problem, not a damaged store."""

    def __init__(self, location: str, reason: str) -> None:
        self.location = location
        self.reason = reason
        super().__init__(
            f"Cannot reach the answer store at {location} ({reason}). Check that the database "
            "server is running and that the address, user and password are right; nothing "
            "was changed."
        )


class StoreValueError(StoreError):
    """A value the store cannot keep as given (too long for its column); nothing was saved."""


class StoreRefusedError(StoreError):
    """The database refused a change for a reason of its own (a rule, a permission, a full
    disk); nothing of that change was written."""

    def __init__(self, location: str, reason: str) -> None:
        self.location = location
        self.reason = reason
        super().__init__(
            f"The answer store at {location} refused the change ({reason}); nothing of it was "
            "written. Try again; if it keeps happening, ask whoever runs the database."
        )


class AlreadyExistsError(StoreError):
    """An id chosen on purpose (a cohort's ``--id``, a participant id) is already taken."""

    def __init__(self, kind: str, identifier: str) -> None:
        self.kind = kind
        self.identifier = identifier
        super().__init__(
            f"A {kind} with id {identifier!r} already exists in this store; nothing was "
            f"changed. Choose another id, or use the existing {kind}."
        )


class CohortNotEmptyError(StoreError):
    """A cohort cannot be deleted while people are in it: each erasure must be deliberate."""

    def __init__(self, cohort_id: str, participants: int) -> None:
        self.cohort_id = cohort_id
        self.participants = participants
        super().__init__(
            f"Cohort {cohort_id!r} still has {participants} participant"
            f"{'s' if participants != 1 else ''}; erase them first (`nextround erase ID`) so "
            "each erasure is deliberate. Nothing was deleted."
        )


class StoreOutOfDateError(StoreError):
    """The store's schema is older than this kit's: it must be upgraded on purpose first."""

    def __init__(self, location: str, current: str, head: str, command: str) -> None:
        self.location = location
        self.current = current
        self.head = head
        self.command = command
        super().__init__(
            f"The answer store at {location} is at schema revision {current}; this Next Round "
            f"needs {head}. Run `{command}` (it says what will change and asks first). "
            "Nothing was changed."
        )


class StoreTooNewError(StoreError):
    """The store was upgraded by a newer Next Round than this one; we must not touch it."""

    def __init__(self, location: str, current: str, head: str) -> None:
        self.location = location
        self.current = current
        self.head = head
        super().__init__(
            f"The answer store at {location} is at schema revision {current}, which this Next "
            f"Round does not know (it knows up to {head}): a newer Next Round upgraded it. "
            "Update Next Round before using this store; nothing was changed."
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


class RoomError(NextRoundError):
    """The room's pace cannot change as asked (a step that is not in the run-of-show)."""


class RoomNotStartedError(RoomError):
    """The countdown was to be saved for a room whose session has not been started yet."""

    def __init__(self, cohort_id: str) -> None:
        self.cohort_id = cohort_id
        super().__init__(
            f"The session for cohort {cohort_id!r} has not been started yet: press "
            "“Start the session” in the console first (it opens step 00 for the room)."
        )


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


class CardsError(NextRoundError):
    """Join cards cannot be made as asked (a format we do not write, no Chromium for a PDF, a
    cohort with nobody in it); nothing was written."""

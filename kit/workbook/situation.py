"""A person's situation from step 00, as the path every later step branches on.

Step 00's ``situation`` answer (contract: ``kind``, ``stage``, ``manager_knows``,
``how_long_ago``) decides what a person is asked later: the content's variants and options
name *path tags* (``kit.core.content``), and this module turns the stored answer into those
tags. It reads the raw stored value defensively, like ``kit.workbook.partners``: a missing or
malformed answer is the general path ("other"), never an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

SITUATION = "situation"
GENERAL_KIND = "other"
EXTERNAL = "external_job"
LAID_OFF = "laid_off"
STILL_OPEN = "still_open"
MANAGER_UNAWARE = "manager_unaware"
SOLO = "solo"
HEARD_THIS_WEEK = "this_week"


@dataclass(frozen=True)
class Situation:
    """What happened to one person, read for branching; ``answered`` is False for the default."""

    kind: str = GENERAL_KIND
    stage: str | None = None
    manager_knows: str | None = None
    how_long_ago: str | None = None
    solo: bool = False
    answered: bool = False

    @property
    def external(self) -> bool:
        return self.kind == EXTERNAL

    @property
    def manager_unaware(self) -> bool:
        """An application elsewhere that one's own manager does not know about (or no manager):
        the manager conversation becomes one with a mentor or a trusted contact."""
        return self.external and self.manager_knows in ("no", "no_manager")

    @property
    def heard_this_week(self) -> bool:
        return self.how_long_ago == HEARD_THIS_WEEK

    @property
    def tags(self) -> tuple[str, ...]:
        """The path tags, in the order their content variants apply (later ones win)."""
        found = [self.kind]
        if self.external and self.stage:
            found.append(self.stage)
        if self.manager_unaware:
            found.append(MANAGER_UNAWARE)
        if self.solo:
            found.append(SOLO)
        return tuple(found)


def read_situation(raw: object, *, solo: bool = False) -> Situation:
    """The situation from a stored ``situation`` value (anything else: the general path)."""
    if not isinstance(raw, Mapping):
        return Situation(solo=solo)
    kind = raw.get("kind")

    def text(name: str) -> str | None:
        value = raw.get(name)
        return value if isinstance(value, str) and value else None

    return Situation(
        kind=kind if isinstance(kind, str) and kind else GENERAL_KIND,
        stage=text("stage"),
        manager_knows=text("manager_knows"),
        how_long_ago=text("how_long_ago"),
        solo=solo,
        answered=isinstance(kind, str) and bool(kind),
    )

"""Partners the facilitator assigned: role-play partners (step 04), accountability partners (06).

The room's pairing (``kit.room.pairs``) saves, for each person, an answer under
``roleplay_partner`` or ``accountability_partner``: ``{"partner_id", "partner_name", "round"}``
and, in a trio, ``"also_with": [{"partner_id", "partner_name"}]``. Steps 04 and 06 and the
report read it back here, defensively: a malformed value means "no partner", never an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ROLEPLAY_PARTNER = "roleplay_partner"
ACCOUNTABILITY_PARTNER = "accountability_partner"
PARTNER_EXERCISES = (ROLEPLAY_PARTNER, ACCOUNTABILITY_PARTNER)


@dataclass(frozen=True)
class Partners:
    """Who a person works with, in the order the console listed them (empty: on their own)."""

    names: tuple[str, ...]
    round: int | None = None

    @property
    def mode(self) -> str:
        return "solo" if not self.names else ("pair" if len(self.names) == 1 else "trio")


def read_partners(raw: object) -> Partners:
    """Read a partner answer by its contract fields, ignoring anything malformed."""
    if not isinstance(raw, Mapping):
        return Partners(())
    names: list[str] = []
    first = raw.get("partner_name")
    if isinstance(first, str) and first.strip():
        names.append(first.strip())
    also = raw.get("also_with")
    if names and isinstance(also, list):
        names += [
            other["partner_name"].strip()
            for other in also
            if isinstance(other, Mapping)
            and isinstance(other.get("partner_name"), str)
            and other["partner_name"].strip()
        ]
    number = raw.get("round")
    valid_round = isinstance(number, int) and not isinstance(number, bool)
    return Partners(tuple(names), number if valid_round else None)

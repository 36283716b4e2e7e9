"""Partners the facilitator assigned: role-play partners (step 04), accountability partners (06).

The room's pairing (``kit.room.pairs``) saves, for each person, an answer under
``roleplay_partner`` or ``accountability_partner``: ``{"partner_id", "round"}`` and, in a trio,
``"also_with": [{"partner_id"}]``. Only ids are stored, never names: a partner's name is looked
up when the answer is read, so it lives in one place (the participant's own row) and erasing
that person leaves nothing of them in anyone else's answers. The erasure blanks their id
(``""``), which reads as "has left the workshop". Answers saved before this also hold a
``partner_name``; it is never shown (the id is looked up like any other) and erasing the
partner removes it. Steps 04 and 06 and the report read all this here, defensively: a
malformed value means "no partner", never an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kit.core.store import Participant, Store

ROLEPLAY_PARTNER = "roleplay_partner"
ACCOUNTABILITY_PARTNER = "accountability_partner"
PARTNER_EXERCISES = (ROLEPLAY_PARTNER, ACCOUNTABILITY_PARTNER)
ACCOUNTABILITY = "accountability"
"""Step 06's exercise where a person names their accountability partner in their own words."""
PARTNER_LEFT = "Your partner has left the workshop."
LEFT = ""
"""The id an erased partner is replaced with."""


@dataclass(frozen=True)
class Partners:
    """Who a person works with, in the order the console listed them (empty: on their own).

    ``names`` are the partners still in the workshop; ``left`` counts those who have left.
    """

    names: tuple[str, ...]
    round: int | None = None
    left: int = 0

    @property
    def mode(self) -> str:
        return "solo" if not self.names else ("pair" if len(self.names) == 1 else "trio")


def partner_ids(raw: object) -> list[str]:
    """The partner ids a pairing answer names, in order (``""`` for one who left)."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("partner_id"), str):
        return []
    ids = [raw["partner_id"]]
    also = raw.get("also_with")
    if isinstance(also, list):
        ids += [
            other["partner_id"]
            for other in also
            if isinstance(other, Mapping) and isinstance(other.get("partner_id"), str)
        ]
    return ids


def read_partners(raw: object, names: Mapping[str, str]) -> Partners:
    """Read a pairing answer by its contract fields, naming partners from ``names`` (id to
    display name); an id not in ``names`` is a partner who has left the workshop."""
    ids = partner_ids(raw)
    present = tuple(names[pid] for pid in ids if pid in names)
    number = raw.get("round") if isinstance(raw, Mapping) else None
    valid_round = isinstance(number, int) and not isinstance(number, bool)
    return Partners(present, number if valid_round else None, len(ids) - len(present))


def partner_names(store: Store, person: Participant, raws: Iterable[object]) -> dict[str, str]:
    """Display names for the partners the pairing answers ``raws`` name, looked up now.

    Only people in ``person``'s own cohort are named, so an id written into an answer by
    anything else cannot reveal a name from another cohort.
    """
    names: dict[str, str] = {}
    for raw in raws:
        for pid in partner_ids(raw):
            partner = store.find_participant(pid) if pid and pid not in names else None
            if partner is not None and person.cohort_id and partner.cohort_id == person.cohort_id:
                names[pid] = partner.display_name
    return names


def lookup_partners(store: Store, person: Participant, raw: object) -> Partners:
    """A pairing answer read with its partners' current names."""
    return read_partners(raw, partner_names(store, person, [raw]))


# -- erasure: taking a person out of other people's answers --------------------------------


def without_partner(value: Mapping[str, Any], person_id: str) -> dict[str, Any] | None:
    """A pairing answer with ``person_id`` replaced by a partner who left; None if absent."""
    changed = dict(value)
    found = False
    if changed.get("partner_id") == person_id:
        changed["partner_id"] = LEFT
        changed.pop("partner_name", None)
        found = True
    also = changed.get("also_with")
    if isinstance(also, list):
        kept: list[Any] = []
        for other in also:
            if isinstance(other, Mapping) and other.get("partner_id") == person_id:
                kept.append({"partner_id": LEFT})
                found = True
            else:
                kept.append(other)
        changed["also_with"] = kept
    return changed if found else None


def names_person(text: object, display_name: str, *, first_name_too: bool) -> bool:
    """Whether ``text`` (a name typed into a form) is this person's name.

    The whole name always counts; the first name alone only when ``first_name_too`` (the
    writer was paired with that person, so "Ana" means this Ana).
    """
    if not isinstance(text, str):
        return False
    typed = " ".join(text.split()).casefold()
    full = " ".join(display_name.split()).casefold()
    first = full.split(" ", 1)[0] if full else ""
    return bool(typed) and (typed == full or (first_name_too and len(first) > 1 and typed == first))


def without_named_partner(
    value: Mapping[str, Any], display_name: str, *, first_name_too: bool
) -> dict[str, Any] | None:
    """An accountability answer with the person's name cleared; None if it does not name them."""
    if not names_person(value.get("partner_name"), display_name, first_name_too=first_name_too):
        return None
    return {**value, "partner_name": ""}

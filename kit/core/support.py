"""Where people can get help: the support contacts in ``data/support.toml``, checked on load.

A workshop about rejection can stir up more than a workshop can hold, so every participant is
shown where to turn: after the ground rules, at the end of the feelings step and on their
report. The facilitator or programme admin fills in real contacts (employee assistance, HR, a
crisis line, a coach); until they do, and for anyone working alone, people see a default that
says where to look. A contact nobody could reach (no phone, email or website, a web address
that is not one) is refused with the entry to fix, like any other content problem.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kit.errors import ContentError

Line = Annotated[str, StringConstraints(strip_whitespace=True, max_length=400)]
Named = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
ContactKind = Literal["employee_assistance", "hr", "crisis_line", "coach", "other"]

KIND_LABELS: dict[str, str] = {
    "employee_assistance": "Employee assistance",
    "hr": "HR",
    "crisis_line": "Crisis line",
    "coach": "Coach or counsellor",
    "other": "Support",
}

_PHONE = re.compile(r"^\+?[0-9 ()./-]{3,30}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WEBSITE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Contact(_Strict):
    """One place to turn: who it is, how to reach it, when, and a line on what to expect."""

    kind: ContactKind
    name: Named
    phone: Line = ""
    email: Line = ""
    website: Line = ""
    hours: Line = ""
    note: Line = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


class WhereToLook(_Strict):
    """The default: what to look for when no one has filled in contacts (or one works alone)."""

    intro: Named
    places: list[Named] = Field(min_length=1)


class SupportFile(_Strict):
    title: Named
    intro: Line = ""
    urgent: Named
    where_to_look: WhereToLook
    contact: list[Contact] = Field(default_factory=list)


def check_support(path: Path, support: SupportFile) -> list[ContentError]:
    """Problems a schema cannot see: a contact with no way to reach it, or a malformed one."""
    problems = []
    seen: set[str] = set()
    for number, contact in enumerate(support.contact, start=1):
        entry = f"contact {contact.name!r}" if contact.name else f"contact #{number}"
        if contact.name.casefold() in seen:
            problems.append(ContentError(path, entry, "listed twice; keep one"))
        seen.add(contact.name.casefold())
        if not (contact.phone or contact.email or contact.website):
            problems.append(
                ContentError(
                    path, entry, "give at least one way to reach it: a phone, an email or a website"
                )
            )
        if contact.phone and (
            not _PHONE.match(contact.phone) or sum(c.isdigit() for c in contact.phone) < 3
        ):
            problems.append(
                ContentError(
                    path,
                    entry,
                    f"phone {contact.phone!r} is not a phone number (digits, +, spaces)",
                )
            )
        if contact.email and not _EMAIL.match(contact.email):
            problems.append(ContentError(path, entry, f"email {contact.email!r} is not an address"))
        if contact.website and not _WEBSITE.match(contact.website):
            problems.append(
                ContentError(
                    path,
                    entry,
                    f"website {contact.website!r} must be a full address starting with https://",
                )
            )
    return problems


def shown_contacts(support: SupportFile | None, *, solo: bool) -> tuple[list[Contact], bool]:
    """The contacts to show and whether to add the "where to look" default: always for someone
    working alone (a room's contacts may not be theirs), and whenever none are filled in."""
    if support is None:
        return [], True
    return list(support.contact), solo or not support.contact

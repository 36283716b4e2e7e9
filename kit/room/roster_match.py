"""Who in a roster file is already in the cohort: the same email is the same person.

The rules (``kit.room.roster`` relies on them, and a re-import depends on them):

- An email matches a member's email ignoring case and surrounding spaces (Python's
  ``casefold``, so ``Zoë@…`` and ``ZOË@…`` are one person); when several members share it, the
  one who joined first.
- Someone the email does not place is matched by name (ignoring case) to a member, when exactly
  one member has that name and the two do not both have an email (a person typed into the
  room by name is found again once the roster gives their email).

Both are joins of two tables (the file's people and the cohort's members, read with one query),
done with pandas merges: the time grows with the rows, where a search of the cohort for each
person grew with the rows squared (a 10,000-row re-import took four minutes). The matching is
kept out of SQL on purpose: SQLite's ``lower()`` folds ASCII letters only, and the result must
be the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kit.core.store import Participant


def match_members(
    people: Sequence[tuple[str | None, str]], members: Sequence[Participant]
) -> list[Participant | None]:
    """For each ``(email, name)`` from the file, the member they are, or None (someone new)."""
    wanted = _frame([email for email, _name in people], [name for _email, name in people])
    known = _frame([m.email for m in members], [m.display_name for m in members])
    known["created_at"] = pd.Series([m.created_at for m in members], dtype=object)
    known["id"] = pd.Series([m.id for m in members], dtype=object)
    by_email = (
        known[known["email_key"].notna()]
        .sort_values(["created_at", "id"])
        .drop_duplicates("email_key")  # the one who joined first
    )
    found_by_email = wanted[wanted["email_key"].notna()].merge(
        by_email[["email_key", "index"]], on="email_key", suffixes=("", "_member")
    )
    rest = wanted[~wanted["index"].isin(found_by_email["index"])]
    same_name = rest.merge(
        known[["name_key", "has_email", "index"]], on="name_key", suffixes=("", "_member")
    )
    same_name = same_name[~(same_name["has_email"] & same_name["has_email_member"])]
    found_by_name = same_name[~same_name["index"].duplicated(keep=False)]
    matches: list[Participant | None] = [None] * len(people)
    for found in (found_by_email, found_by_name):
        for row, member in zip(found["index"], found["index_member"], strict=True):
            matches[int(row)] = members[int(member)]
    return matches


def _frame(emails: list[str | None], names: list[str]) -> pd.DataFrame:
    """People as a table: their position, and the email and name keys they are matched on."""
    email = pd.Series(emails, dtype=object)
    folded = email.str.strip().str.casefold()
    return pd.DataFrame(
        {
            "index": range(len(names)),
            "email_key": folded.where(folded.notna() & (folded != ""), None),
            "name_key": pd.Series(names, dtype=object).str.casefold(),
            "has_email": email.notna() & (email != ""),
        }
    )

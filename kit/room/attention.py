"""Who in the room may need a facilitator: a page at a time, for a room of 30 or 10,000.

The console asks :func:`who_needs_attention` for one page of people who have not joined yet
(nothing saved) or have been quiet (nothing saved for ``quiet_minutes``), not-joined first,
then the longest quiet, then by name, with how many there are in all. The work happens in
the store (:meth:`kit.core.store.Store.needing_attention`), so a page never draws, or even
reads, everyone on a big roster, and the console never draws one row per person. Names and
times only: never what anyone wrote.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from kit.core.store import Quiet, Store

DEFAULT_PAGE_SIZE = 25
LARGEST_PAGE = 200


@dataclass(frozen=True)
class AttentionPage:
    """One page of the people who may need attention (``people``), and where it sits.

    ``page`` counts from 1; ``pages`` is at least 1 (an empty first page when nobody needs
    attention); ``not_joined``, ``quiet`` and ``members`` (the roster) count everyone, on
    every page.
    """

    people: tuple[Quiet, ...]
    page: int
    pages: int
    page_size: int
    not_joined: int
    quiet: int
    quiet_minutes: int
    members: int

    @property
    def total(self) -> int:
        return self.not_joined + self.quiet

    @property
    def joined(self) -> int:
        return self.members - self.not_joined


def minutes_quiet(person: Quiet, now: datetime) -> int | None:
    """Whole minutes since ``person`` last saved anything (None: not joined yet)."""
    if person.last_saved is None:
        return None
    return max(int((now - person.last_saved).total_seconds() // 60), 0)


def who_needs_attention(
    store: Store,
    cohort_id: str,
    *,
    quiet_minutes: int,
    now: datetime,
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> AttentionPage:
    """Page ``page`` of the cohort's members who have not joined or have saved nothing for
    ``quiet_minutes`` up to ``now`` (naive UTC, the store's clock: pass the console's).

    A page past the last (people joined or left since it was drawn) gives the last page.
    """
    if quiet_minutes < 1:
        raise ValueError(f"quiet_minutes must be at least 1 (got {quiet_minutes}).")
    if not 1 <= page_size <= LARGEST_PAGE:
        raise ValueError(f"page_size must be from 1 to {LARGEST_PAGE} (got {page_size}).")
    quiet_since = now - timedelta(minutes=quiet_minutes)
    page = max(page, 1)
    found = store.needing_attention(
        cohort_id, quiet_since, limit=page_size, offset=(page - 1) * page_size
    )
    pages = max(1, math.ceil(found.total / page_size))
    if page > pages:
        page = pages
        found = store.needing_attention(
            cohort_id, quiet_since, limit=page_size, offset=(page - 1) * page_size
        )
    return AttentionPage(
        found.people,
        page,
        pages,
        page_size,
        found.not_joined,
        found.quiet,
        quiet_minutes,
        found.members,
    )

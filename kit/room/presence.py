"""Who may need the facilitator's attention: not joined yet, or quiet for a while; a page at a time.

The console shows this list, never one row per person on the roster: a cohort of thousands
would otherwise draw thousands of rows. Quiet people come first, the longest quiet first, then
people who have not joined (by name). Everything else in the console reads people through
``needs_attention``, so a faster paged query in the store replaces this one function.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from kit.core.store import Participant, Store

PAGE_SIZE = 20


@dataclass(frozen=True)
class Attention:
    """One person and when they last saved anything (None: not joined yet)."""

    participant: Participant
    last_saved: datetime | None

    def quiet_minutes(self, now: datetime) -> int | None:
        if self.last_saved is None:
            return None
        return max(int((now - self.last_saved).total_seconds() // 60), 0)


@dataclass(frozen=True)
class AttentionPage:
    """A page of the people who may need a word, with the counts the console shows above it."""

    people: tuple[Attention, ...]
    total: int  # people who may need attention, on every page
    page: int  # from 0
    page_size: int
    members: int  # people in the cohort
    joined: int  # people who have saved anything

    @property
    def pages(self) -> int:
        return max(math.ceil(self.total / self.page_size), 1)


def needs_attention(
    store: Store,
    cohort_id: str,
    *,
    quiet_minutes: int,
    now: datetime,
    page: int = 0,
    page_size: int = PAGE_SIZE,
) -> AttentionPage:
    """Page ``page`` of who has not joined or saved nothing for ``quiet_minutes`` (naive UTC)."""
    members = store.list_participants(cohort_id)
    activity = store.last_activity_in_cohort(cohort_id)
    cutoff = now - timedelta(minutes=quiet_minutes)
    quiet = sorted(
        (
            Attention(person, activity[person.id])
            for person in members
            if person.id in activity and activity[person.id] < cutoff
        ),
        key=lambda entry: (entry.last_saved, entry.participant.display_name),
    )
    waiting = [Attention(person, None) for person in members if person.id not in activity]
    everyone = [*quiet, *waiting]
    pages = max(math.ceil(len(everyone) / page_size), 1)
    page = min(max(page, 0), pages - 1)
    chosen = everyone[page * page_size : (page + 1) * page_size]
    joined = sum(1 for person in members if person.id in activity)
    return AttentionPage(tuple(chosen), len(everyone), page, page_size, len(members), joined)

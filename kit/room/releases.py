"""The release rule: which people a group view may count, replayed from the answer log.

A view must never change by fewer than ``k`` people, or two views side by side (before and
after one save, or the console beside the cohort report) give away one person's answer. So
a view's population is not "whoever counts now" but the result of replaying the view's
revisions in id order (ids only grow, so the order never changes):

* a person **enters** at their first revision that counts for the view (a session feedback
  once it has a rating); once entered they stay entered, whatever they save later;
* the view keeps a **released set** and a **release point** (a revision id). Whenever at least
  ``k`` entered people are not yet released, it releases: everyone entered joins the set and
  the point moves to that revision;
* the view shows each member's latest counting revision *up to the release point*, so an
  edit appears only with the next release, mixed with at least ``k`` new people;
* when a member leaves (is erased), the view is **withheld** until ``k`` new people have
  entered, then released again without them.

Erasing deletes a person's revisions, which would rewrite the history being replayed; so the
erasure first leaves a :class:`Departure` per view (where that person entered and where they
left, nothing else) and the replay treats it as someone who entered and left at those points.
With that, the replay after an erasure is the replay before it plus one departure at the end.

The result depends only on the log and the departures: the console, the projector and the
cohort report agree whenever they are computed, with nothing remembered between runs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Counts = Callable[[Mapping[str, Any]], bool]


@dataclass(frozen=True)
class Saved:
    """One revision of a view's exercise, already cut down to the view's group fields."""

    revision: int
    person: str
    value: Mapping[str, Any]


@dataclass(frozen=True)
class Departure:
    """What an erased person leaves in one view: the revision where they entered, and the
    revision after which they left. No id, no name, no answer."""

    entered_at: int
    left_at: int


@dataclass(frozen=True)
class Release:
    """A view's population after the replay.

    ``members`` are the released people (all still here); ``contributions`` their answers as
    of the release ``point``; ``latest`` their newest saved value (read only for consent);
    ``entered`` how many people here count so far, ``new`` how many of them are not released
    yet (numbers for messages).
    """

    members: frozenset[str]
    point: int
    withheld: bool
    entered: int
    new: int = 0
    contributions: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    latest: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def shown(self) -> bool:
        return bool(self.members) and not self.withheld


_ENTER, _LEAVE = 0, 1


def replay(
    log: Iterable[Saved], departures: Iterable[Departure], k: int, counts: Counts
) -> Release:
    """The release after every revision in ``log`` and every departure, in the order they
    happened. ``counts`` says whether a (group-field) value counts for the view."""
    # Events sort by (revision id, enter before leave, tie-break). A departure follows the
    # revision it names; the erased person's own entry sits where their revision was.
    events: list[tuple[int, int, int, Saved | None]] = [
        (saved.revision, _ENTER, 0, saved) for saved in log
    ]
    for ghost, departure in enumerate(departures, start=1):
        events.append((departure.entered_at, _ENTER, -ghost, None))
        events.append((departure.left_at, _LEAVE, -ghost, None))
    events.sort(key=lambda event: event[:3])

    entered: set[str | int] = set()
    released: set[str | int] = set()
    withheld = False
    point = 0
    counting: dict[str, Mapping[str, Any]] = {}
    latest: dict[str, Mapping[str, Any]] = {}
    contributions: dict[str, Mapping[str, Any]] = {}
    for position, kind, ghost, saved in events:
        if saved is not None:
            latest[saved.person] = saved.value
            if counts(saved.value):
                counting[saved.person] = saved.value
                entered.add(saved.person)
        elif kind == _ENTER:
            entered.add(ghost)
        else:
            entered.discard(ghost)
            if ghost in released:
                released.discard(ghost)
                withheld = True
        if len(entered - released) >= k:
            released, withheld, point = set(entered), False, position
            contributions = {
                person: counting[person] for person in released if isinstance(person, str)
            }
    members = frozenset(person for person in released if isinstance(person, str))
    return Release(
        members,
        point,
        withheld,
        len(entered),
        len(entered - released),
        {person: contributions[person] for person in members},
        {person: latest[person] for person in members},
    )


def release_entries(entries: Mapping[str, int], departures: Iterable[Departure], k: int) -> Release:
    """:func:`replay` from where each person entered alone: ``entries`` maps each person to
    their first revision that counts.

    With ``k`` of at least 1 only an entry can start a release (nothing else adds to the
    people not yet released), so the revisions in between change nothing about who is
    released, when, or whether the view is withheld: the members, point, withheld, entered and
    new are exactly :func:`replay`'s, from one number per person instead of every answer.
    What the members said is left empty here (``contributions``, ``latest``): the caller reads
    each member's newest counting answer up to ``point``, as :func:`replay` shows it.
    """
    if k < 1:
        raise ValueError(f"A release needs k of at least 1 (got {k}).")
    people = list(entries)
    first = list(entries.values())
    order = sorted(range(len(first)), key=first.__getitem__)  # replay's order: ids only grow
    ghosts: list[tuple[float, int, int]] = sorted(
        event
        for ghost, departure in enumerate(departures, start=1)
        for event in ((departure.entered_at, _ENTER, -ghost), (departure.left_at, _LEAVE, -ghost))
    )
    ghosts.append((math.inf, _ENTER, 0))  # never reached: ends the walk below
    pending = 0  # people entered and not yet released (replay's entered - released)
    ghosts_pending: set[int] = set()
    ghosts_released: set[int] = set()
    ghosts_entered: set[int] = set()
    withheld = False
    point: float = 0
    released_people = 0  # how many of ``order`` the last release took in
    next_ghost = 0

    def release_if_due(position: float, people_in: int) -> None:
        nonlocal pending, withheld, point, released_people
        if pending >= k:
            ghosts_released.update(ghosts_pending)
            ghosts_pending.clear()
            pending, withheld, point, released_people = 0, False, position, people_in

    # Live entries and departures in replay's order: a departure's entry before a person's
    # at the same revision, its leaving after it.
    for walked, index in enumerate([*order, None]):
        revision = first[index] if index is not None else math.inf
        while ghosts[next_ghost] < (revision, _ENTER, 0):
            position, kind, ghost = ghosts[next_ghost]
            next_ghost += 1
            if kind == _ENTER:
                if ghost not in ghosts_entered:
                    ghosts_entered.add(ghost)
                    ghosts_pending.add(ghost)
                    pending += 1
            else:
                ghosts_entered.discard(ghost)
                if ghost in ghosts_pending:
                    ghosts_pending.discard(ghost)
                    pending -= 1
                elif ghost in ghosts_released:
                    ghosts_released.discard(ghost)
                    withheld = True
            release_if_due(position, walked)
        if index is not None:
            pending += 1
            release_if_due(revision, walked + 1)
    members = frozenset(people[index] for index in order[:released_people])
    return Release(members, int(point), withheld, len(people) + len(ghosts_entered), pending)

"""Anonymous group views for the facilitator's console and the cohort report.

This is the only module that reads several people's answers at once, and it is where the
privacy rules are enforced, on the numbers themselves, before anything leaves the kit:

1. **Only group fields.** A view reads only the answer fields that the exercise's content lists
   in ``group_fields`` (``FIELDS_READ`` below declares exactly which fields each view needs; an
   exercise whose content does not allow them is not shown). Answers are cut down to those
   fields before any view code sees them, and view code never sees who answered.
2. **At least k people.** A view is computed only over at least ``k`` people (the cohort's
   minimum group size: default 5, never below 3). Below that it says "not enough answers yet".
3. **No subtraction.** Two views of the same exercise must never differ by fewer than ``k``
   people, or comparing them (before and after one more save, or the console beside the
   report) would reveal one person's answer. The people a view counts are released by the
   rule in :mod:`kit.room.releases`, replayed from the append-only log: once counted, a person
   stays counted; a view changes only when at least ``k`` new people join it, and then shows
   everyone's answers as of that moment (so an edit appears only with the next release); when
   a counted person is erased the view is withheld until ``k`` new people have joined. Whether
   an answer counts depends only on its shape, never on the content files, so editing the
   content cannot change who was counted. Each exercise feeds exactly one view. The check-in
   to check-out shift is computed only from the two released distributions: it never pairs
   one person's check-in with their check-out, so it has no population of its own.
4. **Free text only by choice.** Advice and comments appear only where their author ticked
   "share" when the view was released *and* still has it ticked: unticking removes the text
   at once (nothing else changes, so nothing new can be worked out); re-ticking or editing
   shows with the next release. Texts are listed in alphabetical order, never in the order
   people answered.

What remains possible, and is accepted: when everyone in a population gives the same answer
the view says so; the number of people who have answered so far is shown, and moves by one.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from kit.core.content import Content
from kit.core.store import (
    DEFAULT_MIN_GROUP_SIZE,
    SMALLEST_ALLOWED_GROUP_SIZE,
    Counted,
    FieldTest,
    Revision,
    Store,
)
from kit.core.vocabularies import load_onet_skills
from kit.errors import NextRoundError
from kit.room.releases import Departure, Release, Saved, release_entries, replay

# The answer fields each exercise may contribute to group views. For exercises whose content
# exists, every field here must also be listed in the content's ``group_fields``; for exercises
# not yet in ``data/`` this table is the declared fallback. Inside ``feedback_sort`` items the
# views read only ``category`` and ``onet_skill``, never the item's text.
FIELDS_READ: dict[str, tuple[str, ...]] = {
    "mood_check_in": ("emotions",),
    "mood_check_out": ("emotions",),
    "situation": ("kind", "how_long_ago"),
    "feedback_sort": ("items",),
    "position_decision": ("decision",),
    "advice_for_others": ("text", "share"),
    "session_feedback": ("rating", "comment", "share_comment"),
}
FEEDBACK_ITEM_FIELDS = ("category", "onet_skill")

# Labels for option values of exercises that are not in this content yet (the content's own
# labels win whenever the exercise exists there).
FALLBACK_LABELS: dict[str, dict[str, str]] = {
    "position_decision": {
        "go_again": "Go for it again here",
        "redirect": "Redirect to another path here",
        "prepare_to_leave": "Prepare to leave within a year",
        "look_now": "Start looking now",
        "own": "Their own option",
    },
}
INTENSITY_LABELS = {1: "mild", 2: "clear", 3: "intense"}
MIN_PEOPLE_PER_SKILL = 2
OTHER_ANSWER = "another answer"


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Table:
    """A small table of counts (or percentages) with its column headings."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class GroupView:
    """What the room may see about one exercise: counts, or why nothing is shown."""

    key: str
    title: str
    status: str  # "shown" | "waiting" | "updating" (withheld until k new people) | "not_allowed"
    k: int
    answered: int  # people whose answer counts so far (a count; shown in messages)
    counted: int  # people the numbers are computed over (0 unless shown)
    message: str
    tables: tuple[Table, ...] = ()
    texts: tuple[str, ...] = ()
    summary: str = ""

    @property
    def shown(self) -> bool:
        return self.status == "shown"


def allowed_fields(exercise_id: str, content: Content) -> tuple[str, ...] | None:
    """The fields a view may read from ``exercise_id``; None if the content forbids them."""
    wanted = FIELDS_READ[exercise_id]
    if exercise_id not in content.exercises:
        return wanted
    permitted = set(content.exercise(exercise_id).group_fields)
    return wanted if set(wanted) <= permitted else None


def project(value: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """Keep only the group fields of an answer (everything else never reaches a view)."""
    kept = {name: value[name] for name in fields if name in value}
    items = kept.get("items")
    if isinstance(items, list):
        kept["items"] = [
            {name: item.get(name) for name in FEEDBACK_ITEM_FIELDS}
            for item in items
            if isinstance(item, Mapping)
        ]
    return kept


# -- the views -----------------------------------------------------------------------------

Values = list[dict[str, Any]]
Computed = tuple[tuple[Table, ...], tuple[str, ...], str]


@dataclass(frozen=True)
class _ViewSpec:
    """One view: its exercise, when an answer counts (``tests`` of its shape only, never the
    content, so that editing the content cannot change who was counted), how it is computed,
    and the field (if any) by which its author shares free text."""

    key: str
    title: str
    exercise_id: str
    tests: tuple[FieldTest, ...]
    compute: Callable[[Values, Content, Mapping[str, str]], Computed]
    consent: str | None = None

    def counts(self, value: Mapping[str, Any]) -> bool:
        """Whether an answer (cut down to the group fields) counts for this view."""
        return all(test.holds(value) for test in self.tests)


def _known_picks(value: Mapping[str, Any], content: Content) -> list[str]:
    """The emotion words of one answer that this content knows (others are not counted)."""
    return [pick["word"] for pick in value["emotions"] if pick["word"] in content.emotions]


def _mood_compute(values: Values, content: Content, _skills: Mapping[str, str]) -> Computed:
    families = _mood_family_counts(values, content)
    strongest: Counter[int] = Counter()
    for value in values:
        levels = [content.emotions[word].intensity for word in _known_picks(value, content)]
        strongest[max(levels, default=0)] += 1
    people = len(values)
    family_rows = tuple(
        Row(family.label, (families[family.id], _percent(families[family.id], people)))
        for family in content.emotion_families
    )
    intensity_rows: tuple[Row, ...] = (
        (Row("no words picked", (strongest[0],)),) if strongest[0] else ()
    )
    intensity_rows += tuple(
        Row(label, (strongest[level],)) for level, label in INTENSITY_LABELS.items()
    )
    tables = (
        Table("Feelings named", ("people", "% of people"), family_rows),
        Table("Strongest feeling each person named", ("people",), intensity_rows),
    )
    top = max(family_rows, key=lambda row: row.values[0], default=None)
    summary = f"Most named: {top.label.lower()}." if top and top.values[0] else ""
    return tables, (), summary


def _mood_family_counts(values: Values, content: Content) -> Counter[str]:
    counts: Counter[str] = Counter()
    for value in values:
        counts.update({content.emotions[word].family for word in _known_picks(value, content)})
    return counts


def _situation_compute(values: Values, content: Content, _skills: Mapping[str, str]) -> Computed:
    tables = (
        _option_table("What happened", "situation", "kind", [v["kind"] for v in values], content),
        _option_table(
            "When they heard",
            "situation",
            "how_long_ago",
            [_text_or_nothing(v.get("how_long_ago")) for v in values],
            content,
            unknown="not said",
        ),
    )
    return tables, (), ""


def _text_or_nothing(value: object) -> str:
    return value if isinstance(value, str) else ""


def _gaps_compute(values: Values, _content: Content, skills: Mapping[str, str]) -> Computed:
    people_per_skill: Counter[str] = Counter()
    with_a_gap = 0
    for value in values:
        named = {
            item["onet_skill"]
            for item in value["items"]
            if item.get("category") == "gap" and isinstance(item.get("onet_skill"), str)
        }
        with_a_gap += bool(named)
        people_per_skill.update(named)
    common = [
        Row(skills.get(skill, skill), (count,))
        for skill, count in sorted(people_per_skill.items(), key=lambda item: (-item[1], item[0]))
        if count >= MIN_PEOPLE_PER_SKILL
    ]
    tables = (Table("Skills more than one person wants to build", ("people",), tuple(common[:10])),)
    summary = f"{with_a_gap} of {len(values)} linked at least one gap to a skill."
    return tables, (), summary


def _decision_compute(values: Values, content: Content, _skills: Mapping[str, str]) -> Computed:
    table = _option_table(
        "Where people are leaning",
        "position_decision",
        "decision",
        [v["decision"] for v in values],
        content,
    )
    return (table,), (), ""


def _advice_compute(values: Values, _content: Content, _skills: Mapping[str, str]) -> Computed:
    shared = _shared_texts(values, "text", "share")
    summary = f"{len(shared)} of {len(values)} chose to share their advice with the group."
    return (), shared, summary


def _feedback_compute(values: Values, _content: Content, _skills: Mapping[str, str]) -> Computed:
    ratings = Counter(value["rating"] for value in values)
    rows = tuple(Row(f"{stars} of 5", (ratings[stars],)) for stars in range(5, 0, -1))
    average = sum(value["rating"] for value in values) / len(values)
    shared = _shared_texts(values, "comment", "share_comment")
    return (
        (Table("How useful was the session", ("people",), rows),),
        shared,
        f"Average {average:.1f} of 5.",
    )


_MOOD = (FieldTest("emotions", "list_of_named", key="word"),)
_SHARED_TEXT = (FieldTest("text", "text"), FieldTest("share", "true_or_false"))

_SPECS: tuple[_ViewSpec, ...] = (
    _ViewSpec("mood_check_in", "Mood at check-in", "mood_check_in", _MOOD, _mood_compute),
    _ViewSpec(
        "situation",
        "Situations in the room",
        "situation",
        (FieldTest("kind", "some_text"),),
        _situation_compute,
    ),
    _ViewSpec(
        "skill_gaps",
        "Common skill gaps",
        "feedback_sort",
        (FieldTest("items", "list"),),
        _gaps_compute,
    ),
    _ViewSpec(
        "decisions",
        "Where people stand (step 03)",
        "position_decision",
        (FieldTest("decision", "some_text"),),
        _decision_compute,
    ),
    _ViewSpec("mood_check_out", "Mood at check-out", "mood_check_out", _MOOD, _mood_compute),
    _ViewSpec(
        "shared_advice",
        "Advice people chose to share",
        "advice_for_others",
        _SHARED_TEXT,
        _advice_compute,
        consent="share",
    ),
    _ViewSpec(
        "session_feedback",
        "Feedback on the session",
        "session_feedback",
        (FieldTest("rating", "whole_number", low=1, high=5),),
        _feedback_compute,
        consent="share_comment",
    ),
)
VIEW_KEYS: tuple[str, ...] = (*tuple(spec.key for spec in _SPECS), "mood_shift")
SOURCE_EXERCISES: tuple[str, ...] = tuple(spec.exercise_id for spec in _SPECS)


def release_all(
    logs: Mapping[str, Iterable[Saved]],
    departures: Mapping[str, Iterable[Departure]],
    k: int,
) -> dict[str, Release]:
    """Each view's release (by view key) from its exercise's log, cut to group fields.

    Pure: the same log and departures give the same releases, in the console, in a report,
    in a test. ``logs`` and ``departures`` are keyed by exercise id.
    """
    k = max(k, SMALLEST_ALLOWED_GROUP_SIZE)
    return {
        spec.key: replay(
            logs.get(spec.exercise_id, ()), departures.get(spec.exercise_id, ()), k, spec.counts
        )
        for spec in _SPECS
    }


def compute_views(
    releases: Mapping[str, Release],
    k: int,
    content: Content,
    skill_labels: Mapping[str, str] | None = None,
) -> dict[str, GroupView]:
    """Every group view from its release (``releases`` by view key, from :func:`release_all`)."""
    k = max(k, SMALLEST_ALLOWED_GROUP_SIZE)
    skills = skill_labels if skill_labels is not None else {}
    nothing = Release(frozenset(), 0, False, 0)
    views: dict[str, GroupView] = {}
    for spec in _SPECS:
        views[spec.key] = _one_view(spec, releases.get(spec.key, nothing), k, content, skills)
    views["mood_shift"] = _shift(views["mood_check_in"], views["mood_check_out"], k, content)
    return {key: views[key] for key in VIEW_KEYS}


def _one_view(
    spec: _ViewSpec,
    release: Release,
    k: int,
    content: Content,
    skills: Mapping[str, str],
) -> GroupView:
    if allowed_fields(spec.exercise_id, content) is None:
        return GroupView(
            spec.key,
            spec.title,
            "not_allowed",
            k,
            0,
            0,
            f"The content for “{spec.exercise_id}” does not list "
            f"{', '.join(FIELDS_READ[spec.exercise_id])} in group_fields, so this view stays private.",
        )
    if release.withheld:
        return GroupView(
            spec.key,
            spec.title,
            "updating",
            k,
            release.entered,
            0,
            "Updating: waiting for more answers. Someone counted here has left, so this view "
            f"comes back once {_more_people(k - release.new)} answered.",
        )
    if not release.shown:
        return GroupView(
            spec.key,
            spec.title,
            "waiting",
            k,
            release.entered,
            0,
            f"Not enough answers yet: this view appears once at least {k} people have answered "
            f"({release.entered} so far).",
        )
    values = [_with_consent(spec, release, person) for person in release.members]
    values.sort(key=repr)  # no ids, and no order, beyond this line
    tables, texts, summary = spec.compute(values, content, skills)
    message = (
        f"Based on all {len(values)} answers."
        if len(values) == release.entered
        else f"Based on the first {len(values)} of {release.entered} answers: views change only "
        f"when at least {k} more people are counted, so that no one's answer can be worked out "
        "by comparing two of them."
    )
    return GroupView(
        spec.key,
        spec.title,
        "shown",
        k,
        release.entered,
        len(values),
        message,
        tables,
        texts,
        summary,
    )


def _with_consent(spec: _ViewSpec, release: Release, person: str) -> dict[str, Any]:
    """A member's released answer, with their text unshared if they have since unticked it."""
    value = dict(release.contributions[person])
    if spec.consent is not None and release.latest[person].get(spec.consent) is not True:
        value[spec.consent] = False
    return value


def _shift(check_in: GroupView, check_out: GroupView, k: int, content: Content) -> GroupView:
    """Check-in beside check-out, from the two released views only (no pairing of people)."""
    title = "How the mood shifted"
    if not (check_in.shown and check_out.shown):
        waiting = check_in if not check_in.shown else check_out
        return GroupView(
            "mood_shift",
            title,
            "waiting",
            k,
            0,
            0,
            f"Appears when both the check-in and the check-out views do ({waiting.title.lower()}: "
            f"{waiting.answered} answers so far, {k} needed).",
        )
    before = {row.label: row.values[1] for row in check_in.tables[0].rows}
    after = {row.label: row.values[1] for row in check_out.tables[0].rows}
    rows = tuple(
        Row(family.label, (before.get(family.label, 0), after.get(family.label, 0)))
        for family in content.emotion_families
    )
    rises = [row.label.lower() for row in rows if row.values[1] - row.values[0] >= 15]
    falls = [row.label.lower() for row in rows if row.values[0] - row.values[1] >= 15]
    parts = ([f"more {', '.join(rises)}"] if rises else []) + (
        [f"less {', '.join(falls)}"] if falls else []
    )
    summary = (
        ("By the end: " + "; ".join(parts) + ".")
        if parts
        else "Much the same mix at the end as at the start."
    )
    return GroupView(
        "mood_shift",
        title,
        "shown",
        k,
        0,
        0,
        f"Compares the {check_in.counted} check-in answers with the {check_out.counted} check-out "
        "answers shown above; no one's two answers are linked.",
        (Table("Share of people naming each feeling", ("% at check-in", "% at check-out"), rows),),
        (),
        summary,
    )


# -- helpers --------------------------------------------------------------------------------


def _more_people(count: int) -> str:
    return "1 more person has" if count == 1 else f"{count} more people have"


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def _option_values(exercise_id: str, option_list: str, content: Content) -> list[str]:
    if exercise_id in content.exercises and content.exercise(exercise_id).options.get(option_list):
        return content.exercise(exercise_id).option_values(option_list)
    return list(FALLBACK_LABELS.get(exercise_id, {}))


def _option_label(exercise_id: str, option_list: str, value: str, content: Content) -> str:
    if exercise_id in content.exercises and content.exercise(exercise_id).options.get(option_list):
        return content.exercise(exercise_id).option_label(option_list, value)
    return FALLBACK_LABELS.get(exercise_id, {}).get(value, value)


def _option_table(
    title: str,
    exercise_id: str,
    option_list: str,
    chosen: list[str],
    content: Content,
    *,
    unknown: str = "",
) -> Table:
    """Counts per option of the content; "" under ``unknown`` when given, and values the
    content no longer offers under "another answer" (they still count, see ``_ViewSpec``)."""
    counts = Counter(chosen)
    options = _option_values(exercise_id, option_list, content)
    rows = [
        Row(
            _option_label(exercise_id, option_list, value, content),
            (counts[value], _percent(counts[value], len(chosen))),
        )
        for value in options
    ]
    if unknown and counts[""]:
        rows.append(Row(unknown, (counts[""], _percent(counts[""], len(chosen)))))
    known = set(options) | ({""} if unknown else set())
    others = sum(count for value, count in counts.items() if value not in known)
    if others:
        rows.append(Row(OTHER_ANSWER, (others, _percent(others, len(chosen)))))
    return Table(title, ("people", "% of people"), tuple(rows))


def _shared_texts(values: Values, text_field: str, share_field: str) -> tuple[str, ...]:
    texts = {
        " ".join(str(value.get(text_field, "")).split())
        for value in values
        if value.get(share_field) is True
    }
    return tuple(sorted((text for text in texts if text), key=str.casefold))


def skill_labels(content: Content) -> dict[str, str]:
    """O*NET element id to skill name, from the shipped list (empty if it cannot be read)."""
    try:
        skills = load_onet_skills(content.directory)
    except NextRoundError:
        return {}
    return {element_id: skill.name for element_id, skill in skills.skills.items()}


# -- reading the store ----------------------------------------------------------------------


def cohort_min_group_size(store: Store, cohort_id: str) -> int:
    cohort = store.get_cohort(cohort_id)
    return max(cohort.min_group_size or DEFAULT_MIN_GROUP_SIZE, SMALLEST_ALLOWED_GROUP_SIZE)


def _log(revisions: Iterable[Revision], exercise_id: str) -> list[Saved]:
    fields = FIELDS_READ[exercise_id]
    return [
        Saved(revision.id, revision.participant_id, project(revision.value, fields))
        for revision in revisions
    ]


def cohort_releases(store: Store, cohort_id: str) -> dict[str, Release]:
    """Each view's release for one cohort: who it counts (ids stay inside the kit).

    The same members, release points and answers as :func:`replayed_releases`, without
    reading every answer: the store judges in SQL which revisions count (the views' field
    tests, every view at once) and hands back, per person, where they entered and the group
    fields of their newest counting answer; the replay runs over where people entered
    (:func:`release_entries`); only members who edited after the release point have an
    older answer read. ``latest`` holds only what is read of it: whether the share tick is on
    now. All of it from one snapshot of the store.
    """
    k = cohort_min_group_size(store, cohort_id)
    with store.snapshot():
        counted = store.counted_answers(
            cohort_id,
            {spec.exercise_id: spec.tests for spec in _SPECS},
            FIELDS_READ,
            {spec.exercise_id: FieldTest(spec.consent, "true") for spec in _SPECS if spec.consent},
        )
        return {
            spec.key: _release(store, cohort_id, spec, counted[spec.exercise_id], k)
            for spec in _SPECS
        }


def _release(store: Store, cohort_id: str, spec: _ViewSpec, found: Counted, k: int) -> Release:
    departures = [
        Departure(entered_at, left_at)
        for entered_at, left_at in store.departures_in_cohort(cohort_id, spec.exercise_id)
    ]
    release = release_entries(dict(zip(found.people, found.first, strict=True)), departures, k)
    where = {person: index for index, person in enumerate(found.people)}
    fields = FIELDS_READ[spec.exercise_id]
    shown: dict[str, dict[str, Any] | None] = {}
    earlier: dict[str, int] = {}  # members whose answer as of the point is not their newest
    for person in release.members:
        index = where[person]
        shown[person] = found.last_fields[index]
        if found.last[index] > release.point or shown[person] is None:
            earlier[person] = found.last_up_to(index, release.point)
    if earlier:
        values = store.group_fields(spec.exercise_id, fields, earlier.values())
        shown.update({person: values[revision] for person, revision in earlier.items()})
    marked = found.marked or []
    return replace(
        release,
        contributions={person: project(value or {}, fields) for person, value in shown.items()},
        latest={
            person: {spec.consent: marked[where[person]]}
            for person in release.members
            if spec.consent
        },
    )


def replayed_releases(store: Store, cohort_id: str) -> dict[str, Release]:
    """The releases by definition: every revision of each view's exercise replayed in order
    (:func:`kit.room.releases.replay`). Reads every answer, so it grows with how often
    people save; :func:`cohort_releases` gives the same result from the store's ids, and the
    tests and ``benchmarks/bench_scale.py`` compare the two.
    """
    k = cohort_min_group_size(store, cohort_id)
    logs = {
        exercise_id: _log(store.revisions_in_cohort(cohort_id, exercise_id), exercise_id)
        for exercise_id in SOURCE_EXERCISES
    }
    departures = {
        exercise_id: [
            Departure(entered_at, left_at)
            for entered_at, left_at in store.departures_in_cohort(cohort_id, exercise_id)
        ]
        for exercise_id in SOURCE_EXERCISES
    }
    return release_all(logs, departures, k)


def cohort_views(store: Store, cohort_id: str, content: Content) -> dict[str, GroupView]:
    """Every group view for one cohort, under that cohort's minimum group size."""
    k = cohort_min_group_size(store, cohort_id)
    with _no_cycle_collection():
        return compute_views(cohort_releases(store, cohort_id), k, content, skill_labels(content))


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while a cohort's views are built.

    Ten thousand people make a few hundred thousand short-lived dicts and lists, none in a
    cycle; meanwhile the collector would walk every live object of the process again and
    again (a fifth of the time, measured with ``benchmarks/bench_scale.py``). Everything is
    freed by reference counting as usual; the collector resumes afterwards.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def entry_points(history: Iterable[Revision]) -> dict[str, int]:
    """Where one person entered each view's exercise: their first revision that counts.

    An erasure records these (with where the person left) before their revisions go, so the
    replay after the erasure matches the replay before it.
    """
    counts = {spec.exercise_id: spec.counts for spec in _SPECS}
    entered: dict[str, int] = {}
    for revision in sorted(history, key=lambda revision: revision.id):
        exercise_id = revision.exercise_id
        if (
            exercise_id in counts
            and exercise_id not in entered
            and counts[exercise_id](project(revision.value, FIELDS_READ[exercise_id]))
        ):
            entered[exercise_id] = revision.id
    return entered

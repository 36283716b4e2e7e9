"""What the store judges in SQL for the group views is what Python judges, on both databases.

Group views decide who counts by field tests (``kit.core.store.FieldTest``) that the store
runs in SQL over a whole cohort (``Store.counted_answers``) and read only the group fields of
the revisions they show (``Store.group_fields``). Here generated answers, including odd ones
(booleans where numbers belong, 3.0, huge integers, empty strings, NUL characters, nested
lists), are saved in a real store and what the SQL finds is compared with ``FieldTest.holds``
and the stored values themselves.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.core.store import SHAPES, Counted, FieldTest, Store

pytestmark = pytest.mark.both_stores

_cohorts = itertools.count()

TESTS = (
    FieldTest("rating", "whole_number", low=1, high=5),
    FieldTest("kind", "some_text"),
    FieldTest("text", "text"),
    FieldTest("share", "true_or_false"),
    FieldTest("share", "true"),
    FieldTest("items", "list"),
    FieldTest("emotions", "list_of_named", key="word"),
)
FIELDS = ("rating", "kind", "text", "share", "items", "emotions")

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.sampled_from([0, 1, 3, 5, 6, -1, 1.0, 5.0, 1.5, 1e300, -0.0, "1", ""])
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.sampled_from('ab "\\\x00é😀'), max_size=4)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["word", "x", "category"]), inner, max_size=2)
    ),
    max_leaves=6,
)
picks = st.lists(
    st.fixed_dictionaries({"word": st.text(max_size=3)})
    | st.fixed_dictionaries({"word": json_values})
    | json_values,
    max_size=3,
)
answers = st.dictionaries(
    st.sampled_from(FIELDS),
    st.sampled_from([1, 5, 6, 0, 2.0, "", "gap", True, False, [], [{"word": "grief"}]])
    | json_values
    | picks,
    max_size=4,
)


def new_cohort(store: Store, size: int) -> tuple[str, list[str]]:
    """A new cohort in this store (hypothesis examples share one database)."""
    cohort = store.create_cohort("Room", cohort_id=f"room-{next(_cohorts)}").id
    return cohort, [store.add_participant(f"P{i}", cohort_id=cohort).id for i in range(size)]


def test_every_shape_has_sql_on_both_databases(store: Store) -> None:
    cohort, (person,) = new_cohort(store, 1)
    store.save_answer(person, "mood_check_in", {"emotions": []})
    for shape in SHAPES:
        test = FieldTest("emotions", shape, key="word", low=1, high=5)
        found = store.counted_answers(cohort, {"mood_check_in": (test,)}, {})["mood_check_in"]
        assert bool(found.people) == test.holds({"emotions": []}), shape


def test_a_field_test_refuses_what_it_cannot_run() -> None:
    with pytest.raises(ValueError, match="Not a field test"):
        FieldTest("rating", "positive")
    with pytest.raises(ValueError, match="Not a field test"):
        FieldTest("rating'; DROP TABLE answers; --", "text")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(history=st.lists(st.tuples(st.integers(0, 4), answers), min_size=1, max_size=14))
def test_the_store_finds_exactly_the_revisions_python_counts(
    store: Store, history: list[tuple[int, dict[str, Any]]]
) -> None:
    """Each field test alone, and all of them together (as a view with two tests asks)."""
    cohort, people = new_cohort(store, 5)
    for index, value in history:
        store.save_answer(people[index], "session_feedback", value)
    _other, (outsider,) = new_cohort(store, 1)  # another cohort's answers never count here
    store.save_answer(outsider, "session_feedback", {"rating": 3, "share": True})
    revisions = {person: store.history(person, "session_feedback") for person in people}

    names = ("rating", "share", "emotions")
    for tests in [(test,) for test in TESTS] + [TESTS[2:4]]:
        mark = FieldTest("share", "true")
        found = store.counted_answers(
            cohort,
            {"session_feedback": tests},
            {"session_feedback": names},
            {"session_feedback": mark},
        )
        expected = {}
        for person, mine in revisions.items():
            counting = [r for r in mine if all(test.holds(r.value) for test in tests)]
            if counting:
                expected[person] = (
                    counting[0].id,
                    counting[-1].id,
                    [r.id for r in counting],
                    mark.holds(mine[-1].value),
                    repr(
                        {
                            name: counting[-1].value[name]
                            for name in names
                            if name in counting[-1].value
                        }
                    ),
                )
        assert as_found(store, found["session_feedback"], names) == expected, tests


def as_found(
    store: Store, counted: Counted, names: tuple[str, ...]
) -> dict[str, tuple[int, int, list[int], bool | None, str]]:
    """Each person's (first, last, counting ids, marked, the last one's fields), from the
    store's columns (fields it could not take apart read as the views do, by id); repr tells
    True from 1 and 3.0 from 3."""
    fields = [
        fields
        if fields is not None
        else store.group_fields("session_feedback", names, [last])[last]
        for fields, last in zip(counted.last_fields, counted.last, strict=True)
    ]
    return {
        person: (
            counted.first[index],
            counted.last[index],
            sorted(int(number) for number in counted.counting_ids[index].split(",")),
            None if counted.marked is None else counted.marked[index],
            repr(fields[index]),
        )
        for index, person in enumerate(counted.people)
    }


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(answers, min_size=1, max_size=8), wanted=st.lists(st.booleans()))
def test_group_fields_are_the_stored_fields_exactly_and_nothing_else(
    store: Store, values: list[dict[str, Any]], wanted: list[bool]
) -> None:
    """Large integers keep their digits, 3.0 stays a float, true stays true, a field that is
    absent stays absent (not null), and no other field is read."""
    _cohort, (person,) = new_cohort(store, 1)
    saved = [store.save_answer(person, "session_feedback", value) for value in values]
    store.save_answer(person, "mood_check_in", {"rating": 1})  # another exercise: never read
    chosen = [r for r, keep in zip(saved, wanted + [True] * len(saved), strict=False) if keep]
    names = ("rating", "share", "emotions")

    found = store.group_fields(
        "session_feedback", names, [r.id for r in chosen] + [saved[-1].id + 1]
    )

    expected = {r.id: {name: r.value[name] for name in names if name in r.value} for r in chosen}
    assert repr(found) == repr(expected)  # repr tells True from 1 and 3.0 from 3


def test_a_nul_character_anywhere_in_an_answer_is_judged_and_read_like_any_other(
    store: Store,
) -> None:
    """PostgreSQL's JSON functions refuse a text holding NUL: such an answer still counts by
    its shape and its fields still read exactly, on both databases."""
    cohort, (person, other) = new_cohort(store, 2)
    nul = store.save_answer(
        person, "session_feedback", {"rating": 4, "comment": "a\x00b", "share_comment": True}
    )
    store.save_answer(other, "session_feedback", {"rating": "\x00", "note": "\\u0000"})
    marks = {"session_feedback": FieldTest("share_comment", "true")}

    names = ("rating", "comment", "share_comment")
    found = store.counted_answers(
        cohort, {"session_feedback": TESTS[:1]}, {"session_feedback": names}, marks
    )

    (index,) = [i for i, who in enumerate(found["session_feedback"].people) if who == person]
    assert found["session_feedback"].first[index] == nul.id
    assert found["session_feedback"].marked == [True]
    assert found["session_feedback"].last_fields[index] in (nul.value, None)  # None: read below
    assert store.group_fields("session_feedback", names, [nul.id]) == {nul.id: nul.value}


def test_group_fields_of_no_revisions_reads_nothing(store: Store) -> None:
    assert store.group_fields("session_feedback", ("rating",), []) == {}

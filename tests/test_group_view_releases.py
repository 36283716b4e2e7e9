"""Released populations are monotone: no two released views differ by fewer than k people.

The examples are the holes the issue names (an answer that starts to count late, an edit, an
erasure, a withdrawn "share"); the properties drive a real SQLite store through generated
sequences of saves (valid, partial, invalid, corrected), withdrawals and erasures, and check
the *sets* of people each view and the cohort report release, not only their sizes.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.core.content import Content, load_content
from kit.core.store import Store
from kit.reports.cohort import CohortSummary
from kit.reports.data_rights import erase_participant
from kit.room.group_views import SOURCE_EXERCISES, GroupView, cohort_releases, cohort_views

EMOTION_WORDS = ["grief", "annoyance", "rage", "serenity", "interest", "fear", "trust", "sadness"]
SKILLS = ["2.A.1.a", "2.A.1.b", "2.B.1.a", "2.B.3.e"]
VIEW_OF = {
    "mood_check_in": "mood_check_in",
    "situation": "situation",
    "feedback_sort": "skill_gaps",
    "position_decision": "decisions",
    "mood_check_out": "mood_check_out",
    "advice_for_others": "shared_advice",
    "session_feedback": "session_feedback",
}
CONSENT = {"advice_for_others": "share", "session_feedback": "share_comment"}


def valid(exercise_id: str, seed: int, *, share: bool | None = None) -> dict[str, Any]:
    """A complete answer in the contract shape, varied by ``seed``; texts name the seed."""
    rng = random.Random(seed)
    shared = rng.random() < 0.7 if share is None else share
    if exercise_id in ("mood_check_in", "mood_check_out"):
        words = rng.sample(EMOTION_WORDS, rng.randint(0, 3))
        return {"emotions": [{"word": word} for word in words], "note": f"private {seed}"}
    if exercise_id == "situation":
        kind = rng.choice(["internal_promotion", "internal_move", "external_job", "other"])
        return {"kind": kind, "how_long_ago": rng.choice(["this_week", None])}
    if exercise_id == "feedback_sort":
        return {
            "items": [
                {"id": f"f{i}", "text": "private", "category": "gap", "onet_skill": skill}
                for i, skill in enumerate(rng.sample(SKILLS, rng.randint(0, 2)))
            ]
        }
    if exercise_id == "position_decision":
        return {"decision": rng.choice(["go_again", "redirect", "look_now"]), "why": "private"}
    if exercise_id == "advice_for_others":
        return {"text": f"advice {seed}", "share": shared}
    if exercise_id == "session_feedback":
        return {"rating": rng.randint(1, 5), "comment": f"comment {seed}", "share_comment": shared}
    raise AssertionError(exercise_id)


def partial(exercise_id: str, seed: int) -> dict[str, Any]:
    """An answer saved before its counting field was given (a comment before the rating)."""
    if exercise_id == "session_feedback":
        return {"comment": f"comment {seed}", "share_comment": True}
    if exercise_id == "advice_for_others":
        return {"text": f"advice {seed}"}
    return {"note": f"started {seed}"}


def invalid(exercise_id: str, seed: int) -> dict[str, Any]:
    """An answer whose counting field has the wrong shape."""
    return {
        "mood_check_in": {"emotions": "grief"},
        "mood_check_out": {"emotions": [{"word": 3}]},
        "situation": {"kind": 7},
        "feedback_sort": {"items": "all of them"},
        "position_decision": {"decision": None},
        "advice_for_others": {"text": f"advice {seed}", "share": "yes"},
        "session_feedback": {"rating": 9, "comment": f"comment {seed}", "share_comment": True},
    }[exercise_id]


@contextmanager
def room(size: int, k: int) -> Iterator[tuple[Store, list[str], Path]]:
    """A real SQLite store in its own folder with a cohort "room" of ``size`` people."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(str(Path(folder) / "store.sqlite"), create=True)
        try:
            store.create_cohort("Room", cohort_id="room", min_group_size=k)
            people = [
                store.add_participant(f"Person {i}", cohort_id="room").id for i in range(size)
            ]
            yield store, people, Path(folder) / "reports"
        finally:
            store.close()


def released(view: GroupView) -> tuple[object, ...]:
    """What a view releases about answers (the count of people answering so far may move)."""
    return (view.status, view.counted, view.tables, view.texts, view.summary)


def members(store: Store) -> dict[str, frozenset[str]]:
    """The people each view releases now (empty when nothing is shown)."""
    return {
        key: release.members if release.shown else frozenset()
        for key, release in cohort_releases(store, "room").items()
    }


# -- the holes, one by one -------------------------------------------------------------------


def test_a_comment_first_and_the_rating_later_does_not_swap_people(
    store: Store, content: Content
) -> None:
    """The issue's bug: X's comment is saved first, X's rating after three others rated.

    Before the fix X slotted in early in the answer order and pushed the last person out, so
    two views side by side showed both people's comments.
    """
    store.create_cohort("Room", cohort_id="room", min_group_size=3)
    x, a, b, c = (store.add_participant(name, cohort_id="room").id for name in "XABC")
    store.save_answer(x, "session_feedback", {"comment": "from X", "share_comment": True})
    for person in (a, b, c):
        store.save_answer(
            person,
            "session_feedback",
            {"rating": 4, "comment": f"from {person.upper()}", "share_comment": True},
        )
    before = cohort_views(store, "room", content)["session_feedback"]
    assert before.texts == ("from A", "from B", "from C")
    store.save_answer(
        x, "session_feedback", {"rating": 1, "comment": "from X", "share_comment": True}
    )
    after = cohort_views(store, "room", content)["session_feedback"]
    assert released(after) == released(before)  # one more person is fewer than k: no change


def test_an_edit_shows_only_when_k_more_people_join(store: Store, content: Content) -> None:
    store.create_cohort("Room", cohort_id="room", min_group_size=3)
    people = [store.add_participant(f"P{i}", cohort_id="room").id for i in range(6)]
    for person in people[:3]:
        store.save_answer(person, "session_feedback", {"rating": 5})
    shown = cohort_views(store, "room", content)["session_feedback"]
    assert shown.summary == "Average 5.0 of 5."
    store.save_answer(people[0], "session_feedback", {"rating": 1})
    assert released(cohort_views(store, "room", content)["session_feedback"]) == released(shown)
    for person in people[3:5]:
        store.save_answer(person, "session_feedback", {"rating": 5})
    assert released(cohort_views(store, "room", content)["session_feedback"]) == released(shown)
    store.save_answer(people[5], "session_feedback", {"rating": 5})
    grown = cohort_views(store, "room", content)["session_feedback"]
    assert grown.counted == 6 and grown.summary == "Average 4.3 of 5."


def test_erasing_a_counted_person_withholds_the_view_until_k_new_people(
    store: Store, content: Content, tmp_path: Path
) -> None:
    """Before the fix the next view simply took the next person in line: one out, one in."""
    store.create_cohort("Room", cohort_id="room", min_group_size=3)
    people = [store.add_participant(f"P{i}", cohort_id="room").id for i in range(7)]
    for index, person in enumerate(people[:4]):
        store.save_answer(
            person, "position_decision", {"decision": ["go_again", "look_now"][index % 2]}
        )
    assert cohort_views(store, "room", content)["decisions"].counted == 3
    erase_participant(store, people[1], tmp_path / "reports")
    view = cohort_views(store, "room", content)["decisions"]
    assert view.status == "updating" and not view.shown
    assert view.tables == () and view.texts == () and view.counted == 0
    assert (
        "waiting for more answers" in view.message and "2 more people have answered" in view.message
    )
    store.save_answer(people[4], "position_decision", {"decision": "redirect"})
    view = cohort_views(store, "room", content)["decisions"]
    assert not view.shown and "1 more person has answered" in view.message  # 2 new, fewer than 3
    store.save_answer(people[5], "position_decision", {"decision": "redirect"})
    view = cohort_views(store, "room", content)["decisions"]
    assert view.shown and view.counted == 5  # the two who stayed and the three who joined


def test_unticking_share_removes_that_text_at_once_and_nothing_else(
    store: Store, content: Content
) -> None:
    store.create_cohort("Room", cohort_id="room", min_group_size=3)
    people = [store.add_participant(f"P{i}", cohort_id="room").id for i in range(3)]
    for index, person in enumerate(people):
        store.save_answer(person, "advice_for_others", {"text": f"tip {index}", "share": True})
    assert cohort_views(store, "room", content)["shared_advice"].texts == (
        "tip 0",
        "tip 1",
        "tip 2",
    )
    store.save_answer(people[1], "advice_for_others", {"text": "tip 1", "share": False})
    view = cohort_views(store, "room", content)["shared_advice"]
    assert view.texts == ("tip 0", "tip 2") and view.counted == 3
    assert view.summary == "2 of 3 chose to share their advice with the group."
    store.save_answer(people[1], "advice_for_others", {"text": "a new tip", "share": True})
    view = cohort_views(store, "room", content)["shared_advice"]
    assert view.texts == ("tip 0", "tip 1", "tip 2")  # consent back; the edit waits for k more


def test_an_answer_counts_by_its_shape_so_editing_the_content_changes_no_one(
    store: Store, content: Content
) -> None:
    """An option later removed from the content (or renamed) still counts, as "another
    answer": otherwise a content edit would drop someone from a view already shown."""
    store.create_cohort("Room", cohort_id="room", min_group_size=3)
    people = [store.add_participant(f"P{i}", cohort_id="room").id for i in range(3)]
    for person, decision in zip(people, ["go_again", "look_now", "sabbatical"], strict=True):
        store.save_answer(person, "position_decision", {"decision": decision})
    view = cohort_views(store, "room", content)["decisions"]
    rows = {row.label: row.values[0] for row in view.tables[0].rows}
    assert view.counted == 3 and rows["another answer"] == 1 and sum(rows.values()) == 3


# -- properties over generated sequences -----------------------------------------------------

Op = tuple[str, int, str, int]
ACTIONS = ["valid"] * 6 + ["partial", "invalid", "withdraw", "erase"]
ops_strategy = st.lists(
    st.tuples(
        st.sampled_from(ACTIONS),
        st.integers(0, 11),
        st.sampled_from([""] * 4 + list(SOURCE_EXERCISES)),  # "": the example's main exercise
        st.integers(0, 10_000),
    ),
    min_size=5,
    max_size=60,
)


def apply(
    store: Store, people: list[str], reports: Path, op: Op, focus: str, gone: set[str]
) -> bool:
    """Apply one generated operation; False when it did nothing (its person was erased)."""
    action, index, exercise_id, seed = op
    person, exercise_id = people[index], exercise_id or focus
    if person in gone:
        return False
    if action == "erase":
        erase_participant(store, person, reports)
        gone.add(person)
    elif action == "withdraw":
        latest = store.latest_answer(person, exercise_id)
        value = dict(latest.value) if latest else valid(exercise_id, seed)
        value[CONSENT.get(exercise_id, "share")] = False
        store.save_answer(person, exercise_id, value)
    else:
        value = {"valid": valid, "partial": partial, "invalid": invalid}[action](exercise_id, seed)
        store.save_answer(person, exercise_id, value)
    return True


def check_monotone(
    history: list[frozenset[str]], now: frozenset[str], gone: set[str], k: int
) -> None:
    """``now`` against every earlier release: it keeps everyone still here, and adds 0 or >= k."""
    if not now:
        return
    assert len(now) >= k and not (now & gone)
    for earlier in history:
        assert earlier - gone <= now, (sorted(earlier), sorted(now))
        assert now == earlier or len(now - earlier) >= k, (sorted(earlier), sorted(now))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=ops_strategy, k=st.integers(3, 5), focus=st.sampled_from(SOURCE_EXERCISES))
def test_every_view_releases_nested_sets_growing_by_at_least_k(
    ops: list[Op], k: int, focus: str
) -> None:
    content = load_content()
    with room(12, k) as (store, people, reports):
        released: dict[str, list[frozenset[str]]] = {key: [] for key in VIEW_OF.values()}
        gone: set[str] = set()
        before = cohort_views(store, "room", content)
        for op in ops:
            if not apply(store, people, reports, op, focus, gone):
                continue
            now = members(store)
            views = cohort_views(store, "room", content)
            for key, history in released.items():
                check_monotone(history, now[key], gone, k)
                view = views[key]
                assert view.shown == bool(now[key])
                assert view.counted == len(now[key])
                if not view.shown:
                    assert (view.tables, view.texts, view.counted) == ((), (), 0)
                if now[key] and (not history or history[-1] != now[key]):
                    history.append(now[key])
                elif view.shown and before[key].shown:
                    # The same people: the numbers do not move (only a withdrawn text may go).
                    assert (view.tables, view.counted) == (before[key].tables, before[key].counted)
            shift = views["mood_shift"]
            assert shift.shown == (views["mood_check_in"].shown and views["mood_check_out"].shown)
            before = views


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=ops_strategy, k=st.integers(3, 4))
def test_the_cohort_report_agrees_with_the_console_and_its_texts_never_change_by_fewer_than_k(
    ops: list[Op], k: int
) -> None:
    """Seen from outside: everyone shares one fixed piece of advice that names its author, some
    save a partial or malformed answer first, some are erased; the texts the cohort report
    prints are the released people, and they never change by fewer than k."""
    content = load_content()
    with room(12, k) as (store, people, reports):
        seen: list[frozenset[str]] = []
        gone: set[str] = set()
        counted: set[str] = set()
        for action, index, _exercise, _seed in ops:
            person = people[index]
            if person in gone:
                continue
            if action == "erase":
                erase_participant(store, person, reports)
                gone.add(person)
            elif action in ("partial", "invalid") and person not in counted:
                maker = partial if action == "partial" else invalid
                store.save_answer(person, "advice_for_others", maker("advice_for_others", index))
            else:
                store.save_answer(
                    person, "advice_for_others", valid("advice_for_others", index, share=True)
                )
                counted.add(person)
            summary = CohortSummary.load(store, "room", content)
            assert summary.views == cohort_views(store, "room", content)
            texts = summary.views["shared_advice"].texts
            authors = frozenset(people[int(text.split()[1])] for text in texts)
            check_monotone(seen, authors, gone, k)
            if authors and (not seen or seen[-1] != authors):
                seen.append(authors)

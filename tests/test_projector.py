"""The projector: the step the room is on, a large countdown, that step's group views in large
type, updated from the store, and never a name or a word nobody chose to share."""

from __future__ import annotations

import html
import itertools
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.core.content import Content
from kit.core.store import Store
from kit.room.pace import change_timer, close_room, go_to_step, start_session
from kit.room.projector import Projector, open_projector, view_steps
from kit.room.timer import RunOfShow
from kit.workbook.notice import Notice
from kit.workbook.personas import PERSONAS

NINE_THIRTY = datetime(2026, 12, 3, 9, 30)


class Clock:
    def __init__(self) -> None:
        self.now = NINE_THIRTY

    def __call__(self) -> datetime:
        return self.now


def _projector(store: Store, content: Content, clock: Clock, cohort_id: str = "demo") -> Projector:
    return Projector(store, content, cohort_id, clock=clock, follow=False)


def test_each_group_view_belongs_to_the_step_of_the_exercise_it_reads(content: Content) -> None:
    steps = view_steps(content)
    assert steps["mood_check_in"] == steps["situation"] == "00_check_in"
    assert steps["skill_gaps"] == "02_feedback" and steps["decisions"] == "03_position"
    assert steps["mood_shift"] == steps["shared_advice"] == "06_commit_and_check_out"
    assert steps["session_feedback"] == steps["mood_check_out"] == "06_commit_and_check_out"


@pytest.mark.both_stores
def test_before_the_session_a_welcome_and_after_it_a_thank_you(
    demo_store: Store, content: Content
) -> None:
    clock = Clock()
    projector = _projector(demo_store, content, clock)
    assert "We start in a moment" in projector.html() and "nr-group-view" not in projector.html()
    start_session(demo_store, "demo", RunOfShow.of(content.ordered_steps()), clock())
    projector.refresh()
    assert "Check-in" in projector.html() and "Mood at check-in" in projector.html()
    close_room(demo_store, "demo")
    projector.refresh()
    assert "The session has ended" in projector.html()
    assert "nr-group-view" not in projector.html() and "nr-pj-clock" not in projector.html()


@pytest.mark.both_stores
def test_the_step_and_a_large_countdown_that_turns_red_when_time_is_up(
    store: Store, content: Content
) -> None:
    store.create_cohort("Spring", cohort_id="demo")
    show = RunOfShow.of(content.ordered_steps())
    clock = Clock()
    projector = _projector(store, content, clock)
    start_session(store, "demo", show, clock())
    clock.now += timedelta(seconds=61)
    projector.refresh()
    page = projector.clock_widget.value
    assert "Step 00" in page and "<h1 class='nr-pj-title'>Check-in</h1>" in page
    assert "13:59" in page and "nr-pj-over" not in page
    change_timer(store, "demo", show, lambda timer: timer.pause(clock()), clock())
    clock.now += timedelta(minutes=30)
    projector.refresh()
    assert "13:59" in projector.clock_widget.value and "Paused" in projector.clock_widget.value
    change_timer(store, "demo", show, lambda timer: timer.start(clock()), clock())
    clock.now += timedelta(minutes=20)
    projector.refresh()
    assert (
        "nr-pj-over" in projector.clock_widget.value
        and "Time is up" in projector.clock_widget.value
    )
    assert "00:00" in projector.clock_widget.value
    go_to_step(store, "demo", show, "03_position", clock())
    projector.refresh()
    assert "Step 03" in projector.clock_widget.value
    assert f"{content.step('03_position').timebox_minutes}:00" in projector.clock_widget.value


@pytest.mark.both_stores
def test_only_the_current_steps_group_views_are_shown(demo_store: Store, content: Content) -> None:
    show = RunOfShow.of(content.ordered_steps())
    clock = Clock()
    start_session(demo_store, "demo", show, clock())
    projector = _projector(demo_store, content, clock)
    views = projector.views_widget.value
    assert "Mood at check-in" in views and "Where people stand" not in views
    go_to_step(demo_store, "demo", show, "01_feelings_and_control", clock())
    projector.refresh()
    assert projector.views_widget.value == ""
    go_to_step(demo_store, "demo", show, "03_position", clock())
    projector.refresh()
    views = projector.views_widget.value
    assert "Where people stand (step 03)" in views and "Mood at check-in" not in views
    for persona in PERSONAS:
        assert persona.name not in projector.html()


@pytest.mark.both_stores
def test_the_kth_answer_shows_on_the_next_read(store: Store, content: Content) -> None:
    store.create_cohort("Spring", cohort_id="demo")
    people = [store.add_participant(f"Person {n}", cohort_id="demo").id for n in range(5)]
    clock = Clock()
    start_session(store, "demo", RunOfShow.of(content.ordered_steps()), clock())
    projector = _projector(store, content, clock)
    for person in people[:4]:
        store.save_answer(person, "mood_check_in", {"emotions": [{"word": "grief"}], "note": ""})
    first = projector.read()
    assert "Not enough answers yet" in first.views and "(4 so far)" in first.views
    assert projector.read() == first  # nothing new: nothing to redraw
    store.save_answer(people[4], "mood_check_in", {"emotions": [{"word": "grief"}], "note": ""})
    projector.draw(projector.read())  # the follower's next second
    assert "nr-view-shown" in projector.views_widget.value
    assert "Sadness" in projector.views_widget.value


def test_a_broken_cohort_is_a_notice(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    notice = open_projector()
    assert isinstance(notice, Notice) and "nextround cohort create" in notice.text
    store.create_cohort("Spring", cohort_id="spring")
    monkeypatch.setenv("NEXTROUND_COHORT", "nowhere")
    assert isinstance(open_projector(), Notice)
    monkeypatch.setenv("NEXTROUND_COHORT", "spring")
    assert isinstance(open_projector(), Projector)


# -- never a name, never an unshared word --------------------------------------------------

SECRET = st.text(alphabet="abcdefghijklmnopqrstuvwxyz<>&'\" ", min_size=6, max_size=24).map(
    lambda text: f"Qz{text}Zq"
)  # the markers make a secret findable, whatever else the page says


def _answers(secret: str, choice: int, crafted: bool) -> dict[str, dict[str, Any]]:
    """An answer to every group view's exercise, with the secret in every free-text field,
    nothing shared, and (``crafted``) the secret also where an option's value belongs."""
    option = secret if crafted else None
    return {
        "mood_check_in": {"emotions": [{"word": option or "grief"}], "note": secret},
        "mood_check_out": {"emotions": [{"word": option or "trust"}], "note": secret},
        "situation": {
            "kind": option or ["internal_promotion", "external_job"][choice % 2],
            "how_long_ago": "this_week",
            "role": secret,
            "details": secret,
        },
        "feedback_sort": {
            "items": [
                {
                    "id": "f1",
                    "text": secret,
                    "category": option or "gap",
                    "gap_kind": "skill",
                    "onet_skill": option or "2.A.1.a",
                    "action": secret,
                    "workaround": secret,
                }
            ]
        },
        "position_decision": {
            "decision": option or "own",
            "own_option": secret,
            "why": secret,
            "suggested": "go_again",
        },
        "advice_for_others": {"text": secret, "share": False},
        "session_feedback": {"rating": 1 + choice % 5, "comment": secret, "share_comment": False},
    }


_cohorts = itertools.count()


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    people=st.lists(
        st.tuples(SECRET, SECRET, st.integers(0, 9), st.booleans()), min_size=3, max_size=9
    ),
    k=st.integers(3, 5),
    unshare_after=st.booleans(),
)
def test_no_name_and_no_unshared_text_ever_reaches_the_projector(
    store: Store,
    content: Content,
    people: list[tuple[str, str, int, bool]],
    k: int,
    unshare_after: bool,
) -> None:
    cohort = f"c{next(_cohorts)}"
    store.create_cohort("Spring", cohort_id=cohort, min_group_size=k)
    show = RunOfShow.of(content.ordered_steps())
    clock = Clock()
    start_session(store, cohort, show, clock())
    projector = _projector(store, content, clock, cohort)
    secrets: list[str] = []
    for name, secret, choice, crafted in people:
        person = store.add_participant(name, cohort_id=cohort).id
        secrets += [name, secret]
        for exercise_id, value in _answers(secret, choice, crafted).items():
            store.save_answer(person, exercise_id, value)
        if unshare_after:  # shared for a moment, then taken back
            store.save_answer(person, "advice_for_others", {"text": secret, "share": True})
            store.save_answer(person, "advice_for_others", {"text": secret, "share": False})
    pages = []
    for step in show.steps:
        go_to_step(store, cohort, show, step.id, clock())
        projector.refresh()
        pages.append(projector.html())
    assert any("nr-group-view" in page for page in pages)
    for page in pages:
        for secret in secrets:
            assert secret not in page and html.escape(secret) not in page, secret


@pytest.mark.both_stores
def test_shared_advice_does_reach_the_projector(store: Store, content: Content) -> None:
    """The other side of the rule: what people chose to share is what the room sees."""
    store.create_cohort("Spring", cohort_id="demo")
    show = RunOfShow.of(content.ordered_steps())
    clock = Clock()
    start_session(store, "demo", show, clock())
    go_to_step(store, "demo", show, "06_commit_and_check_out", clock())
    for n in range(5):
        person = store.add_participant(f"Person {n}", cohort_id="demo").id
        store.save_answer(
            person, "advice_for_others", {"text": f"Keep going, advice {n}", "share": n % 2 == 0}
        )
    views = _projector(store, content, clock).views_widget.value
    assert "Keep going, advice 0" in views and "Keep going, advice 4" in views
    assert "Keep going, advice 1" not in views and "Person 0" not in views

"""Every step page as a participant sees it (plain Voilà, real Chromium): it fits a laptop and
a phone, reads as text, and axe-core finds nothing critical or serious on it; step 00 can be
done from the keyboard alone; the personal report passes axe too.

One Voilà server for the module serves a copy of the notebooks as a demo participant with
answers in every step (so lists show their rows). Each page is loaded once at 1280 px, checked
and run through axe, then narrowed to 390 px (a phone) and checked again.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import (
    Voila,
    axe_violations,
    chromium,
    layout_problems,
    open_and_run_all,
    open_step_page,
    require_chromium,
    running_lab,
    running_voila,
)

from kit.core.content import load_content
from kit.core.store import Store
from kit.room.demo import build_demo

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
DEMO_PERSON = "demo-chen"
STEP_PAGES = [step.notebook for step in load_content().ordered_steps()]


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_chromium()
    home = tmp_path_factory.mktemp("pages-home")
    store = Store.open(str(home / "nextround.sqlite"), create=True)
    build_demo(store)
    store.close()
    return home


@pytest.fixture(scope="module")
def voila(demo_home: Path) -> Iterator[Voila]:
    with running_voila(demo_home, DEMO_PERSON) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as running:
        yield running


def test_the_steps_are_the_workshop_s_eight() -> None:
    assert STEP_PAGES == [
        "00_check_in.ipynb",
        "01_feelings_and_control.ipynb",
        "02_feedback.ipynb",
        "03_position.ipynb",
        "04_manager_conversation.ipynb",
        "05_plan.ipynb",
        "06_commit_and_check_out.ipynb",
        "07_follow_up.ipynb",
    ]


@pytest.mark.parametrize("notebook", STEP_PAGES)
def test_step_page_fits_a_laptop_and_a_phone_and_passes_axe(
    voila: Voila, browser: Any, notebook: str
) -> None:
    page = browser.new_page(viewport=LAPTOP)
    page.set_default_timeout(60_000)
    try:
        open_step_page(page, voila, notebook)
        found = [f"at 1280 px: {problem}" for problem in layout_problems(page)]
        found += [f"axe: {violation}" for violation in axe_violations(page)]
        page.set_viewport_size(PHONE)
        page.wait_for_timeout(300)
        found += [f"at 390 px: {problem}" for problem in layout_problems(page)]
        assert page.locator(".nr-exercise").count() > 0, "no exercise was drawn"
    finally:
        page.close()
    assert not found, f"{notebook}:\n" + "\n".join(found)


# -- step 00 from the keyboard alone ----------------------------------------------------------

FOCUSED_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {where: '', text: '', kind: ''};
  const exercise = el.closest('.nr-exercise');
  const where = exercise ? [...exercise.classList].find(c => c.startsWith('nr-exercise-')) : '';
  const label = el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`));
  const text = ((label && label.textContent) || el.textContent || '').trim();
  const kind = el.tagName === 'INPUT' ? el.type : el.tagName.toLowerCase();
  return {where, text, kind};
}
"""


def tab_to(page: Any, where: str, kind: str, text: str = "", *, back: bool = False) -> None:
    """Press Tab (Shift-Tab with ``back``) until the focus is on the control a person would
    see: ``kind`` (checkbox, radio, text, textarea, button) in exercise ``where`` whose label
    starts with ``text``. Fails after 60 presses, saying where the focus was."""
    seen = []
    for _ in range(60):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        focused = page.evaluate(FOCUSED_JS)
        seen.append(focused)
        if (
            focused["where"] == f"nr-exercise-{where}"
            and focused["kind"] == kind
            and focused["text"].startswith(text)
        ):
            return
    raise AssertionError(f"Tab never reached {kind} {text!r} in {where}; focus went: {seen[-8:]}")


def checked_answers(page: Any, where: str) -> list[str]:
    return list(
        page.evaluate(
            "w => [...document.querySelectorAll(`.nr-exercise-${w} input[type=radio]`)]"
            ".filter(r => r.checked).map(r => r.closest('label').textContent.trim())",
            where,
        )
    )


def wait_for_store(check: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError("the answers never reached the store")


def test_step_00_can_be_done_with_the_keyboard_alone(
    tmp_path_factory: pytest.TempPathFactory, browser: Any
) -> None:
    home = tmp_path_factory.mktemp("keyboard-home")
    store = Store.open(str(home / "nextround.sqlite"), create=True)
    build_demo(store)
    kim = store.add_participant("Kim Keys", cohort_id="demo")
    store.close()
    content = load_content().exercise
    kinds = {o.label: o.value for o in content("situation").options["kind"]}
    whens = {o.label: o.value for o in content("situation").options["how_long_ago"]}
    hopes = {o.label: o.value for o in content("hopes_for_today").options["hopes"]}
    first_kind, second_kind, *_, last_kind = kinds
    first_hope, _, third_hope, *_ = hopes

    with running_voila(home, kim.id) as voila:
        page = browser.new_page(viewport=PHONE)
        page.set_default_timeout(60_000)
        try:
            open_step_page(page, voila, "00_check_in.ipynb")
            keys = page.keyboard

            tab_to(page, "confidentiality", "checkbox")
            keys.press("Space")

            # A radio group: Tab lands on its first answer, arrows move and choose.
            tab_to(page, "situation", "radio", first_kind)
            keys.press("ArrowDown")
            assert checked_answers(page, "situation") == [second_kind]
            tab_to(page, "situation", "radio", next(iter(whens)))
            keys.press("ArrowDown")
            keys.press("ArrowDown")
            chosen_when = list(whens)[2]
            assert checked_answers(page, "situation") == [second_kind, chosen_when]
            # Arrows stay inside their own question: past the last answer they wrap around,
            # and the next question keeps its answer.
            tab_to(page, "situation", "radio", second_kind, back=True)
            keys.press("ArrowUp")
            keys.press("ArrowUp")
            assert checked_answers(page, "situation") == [last_kind, chosen_when]
            tab_to(page, "situation", "text")
            keys.type("Team lead")
            tab_to(page, "situation", "textarea")
            keys.type("They picked someone from outside.")

            tab_to(page, "mood-check-in", "button", "calm")
            keys.press("Enter")

            tab_to(page, "hopes-for-today", "checkbox", first_hope)
            keys.press("Space")
            tab_to(page, "hopes-for-today", "checkbox", third_hope)
            keys.press("Space")
            tab_to(page, "hopes-for-today", "textarea")
            keys.type("One next step.")
            keys.press("Tab")  # leaving the box saves it
        finally:
            page.close()

        def answered() -> bool:
            store = Store.open(str(home / "nextround.sqlite"))
            try:
                latest = {
                    exercise: store.latest_answer(kim.id, exercise)
                    for exercise in (
                        "confidentiality",
                        "situation",
                        "mood_check_in",
                        "hopes_for_today",
                    )
                }
            finally:
                store.close()
            if any(revision is None for revision in latest.values()):
                return False
            values = {k: r.value for k, r in latest.items() if r is not None}
            return bool(
                values["confidentiality"]["agreed"]
                and values["situation"]["details"]
                and values["hopes_for_today"]["in_my_words"]
            )

        wait_for_store(answered)

    store = Store.open(str(home / "nextround.sqlite"))
    situation = store.latest_answer(kim.id, "situation")
    mood = store.latest_answer(kim.id, "mood_check_in")
    hoped = store.latest_answer(kim.id, "hopes_for_today")
    store.close()
    assert situation is not None and mood is not None and hoped is not None
    assert situation.value["kind"] == kinds[last_kind]
    assert situation.value["how_long_ago"] == whens[chosen_when]
    assert situation.value["role"] == "Team lead"
    assert situation.value["details"] == "They picked someone from outside."
    assert [pick["word"] for pick in mood.value["emotions"]] == ["serenity"]
    assert hoped.value["hopes"] == [hopes[first_hope], hopes[third_hope]]
    assert hoped.value["in_my_words"] == "One next step."


def test_arrow_keys_stay_in_their_question_in_jupyterlab(
    tmp_path_factory: pytest.TempPathFactory, browser: Any
) -> None:
    """In JupyterLab the notebook's own shortcuts take arrow keys (next cell) unless the
    question keeps them; and they must not reach the next question's radios either."""
    kinds = [o.label for o in load_content().exercise("situation").options["kind"]]
    home = tmp_path_factory.mktemp("lab-home")
    store = Store.open(str(home / "nextround.sqlite"), create=True)
    build_demo(store)
    store.close()
    with running_lab(home, {"NEXTROUND_PARTICIPANT": DEMO_PERSON}) as lab:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(60_000)
        try:
            open_and_run_all(page, lab, "00_check_in.ipynb")
            radios = page.locator(".nr-exercise-situation input[type=radio]")
            radios.first.wait_for(timeout=120_000)
            page.wait_for_timeout(1000)
            before = checked_answers(page, "situation")
            radios.nth(len(kinds) - 2).click()
            for _ in range(2):
                page.keyboard.press("ArrowDown")
            page.wait_for_timeout(500)
            assert checked_answers(page, "situation") == [kinds[0], before[1]]
            assert page.evaluate(FOCUSED_JS)["where"] == "nr-exercise-situation"
        finally:
            page.close()


# -- the personal report ------------------------------------------------------------------------


def test_the_personal_report_passes_axe_and_fits_a_phone(demo_home: Path, browser: Any) -> None:
    out = demo_home / "reports"
    subprocess.run(
        [sys.executable, "-m", "kit.cli", "report", DEMO_PERSON, "--out", str(out), "-q"],
        check=True,
        env={"NEXTROUND_HOME": str(demo_home), **_plain_env()},
        timeout=180,
    )
    report = out / f"report-{DEMO_PERSON}.html"
    page = browser.new_page(viewport=LAPTOP)
    try:
        page.goto(report.as_uri())
        found = [f"axe: {violation}" for violation in axe_violations(page)]
        page.set_viewport_size(PHONE)
        page.wait_for_timeout(200)
        width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        if width[0] > width[1]:
            found.append(f"at 390 px the report scrolls sideways: {width[0]} px wide")
    finally:
        page.close()
    assert not found, "\n".join(found)


def _plain_env() -> dict[str, str]:
    return {
        name: value
        for name, value in os.environ.items()
        if name not in ("NEXTROUND_DB", "NEXTROUND_PARTICIPANT", "NEXTROUND_HOME")
    }

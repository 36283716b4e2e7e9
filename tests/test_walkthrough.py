"""docs/architecture.md's "Add an exercise" walk-through, done for real on a copy of the kit.

The copy gets a throwaway exercise in step 00 exactly as the walk-through says; the test then
checks the files touched (its content in data/, its answer model and widget in the step's
folder, one line in its notebook), that a person can answer it and the answer is stored, and
that the layering contracts still hold.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

CONTENT = """
[[exercise]]
id = "one_good_thing"
title = "One good thing"
intro = "Before the hard part: something that went well this week, however small."
prompts.thing = "One good thing"
"""

ANSWER_MODEL = '''

@register("one_good_thing")
class OneGoodThingAnswer(Answer):
    """Something that went well, in the person's words."""

    thing: FreeText = ""
'''

EXERCISE = '''

@register_exercise
class OneGoodThing(Exercise[OneGoodThingAnswer]):
    """One line of text, saved when the person leaves the box."""

    exercise_id = "one_good_thing"
    answer_model = OneGoodThingAnswer

    def build(self) -> Sequence[widgets.Widget]:
        self.thing = text_line(self.save)
        return [labelled(self.content.prompt("thing"), self.thing)]

    def collect(self) -> dict[str, Any]:
        return {"thing": self.thing.value}

    def fill(self, answer: OneGoodThingAnswer | None) -> None:
        self.thing.value = answer.thing if answer else ""
'''

ANSWER_IT = """
from kit.core.store import Store
from kit.steps.page import Session

store = Store.open()
person = store.add_participant("Robin")
page = Session("00_check_in", store=store, participant_id=person.id)
exercise = page.exercise("one_good_thing")
exercise.thing.value = "Finished the course <module 3>"
print(store.latest_answer(person.id, "one_good_thing").value["thing"])
"""


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def add_exercise_as_the_walkthrough_says(tree: Path) -> None:
    append(tree / "data" / "exercises" / "00_check_in.toml", CONTENT)
    step = tree / "kit" / "steps" / "check_in"
    append(step / "answers.py", ANSWER_MODEL)
    exercises = step / "exercises.py"
    text = exercises.read_text(encoding="utf-8").replace(
        "from kit.steps.check_in.answers import (",
        "from kit.steps.check_in.answers import (\n    OneGoodThingAnswer,",
    )
    exercises.write_text(text + EXERCISE, encoding="utf-8")
    notebook_path = tree / "notebooks" / "00_check_in.ipynb"
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    notebook["cells"].append(
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "one-good-thing",
            "metadata": {"jupyter": {"source_hidden": True}},
            "outputs": [],
            "source": ['step.exercise("one_good_thing")'],
        }
    )
    notebook_path.write_text(json.dumps(notebook, indent=1) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_adding_an_exercise_touches_four_files_in_three_places(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    for folder in ("kit", "data", "notebooks"):
        shutil.copytree(REPO / folder, tree / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tree / "pyproject.toml")
    before = {path: path.read_bytes() for path in tree.rglob("*") if path.is_file()}

    add_exercise_as_the_walkthrough_says(tree)

    touched = sorted(
        str(path.relative_to(tree))
        for path in tree.rglob("*")
        if path.is_file() and before.get(path) != path.read_bytes()
    )
    assert touched == [
        "data/exercises/00_check_in.toml",
        "kit/steps/check_in/answers.py",
        "kit/steps/check_in/exercises.py",
        "notebooks/00_check_in.ipynb",
    ]
    environment = {
        "PYTHONPATH": str(tree),
        "NEXTROUND_HOME": str(tmp_path / "workspace"),
        "NEXTROUND_CONTENT": str(tree / "data"),
        "PATH": "/usr/bin:/bin",
    }
    answered = subprocess.run(
        [sys.executable, "-c", ANSWER_IT],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert answered.returncode == 0, answered.stderr
    assert answered.stdout.strip() == "Finished the course <module 3>"
    if LINT_IMPORTS.exists():
        contracts = subprocess.run(
            [str(LINT_IMPORTS), "--no-cache"],
            cwd=tree,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert contracts.returncode == 0, contracts.stdout

"""The layering rules hold, and `lint-imports` really catches a broken one.

`make lint` runs the contracts on the real tree; these tests plant one forbidden import in a
copy of the kit and check the contracts fail, so a contract that can no longer fail (a
renamed module, a wildcard that matches nothing) is noticed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kit.core.content import load_content
from kit.steps import check_all_content, package_of, report_sections, step_part

REPO = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_copy(tmp_path: Path, module: str, planted_import: str) -> subprocess.CompletedProcess[str]:
    copy = tmp_path / "tree"
    shutil.copytree(REPO / "kit", copy / "kit", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
    target = copy / Path(*module.split(".")).with_suffix(".py")
    target.write_text(
        target.read_text(encoding="utf-8") + f"\n{planted_import}\n", encoding="utf-8"
    )
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=copy,
        env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed")
@pytest.mark.parametrize(
    ("module", "planted_import", "broken"),
    [
        ("kit.steps.check_in.answers", "import ipywidgets", "Answer models import no widgets"),
        (
            "kit.steps.plan.answers",
            "from kit.core.store import Store",
            "Answer models import no widgets",
        ),
        ("kit.core.content", "import kit.steps.plan.smart", "Layers"),
        ("kit.workbook.exercise", "from kit.room import pairs", "Layers"),
        (
            "kit.steps.check_in.exercises",
            "from kit.steps.feedback import request",
            "Steps do not import each other",
        ),
    ],
)
def test_a_forbidden_import_breaks_its_contract(
    tmp_path: Path, module: str, planted_import: str, broken: str
) -> None:
    result = lint_copy(tmp_path, module, planted_import)
    assert result.returncode == 1, result.stdout + result.stderr
    _summary, _, broken_section = result.stdout.partition("Broken contracts")
    assert broken in broken_section, result.stdout


def test_every_step_in_steps_toml_has_a_package_with_answers_exercises_report_and_demo() -> None:
    content = load_content()
    for step in content.ordered_steps():
        for part in ("answers", "exercises", "report", "demo"):
            assert step_part(step, part) is not None, f"{package_of(step.id)}.{part} is missing"
    assert [step.id for step, _section in report_sections(content)] == list(content.steps)
    check_all_content(content)


def test_a_step_id_that_cannot_name_a_package_is_refused_clearly() -> None:
    with pytest.raises(Exception, match="does not look like 'NN_name'"):
        package_of("check-in")

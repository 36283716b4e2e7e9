"""Report sections, one module per step, keyed by step id (and ``summary`` for the first page).

Add a step's section by writing ``sections/<step>.py`` with ``render_section(ctx) -> str`` and
adding it here. The report template already has one cell per step in workshop order; a step
with no entry here simply shows nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from kit.report.context import ReportContext
from kit.report.sections import check_in, commit, feedback, feelings, follow_up, plan, summary
from kit.report.sections import manager as manager_section
from kit.report.sections import position as position_section

Section = Callable[[ReportContext], str]

SECTIONS: dict[str, Section] = {
    "00_check_in": check_in.render_section,
    "summary": summary.render_section,
    "01_feelings_and_control": feelings.render_section,
    "02_feedback": feedback.render_section,
    "03_position": position_section.render_section,
    "04_manager_conversation": manager_section.render_section,
    "05_plan": plan.render_section,
    "06_commit_and_check_out": commit.render_section,
    "07_follow_up": follow_up.render_section,
}


"""Report sections, one module per step, keyed by step id in workshop order.

Add a step's section by writing ``sections/<step>.py`` with ``render_section(ctx) -> str``,
adding it here, and adding a ``report.section("<step id>")`` cell to the report template.
"""

from __future__ import annotations

from collections.abc import Callable

from kit.report.context import ReportContext
from kit.report.sections import check_in

Section = Callable[[ReportContext], str]

SECTIONS: dict[str, Section] = {
    "00_check_in": check_in.render_section,
}

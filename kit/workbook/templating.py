"""HTML for reports and group views, from Jinja templates with autoescaping on.

Everything a participant typed reaches a report through these templates, and autoescaping
means a name like ``<script>`` is shown as text, never run. A step's section template sits in
its own folder (``check_in/report.html.j2``); the report's frame (cover, summary, footer,
stylesheet) is in ``kit/reports/templates/``; the group view in ``kit/room/templates/``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

KIT_DIR = Path(__file__).resolve().parent.parent
REPORT_TEMPLATES_DIR = KIT_DIR / "reports" / "templates"
SEARCH_PATH = (REPORT_TEMPLATES_DIR, KIT_DIR / "room" / "templates", KIT_DIR / "steps")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(path) for path in SEARCH_PATH]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template_name: str, **context: Any) -> str:
    """Render a template (``cover.html.j2``, ``plan/report.html.j2``) with ``context`` escaped."""
    return _environment().get_template(template_name).render(**context)


def report_css() -> str:
    return (REPORT_TEMPLATES_DIR / "report.css").read_text(encoding="utf-8")

"""HTML for reports, from Jinja templates with autoescaping on.

Everything a participant typed reaches a report through these templates, and autoescaping
means a name like ``<script>`` is shown as text, never run. Templates live in
``kit/templates/report/`` so wording and layout can change without touching Python.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR / "report"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template_name: str, **context: Any) -> str:
    """Render ``kit/templates/report/<template_name>`` with ``context`` (escaped)."""
    return _environment().get_template(template_name).render(**context)


def report_css() -> str:
    return (TEMPLATES_DIR / "report" / "report.css").read_text(encoding="utf-8")

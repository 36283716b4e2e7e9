"""Turn one participant's answers into their report file: papermill, then nbconvert in-process.

The template is executed by papermill in a fresh kernel per report (a kernel never serves two
people), then exported with our own nbconvert template: no code, no prompts, no scripts, the
stylesheet inline, so the file opens offline. Files are written under a temporary name and
renamed, so a reader never sees half a report.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any

from kit import __version__
from kit.errors import ReportError
from kit.report.templating import TEMPLATES_DIR, report_css
from kit.store import Store
from kit.workspace import notebooks_dir

PARTICIPANT_TEMPLATE = notebooks_dir() / "reports" / "participant_report.ipynb"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def safe_file_stem(participant_id: str) -> str:
    """A file name part from an id that may hold anything: no separators, dots or spaces.

    When the id had to be changed, a short hash keeps two different ids from colliding.
    """
    cleaned = _UNSAFE.sub("-", participant_id).strip("-")[:60] or "participant"
    if cleaned == participant_id:
        return cleaned
    digest = hashlib.sha256(participant_id.encode("utf-8")).hexdigest()[:8]
    return f"{cleaned}-{digest}"


def report_path(out_dir: Path, participant_id: str, suffix: str = ".html") -> Path:
    return Path(out_dir) / f"report-{safe_file_stem(participant_id)}{suffix}"


def execute_template(
    participant_id: str, store_url: str, template: Path = PARTICIPANT_TEMPLATE, **papermill_options: Any
) -> Any:
    """Run the template for one participant in a fresh kernel; returns the executed notebook."""
    import papermill

    return papermill.execute_notebook(
        str(template),
        None,
        parameters={"participant_id": participant_id, "store_url": store_url},
        progress_bar=False,
        log_output=False,
        kernel_name="python3",
        cwd=str(template.parent),
        **papermill_options,
    )


def notebook_to_html(notebook: Any, title: str) -> str:
    """Export an executed report notebook to one self-contained HTML page."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="nextround_report",
        extra_template_basedirs=[str(TEMPLATES_DIR / "nbconvert")],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _resources = exporter.from_notebook_node(
        notebook,
        resources={"report_css": report_css(), "report_title": title, "kit_version": __version__},
    )
    return str(body)


def write_atomically(path: Path, text: str) -> None:
    """Write next to the target, then rename: a crash leaves the old file or none, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def build_report(participant_id: str, out_dir: Path, store: Store) -> Path:
    """Write one participant's HTML report into ``out_dir`` and return its path."""
    participant = store.get_participant(participant_id)
    try:
        executed = execute_template(participant.id, store.location.url)
    except Exception as exc:  # papermill raises its own types; keep the reason readable
        reason = getattr(exc, "evalue", None) or str(exc).strip().splitlines()[-1:]
        raise ReportError(f"The report for {participant.id!r} failed: {reason}") from exc
    target = report_path(out_dir, participant.id)
    write_atomically(target, notebook_to_html(executed, f"Next Round: {participant.display_name}"))
    return target

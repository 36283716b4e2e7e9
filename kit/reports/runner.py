"""Turn one participant's answers into their report file: papermill, then nbconvert in-process.

The template is executed by papermill in a fresh kernel per report (a kernel never serves two
people), then exported with our own nbconvert template: no code, no prompts, no scripts, the
stylesheet inline, so the file opens offline. Files are written under a temporary name and
renamed, so a reader never sees half a report.
"""

from __future__ import annotations

import os
import sys
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit import __version__
from kit.core.workspace import notebooks_dir, safe_file_stem
from kit.errors import NextRoundError, ReportError
from kit.reports.kernels import WARM_UP_ALL_CODE, ReportKernelManager, fresh_kernel
from kit.workbook.templating import REPORT_TEMPLATES_DIR, report_css

if TYPE_CHECKING:  # the store is imported where it is opened: `nextround report` starts its
    from kit.core.store import Participant, Store  # kernel before paying for SQLAlchemy

PARTICIPANT_TEMPLATE = notebooks_dir() / "reports" / "participant_report.ipynb"
PARTIAL_SUFFIX = ".partial"


def report_path(out_dir: Path, participant_id: str, suffix: str = ".html") -> Path:
    """Where one participant's report (or its PDF, or its kept notebook) goes: always in ``out_dir``."""
    return Path(out_dir) / f"report-{safe_file_stem(participant_id)}{suffix}"


def execute_template(
    participant_id: str,
    store_url: str,
    template: Path = PARTICIPANT_TEMPLATE,
    *,
    report_date: str = "",
    output_path: Path | None = None,
    **papermill_options: Any,
) -> Any:
    """Run the template for one participant in a fresh kernel; returns the executed notebook.

    ``report_date`` (``YYYY-MM-DD``, default today) is the day the report is made for;
    ``output_path`` keeps papermill's executed copy (its trail, failed cells included) there;
    ``papermill_options`` go to papermill and its engine (for instance ``km``, a kernel that
    was started for this participant alone).
    """
    import papermill

    return papermill.execute_notebook(
        str(template),
        None if output_path is None else str(output_path),
        parameters={
            "participant_id": participant_id,
            "store_url": store_url,
            "report_date": report_date or date.today().isoformat(),
        },
        progress_bar=False,
        log_output=False,
        request_save_on_cell_execute=False,
        kernel_name="python3",
        cwd=str(template.parent),
        **papermill_options,
    )


def execution_failure_reason(exc: BaseException) -> str:
    """One readable line saying why a report did not run: the error a cell raised, and where.

    papermill's ``PapermillExecutionError`` carries the cell's error name and value; anything
    else (a kernel that died, a timeout) is named by its type and first line.
    """
    ename = getattr(exc, "ename", None)
    evalue = getattr(exc, "evalue", None)
    if ename:
        first_line = str(evalue or "").strip().splitlines()[:1]
        where = getattr(exc, "exec_count", None)
        detail = f"{ename}: {first_line[0]}" if first_line else str(ename)
        return f"{detail} (report cell {where})" if where is not None else detail
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[-1]}" if lines else type(exc).__name__


def failure_kind(exc: BaseException) -> str:
    """Why a report did not run, fit for a log: the error's kind and where, no values.

    A report cell's error message may quote what the participant saved, so only its name and
    cell are logged (the manifest has the whole reason). Errors from outside the kernel (a
    kernel that died, a timeout, the PDF printer) come from the kit's machinery and are
    logged as :func:`execution_failure_reason` gives them.
    """
    ename = getattr(exc, "ename", None)
    if ename:
        where = getattr(exc, "exec_count", None)
        return f"{ename} (report cell {where})" if where is not None else str(ename)
    if isinstance(exc, NextRoundError):
        return str(exc)
    return execution_failure_reason(exc)


@lru_cache(maxsize=1)
def html_exporter() -> Any:
    """One exporter per process: building it loads nbconvert's templates, which is not free.

    A plain ``TemplateExporter`` with no preprocessors, not nbconvert's ``HTMLExporter``: our
    template needs none of its filters, and the HTML exporter re-parses every page with
    BeautifulSoup (to add alt text we always write) and validates the notebook after each of
    its eleven preprocessors, which together cost more than rendering the page.

    The template is compiled here, not at the first export: the report service exports from
    several threads at once, and rendering a compiled Jinja template is safe across threads.
    """
    from nbconvert.exporters import TemplateExporter

    exporter = TemplateExporter(
        template_name="nextround_report",
        extra_template_basedirs=[str(REPORT_TEMPLATES_DIR / "nbconvert")],
        file_extension=".html",
        default_preprocessors=[],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.template  # noqa: B018  (a property: it loads and compiles the template)
    return exporter


def notebook_to_html(notebook: Any, title: str) -> str:
    """Export an executed report notebook to one self-contained HTML page."""
    exporter = html_exporter()
    body, _resources = exporter.from_notebook_node(
        notebook,
        resources={"report_css": report_css(), "report_title": title, "kit_version": __version__},
    )
    return str(body)


def partial_path(path: Path) -> Path:
    """The temporary name a file is written under before it is renamed into place.

    Hidden, marked ``.partial`` and unique per process, so a reader never opens it by mistake
    and a later batch can sweep up what a killed run left behind.
    """
    return path.with_name(f".{path.name}.{os.getpid()}{PARTIAL_SUFFIX}")


def write_atomically(path: Path, text: str) -> None:
    """Write next to the target, then rename: a crash leaves the old file or none, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = partial_path(path)
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def report_title(participant: Participant) -> str:
    """The title of a participant's report page (the browser tab, the PDF's title)."""
    return f"Next Round: {participant.display_name}"


def report_html(
    participant: Participant,
    store_url: str,
    kernel: ReportKernelManager,
    template: Path = PARTICIPANT_TEMPLATE,
    **papermill_options: Any,
) -> str:
    """Run the template for one participant in ``kernel`` (started for them alone) and export it.

    The one way a single report is made, by ``nextround report`` and by the report service
    (``kit.reports.service``) alike, so the page a participant downloads is the page the
    command writes. A failed run is a ``ReportError`` saying which cell failed and why.
    """
    try:
        executed = execute_template(
            participant.id, store_url, template, km=kernel, **papermill_options
        )
    except Exception as exc:  # papermill raises its own types; keep the reason readable
        reason = execution_failure_reason(exc)
        raise ReportError(f"The report for {participant.id!r} failed: {reason}") from exc
    return notebook_to_html(executed, report_title(participant))


def skip_iri_format_checks() -> None:
    """Keep ``rfc3987_syntax`` from loading in this process: about 2 s of a 3 s report command.

    nbformat imports jsonschema, whose format checkers import ``rfc3987_syntax`` if it is
    installed, and that package compiles an IRI grammar as it is imported. Nothing here
    validates IRIs (nbformat validates notebooks with fastjsonschema and no format checks), so
    a short-lived command marks the module as absent, which jsonschema treats as "not
    installed". A long-lived process that may check formats (the app server) must not.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None: "absent"


def build_report(
    participant_id: str, out_dir: Path, store: Store, kernel: ReportKernelManager | None = None
) -> Path:
    """Write one participant's HTML report into ``out_dir`` and return its path.

    ``kernel`` is a fresh kernel started for this report alone (``write_report`` starts one
    early); without it, one is started once the id is known to the store.
    """
    participant = store.get_participant(participant_id)
    running: AbstractContextManager[ReportKernelManager] = (
        nullcontext(kernel) if kernel is not None else fresh_kernel(PARTICIPANT_TEMPLATE.parent)
    )
    with running as report_kernel:
        html_exporter()  # built while the kernel boots
        html = report_html(participant, store.location.url, report_kernel)
    target = report_path(out_dir, participant.id)
    write_atomically(target, html)
    return target


def write_report(participant_id: str, out_dir: Path, store_location: str | None) -> Path:
    """``nextround report``: one report from a cold process, its steps in the quickest order.

    The kernel is started first, so that it boots and warms up (imports, content, report
    templates: nothing about anyone) while this process opens the store, checks the id and
    loads papermill and nbconvert, which take about as long. An unknown id stops it unused.
    """
    with fresh_kernel(PARTICIPANT_TEMPLATE.parent, WARM_UP_ALL_CODE) as kernel:
        from kit.core.store import Store

        store = Store.open(store_location)
        try:
            return build_report(participant_id, out_dir, store, kernel)
        finally:
            store.close()

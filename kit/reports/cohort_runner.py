"""Turn one cohort's anonymous totals into a report file (papermill, then nbconvert in-process).

The same path as the participant reports (a fresh kernel over ipc, our nbconvert template, an
atomic write), with the cohort template and a ``cohort_id`` parameter.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kit.core.store import Store
from kit.core.workspace import notebooks_dir, safe_file_stem
from kit.errors import ReportError
from kit.reports.kernels import fresh_kernel
from kit.reports.runner import notebook_to_html, write_atomically

COHORT_TEMPLATE = notebooks_dir() / "reports" / "cohort_report.ipynb"


def cohort_report_path(out_dir: Path, cohort_id: str) -> Path:
    return Path(out_dir) / f"cohort-{safe_file_stem(cohort_id)}.html"


def execute_cohort_template(
    cohort_id: str, store_url: str, template: Path = COHORT_TEMPLATE
) -> Any:
    import papermill

    with fresh_kernel(template.parent) as kernel:
        return papermill.execute_notebook(
            str(template),
            None,
            parameters={"cohort_id": cohort_id, "store_url": store_url},
            progress_bar=False,
            log_output=False,
            kernel_name="python3",
            cwd=str(template.parent),
            km=kernel,
        )


def build_cohort_report(cohort_id: str, out_dir: Path, store: Store) -> Path:
    """Write the cohort's HTML report into ``out_dir`` and return its path."""
    cohort = store.get_cohort(cohort_id)
    try:
        executed = execute_cohort_template(cohort.id, store.location.url)
    except Exception as exc:  # papermill raises its own types; keep the reason readable
        reason = getattr(exc, "evalue", None) or str(exc).strip().splitlines()[-1:]
        raise ReportError(f"The cohort report for {cohort.id!r} failed: {reason}") from exc
    target = cohort_report_path(out_dir, cohort.id)
    write_atomically(
        target, notebook_to_html(executed, f"Next Round cohort report: {cohort.title}")
    )
    return target

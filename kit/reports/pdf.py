"""Print a finished HTML report to PDF with headless Chromium (Debian's ``chromium`` package).

The PDF is printed from the very HTML file the participant gets, so the two never differ.
Chromium only ever opens that local file: networking is switched off and nothing is fetched.
Each print gets its own throw-away browser profile, so parallel workers never fight over a
profile lock, and the PDF is written under a temporary name and renamed into place.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from kit.errors import ReportError
from kit.reports import lifeline
from kit.reports.runner import partial_path

CHROMIUM_ENV = "NEXTROUND_CHROMIUM"
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
_OTHER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PRINT_TIMEOUT_SECONDS = 180

_CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-quic",
    "--mute-audio",
    "--hide-scrollbars",
    "--run-all-compositor-stages-before-draw",
    "--no-pdf-header-footer",
)


def find_chromium() -> Path | None:
    """The Chromium to print with: ``NEXTROUND_CHROMIUM``, then Debian's, then one on PATH.

    A ``NEXTROUND_CHROMIUM`` that names nothing runnable means "no Chromium" rather than a
    silent fallback, so an admin who pointed it somewhere sees that it is wrong.
    """
    configured = os.environ.get(CHROMIUM_ENV, "").strip()
    if configured:
        candidate = Path(configured).expanduser()
        return candidate if candidate.is_file() and os.access(candidate, os.X_OK) else None
    if DEBIAN_CHROMIUM.is_file() and os.access(DEBIAN_CHROMIUM, os.X_OK):
        return DEBIAN_CHROMIUM
    for name in _OTHER_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def print_pdf(html_file: Path, pdf_file: Path, chromium: Path) -> Path:
    """Print ``html_file`` to ``pdf_file`` (atomically) and return ``pdf_file``."""
    temporary = partial_path(pdf_file)
    try:
        with tempfile.TemporaryDirectory(prefix="nextround-chromium-") as profile:
            command = [
                str(chromium),
                *_CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--print-to-pdf={temporary}",
                html_file.resolve().as_uri(),
            ]
            try:
                finished = subprocess.run(
                    command,
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    text=True,
                    timeout=PRINT_TIMEOUT_SECONDS,
                    check=False,
                    env={**os.environ, "HOME": profile},
                    # Not in the terminal's process group (Ctrl-C is the batch's to handle)
                    # and gone if its worker is.
                    start_new_session=True,
                    preexec_fn=lifeline.child_setup(),
                )
            except subprocess.TimeoutExpired as exc:
                raise ReportError(
                    f"Chromium took longer than {PRINT_TIMEOUT_SECONDS} s to print {html_file.name}."
                ) from exc
        if finished.returncode != 0 or not temporary.is_file() or temporary.stat().st_size == 0:
            last = [line for line in finished.stderr.splitlines() if line.strip()][-1:]
            detail = f": {last[0].strip()}" if last else ""
            raise ReportError(
                f"Chromium could not print {html_file.name} to PDF "
                f"(exit status {finished.returncode}){detail}"
            )
        temporary.replace(pdf_file)
        return pdf_file
    finally:
        temporary.unlink(missing_ok=True)

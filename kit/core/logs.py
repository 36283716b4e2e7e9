"""The kit's logging: one ``nextround`` logger tree, quiet by default, never a person's answers.

Modules log through ``logger(__name__)`` (``nextround.reports.batch``, ``nextround.core.store``).
The console shows warnings unless the command got ``-v`` (what happens) or ``-vv`` (everything)
or ``-q`` (errors only). Long work such as a report batch also writes its own log file
(:func:`log_to_file`), which stays behind when the work fails. Messages carry ids, counts and
reasons, never what someone wrote.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = "nextround"
FILE_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"
_CONSOLE_LEVELS = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO, 2: logging.DEBUG}
_console_handler: logging.Handler | None = None


def logger(module_name: str) -> logging.Logger:
    """The logger for a kit module: ``kit.reports.batch`` logs as ``nextround.reports.batch``."""
    return logging.getLogger(ROOT + module_name.removeprefix("kit"))


def configure_console(verbosity: int) -> None:
    """Show the kit's messages on standard error at the level ``-v``/``-q`` asked for."""
    global _console_handler
    root = logging.getLogger(ROOT)
    level = _CONSOLE_LEVELS[max(-1, min(2, verbosity))]
    if _console_handler is None:
        _console_handler = logging.StreamHandler(sys.stderr)
        _console_handler.setFormatter(logging.Formatter("nextround: %(message)s"))
        root.addHandler(_console_handler)
    _console_handler.setLevel(level)
    root.setLevel(min(level, root.level or logging.WARNING))


@contextmanager
def log_to_file(path: Path, level: int = logging.INFO) -> Iterator[Path]:
    """Also write the kit's messages to ``path`` (appending) while the block runs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    handler.setLevel(level)
    root = logging.getLogger(ROOT)
    previous = root.level
    root.addHandler(handler)
    root.setLevel(min(level, previous or logging.WARNING))
    try:
        yield path
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)
        handler.close()

"""Typed answer models, one per exercise, independent of widgets and of SQL.

Reports, exports and group views read answers through these models, so they never need
ipywidgets; exercises validate through them before anything reaches the store. Each step has
its own module; importing this package registers them all.
"""

from __future__ import annotations

from kit.answers import check_in as _check_in  # noqa: F401  (registers step 00)
from kit.answers import commit as _commit  # noqa: F401  (registers step 06)
from kit.answers import feedback as _feedback  # noqa: F401  (registers step 02)
from kit.answers import feelings as _feelings  # noqa: F401  (registers step 01)
from kit.answers import follow_up as _follow_up  # noqa: F401  (registers step 07)
from kit.answers import manager as _manager  # noqa: F401  (registers step 04)
from kit.answers import plan as _plan  # noqa: F401  (registers step 05)
from kit.answers import position as _position  # noqa: F401  (registers step 03)
from kit.answers.base import Answer, answer_model_for, parse_answer, registered_exercise_ids

__all__ = ["Answer", "answer_model_for", "parse_answer", "registered_exercise_ids"]

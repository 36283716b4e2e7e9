"""Exercise widgets. Importing this package registers every exercise with the session.

Each step has its own module; add one import line here when a step is added.
"""

from __future__ import annotations

from kit.exercises import check_in  # noqa: F401
from kit.exercises import commit, follow_up, plan  # noqa: F401  (steps 05-07)
from kit.exercises.base import Exercise, check_all_content, exercise_class

__all__ = ["Exercise", "check_all_content", "exercise_class"]

"""Exercise widgets. Importing this package registers every exercise with the session.

Each step has its own module; add one import line here when a step is added.
"""

from __future__ import annotations

from kit.exercises import (  # noqa: F401  (each module registers its step's exercises)
    check_in,
    commit,
    feedback,
    feelings,
    follow_up,
    manager,
    plan,
    position,
)
from kit.exercises.base import Exercise, check_all_content, exercise_class

__all__ = ["Exercise", "check_all_content", "exercise_class"]

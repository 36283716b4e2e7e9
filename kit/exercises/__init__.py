"""Exercise widgets. Importing this package registers every exercise with the session.

Each step has its own module; add one import line here when a step is added.
"""

from __future__ import annotations

from kit.exercises import check_in  # noqa: F401
from kit.exercises import position  # noqa: F401
from kit.exercises import manager  # noqa: F401
from kit.exercises.base import Exercise, check_all_content, exercise_class

__all__ = ["Exercise", "check_all_content", "exercise_class"]
from kit.exercises import feelings  # noqa: F401,E402
from kit.exercises import feedback  # noqa: F401,E402

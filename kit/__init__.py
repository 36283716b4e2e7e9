"""Next Round: the logic behind the workshop notebooks.

Importing ``kit`` is deliberately cheap (no pandas or papermill): every notebook
starts with it, and a participant should not wait for libraries a step does not use.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]

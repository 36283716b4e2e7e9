"""Step 06's one declared input: the strengths heard in step 02's feedback.

They are read the way step 05 reads the feedback (raw stored values, malformed ones skipped),
so the recap of strengths and the plan's gaps come from the same items.
"""

from __future__ import annotations

from kit.steps.plan.inputs import FeedbackItem, strengths

__all__ = ["FeedbackItem", "strengths"]

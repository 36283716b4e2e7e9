"""Step 07's one declared input: the plan from step 05, item by item, and its calendar file.

A follow-up reviews exactly the goals and actions the plan dated, by their stable ids, and
offers a fresh calendar file built the way step 05 builds it.
"""

from __future__ import annotations

from kit.steps.plan.calendar_download import CalendarDownload
from kit.steps.plan.roadmap import PlanItem, plan_items

__all__ = ["CalendarDownload", "PlanItem", "plan_items"]

"""Answers to step 05: goals, skill plan, visibility, network, applications, money and
references, roadmap.

Dates are stored as ``YYYY-MM-DD`` text and only checked for being real dates here: whether
a date is already past depends on the day it is picked, which the widgets check (see
``kit.workbook.dates``), so a plan saved today still loads after its dates have passed.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, field_validator, model_validator

from kit.workbook.answers import FreeText, one_of, register, some_of
from kit.workbook.dated_items import Item, ItemsAnswer, StoredDay, unique_ids

Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=60)]


class Goal(Item):
    """One goal: short term (about three months) or long term (about two years)."""

    horizon: Annotated[str, AfterValidator(one_of("horizon"))]
    text: Annotated[FreeText, StringConstraints(min_length=1)]
    due: StoredDay = None
    why: FreeText = ""


@register("plan_goals")
class PlanGoalsAnswer(ItemsAnswer):
    goals: list[Goal] = Field(default_factory=list)

    @field_validator("goals")
    @classmethod
    def _ids(cls, goals: list[Goal]) -> list[Goal]:
        return unique_ids(goals, "goals")


class SkillItem(Item):
    """A gap to close: where it came from (a step 02 feedback item id), how, first step, date."""

    gap_id: str | None = None
    skill: Annotated[FreeText, StringConstraints(min_length=1)]
    how: Annotated[str, AfterValidator(one_of("how"))] | None = None
    first_step: FreeText = ""
    due: StoredDay = None


@register("skill_plan")
class SkillPlanAnswer(ItemsAnswer):
    items: list[SkillItem] = Field(default_factory=list)

    @field_validator("items")
    @classmethod
    def _ids(cls, items: list[SkillItem]) -> list[SkillItem]:
        return unique_ids(items, "skills")


class VisibilityItem(Item):
    """What the person will do to be seen; ``ask`` is the step 04 ask key it answers, if any."""

    ask: Key | None = None
    label: FreeText = ""
    action: FreeText = ""
    due: StoredDay = None

    @model_validator(mode="after")
    def _says_something(self) -> VisibilityItem:
        if not self.label and not self.action:
            raise ValueError("say what you will do")
        return self


@register("visibility_plan")
class VisibilityPlanAnswer(ItemsAnswer):
    items: list[VisibilityItem] = Field(default_factory=list)

    @field_validator("items")
    @classmethod
    def _ids(cls, items: list[VisibilityItem]) -> list[VisibilityItem]:
        return unique_ids(items, "items")


class NetworkItem(Item):
    kind: Annotated[str, AfterValidator(one_of("kind"))] | None = None
    who: Annotated[FreeText, StringConstraints(min_length=1)]
    next_step: FreeText = ""
    due: StoredDay = None


@register("network_plan")
class NetworkPlanAnswer(ItemsAnswer):
    items: list[NetworkItem] = Field(default_factory=list)

    @field_validator("items")
    @classmethod
    def _ids(cls, items: list[NetworkItem]) -> list[NetworkItem]:
        return unique_ids(items, "contacts")


class ApplicationTarget(Item):
    """One organisation to apply to: the research checklist, the "why me" sentence, the date to
    apply by, and where it stands."""

    company: Annotated[FreeText, StringConstraints(min_length=1)]
    role: FreeText = ""
    research: Annotated[list[str], AfterValidator(some_of("research"))] = Field(
        default_factory=list
    )
    status: Annotated[str, AfterValidator(one_of("status"))] = "researching"
    note: FreeText = ""
    why_me: FreeText = ""
    apply_by: StoredDay = None


@register("applications")
class ApplicationsAnswer(ItemsAnswer):
    """The application goal (N well-researched applications per rejection) and its tracker."""

    rejections: int = Field(default=1, ge=1, le=50)
    per_rejection: int = Field(default=2, ge=1, le=10)
    targets: list[ApplicationTarget] = Field(default_factory=list)

    @field_validator("targets")
    @classmethod
    def _ids(cls, targets: list[ApplicationTarget]) -> list[ApplicationTarget]:
        return unique_ids(targets, "targets")

    @property
    def goal(self) -> int:
        return self.rejections * self.per_rejection


class Reference(Item):
    """Someone who could give a reference, and the day to have asked them by."""

    who: Annotated[FreeText, StringConstraints(min_length=1)]
    ask_by: StoredDay = None
    note: FreeText = ""


@register("money_and_references")
class MoneyAndReferencesAnswer(ItemsAnswer):
    """After a layoff: how long the money lasts, steps for it, and references lined up."""

    runway: Annotated[str, AfterValidator(one_of("runway"))] | None = None
    money_steps: FreeText = ""
    references: list[Reference] = Field(default_factory=list)

    @field_validator("references")
    @classmethod
    def _ids(cls, references: list[Reference]) -> list[Reference]:
        return unique_ids(references, "referees")


@register("roadmap")
class RoadmapAnswer(ItemsAnswer):
    """Which check-in reminders the calendar file carries, counted from ``start``."""

    check_ins: Annotated[list[str], AfterValidator(some_of("check_ins"))] = Field(
        default_factory=list
    )
    start: StoredDay = None

"""Shipped vocabularies read from CSV: the O*NET skills list, keyed by its stable element ids.

A gap found in feedback can be linked to an O*NET skill ("2.B.1.c", Persuasion). The store keeps
the element id, never the name, so wording can change with a new O*NET release without
breaking anyone's saved answers. The list is licensed CC BY 4.0: its attribution sentence is
loaded with it and must be shown wherever the list is used, so a file without one is refused.

Files (under ``data/vocabularies/``)::

    onet_skills.csv               element_id, name, group, description (one row per skill)
    onet_skills.ATTRIBUTION.md    source and licence; holds the sentence shown to people
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from kit.core.workspace import content_dir
from kit.errors import ContentError, UnknownSkillError

SKILLS_FILE = "onet_skills.csv"
ATTRIBUTION_FILE = "onet_skills.ATTRIBUTION.md"
ATTRIBUTION_START = "This page includes information from O*NET"
_COLUMNS = ("element_id", "name", "group", "description")

ElementId = Annotated[str, StringConstraints(pattern=r"^2\.[AB]\.[0-9]\.[a-z]$")]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class OnetSkill(BaseModel):
    """One skill of the O*NET Content Model: stable element id, name, group and definition."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    element_id: ElementId
    name: Line
    group: Line
    description: Line


@dataclass(frozen=True)
class SkillList:
    """The O*NET skills by element id (in file order) and the attribution to show with them."""

    path: Path
    skills: dict[str, OnetSkill]
    attribution: str

    def skill(self, element_id: str) -> OnetSkill:
        """The skill with this element id; an unknown id says what the valid ids look like."""
        try:
            return self.skills[element_id]
        except KeyError:
            raise UnknownSkillError(element_id, self.path) from None

    def name(self, element_id: str | None) -> str:
        """The skill's name for people, or "" when no skill is linked."""
        return self.skill(element_id).name if element_id else ""

    def choices(self) -> list[tuple[str, str]]:
        """(label, element id) pairs in file order, for a drop-down."""
        return [
            (f"{skill.name} ({skill.group.lower()})", skill.element_id)
            for skill in self.skills.values()
        ]


def load_onet_skills(directory: Path | None = None) -> SkillList:
    """Load and validate the O*NET skills list; raise one ``ContentError`` naming every problem."""
    return _load(Path(directory or content_dir()).resolve())


def clear_cache() -> None:
    _load.cache_clear()


@lru_cache(maxsize=4)
def _load(directory: Path) -> SkillList:
    path = directory / "vocabularies" / SKILLS_FILE
    problems: list[ContentError] = []
    skills: dict[str, OnetSkill] = {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if tuple(reader.fieldnames or ()) != _COLUMNS:
                raise ContentError(
                    path,
                    "header",
                    f"the columns must be {', '.join(_COLUMNS)} (found {reader.fieldnames})",
                )
            for line_number, row in enumerate(reader, start=2):
                try:
                    skill = OnetSkill.model_validate(row)
                except ValidationError as exc:
                    for error in exc.errors():
                        field = ".".join(str(part) for part in error["loc"])
                        problems.append(
                            ContentError(path, f"line {line_number}", f"{field}: {error['msg']}")
                        )
                    continue
                if skill.element_id in skills:
                    problems.append(
                        ContentError(
                            path,
                            f"line {line_number}",
                            f"element id {skill.element_id} is listed twice",
                        )
                    )
                skills[skill.element_id] = skill
    except FileNotFoundError:
        raise ContentError(path, None, "file is missing") from None
    except UnicodeDecodeError as exc:
        raise ContentError(path, None, f"not UTF-8 text ({exc.reason}); save it as UTF-8") from None
    if not skills and not problems:
        problems.append(ContentError(path, None, "the list has no skills"))
    attribution = _attribution(directory / "vocabularies" / ATTRIBUTION_FILE, problems)
    if problems:
        first, *others = problems
        raise ContentError(first.path, first.entry, first.problem, others=others)
    return SkillList(path, skills, attribution)


def _attribution(path: Path, problems: list[ContentError]) -> str:
    """The one line of the attribution file that people must see with the list."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        problems.append(
            ContentError(
                path, None, "file is missing; the O*NET list needs its CC BY 4.0 attribution"
            )
        )
        return ""
    for line in lines:
        if line.strip().startswith(ATTRIBUTION_START):
            return line.strip()
    problems.append(
        ContentError(
            path,
            None,
            f"no line starts with {ATTRIBUTION_START!r}; the CC BY 4.0 attribution is required",
        )
    )
    return ""

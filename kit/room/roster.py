"""Roster import: the files facilitators really have, turned into a cohort's participants.

A roster arrives as a plain CSV or XLSX, a Google Forms responses export (``Timestamp``,
maybe ``Email Address``, then one column per question), a Microsoft Forms export (``ID``,
``Start time``, ``Completion time``, ``Email``, ``Name``, …) or an Eventbrite attendee export
(``Order #``, ``First Name``, ``Last Name``, ``Email``, ``Attendee Status``, …). This module
reads any of them (UTF-8 with or without BOM, cp1252 from Excel, ``,`` ``;`` or tab
delimiters), finds the columns for names, email and pre-workshop answers (or takes an
explicit mapping), and builds a *plan* that can be previewed before anything is written.

Rules a facilitator can rely on:

- Every problem in the file is reported at once, each with its row number (as a spreadsheet
  shows it: the header is row 1) and what to fix; a file with problems writes nothing.
- The same email is the same person (ignoring case), so importing the same file twice changes
  nothing and an updated file adds new people and updates changed names.
- Nobody is ever removed by an import: people in the cohort but missing from the file are
  listed in the preview as kept.
- Pre-workshop answers (situation, hopes) are saved only for people who have not answered
  those exercises themselves; a person's own answer always wins. What someone wrote in their
  own words is kept as written: commas and line breaks stay.
- Rows that are not people to import are skipped with a note saying why: Eventbrite's "Not
  Attending" (and refunded, cancelled…) attendees, and anonymous responses (Microsoft Forms
  writes ``anonymous`` where it did not record who answered) that name nobody.
- Columns the import does not read are listed in the preview ("Not imported: …").
- The time grows with the rows: the cohort is read once and matched to the file in one go,
  and the changes are written in bulk (``benchmarks/bench_roster.py``: 10,000 rows in a few
  seconds).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from kit.core.content import Content
from kit.core.store import MAX_NAME_LENGTH, Participant, Store
from kit.errors import NextRoundError, RosterError, UnknownParticipantError
from kit.room.roster_match import match_members
from kit.workbook.plain_text import without_controls

FIELDS = ("name", "first_name", "last_name", "email", "situation", "hopes")
FORMAT_LABELS = {
    "google_forms": "Google Forms responses export",
    "microsoft_forms": "Microsoft Forms export",
    "eventbrite": "Eventbrite attendee export",
    "plain": "plain table",
}
_EMAIL = re.compile(r"^[^@\s<>(),;:]+@[^@\s<>(),;:]+\.[^@\s<>(),;:]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ANONYMOUS = {"anonymous", "anon"}  # what Microsoft Forms writes when it did not record who
_PLACEHOLDERS = {*_ANONYMOUS, "n/a", "na", "-", "none"}
_SEPARATOR = r"[;\n]|,(?!\d)"  # between choices ticked on a form (Google: ", ", Microsoft: ";")
_PRE_WORKSHOP = ("situation", "hopes_for_today")
_NOT_ATTENDING = {"not attending", "refunded", "cancelled", "canceled", "deleted", "transferred"}

# Header words that point at a field, most specific first.
_HEADER_HINTS: dict[str, tuple[str, ...]] = {
    "email": ("email address", "e-mail address", "email", "e-mail", "mail"),
    "first_name": ("first name", "given name", "forename"),
    "last_name": ("last name", "surname", "family name"),
    "name": ("full name", "your name", "name", "participant", "attendee name"),
    "situation": ("situation", "what happened", "describes", "brings you"),
    "hopes": ("hope", "want from", "like to get", "expect", "goals for"),
}
_SITUATION_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("promotion", "internal_promotion"),
    ("promoted", "internal_promotion"),
    ("another organisation", "external_job"),
    ("another organization", "external_job"),
    ("another company", "external_job"),
    ("external", "external_job"),
    ("job at", "external_job"),
    ("internal", "internal_move"),
    ("another role", "internal_move"),
    ("transfer", "internal_move"),
    ("move", "internal_move"),
    ("something else", "other"),
    ("other", "other"),
)
_HOPE_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("feedback", "get_feedback"),
    ("plan", "plan"),
    ("decide", "decide"),
    ("stay", "decide"),
    ("practi", "practise"),
    ("conversation", "practise"),
    ("understand", "understand"),
    ("why", "understand"),
    ("better", "feel_better"),
    ("alone", "feel_better"),
    ("stuck", "feel_better"),
)


@dataclass(frozen=True)
class RosterTable:
    """The raw table: headers, and data rows with their spreadsheet row numbers."""

    source: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    encoding: str
    delimiter: str
    blank_rows: int

    def cell(self, row: Sequence[str], column: str) -> str:
        index = self.headers.index(column)
        return row[index].strip() if index < len(row) else ""


@dataclass
class PlannedPerson:
    """One person the file describes, and what importing will do about them."""

    name: str
    email: str | None
    rows: list[int]
    action: str = "add"  # add | update | unchanged
    participant_id: str | None = None
    changes: list[str] = field(default_factory=list)
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class ImportPlan:
    """What an import would do, for the preview; :func:`apply_import` carries it out."""

    source: str
    format: str
    encoding: str
    delimiter: str
    cohort_id: str
    mapping: dict[str, list[str]]
    people: list[PlannedPerson]
    notes: list[str]
    kept: list[str]
    problems: list[str]
    not_imported: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for person in self.people if person.action == action)

    @property
    def changes_anything(self) -> bool:
        return any(person.action != "unchanged" or person.answers for person in self.people)

    def preview(self) -> str:
        """The plan in plain words, one line per person, before anything is written."""
        delimiter = {"\t": "tab", ",": "','", ";": "';'"}.get(self.delimiter, repr(self.delimiter))
        lines = [
            f"Roster file: {self.source} ({FORMAT_LABELS[self.format]}, {self.encoding}"
            + (f", {delimiter} delimiter)" if self.delimiter else ")"),
            "Columns: "
            + "; ".join(
                f"{name} ← {' / '.join(repr(c) for c in columns)}"
                for name, columns in self.mapping.items()
            ),
        ]
        if self.not_imported:
            lines.append("Not imported: " + ", ".join(repr(c) for c in self.not_imported))
        lines.append(f"Into cohort: {self.cohort_id}")
        marks = {"add": "+ add      ", "update": "~ update   ", "unchanged": "= unchanged"}
        for person in self.people:
            rows = (
                "rows " + ", ".join(map(str, person.rows))
                if len(person.rows) > 1
                else f"row {person.rows[0]}"
            )
            detail = f" ({'; '.join(person.changes)})" if person.changes else ""
            answers = f" + pre-workshop: {', '.join(person.answers)}" if person.answers else ""
            email = f" <{person.email}>" if person.email else ""
            lines.append(
                f"  {marks[person.action]} {person.name}{email}  [{rows}]{detail}{answers}"
            )
        if self.notes:
            lines.append("Notes:")
            lines += [f"  - {note}" for note in self.notes]
        if self.kept:
            lines.append(
                f"Kept (in the cohort but not in this file, not removed): {', '.join(self.kept)}"
            )
        lines.append(
            f"Summary: {self.count('add')} to add, {self.count('update')} to update, "
            f"{self.count('unchanged')} unchanged, 0 removed."
        )
        return "\n".join(lines)


# -- reading files --------------------------------------------------------------------------


def read_table(path: Path | str) -> RosterTable:
    """Read a CSV/TSV or XLSX roster into headers and numbered rows."""
    path = Path(path)
    if not path.exists():
        raise RosterError(str(path), ["the file does not exist; check the path"])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if path.suffix.lower() == ".xls":
        raise RosterError(path.name, ["old .xls files cannot be read; save it as .xlsx or .csv"])
    return _read_text(path.name, path.read_bytes())


def _decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "UTF-8 with BOM"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows-1252 (Excel)"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "Latin-1"


def _read_text(source: str, raw: bytes) -> RosterTable:
    text, encoding = _decode(raw)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = raw.decode("utf-16"), "UTF-16"
    text = text.lstrip("\ufeff")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    if not first_line:
        raise RosterError(source, ["the file is empty; export the roster again"])
    delimiter = max((",", ";", "\t"), key=first_line.count)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return _table(source, records, encoding, delimiter)


def _read_xlsx(path: Path) -> RosterTable:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise RosterError(
            path.name, [f"not a readable Excel file ({exc}); save it again as .xlsx"]
        ) from None
    try:
        sheet = workbook.worksheets[0]
        records = [
            [_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)
        ]
    finally:
        workbook.close()
    return _table(path.name, records, "XLSX", "")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(source: str, records: list[list[str]], encoding: str, delimiter: str) -> RosterTable:
    numbered = [
        (number, [cell.strip() for cell in record])
        for number, record in enumerate(records, start=1)
    ]
    content = [(number, cells) for number, cells in numbered if any(cells)]
    if not content:
        raise RosterError(source, ["the file has no rows; export the roster again"])
    header_number, headers = content[0]
    while headers and not headers[-1]:
        headers.pop()
    problems = []
    seen: set[str] = set()
    for position, header in enumerate(headers, start=1):
        key = _normal(header)
        if not key:
            problems.append(
                f"row {header_number}: column {position} has no heading; give it one or delete it"
            )
        elif key in seen:
            problems.append(f"row {header_number}: two columns are called {header!r}; rename one")
        seen.add(key)
    if problems:
        raise RosterError(source, problems)
    rows = tuple((number, tuple(cells)) for number, cells in content[1:])
    blank = sum(1 for number, cells in numbered if number > header_number and not any(cells))
    return RosterTable(source, tuple(headers), rows, encoding, delimiter, blank)


# -- understanding columns ------------------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join(str(text).replace("\ufeff", "").replace("_", " ").split()).casefold()


def detect_format(headers: Sequence[str]) -> str:
    """Which export this is, from its headings alone."""
    names = [_normal(header) for header in headers]
    if names and names[0] == "timestamp":
        return "google_forms"
    if {"id", "start time", "completion time"} <= set(names):
        return "microsoft_forms"
    if (
        "attendee #" in names
        or "attendee status" in names
        or {"order #", "first name", "last name"} <= set(names)
    ):
        return "eventbrite"
    return "plain"


def parse_mapping(pairs: Sequence[str]) -> dict[str, str]:
    """``["name=Your name", "email=Work email"]`` (or one comma-separated string) to a dict."""
    mapping: dict[str, str] = {}
    problems = []
    for pair in pairs:
        for part in [pair] if "=" in pair and "," not in pair else pair.split(","):
            if not part.strip():
                continue
            field_name, sep, column = part.partition("=")
            field_name = field_name.strip().casefold().replace("-", "_").replace(" ", "_")
            if not sep or not column.strip():
                problems.append(f"mapping {part!r}: write it as field=Column heading")
            elif field_name not in FIELDS:
                problems.append(
                    f"mapping {part!r}: {field_name!r} is not a field; use one of {', '.join(FIELDS)}"
                )
            else:
                mapping[field_name] = column.strip()
    if problems:
        raise RosterError("--mapping", problems)
    return mapping


def map_columns(
    table: RosterTable, explicit: Mapping[str, str] | None = None
) -> dict[str, list[str]]:
    """Field name → the columns it is read from (in order of preference)."""
    explicit = dict(explicit or {})
    by_normal = {_normal(header): header for header in table.headers}
    problems = []
    mapping: dict[str, list[str]] = {}
    for field_name, column in explicit.items():
        found = by_normal.get(_normal(column))
        if found is None:
            problems.append(
                f"mapping {field_name}={column!r}: there is no such column; the columns are "
                + ", ".join(repr(header) for header in table.headers)
            )
        else:
            mapping[field_name] = [found]
    if problems:
        raise RosterError(table.source, problems)
    fmt = detect_format(table.headers)
    used = {column for columns in mapping.values() for column in columns}
    skip = {
        "timestamp",
        "id",
        "start time",
        "completion time",
        "last modified time",
        "order #",
        "order date",
        "attendee #",
        "ticket type",
        "attendee status",
        "quantity",
    }
    for field_name in ("email", "first_name", "last_name", "name", "situation", "hopes"):
        if field_name in mapping:
            continue
        if field_name in ("first_name", "last_name") and "name" in mapping:
            continue
        candidates = []
        for hint in _HEADER_HINTS[field_name]:
            for normal, header in by_normal.items():
                if header in used or normal in skip or header in candidates:
                    continue
                if (
                    normal == hint
                    or (len(hint) >= 4 and hint in normal)
                    or (field_name in ("name", "email") and hint in normal.split())
                ):
                    if field_name == "name" and (
                        "first" in normal or "last" in normal or "user" in normal
                    ):
                        continue
                    candidates.append(header)
        if field_name in ("first_name", "last_name"):
            candidates = candidates[:1]
        if fmt == "microsoft_forms" and field_name in ("name", "email"):
            # The form's own Name/Email columns say "anonymous" unless sign-in was required:
            # read them first, then a question asking for the same thing.
            system = by_normal.get(field_name if field_name == "name" else "email")
            if system in candidates:
                candidates.remove(system)
                candidates.insert(0, system)
        if candidates:
            mapping[field_name] = candidates
            used.update(candidates)
    if "first_name" in mapping and "last_name" not in mapping and "name" not in mapping:
        mapping["name"] = mapping.pop("first_name")
    if not any(key in mapping for key in ("name", "first_name", "email")):
        raise RosterError(
            table.source,
            [
                "no column for names or emails was recognised; name it with --mapping "
                'name="Column heading" (and email=…). The columns are '
                + ", ".join(repr(header) for header in table.headers)
            ],
        )
    return mapping


# -- planning -------------------------------------------------------------------------------


def _first(table: RosterTable, row: Sequence[str], columns: Sequence[str]) -> str:
    """The first real value among ``columns``, on one line (a name, an email, a situation)."""
    for column in columns:
        value = _CONTROL.sub(" ", table.cell(row, column)).strip()
        if value and value.casefold() not in _PLACEHOLDERS:
            return " ".join(value.split())
    return ""


def _written(table: RosterTable, row: Sequence[str], columns: Sequence[str]) -> str:
    """The first real value among ``columns`` as the person wrote it: commas, spacing and line
    breaks kept (Windows line breaks as ``\\n``), only invisible control characters removed."""
    for column in columns:
        text = table.cell(row, column).replace("\r\n", "\n").replace("\r", "\n")
        value = without_controls(text).strip()
        if value and value.casefold() not in _PLACEHOLDERS:
            return value
    return ""


def _anonymous(table: RosterTable, row: Sequence[str], columns: Mapping[str, list[str]]) -> bool:
    """Whether the row's name or email cells say it was answered anonymously."""
    return any(
        table.cell(row, column).casefold() in _ANONYMOUS
        for field_name in ("email", "name", "first_name", "last_name")
        for column in columns.get(field_name, [])
    )


def _name_from_email(email: str) -> str:
    local = email.split("@", 1)[0]
    parts = [part for part in re.split(r"[._\-+0-9]+", local) if part]
    return " ".join(part.capitalize() for part in parts) or local


def match_situation(text: str, content: Content) -> str | None:
    """A free-text or label answer from a form to a situation option value, if it is clear."""
    if "situation" not in content.exercises or not text:
        return None
    exercise = content.exercise("situation")
    lowered = text.casefold()
    for option in exercise.options.get("kind", []):
        if lowered in (option.value.casefold(), option.label.casefold()):
            return option.value
    allowed = set(exercise.option_values("kind"))
    for keyword, value in _SITUATION_KEYWORDS:
        if keyword in lowered and value in allowed:
            return value
    return None


def match_hopes(text: str, content: Content) -> tuple[list[str], str]:
    """Hopes ticked on a form to option values, and the rest of the text as the person wrote it.

    A choice is a whole item between the separators forms put between ticked choices that is
    an option's label or value (also a label with a comma in it). What is left is the person's
    own words, kept as written, commas and line breaks included; a keyword in them may add a
    guess, and the words stay beside it.
    """
    if "hopes_for_today" not in content.exercises or not text:
        return [], ""
    exercise = content.exercise("hopes_for_today")
    allowed = exercise.option_values("hopes")
    by_words, item = _hope_choices(
        tuple((option.value, option.label) for option in exercise.options.get("hopes", []))
    )
    chosen: list[str] = []
    left: list[str] = []
    last = 0
    for found in item.finditer(text) if item is not None else ():
        value = by_words.get(found.group(1).casefold())
        if value is None:  # equal ignoring case but not once case-folded: not this choice
            continue
        if value not in chosen:
            chosen.append(value)
        left.append(text[last : found.start()])
        last = found.end()
    # Only the edges a removed choice leaves are trimmed; words with no choice in them stay whole.
    own_words = "".join([*left, text[last:]]).strip(" \t\n;,") if left else text
    for part in re.split(_SEPARATOR, own_words):
        lowered = part.casefold()
        guess = next(
            (v for keyword, v in _HOPE_KEYWORDS if keyword in lowered and v in allowed), None
        )
        if guess is not None and guess not in chosen:
            chosen.append(guess)
    return chosen, own_words


@cache
def _hope_choices(
    options: tuple[tuple[str, str], ...],
) -> tuple[dict[str, str], re.Pattern[str] | None]:
    """The offered hopes by their folded label or value, and the pattern of one ticked choice
    (with the separator after it), made once per content rather than once per row."""
    by_words: dict[str, str] = {}
    for value, label in options:
        by_words[value.casefold()] = value
        by_words[label.casefold()] = value
    if not by_words:
        return by_words, None
    choices = "|".join(re.escape(words) for words in sorted(by_words, key=len, reverse=True))
    item = re.compile(rf"(?:^|(?<=[;,\n]))\s*({choices})\s*(?:{_SEPARATOR}|$)", re.IGNORECASE)
    return by_words, item


def plan_import(
    table: RosterTable,
    store: Store,
    cohort_id: str,
    content: Content,
    mapping: Mapping[str, str] | None = None,
) -> ImportPlan:
    """Read every row, check it, match it to the cohort; raise one RosterError for all problems.

    The cohort is read once (its members, and who has answered the pre-workshop exercises), and
    the file's people are matched to it in one go (``kit.room.roster_match``), so planning time
    grows with the rows.
    """
    store.get_cohort(cohort_id)
    columns = map_columns(table, mapping)
    fmt = detect_format(table.headers)
    problems: list[str] = []
    notes: list[str] = []
    if table.blank_rows:
        notes.append(f"{table.blank_rows} blank row{'s' if table.blank_rows != 1 else ''} skipped")
    people: dict[str, PlannedPerson] = {}
    anonymous = 0
    status_column = next((h for h in table.headers if _normal(h) == "attendee status"), None)
    for number, row in table.rows:
        if status_column and table.cell(row, status_column).casefold() in _NOT_ATTENDING:
            notes.append(
                f"row {number}: skipped, attendee status is {table.cell(row, status_column)!r}"
            )
            continue
        email = _first(table, row, columns.get("email", []))
        name = _first(table, row, columns.get("name", []))
        if not name and "first_name" in columns:
            name = " ".join(
                part
                for part in (
                    _first(table, row, columns["first_name"]),
                    _first(table, row, columns.get("last_name", [])),
                )
                if part
            )
        if not name and not email and _anonymous(table, row, columns):
            anonymous += 1
            notes.append(f"row {number}: skipped, an anonymous response (no name or email in it)")
            continue
        if email and not _EMAIL.match(email):
            problems.append(
                f"row {number}: {email!r} is not an email address; correct it or leave the cell empty"
            )
            email = ""
        if not name and not email:
            problems.append(
                f"row {number}: no name and no email; add at least a name, or delete the row"
            )
            continue
        if not name:
            name = _name_from_email(email)
            notes.append(
                f"row {number}: no name given; using {name!r} from the email (edit the file if that is wrong)"
            )
        if len(name) > MAX_NAME_LENGTH:
            problems.append(
                f"row {number}: the name is {len(name)} characters long; shorten it to under {MAX_NAME_LENGTH}"
            )
            continue
        key = f"email:{email.casefold()}" if email else f"name:{name.casefold()}"
        answers = _pre_workshop_answers(table, row, columns, content, number, notes)
        previous = people.get(key)
        if previous is not None:
            same = "email" if email else "name"
            also = f" ({previous.name!r} and {name!r})" if previous.name != name else ""
            notes.append(
                f"rows {', '.join(map(str, previous.rows))} and {number} have the same {same}{also}: "
                f"one person, using row {number}"
            )
            previous.rows.append(number)
            previous.name = name
            previous.answers.update(answers)
            continue
        people[key] = PlannedPerson(name, email or None, [number], answers=answers)
    if problems:
        raise RosterError(table.source, problems)
    if not people and anonymous and anonymous == len(table.rows):
        raise RosterError(
            table.source,
            [
                "every response is anonymous: the form did not record who answered. Ask for "
                "names in the form (a question such as 'Your name'), or name the column that "
                'holds them with --mapping name="Column heading"'
            ],
        )
    if not people:
        raise RosterError(
            table.source, ["no people found in the file (every row was blank or skipped)"]
        )
    planned = list(people.values())
    members = store.list_participants(cohort_id)
    answered = store.answered_in_cohort(cohort_id, _PRE_WORKSHOP)
    matched: set[str] = set()
    found = match_members([(person.email, person.name) for person in planned], members)
    for person, existing in zip(planned, found, strict=True):
        if existing is None:
            continue
        matched.add(existing.id)
        person.participant_id = existing.id
        if existing.display_name != person.name:
            person.changes.append(f"name {existing.display_name!r} → {person.name!r}")
        if person.email and (existing.email or "").casefold() != person.email.casefold():
            person.changes.append(f"email {existing.email or 'none'} → {person.email}")
        person.action = "update" if person.changes else "unchanged"
        for exercise_id in list(person.answers):
            if existing.id in answered.get(exercise_id, ()):
                del person.answers[exercise_id]
    kept = [member.display_name for member in members if member.id not in matched]
    used = {column for mapped in columns.values() for column in mapped}
    return ImportPlan(
        table.source,
        fmt,
        table.encoding,
        table.delimiter,
        cohort_id,
        columns,
        planned,
        notes,
        kept,
        [],
        [header for header in table.headers if header not in used],
    )


def _pre_workshop_answers(
    table: RosterTable,
    row: Sequence[str],
    columns: Mapping[str, list[str]],
    content: Content,
    number: int,
    notes: list[str],
) -> dict[str, dict[str, Any]]:
    answers: dict[str, dict[str, Any]] = {}
    situation_text = _first(table, row, columns.get("situation", []))
    if situation_text:
        kind = match_situation(situation_text, content)
        if kind:
            answers["situation"] = {"kind": kind, "how_long_ago": None, "role": "", "details": ""}
        else:
            notes.append(
                f"row {number}: situation {situation_text[:60]!r} not recognised; they will choose in step 00"
            )
    hopes_text = _written(table, row, columns.get("hopes", []))
    if hopes_text:
        hopes, own_words = match_hopes(hopes_text, content)
        limit = content.exercise("hopes_for_today").max_text_length
        if len(own_words) > limit:
            notes.append(
                f"row {number}: their own words about their hopes are {len(own_words):,} "
                f"characters long; the first {limit:,} are imported"
            )
            own_words = own_words[:limit].rstrip()
        if hopes or own_words:
            answers["hopes_for_today"] = {"hopes": hopes, "in_my_words": own_words}
    return answers


def apply_import(plan: ImportPlan, store: Store, content: Content) -> list[Participant]:
    """Write the plan: add new people, update changed ones, save pre-workshop answers.

    One transaction: a failure part-way (someone erased since the preview, a row the
    database refuses) leaves the store as it was, so the import can simply be run again.
    Inside it, each kind of change is one bulk write (the people added, the people updated,
    the answers), and the answers are checked before it starts, so the store's write lock is
    held briefly and the time grows with the rows.
    """
    from kit.steps import parse_answer

    if plan.problems:
        raise RosterError(plan.source, plan.problems)
    checked: list[list[tuple[str, dict[str, Any]]]] = []
    for person in plan.people:
        valid = []
        for exercise_id, value in person.answers.items():
            try:
                answer = parse_answer(exercise_id, value, content)
            except NextRoundError:
                continue
            valid.append((exercise_id, answer.model_dump(mode="json")))
        checked.append(valid)
    adding = [person for person in plan.people if person.action == "add"]
    updating = [person for person in plan.people if person.action == "update"]
    with store.transaction():  # the whole roster, or (on any failure) nobody
        present = {member.id: member for member in store.list_participants(plan.cohort_id)}
        for person in plan.people:
            if person.action != "add" and str(person.participant_id) not in present:
                raise UnknownParticipantError(str(person.participant_id))
        added = iter(
            store.add_participants(
                [(person.name, person.email) for person in adding], cohort_id=plan.cohort_id
            )
        )
        updated = {
            participant.id: participant
            for participant in store.update_participants(
                [(str(person.participant_id), person.name, person.email) for person in updating]
            )
        }
        written = [
            next(added)
            if person.action == "add"
            else updated.get(str(person.participant_id)) or present[str(person.participant_id)]
            for person in plan.people
        ]
        store.save_answers(
            [
                (participant.id, exercise_id, value)
                for participant, answers in zip(written, checked, strict=True)
                for exercise_id, value in answers
            ]
        )
    return written


def import_roster(
    path: Path | str,
    store: Store,
    cohort_id: str,
    content: Content,
    mapping: Mapping[str, str] | None = None,
    *,
    dry_run: bool = False,
) -> ImportPlan:
    """Read, plan and (unless ``dry_run``) apply in one call; returns the plan that was used."""
    plan = plan_import(read_table(path), store, cohort_id, content, mapping)
    if not dry_run:
        apply_import(plan, store, content)
    return plan

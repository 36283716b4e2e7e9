"""Editable lists of items for exercises: add, edit, remove, move up, with stable ids.

Goals, skills, contacts and application targets are all lists a person grows and edits over
time. Every row keeps the id it was given (``g1``, ``g2``…) however the list is reordered,
so stored answers, calendar events and follow-ups keep pointing at the same item. A row
that is still completely empty is not saved (adding a row never produces an error), and
rows that came from an earlier step (a gap, an ask) are pinned: they cannot be removed,
only answered.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import ipywidgets as widgets

from kit.core.content import Option
from kit.workbook.dates import iso, parse_day
from kit.workbook.exercise import FULL_WIDTH, labelled, prompt_label

_ID_NUMBER = re.compile(r"(\d+)$")


@dataclass(frozen=True)
class RowField:
    """One control in every row: ``kind`` is text, area, choice, date or checks."""

    name: str
    label: str
    kind: str = "text"
    options: Sequence[Option] = ()
    placeholder: str = ""
    default: Any = None


@dataclass
class ItemRow:
    """The controls of one item, plus hidden values (such as where it came from)."""

    item_id: str
    controls: dict[str, widgets.Widget]
    checks: dict[str, dict[str, widgets.Checkbox]]
    heading: widgets.HTML
    note: widgets.HTML
    box: widgets.VBox
    pinned: bool = False
    hidden: dict[str, Any] = field(default_factory=dict)
    title: str = ""

    def value(self) -> dict[str, Any]:
        found: dict[str, Any] = {"id": self.item_id, **self.hidden}
        for name, control in self.controls.items():
            raw = control.value
            if isinstance(control, widgets.DatePicker):
                found[name] = iso(raw)
            elif isinstance(control, widgets.Dropdown):
                found[name] = raw or None
            else:
                found[name] = raw
        for name, boxes in self.checks.items():
            found[name] = [value for value, box in boxes.items() if box.value]
        return found

    def is_blank(self) -> bool:
        if self.pinned:
            return False
        for control in self.controls.values():
            if isinstance(control, (widgets.Text, widgets.Textarea)) and control.value.strip():
                return False
            if isinstance(control, widgets.DatePicker) and control.value is not None:
                return False
        return not any(box.value for boxes in self.checks.values() for box in boxes.values())


class ItemRows:
    """A list of rows with an "add" button; every change calls ``on_change``."""

    def __init__(
        self,
        fields: Sequence[RowField],
        on_change: Callable[..., Any],
        *,
        prefix: str,
        item_word: str,
        add_label: str,
        remove_label: str,
    ) -> None:
        self.fields = list(fields)
        self.on_change = on_change
        self.prefix = prefix
        self.item_word = item_word
        self.remove_label = remove_label
        self.rows: list[ItemRow] = []
        self.rows_box = widgets.VBox(layout=FULL_WIDTH)
        self.add_button = widgets.Button(description=add_label, icon="plus", tooltip=add_label)
        self.add_button.add_class("nr-add-item")
        self.add_button.on_click(lambda _button: self.add())
        self.widget = widgets.VBox([self.rows_box, self.add_button], layout=FULL_WIDTH)
        self._quiet = False

    # -- building rows -------------------------------------------------------------------

    def _control(self, spec: RowField) -> tuple[widgets.Widget, dict[str, widgets.Checkbox] | None]:
        if spec.kind == "area":
            control: widgets.Widget = widgets.Textarea(
                placeholder=spec.placeholder, rows=2, continuous_update=False, layout=FULL_WIDTH
            )
        elif spec.kind == "choice":
            control = widgets.Dropdown(
                options=[("— choose —", "")] + [(o.label, o.value) for o in spec.options],
                value=spec.default or "",
            )
        elif spec.kind == "date":
            control = widgets.DatePicker(value=None)
        elif spec.kind == "checks":
            boxes = {
                o.value: widgets.Checkbox(
                    value=False, description=o.label, indent=False, layout=FULL_WIDTH
                )
                for o in spec.options
            }
            for box in boxes.values():
                box.observe(self._changed, names="value")
            return widgets.VBox(list(boxes.values()), layout=FULL_WIDTH), boxes
        else:
            control = widgets.Text(
                placeholder=spec.placeholder, continuous_update=False, layout=FULL_WIDTH
            )
        control.observe(self._changed, names="value")
        return control, None

    def _changed(self, *_: object) -> None:
        if not self._quiet:
            self.on_change()

    def next_id(self) -> str:
        numbers = [int(m.group(1)) for row in self.rows if (m := _ID_NUMBER.search(row.item_id))]
        return f"{self.prefix}{max(numbers, default=0) + 1}"

    def add(
        self,
        item: Mapping[str, Any] | None = None,
        *,
        pinned: bool = False,
        hidden: Mapping[str, Any] | None = None,
        title: str = "",
        quiet: bool = False,
    ) -> ItemRow:
        """Add a row (empty, or showing ``item``); ``pinned`` rows cannot be removed."""
        item_id = str(item.get("id")) if item and item.get("id") else self.next_id()
        controls: dict[str, widgets.Widget] = {}
        checks: dict[str, dict[str, widgets.Checkbox]] = {}
        parts: list[widgets.Widget] = []
        for spec in self.fields:
            control, boxes = self._control(spec)
            if boxes is not None:
                checks[spec.name] = boxes
            else:
                controls[spec.name] = control
            parts.append(
                labelled_group(spec.label, control)
                if boxes is not None
                else labelled(spec.label, control)
            )
        heading = widgets.HTML()
        note = widgets.HTML(layout=FULL_WIDTH)
        note.add_class("nr-item-note")
        buttons: list[widgets.Widget] = []
        up = widgets.Button(
            description="Move up",
            icon="arrow-up",
            tooltip="Move up",
            layout=widgets.Layout(width="auto"),
        )
        buttons.append(up)
        if not pinned:
            remove = widgets.Button(
                description=self.remove_label,
                icon="trash",
                tooltip=self.remove_label,
                layout=widgets.Layout(width="auto"),
            )
            remove.add_class("nr-remove-item")
            buttons.append(remove)
        box = widgets.VBox([widgets.HBox([heading, *buttons]), *parts, note], layout=FULL_WIDTH)
        box.add_class("nr-item")
        row = ItemRow(
            item_id, controls, checks, heading, note, box, pinned, dict(hidden or {}), title
        )
        up.on_click(lambda _b: self.move_up(row))
        if not pinned:
            remove.on_click(lambda _b: self.remove(row))
        self.rows.append(row)
        if item:
            self.fill_row(row, item)
        self._relayout()
        if not quiet and item:
            self._changed()
        return row

    def fill_row(self, row: ItemRow, item: Mapping[str, Any]) -> None:
        self._quiet = True
        try:
            for name, control in row.controls.items():
                raw = item.get(name)
                if isinstance(control, widgets.DatePicker):
                    control.value = parse_day(raw)
                elif isinstance(control, widgets.Dropdown):
                    allowed = {value for _label, value in control.options}
                    control.value = raw if raw in allowed else ""
                else:
                    control.value = str(raw) if raw is not None else ""
            for name, boxes in row.checks.items():
                chosen = set(item.get(name) or [])
                for value, box in boxes.items():
                    box.value = value in chosen
        finally:
            self._quiet = False

    # -- changing the list ---------------------------------------------------------------

    def remove(self, row: ItemRow) -> None:
        if row.pinned or row not in self.rows:
            return
        self.rows.remove(row)
        self._relayout()
        self._changed()

    def move_up(self, row: ItemRow) -> None:
        index = self.rows.index(row)
        if index == 0:
            return
        self.rows[index - 1], self.rows[index] = self.rows[index], self.rows[index - 1]
        self._relayout()
        self._changed()

    def clear(self) -> None:
        self.rows = []
        self._relayout()

    def row(self, item_id: str) -> ItemRow | None:
        return next((row for row in self.rows if row.item_id == item_id), None)

    def values(self) -> list[dict[str, Any]]:
        """Every row that says something, in the person's order."""
        return [row.value() for row in self.rows if not row.is_blank()]

    def _relayout(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            title = row.title
            row.heading.value = (
                f"<b class='nr-item-heading'>{html.escape(self.item_word)} {number}"
                + (f": {html.escape(str(title))}" if title else "")
                + "</b>"
            )
        self.rows_box.children = [row.box for row in self.rows]


def labelled_group(text: str, group: widgets.Box) -> widgets.VBox:
    """A group of tick-boxes under its prompt. ``labelled`` sets a tooltip, which a Box view
    in JupyterLab cannot render (a JavaScript error in place of the boxes), so groups get
    the prompt only; each box carries its own description."""
    return widgets.VBox([prompt_label(text), group], layout=FULL_WIDTH)


def day_changes(
    items: Sequence[Mapping[str, Any]], saved: Sequence[Mapping[str, Any]], date_field: str = "due"
) -> list[tuple[int, date]]:
    """(position, new date) for every item whose date is new or differs from what was saved."""
    before = {str(item.get("id")): item.get(date_field) for item in saved}
    changed = []
    for position, item in enumerate(items, start=1):
        value = item.get(date_field)
        if value and before.get(str(item.get("id"))) != value:
            day = parse_day(value)
            if day is not None:
                changed.append((position, day))
    return changed

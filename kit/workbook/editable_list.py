"""A list a person builds line by line: add, edit in place, remove; every item keeps its id.

Used by exercises whose answer holds a list (commitments after a meeting, trade-offs of one's
own). Ids are stable (``c1``, ``c2``… never reused within the list), so an edit or a removal
never shifts another item's identity in the store's revisions. The list does not save: it
calls ``on_change`` and the exercise saves, validates and reports, as for any control.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets

from kit.workbook.exercise import FULL_WIDTH, number_row

RowExtra = Callable[[], widgets.ValueWidget]
# A line grows to fill its row and drops its buttons underneath on a narrow screen.
_LINE_LAYOUT = widgets.Layout(flex="1 1 14rem")
_ROW_LAYOUT = widgets.Layout(width="auto", flex_flow="row wrap", align_items="flex-end")


class EditableList:
    """Rows of ``{"id", "text"}`` (plus ``extra_key`` when a row has an extra control)."""

    def __init__(
        self,
        on_change: Callable[[], Any],
        *,
        id_prefix: str,
        add_label: str,
        remove_label: str,
        placeholder: str = "",
        extra: RowExtra | None = None,
        extra_key: str = "",
    ) -> None:
        self._on_change = on_change
        self._prefix = id_prefix
        self._remove_label = remove_label
        self._extra = extra
        self._extra_key = extra_key
        self._rows: list[tuple[str, widgets.Text, widgets.ValueWidget | None, widgets.Box]] = []
        self._next_number = 1
        self._quiet = False
        self.new_text = widgets.Text(
            placeholder=placeholder, continuous_update=False, layout=_LINE_LAYOUT
        )
        self.new_text.tooltip = add_label
        self.add_button = widgets.Button(description=add_label, icon="plus")
        self.add_button.on_click(self._add_clicked)
        self.rows_box = widgets.VBox(layout=FULL_WIDTH)
        self.widget = widgets.VBox(
            [self.rows_box, widgets.HBox([self.new_text, self.add_button], layout=_ROW_LAYOUT)],
            layout=FULL_WIDTH,
        )
        self._refresh()
        self.widget.add_class("nr-editable-list")

    # -- reading and writing ----------------------------------------------------------------

    def items(self) -> list[dict[str, Any]]:
        found = []
        for item_id, text, extra, _row in self._rows:
            item: dict[str, Any] = {"id": item_id, "text": text.value}
            if extra is not None:
                item[self._extra_key] = extra.value
            found.append(item)
        return found

    def set_items(self, items: Sequence[Mapping[str, Any]]) -> None:
        """Show saved items (without calling ``on_change``)."""
        self._quiet = True
        try:
            self._rows = []
            for item in items:
                self._append(str(item["id"]), str(item.get("text", "")), item.get(self._extra_key))
            self._next_number = 1 + max(
                (self._number(item_id) for item_id, *_ in self._rows), default=0
            )
            self._refresh()
            self.new_text.value = ""
        finally:
            self._quiet = False

    def row_ids(self) -> list[str]:
        return [item_id for item_id, *_ in self._rows]

    def text_of(self, item_id: str) -> widgets.Text:
        return next(text for found, text, *_ in self._rows if found == item_id)

    def extra_of(self, item_id: str) -> widgets.ValueWidget | None:
        return next(extra for found, _text, extra, _row in self._rows if found == item_id)

    def remove(self, item_id: str) -> None:
        self._rows = [row for row in self._rows if row[0] != item_id]
        self._refresh()
        self._changed()

    def add(self, text: str) -> str | None:
        """Add a row with ``text``; returns its id (None for empty text, which adds nothing)."""
        text = text.strip()
        if not text:
            return None
        item_id = f"{self._prefix}{self._next_number}"
        self._next_number += 1
        self._append(item_id, text, None)
        self._refresh()
        self._quiet = True
        self.new_text.value = ""
        self._quiet = False
        self._changed()
        return item_id

    # -- internals --------------------------------------------------------------------------

    def _add_clicked(self, _button: widgets.Button) -> None:
        self.add(self.new_text.value)

    def _append(self, item_id: str, text: str, extra_value: Any) -> None:
        line = widgets.Text(value=text, continuous_update=False, layout=_LINE_LAYOUT)
        line.tooltip = text[:80]
        line.observe(lambda _change: self._changed(), names="value")
        extra = self._extra() if self._extra else None
        if extra is not None:
            extra.value = extra_value
            extra.observe(lambda _change: self._changed(), names="value")
        remove = widgets.Button(
            description=self._remove_label, icon="trash", layout=widgets.Layout(width="auto")
        )
        remove.tooltip = f"{self._remove_label}: {text[:60]}"
        remove.on_click(lambda _button, item_id=item_id: self.remove(item_id))
        parts: list[widgets.Widget] = [line] + ([extra] if extra is not None else []) + [remove]
        row = widgets.HBox(parts, layout=_ROW_LAYOUT)
        row.add_class("nr-list-item")
        row.add_class(f"nr-item-{item_id}")
        self._rows.append((item_id, line, extra, row))

    def _refresh(self) -> None:
        """Show the rows, each line labelled with its number; the empty line for a new item
        takes the next number."""
        for position, (_id, line, _extra, _row) in enumerate(self._rows, start=1):
            number_row(line, position)
        number_row(self.new_text, len(self._rows) + 1)
        self.rows_box.children = [row for *_parts, row in self._rows]

    def _changed(self) -> None:
        if not self._quiet:
            self._on_change()

    @staticmethod
    def _number(item_id: str) -> int:
        match = re.search(r"(\d+)$", item_id)
        return int(match.group(1)) if match else 0

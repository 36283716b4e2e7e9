"""Exercises that are lists a person builds: add, edit, sort into groups, reorder, remove.

The list on screen is the truth while the person works (``self.items``, plain dicts with a
stable ``id``). Every action makes a new list and tries to save it; if the answer model
refuses it (an empty item, a duplicate, a text too long) the screen goes back to the last
good list, the status line says what to fix, and whatever the person typed stays in its box.
So a bad entry never reaches the store and never wipes out a good one.
"""

from __future__ import annotations

import html
import re
from abc import abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, TypeVar

import ipywidgets as widgets

from kit.workbook.answers import Answer
from kit.workbook.exercise import FULL_WIDTH, Exercise, labelled, number_row

A = TypeVar("A", bound=Answer)
Item = dict[str, Any]

# A row's text and its three small buttons stay on one line, the text giving way on a phone.
ROW_LAYOUT = widgets.Layout(
    width="100%", max_width="46rem", flex_flow="row nowrap", align_items="flex-end"
)
ITEM_LAYOUT = widgets.Layout(
    width="100%",
    max_width="46rem",
    border_bottom="1px solid #d9e2ec",
    padding="0 0 .4rem 0",
    margin="0 0 .4rem 0",
)
SMALL_BUTTON = widgets.Layout(width="2.6rem")


class ItemListExercise(Exercise[A]):
    """Base for list exercises: subclasses say how to add an item and what a row shows."""

    item_prefix: ClassVar[str] = "i"
    list_field: ClassVar[str] = "items"

    def build(self) -> Sequence[widgets.Widget]:
        self.items: list[Item] = []
        self.rows = widgets.VBox(layout=FULL_WIDTH)
        self.rows.add_class("nr-items")
        self.shown_back = widgets.HTML(layout=FULL_WIDTH)
        self.shown_back.add_class("nr-shown-back")
        return [*self.build_adder(), self.rows, self.shown_back]

    # -- what subclasses provide ------------------------------------------------------------

    @abstractmethod
    def build_adder(self) -> Sequence[widgets.Widget]:
        """Controls for a new item; their button calls ``self.add_item(...)``."""

    @abstractmethod
    def build_row(self, item: Item, position: int) -> Sequence[widgets.Widget]:
        """The controls of one row: the first (its text) shares a line with the move and
        remove buttons added here; the rest (choices, follow-up details) go underneath."""

    @abstractmethod
    def show_back(self, answer: A | None) -> str:
        """HTML (escaped) that reflects the saved list back to the person."""

    # -- building blocks for an adder ------------------------------------------------------

    def add_button_for(self, on_add: Callable[..., None]) -> widgets.Button:
        """The content's "Add" button (``add`` prompt), calling ``on_add`` when pressed."""
        button = widgets.Button(description=self.content.prompt("add") or "Add", icon="plus")
        button.add_class("nr-add")
        button.on_click(on_add)
        return button

    def text_adder(self, placeholder: str, on_add: Callable[..., None]) -> list[widgets.Widget]:
        """The usual adder: a line of text (``self.new_text``) and the Add button
        (``self.add_button``), labelled with the content's ``new_item`` prompt."""
        self.new_text = widgets.Text(placeholder=placeholder, layout=FULL_WIDTH)
        self.add_button = self.add_button_for(on_add)
        return [
            labelled(
                self.content.prompt("new_item"), widgets.HBox([self.new_text, self.add_button])
            )
        ]

    # -- the shared list behaviour ----------------------------------------------------------

    def collect(self) -> dict[str, Any]:
        return {self.list_field: [dict(item) for item in self.items]}

    def fill(self, answer: A | None) -> None:
        saved = getattr(answer, self.list_field) if answer is not None else []
        self.items = [item.model_dump(mode="json") for item in saved]
        self.render_rows()
        self.shown_back.value = self.show_back(answer)

    def after_save(self, answer: A) -> None:
        self.shown_back.value = self.show_back(answer)

    def next_id(self) -> str:
        """A fresh id, never reused within the list (ids of removed items are not recycled
        while the list is on screen, and a saved list restarts after its highest id)."""
        pattern = re.compile(rf"^{re.escape(self.item_prefix)}([0-9]+)$")
        numbers = [
            int(match.group(1))
            for item in self.items
            if (match := pattern.match(str(item.get("id", ""))))
        ]
        self._highest = max([getattr(self, "_highest", 0), *numbers])
        self._highest += 1
        return f"{self.item_prefix}{self._highest}"

    def commit(self, items: list[Item], *, rerender: bool = True) -> bool:
        """Try to save ``items``; on refusal, keep the last good list on screen and in the store."""
        previous = self.items
        self.items = items
        if self.save() is None:
            self.items = previous
            return False
        if rerender:
            self.render_rows()
        return True

    def add_item(self, item: Item) -> bool:
        return self.commit([*self.items, item])

    def update_item(self, item_id: str, *, rerender: bool = False, **changes: Any) -> bool:
        """Change fields of one item (an edit, or a move to another group)."""
        if not any(item["id"] == item_id for item in self.items):
            self._show("That item is no longer on the list; nothing was changed.", kind="problem")
            return False
        updated = [
            {**item, **changes} if item["id"] == item_id else dict(item) for item in self.items
        ]
        return self.commit(updated, rerender=rerender)

    def remove_item(self, item_id: str) -> bool:
        return self.commit([dict(item) for item in self.items if item["id"] != item_id])

    def move_item(self, item_id: str, step: int) -> bool:
        """Move one place up (-1) or down (+1); at either end, say so and change nothing."""
        ids = [item["id"] for item in self.items]
        if item_id not in ids:
            return False
        here = ids.index(item_id)
        there = here + step
        if not 0 <= there < len(self.items):
            self._show(
                "That item is already at the " + ("top." if step < 0 else "bottom."), kind="wait"
            )
            return False
        reordered = [dict(item) for item in self.items]
        reordered[here], reordered[there] = reordered[there], reordered[here]
        return self.commit(reordered)

    def item(self, item_id: str) -> Item:
        return next(item for item in self.items if item["id"] == item_id)

    def render_rows(self) -> None:
        if not self.items:
            empty = self.content.prompt("empty")
            self.rows.children = (
                [widgets.HTML(f"<p class='nr-empty'>{html.escape(empty)}</p>")] if empty else []
            )
            return
        self.rows.children = [
            self._row(item, position) for position, item in enumerate(self.items, start=1)
        ]
        enabled = self.session.participant is not None
        for row in self.rows.children:
            for control in _controls(row):
                control.disabled = not enabled

    def _row(self, item: Item, position: int) -> widgets.Widget:
        item_id = item["id"]
        up = _icon_button(
            "arrow-up", f"Move item {position} up", lambda _b: self.move_item(item_id, -1)
        )
        down = _icon_button(
            "arrow-down", f"Move item {position} down", lambda _b: self.move_item(item_id, +1)
        )
        remove = _icon_button(
            "trash", f"Remove item {position}", lambda _b: self.remove_item(item_id)
        )
        remove.add_class("nr-remove")
        main, *rest = self.build_row(item, position)
        if not getattr(main, "description", ""):
            number_row(main, position)
        top = widgets.HBox([main, up, down, remove], layout=ROW_LAYOUT)
        row = widgets.VBox([top, *rest], layout=ITEM_LAYOUT)
        row.add_class("nr-item")
        row.add_class(f"nr-item-{item_id}")
        return row


def _icon_button(
    icon: str, label: str, on_click: Callable[[widgets.Button], object]
) -> widgets.Button:
    button = widgets.Button(icon=icon, tooltip=label, layout=SMALL_BUTTON)
    button.on_click(on_click)
    return button


def _controls(widget: widgets.Widget) -> list[widgets.Widget]:
    if isinstance(widget, widgets.Box):
        return [control for child in widget.children for control in _controls(child)]
    return [widget] if hasattr(widget, "disabled") else []


def escaped_list(texts: Sequence[str], css_class: str = "") -> str:
    """An escaped HTML list of texts (empty string for no texts)."""
    if not texts:
        return ""
    items = "".join(f"<li>{html.escape(text)}</li>" for text in texts)
    return f"<ul class='{css_class}'>{items}</ul>"

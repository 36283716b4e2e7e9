"""The shared builders give every control a label people can see and screen readers announce,
a question's answers form one radio group, and the page's stylesheet only touches our blocks.
(The browser checks of the same promises are in test_browser_pages.py.)"""

from __future__ import annotations

import re

import ipywidgets as widgets
import pytest
from traitlets import TraitError

from kit.core.content import Option
from kit.core.store import Store
from kit.steps.page import Session
from kit.workbook.choice_group import ChoiceGroup
from kit.workbook.editable_list import EditableList
from kit.workbook.exercise import labelled, many_choices, set_enabled, single_choice, text_line
from kit.workbook.page_style import page_css

OPTIONS = [Option(value="week", label="This week"), Option(value="month", label="This month")]


def _ignore(*_: object) -> None:
    return None


def test_a_question_is_one_radio_group_that_starts_unanswered() -> None:
    saved: list[object] = []
    group = single_choice(OPTIONS, lambda change: saved.append(change["new"]))
    assert isinstance(group, ChoiceGroup)
    assert group.options == [("This week", "week"), ("This month", "month")]
    assert group.value is None
    group.value = "month"
    assert saved == ["month"]
    with pytest.raises(TraitError, match="not one of the answers offered"):
        group.value = "year"
    assert group.value == "month", "a refused value leaves the answer as it was"


def test_a_question_s_prompt_is_its_legend_and_it_can_be_disabled() -> None:
    group = single_choice(OPTIONS, _ignore)
    box = labelled("When did you hear?", group)
    assert box.children == (group,)
    assert group.description == "When did you hear?"
    set_enabled(box, False)
    assert group.disabled


def test_a_text_box_is_named_by_its_visible_label() -> None:
    line = text_line(_ignore)
    box = labelled("The role you went for", line)
    assert box.children == (line,), "the label is the box's own, not a separate line of text"
    assert line.description == "The role you went for"
    assert "nr-labelled" in line._dom_classes
    assert not line.description_allow_html, "the prompt is shown as text, never as HTML"


def test_a_line_with_its_add_button_is_named_by_the_prompt() -> None:
    line, add = widgets.Text(), widgets.Button(description="Add")
    row = widgets.HBox([line, add])
    labelled("A part of the situation", row)
    assert line.description == "A part of the situation"
    assert add.description == "Add"


def test_tick_boxes_keep_their_own_words_under_the_prompt() -> None:
    box, ticks = many_choices(OPTIONS, _ignore)
    shown = labelled("Tick any that apply", box)
    prompt, group = shown.children
    assert group is box and "Tick any that apply" in prompt.value
    assert [tick.description for tick in ticks.values()] == ["This week", "This month"]


def test_a_list_numbers_its_lines_and_the_empty_line_for_the_next_item() -> None:
    listed = EditableList(_ignore, id_prefix="c", add_label="Add", remove_label="Remove")
    assert listed.new_text.description == "1."
    first = listed.add("Send the update")
    listed.add("Book the review")
    assert [listed.text_of(item).description for item in listed.row_ids()] == ["1.", "2."]
    assert listed.new_text.description == "3."
    assert first is not None
    listed.remove(first)
    assert [listed.text_of(item).description for item in listed.row_ids()] == ["1."]
    assert listed.new_text.description == "2."


def test_the_stylesheet_touches_only_next_round_blocks() -> None:
    css = re.sub(r"/\*.*?\*/", "", page_css(), flags=re.DOTALL)
    selectors = [
        selector.strip()
        for block in re.findall(r"([^{}]+)\{[^{}]*\}", css)
        for selector in block.split(",")
        if not block.strip().startswith("@")
    ]
    selectors = [re.sub(r"^@media[^{]*", "", selector).strip() for selector in selectors]
    assert len(selectors) > 20
    unscoped = [selector for selector in selectors if not selector.startswith(".nr-")]
    assert not unscoped, f"rules that could restyle JupyterLab itself: {unscoped}"


def test_every_step_page_carries_the_stylesheet_once(demo_store: Store) -> None:
    session = Session("00_check_in", store=demo_store, participant_id="demo-chen")
    styles = [
        child for child in session.header().children if "<style>" in getattr(child, "value", "")
    ]
    assert len(styles) == 1
    assert page_css() in styles[0].value
    assert styles[0].layout.display == "none"

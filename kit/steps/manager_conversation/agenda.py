"""The agenda and the opening script for the meeting with one's manager, built from the answer.

Pure functions: the same answer and wording always give the same agenda, so the widget, the
report and the tests agree. The wording comes from the exercise's prompts in
``data/exercises/04_manager_conversation.toml`` (``item_*`` for agenda lines, ``opening_*``
for the script), so a facilitator can change the tone without touching code. A person's own
edited opening (``script``) always wins over the suggested one.
"""

from __future__ import annotations

from kit.core.content import ExerciseContent
from kit.steps.manager_conversation.answers import ManagerAgendaAnswer


def _fill(template: str, **values: str) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def _lower_first(text: str) -> str:
    """Lower-case the first letter to fit mid-sentence, unless the first word is an acronym."""
    first_word = text.split(" ", 1)[0]
    if len(first_word) > 1 and first_word.isupper():
        return text
    return text[:1].lower() + text[1:]


def _asks(answer: ManagerAgendaAnswer, words: ExerciseContent) -> list[str]:
    asks = [_lower_first(words.option_label("asks", value)) for value in answer.asks]
    return asks + ([answer.other_asks] if answer.other_asks else [])


def _areas(answer: ManagerAgendaAnswer, words: ExerciseContent) -> list[str]:
    areas = [
        _lower_first(words.option_label("holding_back", value).split(":")[0])
        for value in answer.holding_back
        if value != "something_else"
    ]
    return areas + ([answer.holding_back_other] if answer.holding_back_other else [])


def _join(items: list[str]) -> str:
    """ "a, b and c"; "a; b; and c" when an item has commas of its own, so the list stays readable."""
    if len(items) == 1:
        return items[0]
    if any("," in item or ";" in item for item in items):
        return "; ".join(items[:-1]) + "; and " + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


def agenda_items(answer: ManagerAgendaAnswer, words: ExerciseContent) -> list[str]:
    """The agenda lines, in the order a good conversation takes them; always ends with next steps."""
    items = []
    if answer.goal:
        items.append(_fill(words.prompt("item_goal"), goal=answer.goal))
    if answer.ambition:
        items.append(_fill(words.prompt("item_ambition"), ambition=answer.ambition))
    if asks := _asks(answer, words):
        items.append(_fill(words.prompt("item_asks"), asks=_join(asks)))
    if answer.candid_read:
        items.append(words.prompt("item_candid"))
    if answer.in_my_place:
        items.append(words.prompt("item_in_my_place"))
    if areas := _areas(answer, words):
        items.append(_fill(words.prompt("item_holding_back"), areas=_join(areas)))
    if answer.asset:
        items.append(_fill(words.prompt("item_asset"), asset=answer.asset))
    items.append(words.prompt("item_next"))
    return [item for item in items if item]


def suggested_opening(answer: ManagerAgendaAnswer, words: ExerciseContent) -> str:
    """A short opening in plain speech, built from whatever the person has filled in."""
    parts = [words.prompt("opening_start")]
    if answer.goal:
        parts.append(
            _fill(words.prompt("opening_goal"), goal=_lower_first(answer.goal).rstrip("."))
        )
    if answer.ambition:
        parts.append(
            _fill(
                words.prompt("opening_ambition"),
                ambition=_lower_first(answer.ambition).rstrip("."),
            )
        )
    if asks := _asks(answer, words):
        parts.append(_fill(words.prompt("opening_asks"), asks=_join(asks).rstrip(".")))
    if answer.candid_read:
        parts.append(words.prompt("opening_candid"))
    if answer.in_my_place:
        parts.append(words.prompt("opening_in_my_place"))
    if areas := _areas(answer, words):
        parts.append(_fill(words.prompt("opening_holding_back"), areas=_join(areas).rstrip(".")))
    if answer.asset:
        parts.append(
            _fill(words.prompt("opening_asset"), asset=_lower_first(answer.asset).rstrip("."))
        )
    parts.append(words.prompt("opening_end"))
    return " ".join(part for part in parts if part)


def opening(answer: ManagerAgendaAnswer, words: ExerciseContent) -> str:
    """The person's own opening if they wrote one, else the suggested one."""
    return answer.script or suggested_opening(answer, words)


def agenda_text(answer: ManagerAgendaAnswer, words: ExerciseContent) -> str:
    """The agenda as plain text, numbered, ready to paste into an email or an invitation."""
    lines = [words.prompt("agenda_title") or "Agenda", ""]
    lines += [
        f"{number}. {item}" for number, item in enumerate(agenda_items(answer, words), start=1)
    ]
    return "\n".join(lines)

"""One question with several answers, one chosen: a native radio group under its question.

ipywidgets' ``RadioButtons`` gives its radios no shared name, so the browser puts every
radio on the page in one group: an arrow key in one question changes the answer to the
next question (and saves it), Tab stops on every answer, and nothing ties the question to
its answers. This widget draws a ``<fieldset>`` whose ``<legend>`` is the question and whose
radios share a name, so the keyboard works as people expect (Tab in and out, arrows between
answers) and screen readers announce the question. It keeps ``RadioButtons``' Python side:
``options`` as (label, value) pairs, ``value`` (``None`` until someone chooses), ``disabled``,
and a ``TraitError`` for a value that is not offered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets


class ChoiceGroup(anywidget.AnyWidget):
    """Radios that share a name, under a legend; ``value`` is the chosen option's value."""

    _esm = Path(__file__).with_name("choice_group.js")

    options = traitlets.List(traitlets.Tuple(traitlets.Unicode(), traitlets.Any())).tag(sync=True)
    value = traitlets.Any(None, allow_none=True).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    horizontal = traitlets.Bool(False).tag(sync=True)

    @traitlets.validate("value")
    def _offered(self, proposal: dict[str, Any]) -> Any:
        value = proposal["value"]
        if value is not None and value not in [offered for _label, offered in self.options]:
            raise traitlets.TraitError(f"{value!r} is not one of the answers offered")
        return value

"""Where to get help, on a step's page: the support file as the person working sees it.

People in a room see the contacts their facilitator filled in; someone working alone (or in a
room with none filled in) also sees where to look. The card follows the person working, like
an exercise, because the page may change hands.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from kit.core.content import Content
from kit.core.store import Participant
from kit.core.support import shown_contacts
from kit.workbook.exercise import FULL_WIDTH, Page
from kit.workbook.templating import render


def support_html(content: Content, *, solo: bool) -> str:
    """The card's HTML (escaped by the template); empty when the content has no support file."""
    support = content.support
    if support is None:
        return ""
    contacts, where_to_look = shown_contacts(support, solo=solo)
    return render(
        "support.html.j2", support=support, contacts=contacts, where_to_look=where_to_look
    )


class SupportCard:
    """The support contacts as a widget that follows who is working on the page."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.widget = widgets.HTML(layout=FULL_WIDTH)
        self.widget.add_class("nr-support-card")
        page.on_participant_change(self._show)
        self._show(page.participant)

    def _show(self, participant: Participant | None) -> None:
        solo = participant is not None and participant.cohort_id is None
        self.widget.value = support_html(self.page.content, solo=solo)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

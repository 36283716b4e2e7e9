"""The "make my calendar file" button shared by the roadmap (05) and the follow-up (07).

It writes the .ics into the person's workspace and shows where, and offers the same file as
a ``data:`` link, so downloading works in plain JupyterLab (and Voilà) with no server
extension: the browser saves the link's content directly.
"""

from __future__ import annotations

import base64
import html
from datetime import date
from pathlib import Path

import ipywidgets as widgets

from kit.errors import NextRoundError
from kit.steps.plan.calendar import (
    calendar_bytes,
    calendar_entries,
    calendar_path,
    calendars_dir,
    write_calendar,
)
from kit.workbook.exercise import FULL_WIDTH, WAITING_FOR_PERSON, Page
from kit.workbook.raw_answers import stored_values

MAX_DATA_LINK_BYTES = 1_500_000


def data_link(data: bytes, file_name: str, label: str) -> str:
    """An HTML link that downloads ``data`` as ``file_name`` without any server."""
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f"<a class='nr-download' download='{html.escape(file_name, quote=True)}' "
        f"href='data:text/calendar;charset=utf-8;base64,{encoded}'>⬇ {html.escape(label)}</a>"
    )


class CalendarDownload:
    """A button that writes the person's plan calendar and shows a path and a download link."""

    def __init__(self, session: Page, *, button_label: str, link_label: str) -> None:
        self.session = session
        self.link_label = link_label
        self.button = widgets.Button(
            description=button_label,
            icon="calendar",
            button_style="primary",
            tooltip=button_label,
            layout=widgets.Layout(width="auto"),
        )
        self.button.add_class("nr-make-calendar")
        self.button.on_click(lambda _b: self.make())
        self.result = widgets.HTML(layout=FULL_WIDTH)
        self.result.add_class("nr-calendar-result")
        self.widget = widgets.VBox([self.button, self.result], layout=FULL_WIDTH)
        self.last_path: Path | None = None

    def make(self) -> Path | None:
        """Write the file for whoever is working now; show the path and a download link."""
        participant = self.session.participant
        if participant is None:
            self.result.value = f"<p class='nr-status-wait'>{WAITING_FOR_PERSON}</p>"
            return None
        try:
            values = stored_values(self.session.store, participant.id)
            entries = calendar_entries(participant.id, values, date.today())
            data = calendar_bytes(entries, name=participant.display_name)
            path = write_calendar(
                calendar_path(calendars_dir(), participant.id), data, participant.id
            )
        except (NextRoundError, OSError) as exc:
            self.result.value = (
                "<p class='nr-status-problem' role='alert'>⚠ The calendar file could not be made: "
                f"{html.escape(str(exc))}</p>"
            )
            return None
        link = (
            data_link(data, path.name, self.link_label) if len(data) <= MAX_DATA_LINK_BYTES else ""
        )
        self.result.value = (
            f"<p class='nr-status-saved' role='status'>✓ {len(entries)} events with reminders, saved as "
            f"<code>{html.escape(str(path))}</code>.</p><p>{link}</p>"
        )
        self.last_path = path
        return path

    def clear(self) -> None:
        self.result.value = ""
        self.last_path = None

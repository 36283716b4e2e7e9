"""Report section for step 04: the agenda and opening for the meeting with one's manager, how
the practice went, and the notes after the meeting (with the note on what a reaction says)."""

from __future__ import annotations

from kit.steps.manager_conversation.agenda import agenda_items, opening
from kit.steps.manager_conversation.answers import (
    POOR_REACTIONS,
    ManagerAgendaAnswer,
    MeetingNotesAnswer,
    RoleplayPracticeAnswer,
)
from kit.workbook.report_context import ReportContext
from kit.workbook.templating import render


def render_section(ctx: ReportContext) -> str:
    agenda = ctx.answer("manager_agenda", ManagerAgendaAnswer)
    practice = ctx.answer("roleplay_practice", RoleplayPracticeAnswer)
    notes = ctx.answer("meeting_notes", MeetingNotesAnswer)
    agenda_words = ctx.content.exercise("manager_agenda")
    practice_words = ctx.content.exercise("roleplay_practice")
    notes_words = ctx.content.exercise("meeting_notes")
    return render(
        "manager_conversation/report.html.j2",
        answered=any((agenda, practice, notes)),
        agenda=agenda,
        items=agenda_items(agenda, agenda_words) if agenda else [],
        opening=opening(agenda, agenda_words) if agenda else "",
        practice=practice,
        practice_mode={
            "pair": "with a partner",
            "trio": "in a group of three",
            "solo": "on your own",
        }.get(practice.mode if practice else "", ""),
        listen_labels=[
            practice_words.option_label("listen_for", value) for value in practice.listen_for
        ]
        if practice
        else [],
        notes=notes,
        reaction_label=notes_words.option_label("reaction", notes.reaction)
        if notes and notes.reaction
        else "",
        poor_reaction=notes_words.prompt("poor_reaction")
        if notes and notes.reaction in POOR_REACTIONS
        else "",
    )

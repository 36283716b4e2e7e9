"""Report section for step 04: the agenda and opening for the meeting with one's manager (or a
mentor, when one's manager does not know about an application elsewhere), when to book it, how
the practice went, and the notes after the meeting (with the note on what a reaction says).
A layoff or a decision still open skips the step, and the section says so."""

from __future__ import annotations

from kit.steps.manager_conversation.agenda import agenda_items, opening
from kit.steps.manager_conversation.answers import (
    POOR_REACTIONS,
    ManagerAgendaAnswer,
    MeetingNotesAnswer,
    RoleplayPracticeAnswer,
)
from kit.workbook.dates import parse_day
from kit.workbook.decision_state import decision_state
from kit.workbook.report_context import ReportContext
from kit.workbook.templating import render


def render_section(ctx: ReportContext) -> str:
    mentor = ctx.situation.manager_unaware
    title = "The conversation with a mentor" if mentor else "The conversation with your manager"
    if not ctx.shows("manager_agenda"):
        return render(
            "manager_conversation/report.html.j2",
            title=title,
            skipped=ctx.exercise("manager_agenda").note,
        )
    agenda = ctx.answer("manager_agenda", ManagerAgendaAnswer)
    practice = ctx.answer("roleplay_practice", RoleplayPracticeAnswer)
    notes = ctx.answer("meeting_notes", MeetingNotesAnswer)
    agenda_words = ctx.exercise("manager_agenda")
    practice_words = ctx.content.exercise("roleplay_practice")
    notes_words = ctx.exercise("meeting_notes")
    items = agenda_items(agenda, agenda_words) if agenda else []
    book_by = parse_day(agenda.book_by) if agenda else None
    who = "your mentor" if mentor else "your manager"
    adds_up = ""
    if notes and notes.held_on:
        adds_up = f"You met {who} on {notes.held_on:%d %B}: your notes and what each of you committed to are below."
    elif agenda:
        when = f" Book it by {book_by:%d %B}." if book_by else " It still needs a date."
        adds_up = f"Your agenda for {who} has {len(items)} points.{when}"
    state = decision_state(ctx.values, ctx.situation)
    return render(
        "manager_conversation/report.html.j2",
        title=title,
        who=who,
        skipped="",
        adds_up=adds_up,
        answered=any((agenda, practice, notes)),
        agenda=agenda,
        book_by=book_by,
        items=items,
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
        revisit=notes_words.prompt("revisit") if state.revisit and state.provisional else "",
    )

"""Report section for the follow-up (step 07): every round so far, a progress chart, and where
each goal and action stands now."""

from __future__ import annotations

from kit.steps.follow_up.answers import FollowUpNextAnswer, FollowUpReviewAnswer
from kit.steps.follow_up.inputs import plan_items
from kit.steps.follow_up.progress import latest_statuses, progress_chart, progress_counts
from kit.workbook.dates import parse_day
from kit.workbook.raw_answers import latest_values
from kit.workbook.report_context import ReportContext
from kit.workbook.templating import render


def render_section(ctx: ReportContext) -> str:
    review = ctx.answer("follow_up_review", FollowUpReviewAnswer)
    upcoming = ctx.answer("follow_up_next", FollowUpNextAnswer)
    values = latest_values(ctx.history)
    items = plan_items(values)
    if review is None or not review.rounds:
        return render(
            "follow_up/report.html.j2",
            adds_up="",
            rounds=[],
            has_plan=bool(items),
            chart="",
            items=[],
            next_check_in=None,
        )
    content = ctx.content.exercises.get("follow_up_review")
    raw_rounds = review.model_dump()["rounds"]
    counts = progress_counts(raw_rounds)
    titles = {item.ref: item.title for item in items}
    rounds = []
    for round_, (_day, tally) in zip(review.rounds, counts, strict=False):
        rounds.append(
            {
                "date": parse_day(round_.date),
                "counts": tally,
                "changes": [
                    content.option_label("changes", c) if content else c for c in round_.changes
                ],
                "changes_note": round_.changes_note,
                "notes": [
                    (titles.get(r.ref, "An item no longer in the plan"), r.note)
                    for r in round_.items
                    if r.note
                ],
            }
        )
    statuses = latest_statuses(raw_rounds)
    last = counts[-1][1] if counts else {}
    so_far = f"{len(counts)} follow-up{'s' if len(counts) != 1 else ''} so far."
    moved = last.get("done", 0) + last.get("moving", 0)
    adds_up = (
        f"{so_far} At the latest, {last.get('done', 0)} done and {last.get('moving', 0)} moving."
        if moved
        else so_far
    )
    return render(
        "follow_up/report.html.j2",
        adds_up=adds_up,
        rounds=rounds,
        has_plan=bool(items),
        chart=progress_chart(counts),
        items=[
            {
                "title": item.title,
                "kind": item.kind_label,
                "status": (
                    content.option_label("status", statuses[item.ref])
                    if content
                    else statuses[item.ref]
                )
                if item.ref in statuses
                else "not reviewed yet",
            }
            for item in items
        ],
        next_check_in=parse_day(upcoming.next_check_in) if upcoming else None,
    )

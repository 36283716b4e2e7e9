"""The console's "Generate everyone's reports": a batch in its own process, with progress.

The batch runs as ``nextround reports --cohort C`` beside the console's kernel
(:mod:`kit.room.report_run`); this part starts it, follows its manifest every second (a
progress bar, how many are done, how many failed), can stop it as Ctrl-C would, and says
where the reports are when it ends.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from kit.room.console_parts import Desk, button, part
from kit.room.follow import Follower
from kit.room.report_run import ReportsProgress, ReportsRun


class ReportsPanel:
    """Start, follow and stop the cohort's batch of personal reports."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.run: ReportsRun | None = None
        self.follower: Follower[ReportsProgress] | None = None
        self.generate_button = button(
            "Generate everyone's reports", "file-text", "nr-reports-generate", "primary"
        )
        self.stop_button = button("Stop after the reports being made", "stop", "nr-reports-stop")
        self.bar = widgets.IntProgress(value=0, min=0, max=1, description="Reports")
        self.status = widgets.HTML(
            "<p>Each person's report holds their own answers only. Reports whose answers have "
            "not changed since the last batch are kept as they are.</p>"
        )
        self.generate_button.on_click(lambda _b: self.generate())
        self.stop_button.on_click(lambda _b: self.stop())
        self.stop_button.disabled = True
        self.bar.layout.display = "none"
        self.widget = part(
            [widgets.HBox([self.generate_button, self.stop_button]), self.bar, self.status],
            "nr-reports",
        )

    def generate(self) -> None:
        if self.run is not None and self.run.running:
            return
        self.run = ReportsRun(self.desk.store, self.desk.cohort_id)
        self.run.start()
        self.generate_button.disabled = True
        self.stop_button.disabled = False
        self.bar.layout.display = None
        self.draw(self.run.progress())
        self.follower = Follower(self.run.progress, self.draw, name="nextround-reports")
        self.follower.start()

    def stop(self) -> None:
        if self.run is not None:
            self.run.stop()
            self.stop_button.disabled = True
            self.status.value = "<p>Stopping: the reports being made finish, and no more start.</p>"

    def poll(self) -> ReportsProgress | None:
        """Read the progress now and show it (the follower does this every second)."""
        if self.run is None:
            return None
        progress = self.run.progress()
        self.draw(progress)
        return progress

    def draw(self, progress: ReportsProgress) -> None:
        self.bar.max = max(progress.total, 1)
        self.bar.value = progress.done
        failed = (
            f"<b class='nr-reports-failed'>{progress.failed} failed</b>"
            if progress.failed
            else "none failed"
        )
        folder = html.escape(str(progress.folder))
        if progress.running:
            self.status.value = (
                f"<p class='nr-reports-running' role='status'>{progress.done} of "
                f"{progress.total} done, {failed}.</p>"
            )
            return
        if self.follower is not None:
            self.follower.stop()
        self.generate_button.disabled = False
        self.stop_button.disabled = True
        if progress.stopped:
            ending = (
                f"Stopped before the end, after {progress.done} of {progress.total}, {failed}: "
                "generate again to carry on where it stopped."
            )
        elif progress.exit_code not in (0, 1):
            ending = "The batch could not run: " + html.escape(_last_line(self.run))
        else:
            ending = f"{progress.done} of {progress.total} done, {failed}."
        self.status.value = (
            f"<p class='nr-reports-finished' role='status'>{ending} The reports are in "
            f"<code>{folder}</code>; its <code>manifest.csv</code> lists each one, and why "
            "any failed.</p>"
        )


def _last_line(run: ReportsRun | None) -> str:
    lines = [line for line in (run.output() if run else "").splitlines() if line.strip()]
    return lines[-1] if lines else "no message."

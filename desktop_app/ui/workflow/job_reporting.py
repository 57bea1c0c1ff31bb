"""A job's life told to the user: busy, progress, done (its pictures), failed, cancelled.

:class:`JobReporting` listens to the runner and keeps the edit panel's status, the results
and the banner in step with the job.
"""

from __future__ import annotations

from desktop_app.core.editing import EditResult, Progress
from desktop_app.core.errors import RetouchError
from desktop_app.ui.edit.edit_panel import EditPanel
from desktop_app.ui.edit.edit_runner import EditRunner
from desktop_app.ui.edit.result_shelf import ResultShelf, result_notice
from desktop_app.ui.workflow.banner_voice import BannerVoice
from desktop_app.ui.workflow.window_tasks import WindowTasks


class JobReporting:
    """Connects the runner's job signals to what the window shows.

    Args:
        runner: the jobs to report.
        panel: its Run/Cancel buttons and status line follow the job.
        shelf: shows a finished job's pictures.
        voice: the error of a failed job, the notes of a finished one.
        tasks: loads the results off the GUI thread.
    """

    def __init__(
        self,
        runner: EditRunner,
        panel: EditPanel,
        shelf: ResultShelf,
        voice: BannerVoice,
        tasks: WindowTasks,
    ) -> None:
        self._panel = panel
        self._shelf = shelf
        self._voice = voice
        self._tasks = tasks
        runner.busyChanged.connect(panel.setBusy)
        runner.progressChanged.connect(self._on_progress)
        runner.succeeded.connect(self._on_succeeded)
        runner.failed.connect(self._on_failed)
        runner.cancelled.connect(self._on_cancelled)

    def _on_progress(self, progress: Progress) -> None:
        self._panel.status.update_progress(progress)

    def _on_succeeded(self, result: EditResult) -> None:
        self._panel.status.finishDone()
        self._tasks.spawn(self._show_results(result))

    def _on_failed(self, error: RetouchError) -> None:
        self._panel.status.finishFailed(error.kind)
        self._voice.showError(error)

    def _on_cancelled(self) -> None:
        self._panel.status.finishCancelled()

    async def _show_results(self, result: EditResult) -> None:
        await self._shelf.show(result)
        if result.warnings or result.ratio_mismatch:
            self._voice.notice(lambda: result_notice(result))

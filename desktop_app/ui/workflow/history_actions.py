"""What the History dock asks of the window: show a job, reuse it, use its result, retry it.

:class:`HistoryActions` answers the history panel's requests with the window's input,
edit panel, results and launcher.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.editing import EditRequest
from desktop_app.ui.edit.edit_panel import EditPanel
from desktop_app.ui.edit.edit_runner import EditRunner
from desktop_app.ui.edit.result_shelf import ResultShelf
from desktop_app.ui.workflow.edit_launcher import EditLauncher
from desktop_app.ui.workflow.input_intake import InputIntake
from desktop_app.ui.workflow.window_tasks import WindowTasks

if TYPE_CHECKING:
    from desktop_app.core.history.records import JobRecord


class HistoryActions:
    """Acts on jobs picked in the history.

    Args:
        intake: loads a job's input as the picture on show.
        panel: takes a job's prompt and ratio.
        shelf: shows a job's results.
        runner: whether a job runs now (no retry meanwhile).
        launcher: runs a job's request again.
        tasks: runs the loading off the GUI thread.
        executor: where the result files are looked for.
    """

    def __init__(
        self,
        intake: InputIntake,
        panel: EditPanel,
        shelf: ResultShelf,
        runner: EditRunner,
        launcher: EditLauncher,
        tasks: WindowTasks,
        executor: Executor,
    ) -> None:
        self._intake = intake
        self._panel = panel
        self._shelf = shelf
        self._runner = runner
        self._launcher = launcher
        self._tasks = tasks
        self._executor = executor

    def showJob(self, record: JobRecord) -> asyncio.Future[Any]:
        """Show a job from the history: its input before, its results after."""
        return self._tasks.spawn(self._show_job(record))

    def reuseJob(self, record: JobRecord) -> None:
        """Put a job's prompt and ratio in the edit panel."""
        self._panel.prompt.setText(record.prompt)
        self._panel.ratio.setRatio(record.ratio)

    def retryJob(self, record: JobRecord) -> asyncio.Future[Any]:
        """Run a job's request again (Try again on an interrupted or failed job)."""
        return self._tasks.spawn(self._retry_job(record))

    def useJobResult(self, record: JobRecord) -> None:
        """Take a job's first result as the next input."""
        if record.outputs:
            self._intake.openPath(record.outputs[0].path)

    async def _show_job(self, record: JobRecord) -> None:
        if record.inputs:
            await self._intake.load(record.inputs[0], keep_batch=True)
        loop = asyncio.get_running_loop()
        outputs = await loop.run_in_executor(
            self._executor, lambda: [p for p in record.output_paths if p.exists()]
        )
        if outputs:
            await self._shelf.showFiles(outputs, record.ratio)

    async def _retry_job(self, record: JobRecord) -> None:
        if not record.inputs or self._runner.isBusy():
            return
        await self._intake.load(record.inputs[0])
        self.reuseJob(record)
        stem = Path(record.source_names[0]).stem if record.source_names else None
        self._launcher.run(
            EditRequest(
                inputs=(record.inputs[0],),
                prompt=record.prompt,
                ratio=record.ratio,
                model=record.model or None,
                name_stem=stem,
            )
        )

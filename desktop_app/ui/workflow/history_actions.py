"""What the History dock asks of the window: show a job, reuse it, use its result, retry it.

:class:`HistoryActions` answers the history panel's requests with the window's input,
edit panel, results and launcher.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.edit_job import EditRequest
from desktop_app.ui.edit.edit_panel import EditPanel
from desktop_app.ui.edit.edit_runner import EditRunner
from desktop_app.ui.edit.result_shelf import ResultShelf
from desktop_app.ui.workflow.edit_launcher import EditLauncher
from desktop_app.ui.workflow.input_intake import InputIntake
from desktop_app.ui.workflow.region_masking import RegionMasking
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
        masking: a region edit's mask, back on the Before picture.
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
        masking: RegionMasking,
        tasks: WindowTasks,
        executor: Executor,
    ) -> None:
        self._intake = intake
        self._panel = panel
        self._shelf = shelf
        self._runner = runner
        self._launcher = launcher
        self._masking = masking
        self._tasks = tasks
        self._executor = executor

    def showJob(self, record: JobRecord) -> asyncio.Future[Any]:
        """Show a job from the history: its input before, its results after."""
        return self._tasks.spawn(self._show_job(record))

    def reuseJob(self, record: JobRecord) -> None:
        """Put a job's prompt and ratio in the edit panel; a region edit's picture and mask
        come back too."""
        from desktop_app.core.history.masks import is_region_edit

        self._fill_panel(record)
        if is_region_edit(record) and record.inputs:
            self._tasks.spawn(self._reuse_region(record))

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
        outputs, model = await loop.run_in_executor(self._executor, _files_left, record)
        if outputs:
            await self._shelf.showFiles(outputs, record.ratio)
            self._shelf.setModelPictures(outputs, model)

    async def _retry_job(self, record: JobRecord) -> None:
        if not record.inputs or self._runner.isBusy():
            return
        await self._intake.load(record.inputs[0])
        self._fill_panel(record)
        stem = Path(record.source_names[0]).stem if record.source_names else None
        request = EditRequest(
            inputs=(record.inputs[0],),
            prompt=record.prompt,
            ratio=record.ratio,
            model=record.model or None,
            name_stem=stem,
        )
        if await self._masking.restore(record):  # the same region again
            (request,) = await self._masking.withMask([request])
        self._launcher.run(request)

    def _fill_panel(self, record: JobRecord) -> None:
        self._panel.prompt.setText(record.prompt)
        self._panel.ratio.setRatio(record.ratio)

    async def _reuse_region(self, record: JobRecord) -> None:
        current = self._intake.current()
        if current is None or current.path != record.inputs[0]:
            await self._intake.load(record.inputs[0], keep_batch=True)
        await self._masking.restore(record)


def _files_left(record: JobRecord) -> tuple[list[Path], list[Path]]:
    """``record``'s results and model pictures that are still on disk."""
    outputs = [path for path in record.output_paths if path.exists()]
    return outputs, [out.path for out in record.model_outputs if out.path.exists()]

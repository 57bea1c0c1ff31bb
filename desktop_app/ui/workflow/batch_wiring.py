"""Batches in the window: the queue shows itself, the first result shows, Export all.

:class:`BatchWiring` follows the runner's batch signals: it keeps the last batch (the one
Export all writes), shows the first finished job of a batch, and sums a batch up when it
ends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.ui.edit.edit_panel import EditPanel
from desktop_app.ui.edit.edit_runner import EditRunner
from desktop_app.ui.edit.provider_session import ProviderSession
from desktop_app.ui.edit.result_export import export_batch
from desktop_app.ui.edit.result_shelf import ResultShelf
from desktop_app.ui.workflow.banner_voice import BannerVoice
from desktop_app.ui.workflow.input_intake import InputIntake
from desktop_app.ui.workflow.window_docks import WindowDocks
from desktop_app.ui.workflow.window_tasks import WindowTasks

if TYPE_CHECKING:
    from desktop_app.core.batch import Batch, BatchJob

# lupdate reads ``translate("MainWindow", …)``: these texts keep the window's context.
translate = QCoreApplication.translate


class BatchWiring:
    """Connects the runner's batches to the queue dock, the results and Export all.

    Args:
        window: parent of the Export all dialog.
        runner: runs the batches.
        docks: the queue (shown when a batch starts) and its jobs.
        panel: its status line sums a batch up.
        intake: loads a batch job's input as the picture on show.
        shelf: shows a batch job's results.
        session: the concurrency named in the status.
        voice: tells how many jobs failed.
        tasks: runs the loading and exporting off the GUI thread.
        executor: where exports are written.
        status: shows a short message in the status bar.
    """

    def __init__(
        self,
        window: QWidget,
        runner: EditRunner,
        docks: WindowDocks,
        panel: EditPanel,
        intake: InputIntake,
        shelf: ResultShelf,
        session: ProviderSession,
        voice: BannerVoice,
        tasks: WindowTasks,
        executor: Executor,
        status: Callable[[str, int], None],
    ) -> None:
        self._window = window
        self._runner = runner
        self._docks = docks
        self._panel = panel
        self._intake = intake
        self._shelf = shelf
        self._session = session
        self._voice = voice
        self._tasks = tasks
        self._executor = executor
        self._status = status
        self._last_batch: Batch | None = None
        # Each batch's first result shown (its task): the later variations wait for it.
        self._batch_shown: dict[Batch, asyncio.Future[Any] | None] = {}
        runner.batchStarted.connect(self._on_batch_started)
        runner.batchJobChanged.connect(self._on_batch_job_changed)
        runner.batchFinished.connect(self._on_batch_finished)
        docks.queue.jobSelected.connect(self.showBatchJob)

    def lastBatch(self) -> Batch | None:
        return self._last_batch

    def showBatchJob(self, job: BatchJob) -> asyncio.Future[Any] | None:
        """Show a finished batch job: its input before, its results after."""
        if job.result is None:
            return None
        return self._tasks.spawn(self._show_batch_job(job))

    def askExportAll(self) -> None:
        """File → Export all: ask for a folder for every result of the last batch."""
        if self._last_batch is None or not any(
            job.result is not None for job in self._docks.queue.jobsOf(self._last_batch)
        ):
            self._status(translate("MainWindow", "No batch results to export yet"), 4000)
            return
        folder = QFileDialog.getExistingDirectory(
            self._window, translate("MainWindow", "Export all results into")
        )
        if folder:
            self.exportAllTo(Path(folder))

    def exportAllTo(self, folder: Path) -> asyncio.Future[Any]:
        """Write every result of the last batch into ``folder`` (with their metadata)."""
        return self._tasks.spawn(self._export_all(folder))

    def _on_batch_started(self, batch: Batch) -> None:
        if len(batch.jobs) > 1 or self._last_batch is None:
            self._last_batch = batch
        if not _one_picture(batch):  # a picture's variations step through the result strip
            self._docks.queueDock.show()
        self._panel.status.setMessage(
            translate("MainWindow", "Running {n} jobs, {c} at once…").format(
                n=len(batch.jobs), c=self._session.effectiveSettings().concurrency
            )
        )

    def _on_batch_job_changed(self, job: BatchJob) -> None:
        batch = self._last_batch
        if job.state != "done" or batch is None or not any(j is job for j in batch.jobs):
            return
        first = self._batch_shown.get(batch)
        if first is None:  # the first result goes on show
            self._batch_shown[batch] = self.showBatchJob(job)
        elif _one_picture(batch):  # the next variations join it in the result strip
            self._tasks.spawn(self._append_variation(first, job))

    async def _append_variation(self, first: asyncio.Future[Any] | None, job: BatchJob) -> None:
        if first is not None:
            await first  # else the first show would replace the list
        assert job.result is not None
        await self._shelf.appendFiles(job.result.outputs)

    def _on_batch_finished(self, batch: Batch) -> None:
        self._batch_shown.pop(batch, None)
        if self._runner.isBusy():
            return
        done = sum(job.state == "done" for job in batch.jobs)
        failed = sum(job.state == "failed" for job in batch.jobs)
        self._panel.status.end(
            translate("MainWindow", "{done} of {n} jobs done").format(done=done, n=len(batch.jobs))
        )
        if failed:
            self._voice.notice(
                lambda: translate(
                    "MainWindow",
                    "{failed} of {n} jobs failed; select one in the queue to try again.",
                ).format(failed=failed, n=len(batch.jobs))
            )

    async def _show_batch_job(self, job: BatchJob) -> None:
        assert job.result is not None
        if job.request.inputs:
            await self._intake.load(job.request.inputs[0], keep_batch=True)
        await self._shelf.show(job.result)

    async def _export_all(self, folder: Path) -> list[Path]:
        batch = self._last_batch
        if batch is None:
            return []
        written = await export_batch(
            self._docks.queue.jobsOf(batch),
            folder,
            store=await self._runner.history(),
            executor=self._executor,
            quality=self._session.effectiveSettings().export_quality,
        )
        self._status(
            translate("MainWindow", "Exported {n} pictures into {folder}").format(
                n=len(written), folder=folder
            ),
            5000,
        )
        return written


def _one_picture(batch: Batch) -> bool:
    """Whether every job of ``batch`` edits the same picture(s): one picture's variations."""
    return len({job.request.inputs for job in batch.jobs}) == 1

"""The main window: a picture in, a prompt and a ratio, the result beside the original.

The window composes widgets and wires them to :class:`EditRunner`; decoding, scaling,
saving and the network all run off the GUI thread (executor or asyncio loop).
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import logging
from collections.abc import Callable, Coroutine
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.core.editing import EditRequest, EditResult, Progress
from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.settings import Settings, data_dir, load_settings, save_settings
from desktop_app.ui.common.qt_images import save_qimage
from desktop_app.ui.compare.before_after_view import MODES, BeforeAfterView
from desktop_app.ui.docks.history_panel import HistoryPanel
from desktop_app.ui.docks.queue_panel import QueuePanel
from desktop_app.ui.edit.edit_panel import EditPanel
from desktop_app.ui.edit.edit_runner import EditRunner
from desktop_app.ui.edit.error_banner import ErrorBanner
from desktop_app.ui.edit.error_texts import error_details, error_message, error_title
from desktop_app.ui.edit.mime_inputs import OfferedInput, offered_input
from desktop_app.ui.edit.prompt_edit import remember_prompt
from desktop_app.ui.edit.provider_session import ProviderSession
from desktop_app.ui.edit.result_bar import ResultBar
from desktop_app.ui.edit.result_export import export_batch, export_options_for, save_dialog_title
from desktop_app.ui.edit.result_shelf import Picture, ResultShelf, load_picture, result_notice
from desktop_app.ui.window.first_run_panel import FirstRunPanel
from desktop_app.ui.window.i18n import apply_language
from desktop_app.ui.window.window_menus import MenuHandlers, WindowMenus
from desktop_app.ui.window.window_state import restore_window_state, save_window_state

# Pillow, httpx and the modules built on them are imported where a job or a file needs
# them, not here: the window's first paint needs none of them (see ui/app.py's preload).
if TYPE_CHECKING:
    from desktop_app.core.batch import Batch, BatchJob
    from desktop_app.core.history.records import JobRecord
    from desktop_app.core.imaging.export import ExportOptions, FitMode
    from desktop_app.core.imaging.prep import ImageInfo
    from desktop_app.demo import DemoProvider

log = logging.getLogger(__name__)


def describe_input(info: ImageInfo, path: Path) -> str:
    """ "photo.jpg / 4000 × 3000 px · JPEG · 3.2 MB", in the window's language."""
    text = QCoreApplication.translate("MainWindow", "{name}\n{w} × {h} px · {format} · {mb} MB")
    return text.format(
        name=path.name,
        w=info.width,
        h=info.height,
        format=info.format,
        mb=f"{info.file_size / (1024 * 1024):.1f}",
    )


class MainWindow(QMainWindow):
    """Retouch Studio's main window.

    Args:
        demo: point the window at a built-in demo provider on 127.0.0.1 (no token needed).
        settings: for tests; by default the stored settings with ``RETOUCH_*`` overrides.
        executor: where image work runs; by default a small pool owned by the window.
    """

    def __init__(
        self,
        *,
        demo: bool = False,
        settings: Settings | None = None,
        executor: Executor | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._session = ProviderSession(settings or load_settings(), demo=demo)
        apply_language(self._session.settings().language)  # before any widget words itself
        self._own_executor = executor is None
        self._executor = executor or ThreadPoolExecutor(4, thread_name_prefix="retouch-images")
        self._input: Picture | None = None
        # Several dropped or opened pictures: the next Run edits each (one job each).
        self._batch_inputs: list[Path] = []
        self._last_batch: Batch | None = None
        self._batch_shown: set[Batch] = set()
        self._tasks: set[asyncio.Future[Any]] = set()
        # Re-shows what the banner says, in the current language (after a language switch).
        self._banner_words: Callable[[], None] | None = None
        self.runner = EditRunner(
            self._session.effectiveSettings,
            self._session.token,
            self._executor,
            self,
            self._session.clientOptions,
        )

        self._panel = EditPanel(self)
        self._panel.prompt.setRecentPrompts(self._session.settings().recent_prompts)
        self._banner = ErrorBanner(self)
        self._first_run = FirstRunPanel(self._session.settings().base_url, self)
        self._first_run.hide()
        self._banner.clear()
        self._view = BeforeAfterView(self)
        self._result_bar = ResultBar(self)
        self._shelf = ResultShelf(self._view, self._result_bar, self._executor, self)
        self._splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self._splitter.setObjectName("mainSplitter")
        self._build_layout()
        self._history = HistoryPanel(
            self.runner.history, self._executor, data_dir() / "thumbnails", self
        )
        # Hidden until asked for (restore_window_state may show them); the queue also shows
        # itself when a batch starts.
        self._history_dock = self._add_dock(
            "historyDock", self.tr("History"), self._history, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self._queue = QueuePanel(self.runner, self)
        self._queue_dock = self._add_dock(
            "queueDock", self.tr("Queue"), self._queue, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self._menus = WindowMenus(
            self,
            MenuHandlers(
                open=self._ask_open,
                paste=self.pasteFromClipboard,
                save=self._ask_save,
                copy=self.copyResult,
                use_result=self.useResultAsInput,
                quit=self.close,
                zoom_in=self._view.zoomIn,
                zoom_out=self._view.zoomOut,
                zoom_fit=self._view.zoomToFit,
                zoom_actual=self._view.zoomToActualSize,
                compare_mode=self._view.setMode,
                about=self._about,
                settings=self.openSettings,
                run=self._start_edit,
                cancel=self.runner.cancel,
                next_compare_mode=self.showNextCompareMode,
                next_result=lambda: self.showResultAt(self._shelf.currentIndex() + 1),
                previous_result=lambda: self.showResultAt(self._shelf.currentIndex() - 1),
                shortcuts=self.showShortcuts,
                history=self.toggleHistory,
                queue=self.toggleQueue,
                save_fit_crop=lambda: self._ask_save(fit="crop"),
                save_fit_pad=lambda: self._ask_save(fit="pad"),
                save_source_size=lambda: self._ask_save(match_source=True),
                export_all=self._ask_export_all,
            ),
        )
        self._set_tab_order()
        self._connect()
        self._set_result_actions_enabled(False)
        self._update_title()
        self.setAcceptDrops(True)
        self.resize(1400, 860)
        restore_window_state(self, {"main": self._splitter})
        QTimer.singleShot(0, self._refresh_first_run)

    # ----------------------------------------------------------------- building

    def _add_dock(
        self, name: str, title: str, panel: QWidget, area: Qt.DockWidgetArea
    ) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # saveState/restoreState find docks by name
        dock.setWidget(panel)
        self.addDockWidget(area, dock)
        dock.hide()
        return dock

    def _build_layout(self) -> None:
        result_column = QWidget(self)
        result_column.setObjectName("resultArea")
        column = QVBoxLayout(result_column)
        column.setContentsMargins(0, 12, 16, 12)
        column.setSpacing(8)
        column.addWidget(self._first_run, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self._banner)
        column.addWidget(self._view, 1)
        column.addWidget(self._result_bar)
        self._panel.setMinimumWidth(280)
        self._splitter.addWidget(self._panel)
        self._splitter.addWidget(result_column)
        self._splitter.setStretchFactor(1, 1)
        self._splitter.setSizes([340, 1060])
        self._splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self._splitter)

    def _set_tab_order(self) -> None:
        """Tab follows the work: prompt, ratio, Run, Cancel, then the result area."""
        chain = [
            *self._panel.focusChain(),
            *self._first_run.focusChain(),
            *self._banner.focusChain(),
            *self._view.focusChain(),
            *self._result_bar.buttons(),
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self._panel.runRequested.connect(self._start_edit)
        self._panel.cancelRequested.connect(self.runner.cancel)
        self._result_bar.saveRequested.connect(self._ask_save)
        self._result_bar.copyRequested.connect(self.copyResult)
        self._result_bar.useRequested.connect(self.useResultAsInput)
        self._banner.retryRequested.connect(self._retry)
        self._first_run.settingsRequested.connect(self.openSettings)
        self._first_run.demoRequested.connect(self.useDemoProvider)
        self._shelf.hasResultsChanged.connect(self._set_result_actions_enabled)
        self._shelf.currentChanged.connect(self._update_fit_actions)
        self._view.differenceRequested.connect(self._request_difference)
        self.runner.busyChanged.connect(self._on_busy)
        self.runner.progressChanged.connect(self._on_progress)
        self.runner.succeeded.connect(self._on_succeeded)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(self._on_cancelled)
        self.runner.jobRecorded.connect(self._history.jobStarted)
        self.runner.jobEnded.connect(self._history.jobEnded)
        self._history.openRequested.connect(self.showJob)
        self._history.reuseRequested.connect(self.reuseJob)
        self._history.useAsInputRequested.connect(self._use_job_result)
        self._history.retryRequested.connect(self.retryJob)
        self.runner.batchStarted.connect(self._on_batch_started)
        self.runner.batchJobChanged.connect(self._on_batch_job_changed)
        self.runner.batchFinished.connect(self._on_batch_finished)
        self._queue.jobSelected.connect(self.showBatchJob)

    # ------------------------------------------------------------ public API

    def beforeAfterView(self) -> BeforeAfterView:
        return self._view

    def editPanel(self) -> EditPanel:
        return self._panel

    def banner(self) -> ErrorBanner:
        return self._banner

    def inputPath(self) -> Path | None:
        return self._input.path if self._input else None

    def resultPaths(self) -> list[Path]:
        return self._shelf.paths()

    def currentResultPath(self) -> Path | None:
        picture = self._shelf.current()
        return picture.path if picture else None

    def settings(self) -> Settings:
        return self._session.settings()

    def demoProvider(self) -> DemoProvider | None:
        """The built-in demo relay while the window uses it (tests and screenshots inject)."""
        return self._session.demoProvider()

    def openPath(self, path: Path) -> asyncio.Future[Any]:
        """Load ``path`` as the input (off the GUI thread); the current one stays on failure."""
        return self._spawn(self._load_input(path))

    def pasteFromClipboard(self) -> asyncio.Future[Any] | None:
        return self._accept_offer(offered_input(QGuiApplication.clipboard().mimeData()))

    def saveResultAs(
        self,
        target: Path,
        *,
        fit: FitMode | None = None,
        match_source: bool = False,
    ) -> asyncio.Future[Any]:
        """Export the result on show to ``target`` with its metadata and the source's colour
        profile; ``fit`` crops or pads it to the asked ratio, ``match_source`` scales it
        towards the source's size."""
        return self._spawn(self._save_result(target, fit=fit, match_source=match_source))

    def openPaths(self, paths: list[Path]) -> asyncio.Future[Any]:
        """Take ``paths`` as the next Run's inputs (one job each); the first is shown."""
        if len(paths) == 1:
            return self.openPath(paths[0])
        return self._spawn(self._load_batch_inputs(list(paths)))

    def batchInputs(self) -> list[Path]:
        """The pictures the next Run edits one by one (empty: just the input on show)."""
        return list(self._batch_inputs)

    def queuePanel(self) -> QueuePanel:
        return self._queue

    def queueDock(self) -> QDockWidget:
        return self._queue_dock

    def toggleQueue(self) -> None:
        """View → Queue: show or hide the queue."""
        self._queue_dock.setVisible(not self._queue_dock.isVisible())

    def lastBatch(self) -> Batch | None:
        return self._last_batch

    def showBatchJob(self, job: BatchJob) -> asyncio.Future[Any] | None:
        """Show a finished batch job: its input before, its results after."""
        if job.result is None:
            return None
        return self._spawn(self._show_batch_job(job))

    def exportAllTo(self, folder: Path) -> asyncio.Future[Any]:
        """Write every result of the last batch into ``folder`` (with their metadata)."""
        return self._spawn(self._export_all(folder))

    def copyResult(self) -> None:
        if self._shelf.copy():
            self.statusBar().showMessage(self.tr("Result copied to the clipboard"), 4000)

    def useResultAsInput(self) -> asyncio.Future[Any] | None:
        path = self.currentResultPath()
        return self.openPath(path) if path else None

    def openSettings(self) -> Any:
        """Open the settings dialog (window-modal, so the loop keeps running); returns it."""
        from desktop_app.ui.settings.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self._session.settings(), self._executor, parent=self)
        dialog.settingsSaved.connect(self._on_settings_saved)
        dialog.open()
        return dialog

    def menus(self) -> WindowMenus:
        return self._menus

    def showResultAt(self, index: int) -> None:
        """Show result ``index`` (clamped to the results there are), as the strip would."""
        self._shelf.showAt(index)

    def showNextCompareMode(self) -> None:
        """Side by side → split → difference → side by side."""
        self._view.setMode(MODES[(MODES.index(self._view.mode()) + 1) % len(MODES)])

    def showShortcuts(self) -> Any:
        """Help → Keyboard shortcuts (window-modal, so the loop keeps running); returns it."""
        from desktop_app.ui.window.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self._menus.shortcutEntries(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def historyPanel(self) -> HistoryPanel:
        return self._history

    def historyDock(self) -> QDockWidget:
        return self._history_dock

    def toggleHistory(self) -> None:
        """View → History: show or hide the history panel."""
        self._history_dock.setVisible(not self._history_dock.isVisible())

    def showJob(self, record: JobRecord) -> asyncio.Future[Any]:
        """Show a job from the history: its input before, its results after."""
        return self._spawn(self._show_job(record))

    def reuseJob(self, record: JobRecord) -> None:
        """Put a job's prompt and ratio in the edit panel."""
        self._panel.prompt.setText(record.prompt)
        self._panel.ratio.setRatio(record.ratio)

    def retryJob(self, record: JobRecord) -> asyncio.Future[Any]:
        """Run a job's request again (Try again on an interrupted or failed job)."""
        return self._spawn(self._retry_job(record))

    def useDemoProvider(self) -> None:
        """Switch this window to the built-in offline demo provider."""
        self._session.useDemo()
        self._first_run.hide()
        self._say(
            lambda: self._banner.showNotice(
                self.tr(
                    "Using the built-in demo provider: results are made "
                    "on this computer, nothing is sent anywhere."
                )
            )
        )
        self._update_title()

    async def shutdown(self) -> None:
        """Stop jobs, close the network client and the demo provider; await before exit."""
        await self._history.aclose()
        await self.runner.aclose()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._session.stop()
        if self._own_executor and isinstance(self._executor, ThreadPoolExecutor):
            self._executor.shutdown(wait=False, cancel_futures=True)

    # ------------------------------------------------------------ internals

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Future[Any]:
        """Run ``coroutine`` on the loop; its RetouchError becomes the banner, never a crash."""
        task = asyncio.ensure_future(self._guarded(coroutine))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        # A task cancelled before it ran (window closed at once) never starts ``coroutine``;
        # closing it says so instead of a "never awaited" warning.
        task.add_done_callback(lambda _: coroutine.close())
        return task

    async def _guarded(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        try:
            return await coroutine
        except RetouchError as error:
            self._show_error(error)
        except Exception as exc:
            log.exception("unexpected failure in the window")
            self._show_error(
                RetouchError(
                    ErrorKind.BAD_INPUT,
                    "Something unexpected went wrong. Your picture is safe; try again, and "
                    "if it repeats, send the details to us.",
                    f"{type(exc).__name__}: {exc}",
                    params={"problem": "unexpected"},  # worded by ui.error_texts
                )
            )
        return None

    def _on_settings_saved(self, settings: Settings) -> None:
        self._session.setSettings(settings)
        apply_language(settings.language)  # widgets re-word themselves on LanguageChange
        self._first_run.setProviderAddress(settings.base_url)
        self._spawn(self.runner.resetClient())
        self._refresh_first_run()

    def _refresh_first_run(self) -> None:
        if not self._session.isDemo():
            self._spawn(self._check_token())

    async def _check_token(self) -> None:
        loop = asyncio.get_running_loop()
        has_token = await loop.run_in_executor(self._executor, self._session.hasToken)
        self._first_run.setVisible(not has_token)

    def _update_title(self) -> None:
        parts = [APP_NAME]
        if self._input:
            parts.insert(0, self._input.path.name)
        title = " — ".join(parts)
        self.setWindowTitle(title + (self.tr(" (demo provider)") if self._session.isDemo() else ""))

    def _set_result_actions_enabled(self, enabled: bool) -> None:
        self._result_bar.setActionsEnabled(enabled)
        self._menus.setResultActionsEnabled(enabled)
        self._update_fit_actions()

    def _update_fit_actions(self) -> None:
        """Fitting to the asked ratio is offered when the result came in another shape."""
        differs = self._shelf.ratioDiffers()
        for name in ("save_fit_crop", "save_fit_pad"):
            self._menus.action(name).setEnabled(differs)

    def _say(self, words: Callable[[], None]) -> None:
        """Show something in the banner through ``words``, kept to re-word it later."""
        self._banner_words = words
        words()

    def _show_error(self, error: RetouchError) -> None:
        retryable = error.retryable and self.runner.lastRequest() is not None
        self._say(
            lambda: self._banner.showError(
                error_title(error.kind),
                error_message(error),
                reason=error.reason,
                details=error_details(error),
                retryable=retryable,
            )
        )

    def _refuse(self, words: Callable[[], str]) -> None:
        """A problem with what the user asked (nothing was sent), worded by ``words``."""
        self._say(
            lambda: self._banner.showError(
                error_title(ErrorKind.BAD_INPUT), words(), retryable=False
            )
        )

    # input

    async def _load_input(self, path: Path, *, keep_batch: bool = False) -> None:
        picture = await load_picture(path, self._executor)
        if not keep_batch:
            self._batch_inputs = []
            self._panel.setPictureCount(1)
        self._input = picture
        self._view.setBefore(picture.image)
        self._shelf.clear()
        if picture.info is not None:
            self._panel.setInputInfo(describe_input(picture.info, path))
        self._banner.clear()
        self._update_title()

    async def _show_job(self, record: JobRecord) -> None:
        if record.inputs:
            await self._load_input(record.inputs[0], keep_batch=True)
        loop = asyncio.get_running_loop()
        outputs = await loop.run_in_executor(
            self._executor, lambda: [p for p in record.output_paths if p.exists()]
        )
        if outputs:
            await self._shelf.showFiles(outputs, record.ratio)

    def _use_job_result(self, record: JobRecord) -> None:
        if record.outputs:
            self.openPath(record.outputs[0].path)

    async def _retry_job(self, record: JobRecord) -> None:
        if not record.inputs or self.runner.isBusy():
            return
        await self._load_input(record.inputs[0])
        self.reuseJob(record)
        stem = Path(record.source_names[0]).stem if record.source_names else None
        self._run(
            EditRequest(
                inputs=(record.inputs[0],),
                prompt=record.prompt,
                ratio=record.ratio,
                model=record.model or None,
                name_stem=stem,
            )
        )

    def _accept_offer(self, offer: OfferedInput) -> asyncio.Future[Any] | None:
        if offer.files:
            return self.openPaths(list(offer.files))
        if offer.image is not None:
            return self._spawn(self._load_pasted(offer.image))
        if offer.urls:
            return self._spawn(self._load_remote(offer.urls[0]))
        self.statusBar().showMessage(self.tr("The clipboard holds no picture"), 4000)
        return None

    async def _load_batch_inputs(self, paths: list[Path]) -> None:
        await self._load_input(paths[0])
        self._batch_inputs = paths
        self._panel.setPictureCount(len(paths))
        count = len(paths)
        self._say(
            lambda: self._banner.showNotice(
                self.tr("{n} pictures arrived; Run edits each of them with the prompt.").format(
                    n=count
                )
            )
        )

    async def _load_pasted(self, image: Any) -> None:
        from desktop_app.core.inputs import pasted_image_path

        path = await save_qimage(image, pasted_image_path(), self._executor)
        await self._load_input(path)

    async def _load_remote(self, url: str) -> None:
        from desktop_app.core.inputs import fetch_remote_input

        self._panel.status.setMessage(self.tr("Fetching the picture…"))
        path = await fetch_remote_input(await self.runner.client(), url, self._executor)
        self._panel.status.setReady()
        await self._load_input(path)

    def _ask_open(self) -> None:
        start = str(self._input.path.parent) if self._input else ""
        filters = self.tr(
            "Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff *.gif);;All files (*)"
        )
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Open one or more pictures"), start, filters
        )
        if names:
            self.openPaths([Path(name) for name in names])

    # running

    def _start_edit(self) -> None:
        if self.runner.isBusy():
            return
        if self._input is None:
            self._refuse(lambda: self.tr("Add a picture first: drop one here, paste or open one."))
            return
        prompt = self._panel.prompt.text().strip()
        if not prompt:
            self._refuse(lambda: self.tr("Describe the change you want in the prompt box."))
            return
        if not self._panel.ratio.hasValidRatio():
            self._refuse(self._ratio_problem)
            return
        ratio = self._panel.ratio.ratio()
        self._remember(prompt)
        inputs = self._batch_inputs or [self._input.path]
        variations = self._panel.variations.value()
        together = self._panel.together.isChecked() and len(inputs) > 1
        if len(inputs) == 1 and variations == 1:
            self._run(EditRequest(inputs=(inputs[0],), prompt=prompt, ratio=ratio))
            return
        from desktop_app.core.batch import plan_requests

        try:
            requests = plan_requests(
                inputs, prompt, ratio, variations=variations, together=together
            )
        except RetouchError as error:  # e.g. more than 4 pictures together
            self._show_error(error)
            return
        if len(requests) == 1:
            self._run(requests[0])
            return
        self._banner.clear()
        self.runner.startBatch(requests)

    # batches

    def _on_batch_started(self, batch: Batch) -> None:
        if len(batch.jobs) > 1 or self._last_batch is None:
            self._last_batch = batch
        self._queue_dock.show()
        self._panel.status.setMessage(
            self.tr("Running {n} jobs, {c} at once…").format(
                n=len(batch.jobs), c=self._session.effectiveSettings().concurrency
            )
        )

    def _on_batch_job_changed(self, job: BatchJob) -> None:
        batch = self._last_batch
        if (
            job.state == "done"
            and batch is not None
            and batch not in self._batch_shown
            and any(j is job for j in batch.jobs)
        ):
            self._batch_shown.add(batch)  # the first result on show; the queue shows others
            self.showBatchJob(job)

    def _on_batch_finished(self, batch: Batch) -> None:
        self._batch_shown.discard(batch)
        if self.runner.isBusy():
            return
        done = sum(job.state == "done" for job in batch.jobs)
        failed = sum(job.state == "failed" for job in batch.jobs)
        self._panel.status.end(
            self.tr("{done} of {n} jobs done").format(done=done, n=len(batch.jobs))
        )
        if failed:
            self._say(
                lambda: self._banner.showNotice(
                    self.tr(
                        "{failed} of {n} jobs failed; select one in the queue to try again."
                    ).format(failed=failed, n=len(batch.jobs))
                )
            )

    async def _show_batch_job(self, job: BatchJob) -> None:
        assert job.result is not None
        if job.request.inputs:
            await self._load_input(job.request.inputs[0], keep_batch=True)
        await self._shelf.show(job.result)

    def _ask_export_all(self) -> None:
        if self._last_batch is None or not any(
            job.result is not None for job in self._queue.jobsOf(self._last_batch)
        ):
            self.statusBar().showMessage(self.tr("No batch results to export yet"), 4000)
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export all results into"))
        if folder:
            self.exportAllTo(Path(folder))

    async def _export_all(self, folder: Path) -> list[Path]:
        batch = self._last_batch
        if batch is None:
            return []
        written = await export_batch(
            self._queue.jobsOf(batch),
            folder,
            store=await self.runner.history(),
            executor=self._executor,
        )
        self.statusBar().showMessage(
            self.tr("Exported {n} pictures into {folder}").format(n=len(written), folder=folder),
            5000,
        )
        return written

    def _ratio_problem(self) -> str:
        try:
            self._panel.ratio.ratio()
        except ValueError as problem:  # the picker words it in the current language
            return str(problem)
        return ""

    def _run(self, request: EditRequest) -> None:
        self._banner.clear()
        if self.runner.start(request):
            self._panel.status.begin()

    def _retry(self) -> None:
        request = self.runner.lastRequest()
        if request is not None:
            self._run(request)

    def _remember(self, prompt: str) -> None:
        settings = dataclasses.replace(
            self._session.settings(),
            recent_prompts=remember_prompt(self._session.settings().recent_prompts, prompt),
        )
        self._session.setSettings(settings)
        self._panel.prompt.setRecentPrompts(settings.recent_prompts)
        self._spawn(self._save_settings(settings))

    async def _save_settings(self, settings: Settings) -> None:
        await asyncio.get_running_loop().run_in_executor(self._executor, save_settings, settings)

    def _on_busy(self, busy: bool) -> None:
        self._panel.setBusy(busy)

    def _on_progress(self, progress: Progress) -> None:
        self._panel.status.update_progress(progress)

    def _on_succeeded(self, result: EditResult) -> None:
        self._panel.status.finishDone()
        self._spawn(self._show_results(result))

    def _on_failed(self, error: RetouchError) -> None:
        self._panel.status.finishFailed(error.kind)
        self._show_error(error)

    def _on_cancelled(self) -> None:
        self._panel.status.finishCancelled()

    async def _show_results(self, result: EditResult) -> None:
        await self._shelf.show(result)
        if result.warnings or result.ratio_mismatch:
            self._say(lambda: self._banner.showNotice(result_notice(result)))

    def _request_difference(self) -> None:
        if self._input is not None and self._shelf.current() is not None:
            self._spawn(self._shelf.showDifference(self._input))

    # taking the result away

    def _ask_save(self, *, fit: FitMode | None = None, match_source: bool = False) -> None:
        path = self.currentResultPath()
        if path is None or self._input is None:
            return
        ratio = self._shelf.requestedRatio()
        if fit is not None and ":" not in ratio:
            self.statusBar().showMessage(
                self.tr("This job asked for no ratio to fit to; saving it as it is"), 5000
            )
            fit = None
        suggestion = self._input.path.with_name(f"{self._input.path.stem}-edited{path.suffix}")
        name, _ = QFileDialog.getSaveFileName(
            self,
            save_dialog_title(fit, match_source, ratio),
            str(suggestion),
            self.tr("PNG image (*.png);;JPEG image (*.jpg *.jpeg);;WebP image (*.webp)"),
        )
        if name:
            self.saveResultAs(Path(name), fit=fit, match_source=match_source)

    async def _export_options(
        self, path: Path, fit: FitMode | None, match_source: bool
    ) -> ExportOptions:
        return await export_options_for(
            path,
            store=await self.runner.history(),
            source=self._input.path if self._input else None,
            ratio=self._shelf.requestedRatio(),
            prompt=self._panel.prompt.text().strip(),
            model=self._session.effectiveSettings().model,
            fit=fit,
            match_source=match_source,
            executor=self._executor,
        )

    async def _save_result(
        self, target: Path, *, fit: FitMode | None = None, match_source: bool = False
    ) -> None:
        path = self.currentResultPath()
        if path is None:
            return
        options = await self._export_options(path, fit, match_source)
        saved = await self._shelf.saveAs(target, options)
        if saved is not None:
            self.statusBar().showMessage(self.tr("Saved {name}").format(name=saved.name), 5000)

    def _about(self) -> None:
        folder = self._session.effectiveSettings().results_dir
        self._say(
            lambda: self._banner.showNotice(
                self.tr("{app}: AI edits for designers. Results are saved in {d}.").format(
                    app=APP_NAME, d=folder
                )
            )
        )

    def retranslateUi(self) -> None:
        """Re-word what the window itself shows after a language switch; the widgets in it
        handle their own ``LanguageChange``. Nothing is lost: picture, prompt and results
        stay as they are."""
        self._menus.retranslate()
        self._history_dock.setWindowTitle(self.tr("History"))
        self._queue_dock.setWindowTitle(self.tr("Queue"))
        self._update_title()
        if self._input is not None and self._input.info is not None:
            self._panel.setInputInfo(describe_input(self._input.info, self._input.path))
        self._shelf.retranslate()
        if self._banner_words is not None and self._banner.message():
            self._banner_words()

    # ------------------------------------------------------------ Qt events

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if offered_input(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        offer = offered_input(event.mimeData())
        if offer:
            event.acceptProposedAction()
            self._accept_offer(offer)
        else:
            event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() == Qt.Key.Key_Space
            and not event.isAutoRepeat()
            and self._shelf.current() is not None
        ):
            self._view.flashOriginal(True)
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._view.flashOriginal(False)
            return
        super().keyReleaseEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Never run the loop from here (qasync pitfall): cancel now, the app awaits shutdown().
        save_window_state(self, {"main": self._splitter})
        self.runner.cancel()
        super().closeEvent(event)

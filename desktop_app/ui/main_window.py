"""The main window: a picture in, a prompt and a ratio, the result beside the original.

The window composes widgets and the objects that work with them (input intake, launching
and reporting jobs, batches, history actions, result actions, docks) and connects them;
decoding, scaling, saving and the network all run off the GUI thread (executor or loop).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter, QWidget

from desktop_app import APP_NAME
from desktop_app.core.errors import RetouchError
from desktop_app.core.settings import Settings, data_dir, load_settings
from desktop_app.ui.compare.before_after_view import BeforeAfterView
from desktop_app.ui.edit.creation_wiring import CreationWiring
from desktop_app.ui.edit.edit_panel import EditPanel
from desktop_app.ui.edit.edit_runner import EditRunner
from desktop_app.ui.edit.error_banner import ErrorBanner
from desktop_app.ui.edit.provider_session import ProviderSession
from desktop_app.ui.edit.result_bar import ResultBar
from desktop_app.ui.edit.result_shelf import ResultShelf
from desktop_app.ui.edit.stale_results import StaleResults
from desktop_app.ui.mask.mask_toolbar import MaskToolbar
from desktop_app.ui.window.first_run_panel import FirstRunPanel
from desktop_app.ui.window.held_keys import HeldKeys
from desktop_app.ui.window.i18n import apply_language
from desktop_app.ui.window.startup_stages import StartupStages
from desktop_app.ui.window.window_layout import chain_tab_order, lay_out_window
from desktop_app.ui.window.window_menus import MenuHandlers, WindowMenus
from desktop_app.ui.window.window_state import (
    fit_first_size,
    restore_window_state,
    save_window_state,
)
from desktop_app.ui.workflow.banner_voice import BannerVoice
from desktop_app.ui.workflow.edit_launcher import EditLauncher
from desktop_app.ui.workflow.input_intake import InputIntake
from desktop_app.ui.workflow.job_reporting import JobReporting
from desktop_app.ui.workflow.provider_controls import ProviderControls
from desktop_app.ui.workflow.region_masking import RegionMasking
from desktop_app.ui.workflow.result_actions import ResultActions
from desktop_app.ui.workflow.window_tasks import WindowTasks

# Pillow, httpx and the modules built on them are imported where a job or a file needs
# them, not here: the window's first paint needs none of them (see ui/app.py's preload).
if TYPE_CHECKING:
    from desktop_app.core.history.records import JobRecord
    from desktop_app.core.imaging.export import FitMode
    from desktop_app.demo import DemoProvider
    from desktop_app.ui.docks.history_panel import HistoryPanel
    from desktop_app.ui.docks.queue_panel import QueuePanel
    from desktop_app.ui.workflow.second_stage import SecondStage


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
        self._session = session = ProviderSession(settings or load_settings(), demo=demo)
        apply_language(session.settings().language)  # before any widget words itself
        self._own_executor = executor is None
        self._executor = executor or ThreadPoolExecutor(4, thread_name_prefix="retouch-images")
        self.runner = EditRunner(
            session.effectiveSettings, session.token, self._executor, self, session.clientOptions
        )
        self._panel = EditPanel(self)
        self._panel.prompt.setRecentPrompts(self._session.settings().recent_prompts)
        self._banner = ErrorBanner(self)
        self._voice = BannerVoice(self._banner, lambda: self.runner.lastRequest() is not None)
        self._tasks = WindowTasks(self._voice.showError)
        self._first_run = FirstRunPanel(self._session.settings().base_url, self)
        self._first_run.hide()
        self._banner.clear()
        self._view = BeforeAfterView(self)
        self._mask_bar = MaskToolbar(self._view.beforeView(), self)
        self._result_bar = ResultBar(self)
        self._shelf = ResultShelf(self._view, self._result_bar, self._executor, self)
        # While a job runs or after it failed, the last results read as the previous ones.
        self._stale = StaleResults(self.runner, self._shelf, self._view, self._result_bar, self)
        self._splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self._splitter.setObjectName("mainSplitter")
        column = (self._first_run, self._banner, self._mask_bar, self._view, self._result_bar)
        lay_out_window(self, self._splitter, self._panel, column)
        self._compose()
        # Shown first: the shell built here. After the first paint, on idle time: the rest.
        self._later: SecondStage | None = None
        steps = (session.demoProvider, self._build_second_stage, self._provider.refreshFirstRunSoon)
        self._stages = StartupStages(self, steps)
        self._menus = WindowMenus(self, self._menu_handlers())
        # Tab follows the work: prompt, ratio, Run, Cancel, then the result area.
        parts = (self._panel, self._first_run, self._banner, self._mask_bar, self._view)
        chain = [widget for part in parts for widget in part.focusChain()]
        chain_tab_order([*chain, *self._result_bar.buttons()])
        self._connect()
        self._set_result_actions_enabled(False)
        self._update_title()
        self.setAcceptDrops(True)
        fit_first_size(self, QSize(1400, 860))  # a saved geometry replaces it below
        restore_window_state(self, {"main": self._splitter})

    # ----------------------------------------------------------------- building

    def _compose(self) -> None:
        """The objects that do the window's work, each given the parts it works with."""
        executor, tasks, voice = self._executor, self._tasks, self._voice
        status = self.statusBar().showMessage
        panel, shelf, runner, session = self._panel, self._shelf, self.runner, self._session
        self._intake = InputIntake(
            self, panel, self._view, shelf, runner, voice, tasks, executor, status
        )
        self._masking = RegionMasking(self._mask_bar, self._intake, executor)
        self._creation = CreationWiring(
            panel, self._view, runner, panel.routeOptions, session.effectiveSettings
        )
        self._launcher = EditLauncher(
            panel,
            self._intake,
            self._masking,
            self._creation,
            runner,
            session,
            voice,
            tasks,
            executor,
        )
        self._reporting = JobReporting(runner, panel, shelf, voice, tasks)
        self._results = ResultActions(
            self, shelf, self._intake, panel, runner, session, tasks, executor, status
        )
        self._provider = ProviderControls(
            self, session, self._first_run, runner, voice, tasks, executor, self._provider_changed
        )
        self._held_keys = HeldKeys(self, self._view.flashOriginal, lambda: bool(shelf.current()))

    def _build_second_stage(self) -> None:
        # Imported here: the docks' modules are not needed for the first paint.
        from desktop_app.ui.workflow.second_stage import build_second_stage

        self._later = build_second_stage(
            self,
            runner=self.runner,
            panel=self._panel,
            intake=self._intake,
            shelf=self._shelf,
            session=self._session,
            launcher=self._launcher,
            masking=self._masking,
            voice=self._voice,
            tasks=self._tasks,
            executor=self._executor,
            status=self.statusBar().showMessage,
            thumbnails=data_dir() / "thumbnails",
        )

    def _second(self) -> SecondStage:
        """The second stage's parts, built now if they are not yet (a script or test asks)."""
        self._stages.finishNow()
        assert self._later is not None
        return self._later

    def _menu_handlers(self) -> MenuHandlers:
        results, view, stages = self._results, self._view, self._stages
        return MenuHandlers(
            open=self._intake.askOpen,
            paste=self.pasteFromClipboard,
            save=results.askSave,
            copy=self.copyResult,
            use_result=self.useResultAsInput,
            quit=self.close,
            zoom_in=view.zoomIn,
            zoom_out=view.zoomOut,
            zoom_fit=view.zoomToFit,
            zoom_actual=view.zoomToActualSize,
            compare_mode=view.setMode,
            about=self._provider.about,
            settings=self.openSettings,
            run=self._start_edit,
            cancel=self.runner.cancel,
            next_compare_mode=view.showNextMode,
            next_result=lambda: self._shelf.showAt(self._shelf.currentIndex() + 1),
            previous_result=lambda: self._shelf.showAt(self._shelf.currentIndex() - 1),
            shortcuts=self.showShortcuts,
            history=lambda: stages.whenReady(lambda: self._second().docks.toggleHistory()),
            queue=lambda: stages.whenReady(lambda: self._second().docks.toggleQueue()),
            save_fit_crop=lambda: results.askSave(fit="crop"),
            save_fit_pad=lambda: results.askSave(fit="pad"),
            save_source_size=lambda: results.askSave(match_source=True),
            export_all=lambda: stages.whenReady(lambda: self._second().batches.askExportAll()),
        )

    def _connect(self) -> None:
        self._panel.runRequested.connect(self._start_edit)
        self._panel.cancelRequested.connect(self.runner.cancel)
        self._result_bar.saveRequested.connect(self._results.askSave)
        self._shelf.modelPicturesChanged.connect(self._result_bar.setModelPictureAvailable)
        self._result_bar.modelPictureToggled.connect(
            lambda on: self._tasks.spawn(self._shelf.showModelPictures(on))
        )
        self._result_bar.copyRequested.connect(self.copyResult)
        self._result_bar.useRequested.connect(self.useResultAsInput)
        self._banner.retryRequested.connect(self._launcher.retry)
        self._shelf.hasResultsChanged.connect(self._set_result_actions_enabled)
        self._shelf.currentChanged.connect(self._update_fit_actions)
        self._view.differenceRequested.connect(self._results.showDifference)
        self._intake.inputChanged.connect(self._update_title)
        self._intake.inputChanged.connect(
            lambda: self._creation.setHasPicture(self._intake.current() is not None)
        )

    # ------------------------------------------------------------ public API
    # Thin delegations (tests, scripts and the menus use these names); the composed objects
    # document what each does.

    def beforeAfterView(self) -> BeforeAfterView:
        return self._view

    def editPanel(self) -> EditPanel:
        return self._panel

    def banner(self) -> ErrorBanner:
        return self._banner

    def inputPath(self) -> Path | None:
        return self._intake.inputPath()

    def resultPaths(self) -> list[Path]:
        return self._shelf.paths()

    def currentResultPath(self) -> Path | None:
        return self._results.currentResultPath()

    def settings(self) -> Settings:
        return self._session.settings()

    def demoProvider(self) -> DemoProvider | None:
        """The built-in demo relay while the window uses it (tests and screenshots inject)."""
        return self._session.demoProvider()

    def openPath(self, path: Path) -> asyncio.Future[Any]:
        """Load ``path`` as the input (off the GUI thread); the current one stays on failure."""
        return self._intake.openPath(path)

    def pasteFromClipboard(self) -> asyncio.Future[Any] | None:
        return self._intake.pasteFromClipboard()

    def batchInputs(self) -> list[Path]:
        return self._intake.batchInputs()

    def saveResultAs(
        self, target: Path, *, fit: FitMode | None = None, match_source: bool = False
    ) -> asyncio.Future[Any]:
        return self._results.saveResultAs(target, fit=fit, match_source=match_source)

    def copyResult(self) -> None:
        self._results.copyResult()

    def useResultAsInput(self) -> asyncio.Future[Any] | None:
        return self._results.useResultAsInput()

    def queuePanel(self) -> QueuePanel:
        return self._second().docks.queue

    def queueDock(self) -> QDockWidget:
        return self._second().docks.queueDock

    def exportAllTo(self, folder: Path) -> asyncio.Future[Any]:
        return self._second().batches.exportAllTo(folder)

    def historyPanel(self) -> HistoryPanel:
        return self._second().docks.history

    def historyDock(self) -> QDockWidget:
        return self._second().docks.historyDock

    def reuseJob(self, record: JobRecord) -> None:
        self._second().history_actions.reuseJob(record)

    def openSettings(self) -> Any:
        return self._provider.openSettings()

    def menus(self) -> WindowMenus:
        return self._menus

    def showShortcuts(self) -> Any:
        """Help → Keyboard shortcuts (window-modal, so the loop keeps running); returns it."""
        from desktop_app.ui.window.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self._menus.shortcutEntries(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def useDemoProvider(self) -> None:
        """Switch this window to the built-in offline demo provider."""
        self._provider.useDemoProvider()

    async def shutdown(self) -> None:
        if self._later is not None:
            await self._later.docks.aclose()
        await self.runner.aclose()
        await self._tasks.aclose()
        self._session.stop()
        if self._own_executor and isinstance(self._executor, ThreadPoolExecutor):
            self._executor.shutdown(wait=False, cancel_futures=True)

    def retranslateUi(self) -> None:
        """Re-word what the window itself shows after a language switch; the widgets in it
        handle their own ``LanguageChange``. Nothing is lost: picture, prompt and results
        stay as they are."""
        self._menus.retranslate()
        if self._later is not None:
            self._later.docks.retranslate()
        self._update_title()
        self._intake.retranslate()
        self._shelf.retranslate()
        self._stale.retranslate()
        self._voice.reword()

    # ------------------------------------------------------------ internals

    def _start_edit(self) -> None:
        self._stages.whenReady(self._launcher.start)  # a Run clicked early runs once ready

    def _show_error(self, error: RetouchError) -> None:
        self._voice.showError(error)

    def _provider_changed(self) -> None:
        self._update_title()
        self._creation.refresh()  # the active profile's API decides Create's options

    def _update_title(self) -> None:
        parts = [APP_NAME]
        path = self._intake.inputPath()
        if path is not None:
            parts.insert(0, path.name)
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

    # ------------------------------------------------------------ Qt events

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._stages.start()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._intake.dragEnter(event)

    def dragMoveEvent(self, event: Any) -> None:
        self._intake.dragEnter(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._intake.drop(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Never run the loop from here (qasync pitfall): cancel now, the app awaits shutdown().
        self._stages.finishNow()  # the docks' state is saved with the window's
        save_window_state(self, {"main": self._splitter})
        self.runner.cancel()
        super().closeEvent(event)

"""The main window: a picture in, a prompt and a ratio, the result beside the original.

The window is built in two steps so it is on screen as early as possible: the shell (menus,
the edit panel, the empty result area) before the first paint, then, in turns of the event
loop, the working parts (``ui/workflow/workbench.py``: the views, the runner and the
objects that work with them) and the docks (``ui/workflow/second_stage.py``). It composes
those parts and connects them; decoding, scaling, saving and the network all run off the
GUI thread (executor or loop).
"""

from __future__ import annotations

import functools
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter, QWidget

from desktop_app import APP_NAME
from desktop_app.core.settings import Settings, data_dir, load_settings
from desktop_app.ui.edit.edit_panel import EditPanel
from desktop_app.ui.window.event_loop import ASYNCIO_MODULES, adopt_running_qt_loop
from desktop_app.ui.window.i18n import apply_language
from desktop_app.ui.window.result_placeholder import ResultPlaceholder
from desktop_app.ui.window.startup_stages import StartupStages
from desktop_app.ui.window.waiting_commands import offer_in, waiting_handlers
from desktop_app.ui.window.window_layout import lay_out_window
from desktop_app.ui.window.window_menus import MenuHandlers, WindowMenus
from desktop_app.ui.window.window_state import (
    fit_first_size,
    restore_window_state,
    save_window_state,
)

# The working parts, Pillow, httpx and the modules built on them are imported after the
# first paint (here, or where a job or a file needs them; see ui/app.py's preload).
if TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable
    from concurrent.futures import Executor

    from desktop_app.core.errors import RetouchError
    from desktop_app.core.history.records import JobRecord
    from desktop_app.core.imaging.export import FitMode
    from desktop_app.demo import DemoProvider
    from desktop_app.ui.compare.before_after_view import BeforeAfterView
    from desktop_app.ui.docks.history_panel import HistoryPanel
    from desktop_app.ui.docks.queue_panel import QueuePanel
    from desktop_app.ui.edit.edit_runner import EditRunner
    from desktop_app.ui.edit.error_banner import ErrorBanner
    from desktop_app.ui.workflow.second_stage import SecondStage
    from desktop_app.ui.workflow.workbench import Workbench

# What the working parts are built from, imported one module per turn of the event loop
# after the first paint, so a click or a drop in between is handled at once.
WORKBENCH_MODULES = (
    "desktop_app.ui.compare.before_after_view",
    "desktop_app.ui.mask.mask_toolbar",
    "desktop_app.ui.edit.edit_runner",
    "desktop_app.ui.edit.creation_wiring",
    "desktop_app.ui.workflow.edit_launcher",
    "desktop_app.ui.workflow.workbench",
)


class MainWindow(QMainWindow):
    """Retouch Studio's main window.

    Args:
        demo: point the window at a built-in demo provider on 127.0.0.1 (no token needed).
        settings: by default the stored settings with ``RETOUCH_*`` overrides.
        executor: where image work runs; by default a small pool owned by the window.
        staged: show the shell first and build the rest after its first paint, on Qt's
            running event loop (the app's start-up); otherwise the working parts are built
            at once, on the asyncio loop already set (tests, scripts).
    """

    def __init__(
        self,
        *,
        demo: bool = False,
        settings: Settings | None = None,
        executor: Executor | None = None,
        parent: QWidget | None = None,
        staged: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        settings = settings or load_settings()
        apply_language(settings.language)  # before any widget words itself
        self._demo = demo
        self._splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self._splitter.setObjectName("mainSplitter")
        self._panel = EditPanel(self._splitter, first_frame=staged)
        self._panel.prompt.setRecentPrompts(settings.recent_prompts)
        self._panel.setCreating(True)  # no picture yet
        self._panel.routeOptions.setApi(settings.provider.api)
        self._column = lay_out_window(self, self._splitter, self._panel, ResultPlaceholder)
        self._bench: Workbench | None = None
        self._later: SecondStage | None = None
        self._handlers: MenuHandlers | None = None
        self._menus = WindowMenus(self, waiting_handlers(lambda: self._handlers, self.whenReady))
        self._menus.setResultActionsEnabled(False)
        build = functools.partial(self._build_workbench, settings, executor)
        later = (
            lambda: self._parts().session.demoProvider(),
            self._build_second_stage,
            lambda: self._parts().provider.refreshFirstRunSoon(),
        )
        if staged:
            loop_imports, bench_imports = (
                [functools.partial(importlib.import_module, name) for name in names]
                for names in (ASYNCIO_MODULES, WORKBENCH_MODULES)
            )
            steps = [*loop_imports, adopt_running_qt_loop, self._panel.ratio.drawIcons]
            steps += [*bench_imports, build, *later]
        else:
            build()
            steps = list(later)
        self._stages = StartupStages(self, steps)
        self._update_title()
        self.setAcceptDrops(True)
        fit_first_size(self, QSize(1400, 860))  # a saved geometry replaces it below
        restore_window_state(self, {"main": self._splitter})

    # ----------------------------------------------------------------- building

    def _build_workbench(self, settings: Settings, executor: Executor | None) -> None:
        from desktop_app.ui.workflow.workbench import Workbench

        changed, demo = self._provider_changed, self._demo
        bench = Workbench(self, self._panel, self._column, settings, demo, executor, changed)
        self._bench = bench
        self._handlers = self._menu_handlers(bench)
        self._connect(bench)
        self._set_result_actions_enabled(False)
        self._update_title()

    def _build_second_stage(self) -> None:
        # Imported here: the docks' modules are not needed for the first paint.
        from desktop_app.ui.workflow.second_stage import build_second_stage

        status, thumbnails = self.statusBar().showMessage, data_dir() / "thumbnails"
        self._later = build_second_stage(self, self._parts(), self._panel, status, thumbnails)

    def _parts(self) -> Workbench:
        """The working parts, built now if they are not yet (a script or test asks)."""
        if self._bench is None:
            self._stages.finishNow()
        assert self._bench is not None
        return self._bench

    def _second(self) -> SecondStage:
        """The second stage's parts, built now if they are not yet (a script or test asks)."""
        self._stages.finishNow()
        assert self._later is not None
        return self._later

    def _menu_handlers(self, bench: Workbench) -> MenuHandlers:
        results, view, shelf = bench.results, bench.view, bench.shelf
        return MenuHandlers(
            open=bench.intake.askOpen,
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
            about=bench.provider.about,
            settings=self.openSettings,
            run=self._start_edit,
            cancel=bench.runner.cancel,
            next_compare_mode=view.showNextMode,
            next_result=lambda: shelf.showAt(shelf.currentIndex() + 1),
            previous_result=lambda: shelf.showAt(shelf.currentIndex() - 1),
            shortcuts=self.showShortcuts,
            history=lambda: self.whenReady(lambda: self._second().docks.toggleHistory()),
            queue=lambda: self.whenReady(lambda: self._second().docks.toggleQueue()),
            save_fit_crop=lambda: results.askSave(fit="crop"),
            save_fit_pad=lambda: results.askSave(fit="pad"),
            save_source_size=lambda: results.askSave(match_source=True),
            export_all=lambda: self.whenReady(lambda: self._second().batches.askExportAll()),
        )

    def _connect(self, bench: Workbench) -> None:
        panel, shelf, result_bar, tasks = self._panel, bench.shelf, bench.result_bar, bench.tasks
        panel.runRequested.connect(self._start_edit)
        panel.cancelRequested.connect(bench.runner.cancel)
        result_bar.saveRequested.connect(bench.results.askSave)
        shelf.modelPicturesChanged.connect(result_bar.setModelPictureAvailable)
        result_bar.modelPictureToggled.connect(lambda on: tasks.spawn(shelf.showModelPictures(on)))
        result_bar.copyRequested.connect(self.copyResult)
        result_bar.useRequested.connect(self.useResultAsInput)
        bench.banner.retryRequested.connect(bench.launcher.retry)
        shelf.hasResultsChanged.connect(self._set_result_actions_enabled)
        shelf.currentChanged.connect(self._update_fit_actions)
        bench.view.differenceRequested.connect(bench.results.showDifference)
        bench.intake.inputChanged.connect(self._update_title)
        bench.intake.inputChanged.connect(
            lambda: bench.creation.setHasPicture(bench.intake.current() is not None)
        )

    # ------------------------------------------------------------ public API
    # Thin delegations (tests, scripts and the menus use these names); the composed objects
    # document what each does.

    @property
    def runner(self) -> EditRunner:
        return self._parts().runner

    def whenReady(self, command: Callable[[], object]) -> None:
        """Run ``command`` once the working parts are built (at once if they are)."""
        self._stages.whenReady(command)

    def beforeAfterView(self) -> BeforeAfterView:
        return self._parts().view

    def editPanel(self) -> EditPanel:
        return self._panel

    def banner(self) -> ErrorBanner:
        return self._parts().banner

    def inputPath(self) -> Path | None:
        return self._parts().intake.inputPath()

    def resultPaths(self) -> list[Path]:
        return self._parts().shelf.paths()

    def currentResultPath(self) -> Path | None:
        return self._parts().results.currentResultPath()

    def settings(self) -> Settings:
        return self._parts().session.settings()

    def demoProvider(self) -> DemoProvider | None:
        """The built-in demo relay while the window uses it (tests and screenshots inject)."""
        return self._parts().session.demoProvider()

    def openPath(self, path: Path) -> asyncio.Future[Any]:
        """Load ``path`` as the input (off the GUI thread); the current one stays on failure."""
        return self._parts().intake.openPath(path)

    def pasteFromClipboard(self) -> asyncio.Future[Any] | None:
        return self._parts().intake.pasteFromClipboard()

    def batchInputs(self) -> list[Path]:
        return self._parts().intake.batchInputs()

    def saveResultAs(
        self, target: Path, *, fit: FitMode | None = None, match_source: bool = False
    ) -> asyncio.Future[Any]:
        return self._parts().results.saveResultAs(target, fit=fit, match_source=match_source)

    def copyResult(self) -> None:
        self._parts().results.copyResult()

    def useResultAsInput(self) -> asyncio.Future[Any] | None:
        return self._parts().results.useResultAsInput()

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
        return self._parts().provider.openSettings()

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
        self._parts().provider.useDemoProvider()

    async def shutdown(self) -> None:
        if self._bench is None:  # closed before its parts were built: nothing runs
            return
        if self._later is not None:
            await self._later.docks.aclose()
        bench = self._bench
        await bench.runner.aclose()
        await bench.tasks.aclose()
        bench.session.stop()
        bench.releaseExecutor()

    def retranslateUi(self) -> None:
        """Re-word what the window itself shows after a language switch; the widgets in it
        handle their own ``LanguageChange``. Nothing is lost: picture, prompt and results
        stay as they are."""
        self._menus.retranslate()
        self._update_title()
        if self._later is not None:
            self._later.docks.retranslate()
        if (bench := self._bench) is not None:
            bench.intake.retranslate()
            bench.shelf.retranslate()
            bench.stale.retranslate()
            bench.voice.reword()

    # ------------------------------------------------------------ internals

    def _start_edit(self) -> None:
        self._stages.whenReady(lambda: self._parts().launcher.start())  # runs once ready

    def _show_error(self, error: RetouchError) -> None:
        self._parts().voice.showError(error)

    def _provider_changed(self) -> None:
        self._update_title()
        self._parts().creation.refresh()  # the active profile's API decides Create's options

    def _update_title(self) -> None:
        parts = [APP_NAME]
        bench = self._bench
        path = bench.intake.inputPath() if bench is not None else None
        if path is not None:
            parts.insert(0, path.name)
        demo = bench.session.isDemo() if bench is not None else self._demo
        title = " — ".join(parts)
        self.setWindowTitle(title + (self.tr(" (demo provider)") if demo else ""))

    def _set_result_actions_enabled(self, enabled: bool) -> None:
        self._parts().result_bar.setActionsEnabled(enabled)
        self._menus.setResultActionsEnabled(enabled)
        self._update_fit_actions()

    def _update_fit_actions(self) -> None:
        """Fitting to the asked ratio is offered when the result came in another shape."""
        differs = self._parts().shelf.ratioDiffers()
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
        if self._bench is not None:
            self._bench.intake.dragEnter(event)
        elif offer_in(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: Any) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if self._bench is not None:
            self._bench.intake.drop(event)
        elif offer := offer_in(event):  # taken now, opened once ready
            event.acceptProposedAction()
            self._stages.whenReady(lambda: self._parts().intake.acceptOffer(offer))

    def closeEvent(self, event: QCloseEvent) -> None:
        # Never run the loop from here (qasync pitfall): cancel now, the app awaits shutdown().
        if self._bench is None:  # closed as it appeared: nothing to stop, the layout stays
            self._stages.abandon()
        else:
            self._stages.finishNow()  # the docks' state is saved with the window's
            save_window_state(self, {"main": self._splitter})
            self._bench.runner.cancel()
        super().closeEvent(event)

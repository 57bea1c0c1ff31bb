"""The window's working parts: the views, the runner and the objects that work with them.

The main window's shell (menus, edit panel, an empty result area) is all the first paint
needs. Everything else a person uses in the first minutes is built here, into the shell,
right after the first frame (see ``ui/window/startup_stages.py``); the History and Queue
docks follow in ``second_stage``.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor

from PySide6.QtWidgets import QMainWindow, QVBoxLayout

from desktop_app.core.settings import Settings
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
from desktop_app.ui.window.window_layout import chain_tab_order, fill_result_column
from desktop_app.ui.workflow.banner_voice import BannerVoice
from desktop_app.ui.workflow.edit_launcher import EditLauncher
from desktop_app.ui.workflow.input_intake import InputIntake
from desktop_app.ui.workflow.job_reporting import JobReporting
from desktop_app.ui.workflow.provider_controls import ProviderControls
from desktop_app.ui.workflow.region_masking import RegionMasking
from desktop_app.ui.workflow.result_actions import ResultActions
from desktop_app.ui.workflow.window_tasks import WindowTasks


class Workbench:
    """Builds the window's working parts into its result column and composes them.

    Args:
        window: the main window (the parent of the widgets, the owner of dialogs).
        panel: the shell's edit panel.
        column: the shell's result column, filled top to bottom.
        settings: the settings the window started with.
        demo: use the built-in demo relay.
        executor: where image work runs; None: a small pool owned by the workbench.
        provider_changed: called after the provider or its profile changed.

    The parts are public attributes; the window connects them and delegates to them.
    """

    def __init__(
        self,
        window: QMainWindow,
        panel: EditPanel,
        column: QVBoxLayout,
        settings: Settings,
        demo: bool,
        executor: Executor | None,
        provider_changed: Callable[[], None],
    ) -> None:
        self.session = session = ProviderSession(settings, demo=demo)
        self._owns_executor = executor is None
        self.executor = executor or ThreadPoolExecutor(4, thread_name_prefix="retouch-images")
        self.runner = EditRunner(
            session.effectiveSettings, session.token, self.executor, window, session.clientOptions
        )
        self.banner = ErrorBanner(window)
        self.voice = BannerVoice(self.banner, lambda: self.runner.lastRequest() is not None)
        self.tasks = WindowTasks(self.voice.showError)
        self.first_run = FirstRunPanel(settings.base_url, window)
        self.first_run.hide()
        self.banner.clear()
        self.view = BeforeAfterView(window)
        self.mask_bar = MaskToolbar(self.view.beforeView(), window)
        self.result_bar = ResultBar(window)
        self.shelf = ResultShelf(self.view, self.result_bar, self.executor, window)
        # While a job runs or after it failed, the last results read as the previous ones.
        self.stale = StaleResults(self.runner, self.shelf, self.view, self.result_bar, window)
        parts = (self.first_run, self.banner, self.mask_bar, self.view, self.result_bar)
        fill_result_column(column, parts)
        self._compose(window, panel, provider_changed)
        # Tab follows the work: prompt, ratio, Run, Cancel, then the result area.
        chain = [widget for part in (panel, *parts[:-1]) for widget in part.focusChain()]
        chain_tab_order([*chain, *self.result_bar.buttons()])

    def _compose(
        self, window: QMainWindow, panel: EditPanel, provider_changed: Callable[[], None]
    ) -> None:
        """The objects that do the window's work, each given the parts it works with."""
        executor, tasks, voice, shelf = self.executor, self.tasks, self.voice, self.shelf
        runner, session, status = self.runner, self.session, window.statusBar().showMessage
        self.intake = InputIntake(
            window, panel, self.view, shelf, runner, voice, tasks, executor, status
        )
        self.masking = RegionMasking(self.mask_bar, self.intake, executor)
        self.creation = CreationWiring(
            panel, self.view, runner, panel.routeOptions, session.effectiveSettings
        )
        self.launcher = EditLauncher(
            panel, self.intake, self.masking, self.creation, runner, session, voice, tasks, executor
        )
        self.reporting = JobReporting(runner, panel, shelf, voice, tasks)
        self.results = ResultActions(
            window, shelf, self.intake, panel, runner, session, tasks, executor, status
        )
        self.provider = ProviderControls(
            window, session, self.first_run, runner, voice, tasks, executor, provider_changed
        )
        self.held_keys = HeldKeys(window, self.view.flashOriginal, lambda: bool(shelf.current()))

    def releaseExecutor(self) -> None:
        """Stop the image pool if the workbench made it (a given one belongs to its giver)."""
        if self._owns_executor and isinstance(self.executor, ThreadPoolExecutor):
            self.executor.shutdown(wait=False, cancel_futures=True)

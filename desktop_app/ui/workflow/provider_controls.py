"""Which provider the window talks to: the first-run panel, Settings, and the demo switch.

:class:`ProviderControls` shows the first-run panel while no token is stored (the keyring is
read in the executor), opens the settings dialog and applies what it saves, and switches the
window to the built-in demo provider.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QWidget

from desktop_app import APP_NAME
from desktop_app.core.settings import Settings, put_profile, save_settings
from desktop_app.ui.edit.edit_runner import EditRunner
from desktop_app.ui.edit.provider_session import ProviderSession
from desktop_app.ui.window.first_run_panel import FirstRunPanel
from desktop_app.ui.window.i18n import apply_language
from desktop_app.ui.workflow.banner_voice import BannerVoice
from desktop_app.ui.workflow.window_tasks import WindowTasks

# lupdate reads ``translate("MainWindow", …)``: these texts keep the window's context.
translate = QCoreApplication.translate


class ProviderControls:
    """Connects the first-run panel and the settings dialog to the provider session.

    Args:
        window: parent of the settings dialog.
        session: the settings and the demo provider.
        first_run: the "connect a provider" panel.
        runner: its network client is rebuilt when the settings change.
        voice: tells that the demo provider is on.
        tasks: runs the keyring check and the client reset on the loop.
        executor: where the keyring is read.
        provider_changed: called when the provider (so the window's title) changed.
    """

    def __init__(
        self,
        window: QWidget,
        session: ProviderSession,
        first_run: FirstRunPanel,
        runner: EditRunner,
        voice: BannerVoice,
        tasks: WindowTasks,
        executor: Executor,
        provider_changed: Callable[[], None],
    ) -> None:
        self._window = window
        self._session = session
        self._first_run = first_run
        self._runner = runner
        self._voice = voice
        self._tasks = tasks
        self._executor = executor
        self._provider_changed = provider_changed
        runner.streamRefused.connect(self._remember_no_stream)
        first_run.settingsRequested.connect(self.openSettings)
        first_run.demoRequested.connect(self.useDemoProvider)

    def openSettings(self) -> Any:
        """Open the settings dialog (window-modal, so the loop keeps running); returns it."""
        from desktop_app.ui.settings.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self._session.settings(), self._executor, parent=self._window)
        dialog.settingsSaved.connect(self._on_settings_saved)
        dialog.open()
        return dialog

    def useDemoProvider(self) -> None:
        """Switch the window to the built-in offline demo provider."""
        self._session.useDemo()
        self._first_run.hide()
        self._voice.notice(
            lambda: translate(
                "MainWindow",
                "Using the built-in demo provider: results are made "
                "on this computer, nothing is sent anywhere.",
            )
        )
        self._provider_changed()

    def about(self) -> None:
        """Help → About: what the app is and where its results go."""

        def words() -> str:
            settings = self._session.effectiveSettings()
            if settings.output_dir:
                where = translate("MainWindow", "Results are saved in {d}.")
            else:
                where = translate(
                    "MainWindow",
                    "Results are saved beside each picture; those of pasted and web pictures "
                    "in {d}.",
                )
            about = translate("MainWindow", "{app}: AI edits for designers.")
            return about.format(app=APP_NAME) + " " + where.format(d=settings.results_dir)

        self._voice.notice(words)

    def refreshFirstRun(self) -> None:
        """Show the first-run panel if no token is stored (checked off the GUI thread)."""
        if not self._session.isDemo():
            self._tasks.spawn(self._check_token())

    def refreshFirstRunSoon(self) -> None:
        """:meth:`refreshFirstRun` from the running event loop (asked before it runs)."""
        QTimer.singleShot(0, self.refreshFirstRun)

    def _on_settings_saved(self, settings: Settings) -> None:
        self._session.setSettings(settings)
        apply_language(settings.language)  # widgets re-word themselves on LanguageChange
        self._first_run.setProviderAddress(settings.base_url)
        self._tasks.spawn(self._runner.resetClient())
        self.refreshFirstRun()
        self._provider_changed()

    def _remember_no_stream(self, profile: str) -> None:
        """The relay of ``profile`` refused ``stream``: its next requests go without."""
        settings = self._session.settings()
        if profile not in settings.profiles:
            return
        plain = dataclasses.replace(settings.profiles[profile], stream=False)
        settings = put_profile(settings, profile, plain)
        self._session.setSettings(settings)
        self._tasks.spawnInExecutor(self._executor, save_settings, settings)

    async def _check_token(self) -> None:
        loop = asyncio.get_running_loop()
        has_token = await loop.run_in_executor(self._executor, self._session.hasToken)
        self._first_run.setVisible(not has_token)

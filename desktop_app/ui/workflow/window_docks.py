"""The window's docks: History on the right, Queue at the bottom, hidden until asked for.

:class:`WindowDocks` builds both panels in their docks (the window's restored state may
show them; the queue also shows itself when a batch starts) and connects the history to
the runner's jobs.
"""

from __future__ import annotations

from concurrent.futures import Executor
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from desktop_app.ui.docks.history_panel import HistoryPanel
from desktop_app.ui.docks.queue_panel import QueuePanel
from desktop_app.ui.edit.edit_runner import EditRunner

# lupdate reads ``translate("MainWindow", …)``: these texts keep the window's context.
translate = QCoreApplication.translate


class WindowDocks:
    """History and Queue docks of ``window``.

    Args:
        window: the main window the docks sit in.
        runner: the jobs the history records and the queue lists.
        executor: where the history reads its store and thumbnails.
        thumbnails: the folder of the history's cached thumbnails.
    """

    def __init__(
        self, window: QMainWindow, runner: EditRunner, executor: Executor, thumbnails: Path
    ) -> None:
        self._window = window
        self.history = HistoryPanel(runner.history, executor, thumbnails, window)
        self.historyDock = self._add_dock(
            "historyDock", self.history, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.queue = QueuePanel(runner, window)
        self.queueDock = self._add_dock(
            "queueDock", self.queue, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.retranslate()
        runner.jobRecorded.connect(self.history.jobStarted)
        runner.jobEnded.connect(self.history.jobEnded)

    def toggleHistory(self) -> None:
        """View → History: show or hide the history panel."""
        self.historyDock.setVisible(not self.historyDock.isVisible())

    def toggleQueue(self) -> None:
        """View → Queue: show or hide the queue."""
        self.queueDock.setVisible(not self.queueDock.isVisible())

    def retranslate(self) -> None:
        self.historyDock.setWindowTitle(translate("MainWindow", "History"))
        self.queueDock.setWindowTitle(translate("MainWindow", "Queue"))

    async def aclose(self) -> None:
        await self.history.aclose()

    def _add_dock(self, name: str, panel: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self._window)
        dock.setObjectName(name)  # saveState/restoreState find docks by name
        dock.setWidget(panel)
        # Built after the window restored its state: the dock takes its place and visibility
        # from it; without a saved state (first run) it goes to ``area``, hidden.
        if not self._window.restoreDockWidget(dock):
            self._window.addDockWidget(area, dock)
            dock.hide()
        return dock

"""The history panel: every job, newest first, to find, reopen, reuse, star or delete.

It reads nothing until it is first shown (start-up stays light); then it pages jobs from the
store in the executor (:class:`HistoryModel`) and loads thumbnails as rows come on screen.
Store calls never run on the GUI thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QFile, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.docks.history_model import HistoryModel, StoreSource
from desktop_app.ui.docks.history_row_delegate import HistoryRowDelegate
from desktop_app.ui.docks.history_thumbnails import THUMBNAIL_SIDE, ThumbnailCache

if TYPE_CHECKING:
    from desktop_app.core.history.records import JobRecord

log = logging.getLogger(__name__)
USAGE_DAYS = 14  # days of token use listed in the usage tooltip

SEARCH_DELAY_MS = 250
Confirm = Callable[[list[Path]], Awaitable[bool]]


def move_to_trash(paths: list[Path]) -> list[Path]:
    """Move ``paths`` to the OS trash; returns those that could not be moved (worker thread)."""
    left = []
    for path in paths:
        moved = QFile.moveToTrash(str(path))
        if not (moved[0] if isinstance(moved, tuple) else moved) and path.exists():
            left.append(path)
    return left


def delete_files(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


class HistoryPanel(QWidget):
    """The jobs of the history with search, a starred filter and actions on the selected one.

    Args:
        store_source: awaits the history store (the runner's, shared with recording).
        executor: where store calls, thumbnails and file moves run.
        thumbnail_dir: the disk cache of thumbnails.

    Signals:
        openRequested(JobRecord): show the job's input and results.
        reuseRequested(JobRecord): put its prompt and ratio in the edit panel.
        useAsInputRequested(JobRecord): edit its first result further.
        retryRequested(JobRecord): run the same request again.
        jobDeleted(str): the job with this id was deleted.
    """

    openRequested = Signal(object)
    reuseRequested = Signal(object)
    useAsInputRequested = Signal(object)
    retryRequested = Signal(object)
    jobDeleted = Signal(str)

    def __init__(
        self,
        store_source: StoreSource,
        executor: Executor | None,
        thumbnail_dir: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self._executor = executor
        self._store_source = store_source
        self._thumbnails = ThumbnailCache(thumbnail_dir, executor, self)
        self._model = HistoryModel(store_source, executor, self._thumbnails, self)
        self._tasks: set[asyncio.Future[Any]] = set()
        # How to ask before deleting for good when the trash is unavailable (tests replace it).
        self.confirmPermanentDelete: Confirm = self._ask_permanent_delete

        self._search = QLineEdit(self)
        self._search.setObjectName("historySearch")
        self._search.setClearButtonEnabled(True)
        self._starred = QCheckBox(self)
        self._starred.setObjectName("historyStarredOnly")
        self._list = QListView(self)
        self._list.setObjectName("historyList")
        self._list.setModel(self._model)
        self._list.setViewMode(QListView.ViewMode.ListMode)
        self._list.setUniformItemSizes(True)
        self._list.setIconSize(QSize(THUMBNAIL_SIDE, THUMBNAIL_SIDE))
        self._list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._list.setItemDelegate(HistoryRowDelegate(self._list))
        # Rows elide to the dock's width: a horizontal scroll bar would only show "…" later.
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._usage = QLabel(self)
        self._usage.setObjectName("historyUsage")
        self._usage.setProperty("role", "secondary")
        self._today_tokens = 0
        self._buttons: dict[str, QPushButton] = {}
        for name in ("open", "reuse", "use", "star", "delete", "retry"):
            button = QPushButton(self)
            button.setObjectName(f"history{name.capitalize()}Button")
            self._buttons[name] = button
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._build_layout()
        self._connect()
        self._update_buttons()
        self.retranslateUi()

    def _build_layout(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self._search, 1)
        filters.addWidget(self._starred)
        actions = QGridLayout()
        for n, name in enumerate(("open", "reuse", "use", "star", "delete", "retry")):
            actions.addWidget(self._buttons[name], n // 3, n % 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(filters)
        layout.addWidget(self._list, 1)
        layout.addLayout(actions)
        layout.addWidget(self._usage)

    def _connect(self) -> None:
        self._search.textChanged.connect(lambda _text: self._search_timer.start())
        self._search_timer.timeout.connect(self._apply_filter)
        self._starred.toggled.connect(lambda _on: self._apply_filter())
        self._list.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self._list.doubleClicked.connect(lambda _index: self._emit(self.openRequested))
        self._model.modelReset.connect(self._update_buttons)
        self._model.dataChanged.connect(lambda *_: self._update_buttons())
        self._model.rowsRemoved.connect(lambda *_: self._update_buttons())
        self._buttons["open"].clicked.connect(lambda: self._emit(self.openRequested))
        self._buttons["reuse"].clicked.connect(lambda: self._emit(self.reuseRequested))
        self._buttons["use"].clicked.connect(lambda: self._emit(self.useAsInputRequested))
        self._buttons["retry"].clicked.connect(lambda: self._emit(self.retryRequested))
        self._buttons["star"].clicked.connect(self.toggleStar)
        self._buttons["delete"].clicked.connect(self.deleteSelected)

    def retranslateUi(self) -> None:
        """Set every text in the current language (also on a live language switch)."""
        self._search.setPlaceholderText(self.tr("Search prompts"))
        self._search.setAccessibleName(self.tr("Search the history"))
        self._search.setAccessibleDescription(
            self.tr("Lists the jobs whose prompt or picture name holds every word typed")
        )
        self._starred.setText(self.tr("Starred only"))
        self._starred.setAccessibleName(self.tr("Show starred jobs only"))
        self._starred.setAccessibleDescription(self.tr("Hide the jobs without a star"))
        self._list.setAccessibleName(self.tr("Jobs, newest first"))
        self._list.setAccessibleDescription(
            self.tr("Each job's picture, prompt, ratio and status; hover for tokens")
        )
        for name, text, description in (
            ("open", self.tr("Open"), self.tr("Show the job's input and results")),
            ("reuse", self.tr("Reuse prompt"), self.tr("Put its prompt and ratio in the panel")),
            ("use", self.tr("Use result"), self.tr("Edit the job's result further")),
            ("delete", self.tr("Delete"), self.tr("Move the job's results to the trash")),
            ("retry", self.tr("Try again"), self.tr("Run the same request again")),
        ):
            button = self._buttons[name]
            button.setText(text)
            button.setAccessibleName(text)
            button.setAccessibleDescription(description)
            button.setToolTip(description)
        self._update_star_text()
        self._usage.setText(self.tr("Today: {n} tokens").format(n=self._today_tokens))
        self._usage.setAccessibleName(self.tr("Tokens used today"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
            self._model.retranslate()  # statuses and tooltips are worded per row
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._model.isStarted():  # the first look reads the first page
            self.reload()

    # ------------------------------------------------------------------ public

    def model(self) -> HistoryModel:
        return self._model

    def listView(self) -> QListView:
        return self._list

    def selectedRecord(self) -> JobRecord | None:
        index = self._list.currentIndex()
        return self._model.record(index.row()) if index.isValid() else None

    def selectJob(self, job_id: str) -> bool:
        row = self._model.rowOf(job_id)
        if row >= 0:
            self._list.setCurrentIndex(self._model.index(row))
        return row >= 0

    def reload(self) -> asyncio.Future[Any]:
        page = self._model.setFilter(self._search.text(), self._starred.isChecked())
        # The day's tokens after the first page (they sum the whole history): the list is
        # what the first paint shows.
        page.add_done_callback(lambda done: done.cancelled() or self._spawn(self._refresh_usage()))
        return page

    def jobStarted(self, record: JobRecord) -> None:
        """The runner recorded a new job: it goes on top."""
        self._model.jobStarted(record)

    def jobEnded(self, job_id: str) -> None:
        """A job ended: its row shows the outcome, the day's tokens are summed again."""
        if self._model.isStarted():
            self._model.jobChanged(job_id)
            self._spawn(self._refresh_usage())

    def toggleStar(self) -> asyncio.Future[Any] | None:
        record = self.selectedRecord()
        return self._spawn(self._star(record, not record.starred)) if record else None

    def deleteSelected(self) -> asyncio.Future[Any] | None:
        record = self.selectedRecord()
        return self._spawn(self._delete(record)) if record else None

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._model.aclose()

    # ---------------------------------------------------------------- internals

    def _apply_filter(self) -> None:
        if self._model.isStarted():
            self._model.setFilter(self._search.text(), self._starred.isChecked())

    def _emit(self, signal: Any) -> None:
        record = self.selectedRecord()
        if record is not None:
            signal.emit(record)

    def _update_buttons(self) -> None:
        record = self.selectedRecord()
        has_input = bool(record and record.inputs)
        self._buttons["open"].setEnabled(has_input)
        self._buttons["reuse"].setEnabled(record is not None)
        self._buttons["use"].setEnabled(bool(record and record.outputs))
        self._buttons["star"].setEnabled(record is not None)
        self._buttons["delete"].setEnabled(record is not None and record.status != "running")
        retry = record is not None and record.status in ("failed", "interrupted", "cancelled")
        self._buttons["retry"].setEnabled(retry and has_input)
        self._update_star_text()

    def _update_star_text(self) -> None:
        record = self.selectedRecord()
        button = self._buttons["star"]
        text = self.tr("Unstar") if record and record.starred else self.tr("Star")
        button.setText(text)
        button.setAccessibleName(text)
        button.setAccessibleDescription(self.tr("Mark the job to find it again"))
        button.setToolTip(button.accessibleDescription())

    def _spawn(self, coroutine: Any) -> asyncio.Future[Any]:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(_log_failure)
        return task

    async def _call(self, function: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)

    async def _refresh_usage(self) -> None:
        store = await self._store_source()
        if store is None:
            return
        days = await self._call(store.usage_by_day, USAGE_DAYS)
        today = date.today().isoformat()
        self._today_tokens = next((d.total_tokens or 0 for d in days if d.day == today), 0)
        self._usage.setText(self.tr("Today: {n} tokens").format(n=self._today_tokens))
        per_day = [
            self.tr("{day}: {n} tokens, {jobs} jobs").format(
                day=d.day, n=d.total_tokens or 0, jobs=d.jobs
            )
            for d in days
        ]
        self._usage.setToolTip("\n".join(per_day))

    async def _star(self, record: JobRecord, starred: bool) -> None:
        store = await self._store_source()
        if store is None:
            return
        await self._call(store.star, record.id, starred)
        if self._starred.isChecked() and not starred:
            self._model.removeJob(record.id)
        else:
            await self._model.jobChanged(record.id)

    async def _delete(self, record: JobRecord) -> None:
        store = await self._store_source()
        if store is None:
            return
        files = await self._call(store.delete, record.id)
        self._model.removeJob(record.id)
        self.jobDeleted.emit(record.id)
        left = await self._call(move_to_trash, files)
        if left and await self.confirmPermanentDelete(left):
            await self._call(delete_files, left)
        self._spawn(self._refresh_usage())

    async def _ask_permanent_delete(self, paths: list[Path]) -> bool:
        """Ask (window-modal, the loop keeps running) before deleting files for good."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete for good?"),
            self.tr(
                "The trash is not available for {n} result file(s). Delete them permanently?"
            ).format(n=len(paths)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("historyDeleteQuestion")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        answer: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        box.finished.connect(lambda code: answer.done() or answer.set_result(code))
        box.open()
        try:
            code = await answer
        finally:
            box.deleteLater()
        return code == QMessageBox.StandardButton.Yes


def _log_failure(task: asyncio.Future[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("history panel: %s", task.exception())

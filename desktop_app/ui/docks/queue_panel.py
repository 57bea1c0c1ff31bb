"""The queue: every job of the batches this session, its stage and time, cancel and retry.

The window's :class:`EditRunner` runs batches (:class:`desktop_app.core.batch.Batch`); this
panel lists their jobs as they start, follows ``batchJobChanged`` and ticks the elapsed time
of running jobs. Cancel stops the selected job (queued or running), Cancel all every job,
Try again runs a failed or cancelled job's request again in the same row. Selecting a
finished job asks the window to show it (:attr:`QueuePanel.jobSelected`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.edit_job import Stage
from desktop_app.ui.common.plain_text import plain_tooltip

if TYPE_CHECKING:
    from desktop_app.core.batch import Batch, BatchJob
    from desktop_app.ui.edit.edit_runner import EditRunner

TICK_MS = 500
_ENDED = ("done", "failed", "cancelled")


@dataclass
class _Entry:
    batch: Batch
    job: BatchJob
    origin: Batch  # the batch the row came with (a retry runs in a batch of its own)


class QueuePanel(QWidget):
    """One row per batch job: picture, stage, elapsed time (objectName ``queuePanel``).

    Signals:
        jobSelected(BatchJob): a finished job was selected; show its results.
    """

    jobSelected = Signal(object)

    def __init__(self, runner: EditRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queuePanel")
        self._runner = runner
        self._entries: list[_Entry] = []
        self._retry_row: int | None = None
        self._table = QTableWidget(0, 3, self)
        self._table.setObjectName("queueTable")
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.verticalHeader().hide()
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self._cancel = QPushButton(self)
        self._cancel.setObjectName("queueCancelButton")
        self._retry = QPushButton(self)
        self._retry.setObjectName("queueRetryButton")
        self._cancel_all = QPushButton(self)
        self._cancel_all.setObjectName("queueCancelAllButton")
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self._cancel)
        buttons.addWidget(self._retry)
        buttons.addStretch(1)
        buttons.addWidget(self._cancel_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self._table, 1)
        layout.addLayout(buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

        self._cancel.clicked.connect(self.cancelSelected)
        self._retry.clicked.connect(self.retrySelected)
        self._cancel_all.clicked.connect(self.cancelAll)
        self._table.itemSelectionChanged.connect(self._on_selection)
        runner.batchStarted.connect(self._on_batch_started)
        runner.batchJobChanged.connect(self._on_job_changed)
        self.retranslateUi()
        self._update_buttons()

    # ------------------------------------------------------------------ public

    def rowCount(self) -> int:
        return len(self._entries)

    def job(self, row: int) -> BatchJob:
        return self._entries[row].job

    def jobs(self) -> list[BatchJob]:
        return [entry.job for entry in self._entries]

    def jobsOf(self, batch: Batch) -> list[BatchJob]:
        """The rows that came with ``batch``, each with its latest run (after retries)."""
        return [entry.job for entry in self._entries if entry.origin is batch]

    def stageText(self, row: int) -> str:
        item = self._table.item(row, 1)
        return item.text() if item else ""

    def elapsedText(self, row: int) -> str:
        item = self._table.item(row, 2)
        return item.text() if item else ""

    def selectRow(self, row: int) -> None:
        self._table.selectRow(row)

    def selectedRow(self) -> int | None:
        rows = self._table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def cancelRow(self, row: int) -> None:
        entry = self._entries[row]
        entry.batch.cancel(entry.job.index)

    def retryRow(self, row: int) -> None:
        """Run the row's request again (a batch of one), shown in the same row."""
        entry = self._entries[row]
        if entry.job.state not in ("failed", "cancelled"):
            return
        self._retry_row = row
        try:
            self._runner.startBatch([entry.job.request], 1)
        finally:
            self._retry_row = None

    def cancelSelected(self) -> None:
        row = self.selectedRow()
        if row is not None:
            self.cancelRow(row)

    def retrySelected(self) -> None:
        row = self.selectedRow()
        if row is not None:
            self.retryRow(row)

    def cancelAll(self) -> None:
        for entry in self._entries:
            entry.batch.cancel(entry.job.index)

    def retranslateUi(self) -> None:
        self._table.setHorizontalHeaderLabels(
            [self.tr("Picture"), self.tr("Stage"), self.tr("Time")]
        )
        self._table.setAccessibleName(self.tr("Queued jobs"))
        self._table.setAccessibleDescription(
            self.tr("Each job's picture, stage and time; select a finished one to see it")
        )
        for button, text, name in (
            (self._cancel, self.tr("Cancel"), self.tr("Cancel the selected job")),
            (self._retry, self.tr("Try again"), self.tr("Run the selected job again")),
            (
                self._cancel_all,
                self.tr("Cancel all"),
                self.tr("Cancel every queued and running job"),
            ),
        ):
            button.setText(text)
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.setAccessibleDescription(name)
        for row in range(len(self._entries)):
            self._refresh_row(row)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # --------------------------------------------------------------- internals

    def _on_batch_started(self, batch: Batch) -> None:
        if self._retry_row is not None and batch.jobs:
            origin = self._entries[self._retry_row].origin
            self._entries[self._retry_row] = _Entry(batch, batch.jobs[0], origin)
            self._refresh_row(self._retry_row)
        else:
            for job in batch.jobs:
                self._entries.append(_Entry(batch, job, batch))
                row = self._table.rowCount()
                self._table.insertRow(row)
                for column in range(3):
                    item = QTableWidgetItem()
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                    self._table.setItem(row, column, item)
                self._refresh_row(row)
        self._timer.start()
        self._update_buttons()

    def _on_job_changed(self, job: BatchJob) -> None:
        for row, entry in enumerate(self._entries):
            if entry.job is job:
                self._refresh_row(row)
                if row == self.selectedRow() and job.state == "done":
                    self.jobSelected.emit(job)
                break
        self._update_buttons()

    def _tick(self) -> None:
        running = False
        for row, entry in enumerate(self._entries):
            if entry.job.state not in _ENDED:
                running = True
                self._refresh_row(row)
        if not running:
            self._timer.stop()

    def _variation(self, row: int) -> tuple[int, int]:
        """Which variation of its picture a row is, of how many (1 of 1 when alone)."""
        entry = self._entries[row]
        same = [
            other.job
            for other in self._entries
            if other.origin is entry.origin and other.job.request.inputs == entry.job.request.inputs
        ]
        place = next((n for n, job in enumerate(same) if job is entry.job), 0)
        return place + 1, len(same)

    def _refresh_row(self, row: int) -> None:
        job = self._entries[row].job
        names = ", ".join(path.name for path in job.request.inputs)
        number, count = self._variation(row)
        if count > 1:  # the rows of one picture's variations would all read the same
            names = self.tr("{names} · variation {i} of {n}").format(names=names, i=number, n=count)
        texts = (names, self._state_text(job), _seconds(job.elapsed))
        for column, text in enumerate(texts):
            item = self._table.item(row, column)
            if item is not None and item.text() != text:
                item.setText(text)
                item.setToolTip(plain_tooltip(text))
        error_item = self._table.item(row, 1)
        if error_item is not None and job.error is not None and job.state == "failed":
            error_item.setToolTip(plain_tooltip(job.error.message))

    def _state_text(self, job: BatchJob) -> str:
        if job.state == "queued":
            return self.tr("Queued")
        if job.state == "done":
            return self.tr("Done")
        if job.state == "failed":
            return self.tr("Failed")
        if job.state == "cancelled":
            return self.tr("Cancelled")
        stage = job.progress.stage if job.progress else Stage.PREPARING
        return {
            Stage.PREPARING: self.tr("Preparing"),
            Stage.UPLOADING: self.tr("Uploading"),
            Stage.WAITING: self.tr("Waiting for the model"),
            Stage.DOWNLOADING: self.tr("Downloading"),
            Stage.DONE: self.tr("Done"),
        }.get(stage, self.tr("Running"))

    def _on_selection(self) -> None:
        self._update_buttons()
        row = self.selectedRow()
        if row is not None and self._entries[row].job.state == "done":
            self.jobSelected.emit(self._entries[row].job)

    def _update_buttons(self) -> None:
        row = self.selectedRow()
        job = self._entries[row].job if row is not None else None
        self._cancel.setEnabled(job is not None and job.state not in _ENDED)
        self._retry.setEnabled(job is not None and job.state in ("failed", "cancelled"))
        self._cancel_all.setEnabled(any(e.job.state not in _ENDED for e in self._entries))


def _seconds(elapsed: float | None) -> str:
    if elapsed is None:
        return ""
    minutes, seconds = divmod(int(elapsed), 60)
    return f"{minutes}:{seconds:02d}"

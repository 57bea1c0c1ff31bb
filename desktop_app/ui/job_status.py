"""The job's stage, elapsed time and progress, under the Run button."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from desktop_app.core.editing import Progress, Stage


class JobStatus(QWidget):
    """Shows what the running job is doing ("Waiting for the model · 37 s") and a bar.

    The label's objectName is ``statusLabel``; its text is also set as the accessible
    description so screen readers announce stage changes.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._label = QLabel(self.tr("Ready"), self)
        self._label.setObjectName("statusLabel")
        self._label.setAccessibleName(self.tr("Job status"))
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._bar = QProgressBar(self)
        self._bar.setObjectName("progressBar")
        self._bar.setAccessibleName(self.tr("Job progress"))
        self._bar.setTextVisible(False)
        self._bar.setMaximumHeight(6)
        self._bar.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self._bar)
        layout.addWidget(self._label)
        self._started = 0.0
        self._stage_text = ""
        self._ticker = QTimer(self)
        self._ticker.setInterval(500)
        self._ticker.timeout.connect(self._refresh)

    def stageText(self, stage: Stage) -> str:
        return {
            Stage.PREPARING: self.tr("Preparing the picture"),
            Stage.UPLOADING: self.tr("Uploading"),
            Stage.WAITING: self.tr("Waiting for the model"),
            Stage.DOWNLOADING: self.tr("Downloading the result"),
            Stage.DONE: self.tr("Done"),
        }[stage]

    def begin(self) -> None:
        """A job started: show the bar and start the clock."""
        self._started = time.monotonic()
        self._stage_text = self.stageText(Stage.PREPARING)
        self._bar.setRange(0, 0)
        self._bar.show()
        self._ticker.start()
        self._refresh()

    def update_progress(self, progress: Progress) -> None:
        text = self.stageText(progress.stage)
        if progress.stage is Stage.UPLOADING and progress.fraction is not None:
            text += f" {progress.fraction:.0%}"
        if progress.note:
            text += f" — {progress.note}"
        self._stage_text = text
        if progress.fraction is not None and progress.stage in (Stage.UPLOADING, Stage.DOWNLOADING):
            self._bar.setRange(0, 1000)
            self._bar.setValue(int(progress.fraction * 1000))
        else:
            self._bar.setRange(0, 0)  # the model gives no progress: an honest busy bar
        self._refresh()

    def end(self, message: str) -> None:
        """The job ended (done, failed or cancelled): stop the clock and say how."""
        self._ticker.stop()
        self._bar.hide()
        self.setMessage(message)

    def setMessage(self, message: str) -> None:
        self._label.setText(message)
        self._label.setAccessibleDescription(message)

    def message(self) -> str:
        return self._label.text()

    def elapsed(self) -> float:
        return time.monotonic() - self._started if self._started else 0.0

    def _refresh(self) -> None:
        self.setMessage(f"{self._stage_text} · {self.elapsed():.0f} s")

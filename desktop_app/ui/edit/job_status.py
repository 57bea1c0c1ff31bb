"""The job's stage, elapsed time and progress, under the Run button."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from desktop_app.core.errors import ErrorKind
from desktop_app.core.progress import Progress, Stage
from desktop_app.ui.edit.error_texts import error_title


class JobStatus(QWidget):
    """Shows what the running job is doing ("Waiting for the model · 37 s") and a bar.

    The label's objectName is ``statusLabel``; its text is also its accessible description.
    A job starting, finishing, failing or being cancelled is announced to screen readers (a
    changing label alone is not read out); the ticking seconds are not, they would chatter.
    The status keeps what it shows as state rather than text, so a language switch re-words
    it, also mid-job.

    Signals:
        announced(str): this text was announced (sent to screen readers when one is active).
    """

    announced = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._label = QLabel(self)
        self._label.setTextFormat(Qt.TextFormat.PlainText)  # retry notes quote the relay
        self._label.setObjectName("statusLabel")
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._bar = QProgressBar(self)
        self._bar.setObjectName("progressBar")
        self._bar.setTextVisible(False)
        self._bar.setMaximumHeight(6)
        self._bar.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self._bar)
        layout.addWidget(self._label)
        self._started = 0.0
        self._progress: Progress | None = None
        self._wording: Callable[[], str] = self._ready_text
        self._ticker = QTimer(self)
        self._ticker.setInterval(500)
        self._ticker.timeout.connect(self._refresh)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        """Set every text in the current language (also on a live language switch)."""
        self._label.setAccessibleName(self.tr("Job status"))
        self._bar.setAccessibleName(self.tr("Job progress"))
        self._bar.setAccessibleDescription(self.tr("How far the running edit has got"))
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

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
        self._progress = Progress(Stage.PREPARING, 0.0)
        self._wording = self._running_text
        self._bar.setRange(0, 0)
        self._bar.show()
        self._ticker.start()
        self._refresh()
        self._announce(self.tr("Edit started: {stage}").format(stage=self._stage_text()))

    def update_progress(self, progress: Progress) -> None:
        self._progress = progress
        if progress.fraction is not None and progress.stage != Stage.PREPARING:  # the relay's % too
            self._bar.setRange(0, 1000)
            self._bar.setValue(int(progress.fraction * 1000))
        else:
            self._bar.setRange(0, 0)  # the model gives no progress: an honest busy bar
        self._refresh()

    def finishDone(self) -> None:
        """The job succeeded: "Done in 12 s"."""
        seconds = self.elapsed()
        self._end(lambda: self.tr("Done in {s:.0f} s").format(s=seconds))

    def finishFailed(self, kind: ErrorKind) -> None:
        """The job failed: "Failed: Connection problem" (the banner says more)."""
        self._end(lambda: self.tr("Failed: {title}").format(title=error_title(kind)), True)

    def finishCancelled(self) -> None:
        self._end(lambda: self.tr("Cancelled. Nothing was saved from this run."))

    def end(self, message: str) -> None:
        """The job ended with ``message`` (already in the current language)."""
        self._end(lambda: message)

    def setMessage(self, message: str) -> None:
        """Show ``message`` (already in the current language) while no job runs."""
        self._wording = lambda: message
        self._refresh()

    def setReady(self) -> None:
        """Back to the idle "Ready", which follows language switches."""
        self._wording = self._ready_text
        self._refresh()

    def message(self) -> str:
        return self._label.text()

    def elapsed(self) -> float:
        return time.monotonic() - self._started if self._started else 0.0

    def _end(self, wording: Callable[[], str], failed: bool = False) -> None:
        self._ticker.stop()
        self._bar.hide()
        self._progress = None
        self._wording = wording
        self._refresh()
        self._announce(self.message(), assertive=failed)

    def _ready_text(self) -> str:
        return self.tr("Ready")

    def _stage_text(self) -> str:
        progress = self._progress
        if progress is None:
            return ""
        text = self.stageText(progress.stage)
        if progress.stage is Stage.UPLOADING and progress.fraction is not None:
            text += f" {progress.fraction:.0%}"
        if progress.note:
            text += f" — {progress.note}"
        return text

    def _running_text(self) -> str:
        return f"{self._stage_text()} · {self.elapsed():.0f} s"

    def _refresh(self) -> None:
        message = self._wording()
        self._label.setText(message)
        self._label.setAccessibleDescription(message)

    def _announce(self, text: str, assertive: bool = False) -> None:
        # Imported at the first announcement: QAccessible's classes cost ~3 ms at start-up.
        from desktop_app.ui.common.accessibility import announce

        announce(self._label, text, assertive=assertive)
        self.announced.emit(text)

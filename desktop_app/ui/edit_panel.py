"""The left column: what picture, what change, which ratio, and the Run / Cancel buttons."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui.job_status import JobStatus
from desktop_app.ui.prompt_edit import PromptEdit
from desktop_app.ui.ratio_picker import RatioPicker


class EditPanel(QWidget):
    """Prompt, ratio, Run and Cancel, with the job's status under them.

    Signals:
        runRequested(): Run was clicked or Ctrl+Enter pressed in the prompt.
        cancelRequested(): Cancel was clicked.
    """

    runRequested = Signal()
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editPanel")
        self._input_info = QLabel(self.tr("No picture yet"), self)
        self._input_info.setObjectName("inputInfoLabel")
        self._input_info.setAccessibleName(self.tr("Picture"))
        self._input_info.setWordWrap(True)
        self._input_info.setProperty("role", "secondary")
        self.prompt = PromptEdit(self)
        self.ratio = RatioPicker(self)
        self._run = QPushButton(self.tr("Run"), self)
        self._run.setObjectName("runButton")
        self._run.setAccessibleName(self.tr("Run the edit"))
        self._run.setToolTip(self.tr("Send the picture and the prompt to the model (Ctrl+Enter)"))
        self._run.setDefault(True)
        self._run.setProperty("role", "primary")
        self._cancel = QPushButton(self.tr("Cancel"), self)
        self._cancel.setObjectName("cancelButton")
        self._cancel.setAccessibleName(self.tr("Cancel the edit"))
        self._cancel.setToolTip(self.tr("Stop the running edit (Esc)"))
        self._cancel.setEnabled(False)
        self.status = JobStatus(self)
        self.prompt.setMaximumHeight(240)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self._run, 1)
        buttons.addWidget(self._cancel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        layout.addWidget(self._heading(self.tr("Picture")))
        layout.addWidget(self._input_info)
        layout.addSpacing(8)
        layout.addWidget(self._heading(self.tr("What to change")))
        layout.addWidget(self.prompt)
        layout.addSpacing(8)
        layout.addWidget(self._heading(self.tr("Aspect ratio")))
        layout.addWidget(self.ratio)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addStretch(1)

        self._run.clicked.connect(self.runRequested)
        self._cancel.clicked.connect(self.cancelRequested)
        self.prompt.submitRequested.connect(self.runRequested)

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setProperty("role", "heading")
        return label

    def setInputInfo(self, text: str) -> None:
        self._input_info.setText(text)
        self._input_info.setToolTip(text)

    def inputInfo(self) -> str:
        return self._input_info.text()

    def setBusy(self, busy: bool) -> None:
        """While a job runs, Run is disabled and Cancel enabled (and the other way round)."""
        self._run.setEnabled(not busy)
        self._cancel.setEnabled(busy)

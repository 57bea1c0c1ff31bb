"""The left column: what picture, what change, which ratio, and the Run / Cancel buttons."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.edit.job_status import JobStatus
from desktop_app.ui.edit.prompt_edit import PromptEdit
from desktop_app.ui.edit.ratio_picker import RatioPicker
from desktop_app.ui.edit.route_options import RouteOptions
from desktop_app.ui.window.window_menus import command_keys

MAX_VARIATIONS = 4


class EditPanel(QWidget):
    """Prompt, ratio, variations, Run and Cancel, with the job's status under them.

    ``first_frame``: the panel is part of a window's first frame, which draws only what
    shows (the window finishes the rest after it).

    Signals:
        runRequested(): Run was clicked or Ctrl+Enter pressed in the prompt.
        cancelRequested(): Cancel was clicked.
    """

    runRequested = Signal()
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None, *, first_frame: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("editPanel")
        self._has_input = False
        self._creating = False
        # Created in reading order: the accessibility tree follows the order of children.
        self._headings = [self._heading() for _ in range(3)]
        self._input_info = QLabel(self)
        self._input_info.setObjectName("inputInfoLabel")
        self._input_info.setWordWrap(True)
        self._input_info.setProperty("role", "secondary")
        self.prompt = PromptEdit(self)
        # In the window's first frame only what shows is drawn (see RatioPicker.drawIcons).
        self.ratio = RatioPicker(self, icons_later=first_frame)
        # Exact size and transparency, beside the ratio (the size only on the images route).
        self.routeOptions = RouteOptions(self)
        self._variations_label = QLabel(self)
        self.variations = QSpinBox(self)
        self.variations.setObjectName("variationsSpin")
        self.variations.setRange(1, MAX_VARIATIONS)
        self._variations_label.setBuddy(self.variations)
        # Several pictures: one job each, or (checked) one request with all as references.
        self.together = QCheckBox(self)
        self.together.setObjectName("togetherCheck")
        self.together.hide()
        self._run = QPushButton(self)
        self._run.setObjectName("runButton")
        self._run.setDefault(True)
        self._run.setProperty("role", "primary")
        self._cancel = QPushButton(self)
        self._cancel.setObjectName("cancelButton")
        self._cancel.setEnabled(False)
        self.status = JobStatus(self)
        self.prompt.setMaximumHeight(240)
        # A heading is the label of the control under it (screen readers say both).
        self._headings[1].setBuddy(self.prompt.focusChain()[0])
        self._headings[2].setBuddy(self.ratio.focusChain()[0])

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self._run, 1)
        buttons.addWidget(self._cancel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        layout.addWidget(self._headings[0])
        layout.addWidget(self._input_info)
        layout.addSpacing(8)
        layout.addWidget(self._headings[1])
        layout.addWidget(self.prompt)
        layout.addSpacing(8)
        layout.addWidget(self._headings[2])
        layout.addWidget(self.ratio)
        layout.addWidget(self.routeOptions)
        variations = QHBoxLayout()
        variations.setSpacing(8)
        variations.addWidget(self._variations_label)
        variations.addWidget(self.variations)
        variations.addStretch(1)
        layout.addLayout(variations)
        layout.addWidget(self.together)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addStretch(1)

        self._run.clicked.connect(self.runRequested)
        self._cancel.clicked.connect(self.cancelRequested)
        self.prompt.submitRequested.connect(self.runRequested)
        self.retranslateUi()
        # Keyboard order follows the work: say what to change, pick a ratio, run or cancel.
        for first, second in itertools.pairwise(self.focusChain()):
            QWidget.setTabOrder(first, second)

    def retranslateUi(self) -> None:
        """Set every text in the current language (also on a live language switch)."""
        for label, text in zip(
            self._headings,
            (self.tr("Picture"), self.tr("What to change"), self.tr("Aspect ratio")),
            strict=True,
        ):
            label.setText(text)
        self._input_info.setAccessibleName(self.tr("Picture"))
        if not self._has_input:
            self._input_info.setText(self.tr("No picture yet"))
            self._input_info.setAccessibleDescription(self.tr("No picture yet"))
        self.together.setText(self.tr("All pictures in one request, as references"))
        self.together.setAccessibleName(self.tr("All pictures in one request"))
        self.together.setToolTip(
            self.tr(
                "Send up to 4 pictures together so the model combines them; "
                "unchecked, each picture is its own job"
            )
        )
        self.together.setAccessibleDescription(self.together.toolTip())
        self._variations_label.setText(self.tr("&Variations:"))
        self.variations.setAccessibleName(self.tr("Variations"))
        self.variations.setToolTip(self.tr("Run the same picture and prompt this many times"))
        self.variations.setAccessibleDescription(self.variations.toolTip())
        if self._creating:
            self._run.setText(self.tr("Create"))
            self._run.setAccessibleName(self.tr("Create a picture from the prompt"))
            self._run.setToolTip(
                self.tr("No picture is loaded: the model creates one from the prompt")
            )
        else:
            self._run.setText(self.tr("Run"))
            self._run.setAccessibleName(self.tr("Run the edit"))
            self._run.setToolTip(
                self.tr("Send the picture and the prompt to the model ({keys})").format(
                    keys=command_keys("run")
                )
            )
        self._run.setAccessibleDescription(self._run.toolTip())
        self._cancel.setText(self.tr("Cancel"))
        self._cancel.setAccessibleName(self.tr("Cancel the edit"))
        self._cancel.setToolTip(
            self.tr("Stop the running edit ({keys})").format(keys=command_keys("cancel"))
        )
        self._cancel.setAccessibleDescription(self._cancel.toolTip())

    def changeEvent(self, event: QEvent) -> None:
        """Re-word the panel when the application's language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _heading(self) -> QLabel:
        label = QLabel(self)
        label.setProperty("role", "heading")
        return label

    def setInputInfo(self, text: str) -> None:
        """Describe the picture ("photo.jpg" and its size on the next line).

        Another picture resets the status: the last job's "Done in 2 s" is not about it.
        """
        picture = text.partition("\n")[0]
        if picture != self._input_info.text().partition("\n")[0] and self._run.isEnabled():
            self.status.setReady()
        self._has_input = bool(text)
        self._input_info.setText(text)
        self._input_info.setToolTip(text)
        self._input_info.setAccessibleDescription(text)
        if not text:
            self.retranslateUi()

    def setCreating(self, creating: bool) -> None:
        """Word Run as Create while no picture is loaded (the model makes one from the prompt)."""
        if creating != self._creating:
            self._creating = creating
            self.retranslateUi()

    def inputInfo(self) -> str:
        return self._input_info.text()

    def setPictureCount(self, count: int) -> None:
        """Offer "all in one request" only while several pictures are loaded."""
        self.together.setVisible(count > 1)
        if count <= 1:
            self.together.setChecked(False)

    def focusChain(self) -> list[QWidget]:
        """The panel's controls in keyboard order, for the window's tab order."""
        return [
            *self.prompt.focusChain(),
            *self.ratio.focusChain(),
            *self.routeOptions.focusChain(),
            self.variations,
            self.together,
            self._run,
            self._cancel,
        ]

    def setBusy(self, busy: bool) -> None:
        """While a job runs, Run is disabled and Cancel enabled (and the other way round)."""
        self._run.setEnabled(not busy)
        self._cancel.setEnabled(busy)

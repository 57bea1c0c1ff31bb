"""The row under the result: what it is and where it was saved, and the ways to take it away."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.ui.common.plain_text import plain_tooltip
from desktop_app.ui.window.window_menus import command_keys


class ResultBar(QWidget):
    """Result description plus Use as input, Copy and Save As… buttons.

    Signals:
        useRequested(): "Use as input" was clicked.
        copyRequested(): "Copy" was clicked.
        saveRequested(): "Save As…" was clicked.
    """

    useRequested = Signal()
    copyRequested = Signal()
    saveRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._info = QLabel("", self)
        self._info.setTextFormat(Qt.TextFormat.PlainText)  # names and sizes from the relay
        self._info.setObjectName("resultInfoLabel")
        self._info.setProperty("role", "secondary")
        self._use = self._button("useResultButton")
        self._copy = self._button("copyButton")
        self._save = self._button("saveButton")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self._info, 1)
        for button in (self._use, self._copy, self._save):
            layout.addWidget(button)
        self._use.clicked.connect(self.useRequested)
        self._copy.clicked.connect(self.copyRequested)
        self._save.clicked.connect(self.saveRequested)
        self.setActionsEnabled(False)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        """Set every text in the current language (also on a live language switch)."""
        self._info.setAccessibleName(self.tr("Result"))
        for button, command, text, description in (
            (
                self._use,
                "use_result",
                self.tr("Use as input"),
                self.tr("Edit the result further with a new prompt ({keys})"),
            ),
            (self._copy, "copy", self.tr("Copy"), self.tr("Copy the result ({keys})")),
            (
                self._save,
                "save",
                self.tr("Save As…"),
                self.tr("Save the result as PNG, JPEG or WebP ({keys})"),
            ),
        ):
            button.setText(text)
            button.setAccessibleName(text.rstrip("…"))
            button.setAccessibleDescription(description.format(keys=command_keys(command)))
            button.setToolTip(button.accessibleDescription())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def buttons(self) -> list[QPushButton]:
        """Use as input, Copy, Save As…: in keyboard order."""
        return [self._use, self._copy, self._save]

    def _button(self, name: str) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        return button

    def setActionsEnabled(self, enabled: bool) -> None:
        for button in (self._use, self._copy, self._save):
            button.setEnabled(enabled)

    def setInfo(self, text: str, tooltip: str = "") -> None:
        self._info.setText(text)
        self._info.setToolTip(plain_tooltip(tooltip))

    def info(self) -> str:
        return self._info.text()

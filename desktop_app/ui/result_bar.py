"""The row under the result: what it is and where it was saved, and the ways to take it away."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


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
        self._info.setObjectName("resultInfoLabel")
        self._info.setAccessibleName(self.tr("Result"))
        self._info.setProperty("role", "secondary")
        self._use = self._button(
            "useResultButton",
            self.tr("Use as input"),
            self.tr("Edit the result further with a new prompt"),
        )
        self._copy = self._button(
            "copyButton", self.tr("Copy"), self.tr("Copy the result (Ctrl+Shift+C)")
        )
        self._save = self._button(
            "saveButton",
            self.tr("Save As…"),
            self.tr("Save the result as PNG, JPEG or WebP (Ctrl+S)"),
        )
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

    def _button(self, name: str, text: str, description: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text.rstrip("…"))
        button.setAccessibleDescription(description)
        button.setToolTip(description)
        return button

    def setActionsEnabled(self, enabled: bool) -> None:
        for button in (self._use, self._copy, self._save):
            button.setEnabled(enabled)

    def setInfo(self, text: str, tooltip: str = "") -> None:
        self._info.setText(text)
        self._info.setToolTip(tooltip)

    def info(self) -> str:
        return self._info.text()

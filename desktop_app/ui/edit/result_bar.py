"""The row under the result: what it is and where it was saved, and the ways to take it away."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui.common.elided_label import ElidedLabel
from desktop_app.ui.common.file_manager import show_in_folder
from desktop_app.ui.common.plain_text import plain_tooltip
from desktop_app.ui.window.window_menus import command_keys


class ResultBar(QWidget):
    """Result description and where it was saved, plus Show in folder, Use as input, Copy and
    Save As… buttons. Show in folder opens the file manager itself.

    Signals:
        useRequested(): "Use as input" was clicked.
        copyRequested(): "Copy" was clicked.
        saveRequested(): "Save As…" was clicked.
        modelPictureToggled(bool): show the model's whole picture (True) or the edit pasted
            into the original (False); offered for region edits only.
    """

    modelPictureToggled = Signal(bool)
    useRequested = Signal()
    copyRequested = Signal()
    saveRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._info = QLabel("", self)
        self._info.setTextFormat(Qt.TextFormat.PlainText)  # names and sizes from the relay
        self._info.setObjectName("resultInfoLabel")
        self._info.setProperty("role", "secondary")
        self._saved_path: Path | None = None
        self._where = ElidedLabel(Qt.TextElideMode.ElideMiddle, self)
        self._where.setObjectName("resultPathLabel")
        self._where.setProperty("role", "secondary")
        self._where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._stale = QLabel(self)
        self._stale.setObjectName("staleResultLabel")
        self._stale.setProperty("role", "secondary")
        self._stale.hide()
        self._model_picture = self._button("modelPictureButton")
        self._model_picture.setCheckable(True)
        self._model_picture.hide()
        self._show_folder = self._button("showInFolderButton")
        self._use = self._button("useResultButton")
        self._copy = self._button("copyButton")
        self._save = self._button("saveButton")
        texts = QVBoxLayout()
        texts.setContentsMargins(0, 0, 0, 0)
        texts.setSpacing(0)
        texts.addWidget(self._stale)
        texts.addWidget(self._info)
        texts.addWidget(self._where)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(texts, 1)
        for button in self.buttons():
            layout.addWidget(button)
        self._model_picture.toggled.connect(self.modelPictureToggled)
        self._show_folder.clicked.connect(self._on_show_in_folder)
        self._use.clicked.connect(self.useRequested)
        self._copy.clicked.connect(self.copyRequested)
        self._save.clicked.connect(self.saveRequested)
        self.setActionsEnabled(False)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        """Set every text in the current language (also on a live language switch)."""
        self._info.setAccessibleName(self.tr("Result"))
        self._where.setAccessibleName(self.tr("Where the result was saved"))
        self._show_folder.setText(self.tr("Show in Folder"))
        self._show_folder.setAccessibleName(self.tr("Show in Folder"))
        self._show_folder.setAccessibleDescription(
            self.tr("Open the folder of the result in the file manager, the file selected")
        )
        self._show_folder.setToolTip(self._show_folder.accessibleDescription())
        self._word_saved_path()
        self._model_picture.setText(self.tr("Model's picture"))
        self._model_picture.setAccessibleName(self.tr("Show the model's picture"))
        self._model_picture.setAccessibleDescription(
            self.tr("Compare with the model's whole picture instead of the edit pasted back")
        )
        self._model_picture.setToolTip(self._model_picture.accessibleDescription())
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
        """Model's picture, Show in folder, Use as input, Copy, Save As…: in keyboard order."""
        return [self._model_picture, self._show_folder, self._use, self._copy, self._save]

    def setModelPictureAvailable(self, available: bool) -> None:
        """Offer the switch to the model's picture (a region edit's result is on show)."""
        if not available:
            self._model_picture.setChecked(False)
        self._model_picture.setVisible(available)

    def _button(self, name: str) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        return button

    def setActionsEnabled(self, enabled: bool) -> None:
        for button in (self._use, self._copy, self._save):
            button.setEnabled(enabled)
        self._show_folder.setEnabled(enabled and self._saved_path is not None)

    def setSavedPath(self, path: Path | None) -> None:
        """Say where the result on show was saved, in full (None: nothing saved)."""
        self._saved_path = path
        self._show_folder.setEnabled(path is not None and self._copy.isEnabled())
        self._word_saved_path()

    def setStaleNote(self, note: str) -> None:
        """Say the result on show is the previous one (``note``), greying its lines; "" ends it."""
        self._stale.setText(note)
        self._stale.setVisible(bool(note))
        self._info.setEnabled(not note)
        self._where.setEnabled(not note)

    def savedPath(self) -> Path | None:
        return self._saved_path

    def _word_saved_path(self) -> None:
        if self._saved_path is None:
            self._where.setFullText("")
            return
        self._where.setFullText(self.tr("Saved as {path}").format(path=self._saved_path))

    def _on_show_in_folder(self) -> None:
        if self._saved_path is not None:
            show_in_folder(self._saved_path)

    def setInfo(self, text: str, tooltip: str = "") -> None:
        self._info.setText(text)
        self._info.setToolTip(plain_tooltip(tooltip))

    def info(self) -> str:
        return self._info.text()

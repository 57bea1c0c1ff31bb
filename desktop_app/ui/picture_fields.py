"""The "Pictures" settings: the largest upload side and the folder results are saved to."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QGroupBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from desktop_app.core.settings import Settings
from desktop_app.ui.form_style import form_layout, spin_box

_META = {f.name: f.metadata for f in dataclasses.fields(Settings)}


class PictureFields(QGroupBox):
    """Upload size and output folder (the same for every profile)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Pictures"), parent)
        self.setObjectName("picturesGroup")
        self._default_folder = Path()
        self._max_upload = spin_box("maxUploadSpin", _META["max_upload_side"], self.tr(" px"), self)
        self._folder = QLineEdit(self)
        self._folder.setObjectName("outputDirEdit")
        self._folder.setAccessibleName(self.tr("Output folder"))
        self._folder.setToolTip(_META["output_dir"]["title"])
        self._browse = QPushButton(self.tr("Browse…"), self)
        self._browse.setObjectName("browseOutputButton")
        self._browse.setAccessibleName(self.tr("Choose the output folder"))
        self._browse.clicked.connect(self._on_browse)

        folder_row = QWidget(self)
        row = QHBoxLayout(folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(self._folder, 1)
        row.addWidget(self._browse)
        form = form_layout(self)
        form.addRow(self.tr("Largest upload si&de:"), self._max_upload)
        form.addRow(self.tr("Output &folder:"), folder_row)

    def setValues(self, settings: Settings) -> None:
        """Show ``settings``' upload size and output folder."""
        self._max_upload.setValue(settings.max_upload_side)
        self._folder.setText(settings.output_dir)
        self._default_folder = settings.results_dir
        self._folder.setPlaceholderText(str(self._default_folder))

    def applyTo(self, settings: Settings) -> Settings:
        """``settings`` with these values."""
        return dataclasses.replace(
            settings,
            max_upload_side=self._max_upload.value(),
            output_dir=self._folder.text().strip(),
        )

    def _on_browse(self) -> None:
        start = self._folder.text() or str(self._default_folder)
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the output folder"), start)
        if folder:
            self._folder.setText(folder)

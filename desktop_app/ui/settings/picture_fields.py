"""The "General" settings: the window's language, the largest upload side, the folder
results are saved to and the quality Save As and Export write (the same for every profile)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop_app.core.settings import Settings, pictures_dir
from desktop_app.ui.settings.form_style import form_layout, setting_title, spin_box
from desktop_app.ui.window import i18n

_META = {f.name: f.metadata for f in dataclasses.fields(Settings)}


class PictureFields(QGroupBox):
    """Language, upload size, output folder, jobs at once and export quality (objectName
    ``picturesGroup``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("General"), parent)
        self.setObjectName("picturesGroup")
        self._default_folder = Path()
        self._language = QComboBox(self)
        self._language.setObjectName("languageCombo")
        self._language.setAccessibleName(self.tr("Language"))
        self._language.setAccessibleDescription(
            self.tr("The language of the window; it changes as soon as you save")
        )
        self._language.addItem(self.tr("Same as the system"), i18n.SYSTEM)
        for language in i18n.SUPPORTED:
            self._language.addItem(i18n.NATIVE_NAMES[language], language)
        self._appearance = QComboBox(self)
        self._appearance.setObjectName("appearanceCombo")
        self._appearance.setAccessibleName(self.tr("Appearance"))
        self._appearance.setAccessibleDescription(
            self.tr("Light or dark, or as the system is; it changes as soon as you save")
        )
        for text, choice in (
            (self.tr("Same as the system"), "system"),
            (self.tr("Light"), "light"),
            (self.tr("Dark"), "dark"),
        ):
            self._appearance.addItem(text, choice)
        self._max_upload = spin_box("maxUploadSpin", _META["max_upload_side"], self.tr(" px"), self)
        self._concurrency = spin_box("concurrencySpin", _META["concurrency"], "", self)
        self._quality = spin_box("exportQualitySpin", _META["export_quality"], "", self)
        self._folder = QLineEdit(self)
        self._folder.setObjectName("outputDirEdit")
        self._folder.setAccessibleName(self.tr("Results folder"))
        self._folder.setToolTip(setting_title(_META["output_dir"]))
        self._folder.setAccessibleDescription(self._folder.toolTip())
        self._browse = QPushButton(self.tr("Browse…"), self)
        self._browse.setObjectName("browseOutputButton")
        self._browse.setAccessibleName(self.tr("Choose the results folder"))
        self._browse.setAccessibleDescription(self.tr("Pick the folder in a file dialog"))
        self._browse.clicked.connect(self._on_browse)

        folder_row = QWidget(self)
        row = QHBoxLayout(folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(self._folder, 1)
        row.addWidget(self._browse)
        form = form_layout(self)
        form.addRow(self.tr("&Language:"), self._language)
        form.addRow(self.tr("&Appearance:"), self._appearance)
        form.addRow(self.tr("Largest upload si&de:"), self._max_upload)
        form.addRow(self.tr("Results &folder:"), folder_row)
        form.addRow(self.tr("&Jobs at once:"), self._concurrency)
        form.addRow(self.tr("Save &quality:"), self._quality)

    def setValues(self, settings: Settings) -> None:
        """Show ``settings``' language, upload size and output folder."""
        self._language.setCurrentIndex(max(self._language.findData(settings.language), 0))
        self._appearance.setCurrentIndex(max(self._appearance.findData(settings.appearance), 0))
        self._max_upload.setValue(settings.max_upload_side)
        self._folder.setText(settings.output_dir)
        self._concurrency.setValue(settings.concurrency)
        self._quality.setValue(settings.export_quality)
        self._default_folder = pictures_dir()
        # Short enough to read whole; the tooltip says where pasted pictures' results go.
        self._folder.setPlaceholderText(self.tr("Beside each picture"))

    def applyTo(self, settings: Settings) -> Settings:
        """``settings`` with these values."""
        return dataclasses.replace(
            settings,
            language=str(self._language.currentData()),
            appearance=str(self._appearance.currentData()),
            max_upload_side=self._max_upload.value(),
            output_dir=self._folder.text().strip(),
            concurrency=self._concurrency.value(),
            export_quality=self._quality.value(),
        )

    def _on_browse(self) -> None:
        start = self._folder.text() or str(self._default_folder)
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the results folder"), start)
        if folder:
            self._folder.setText(folder)

"""The settings forms' shared look: right-aligned labels, one label column, compact numbers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QSizePolicy, QSpinBox, QWidget


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    return text


# The settings' titles are declared (in English) in the Qt-free core; the ones the dialog
# shows are marked here so they are translated (context "Settings").
_SHOWN_TITLES = (
    QT_TRANSLATE_NOOP("Settings", "Wait for the model (seconds)"),
    QT_TRANSLATE_NOOP("Settings", "Connect timeout (seconds)"),
    QT_TRANSLATE_NOOP("Settings", "Download timeout (seconds)"),
    QT_TRANSLATE_NOOP("Settings", "Largest upload side (pixels)"),
    QT_TRANSLATE_NOOP("Settings", "Jobs at once"),
    QT_TRANSLATE_NOOP("Settings", "Quality of saved JPEG, WebP and AVIF files"),
    QT_TRANSLATE_NOOP("Settings", "Appearance"),
    QT_TRANSLATE_NOOP(
        "Settings",
        "Results folder (empty: beside each picture; pasted and web pictures: Pictures)",
    ),
)


def setting_title(meta: dict[str, Any]) -> str:
    """A settings field's title (from its metadata) in the current language."""
    return QCoreApplication.translate("Settings", str(meta["title"]))


def form_layout(owner: QWidget) -> QFormLayout:
    """A QFormLayout on ``owner``: labels right-aligned, fields growing, even spacing."""
    form = QFormLayout(owner)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(12)
    form.setVerticalSpacing(8)
    form.setContentsMargins(14, 12, 14, 12)
    return form


def spin_box(name: str, meta: dict[str, Any], suffix: str, parent: QWidget) -> QSpinBox:
    """A spin box whose range and tooltip come from a settings field's metadata (``_meta``)."""
    spin = QSpinBox(parent)
    spin.setObjectName(name)
    spin.setRange(int(meta["minimum"]), int(meta["maximum"]))
    spin.setSuffix(suffix)
    spin.setToolTip(setting_title(meta))
    spin.setAccessibleName(setting_title(meta))
    spin.setAccessibleDescription(
        QCoreApplication.translate("Settings", "From {low} to {high}").format(
            low=meta["minimum"], high=meta["maximum"]
        )
    )
    spin.setMinimumWidth(120)
    # Numbers are short: a spin box as wide as the dialog would look like a text field.
    spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return spin


def align_label_columns(*owners: QWidget) -> None:
    """Give the forms of ``owners`` one label column width, so their fields line up."""
    labels: list[QWidget] = []
    for owner in owners:
        form = owner.layout()
        if not isinstance(form, QFormLayout):
            continue
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and isinstance(item.widget(), QLabel):
                labels.append(item.widget())
                # The label now fills the column, so its own alignment decides the look.
                item.widget().setAlignment(form.labelAlignment())
    width = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(width)

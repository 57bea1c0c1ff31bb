"""The settings forms' shared look: right-aligned labels, one label column, compact numbers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QSizePolicy, QSpinBox, QWidget


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
    spin.setToolTip(meta["title"])
    spin.setAccessibleName(meta["title"])
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

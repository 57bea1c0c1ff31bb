"""The caption above a comparison pane: a title and a quiet detail such as the picture's size."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QImage, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop_app.ui.common.pixmap_pyramid import source_size


class PaneCaption(QWidget):
    """A title ("Original", "Result") and a detail beside it, trailing widgets after them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = QLabel(self)
        font = QFont(self._title.font())
        font.setWeight(QFont.Weight.DemiBold)
        self._title.setFont(font)
        self._detail = QLabel(self)
        self._detail.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(4, 0, 4, 0)
        self._layout.setSpacing(8)
        self._layout.addWidget(self._title)
        self._layout.addWidget(self._detail)
        self._layout.addStretch(1)

    def setTitle(self, text: str) -> None:
        self._title.setText(text)

    def setDetail(self, text: str) -> None:
        self._detail.setText(text)

    def addTrailingWidget(self, widget: QWidget) -> None:
        self._layout.addWidget(widget)


def size_text(image: QImage | None) -> str:
    """The picture's own pixel size, not its preview's (a 6000 × 4000 photo shows at 4096)."""
    if image is None:
        return ""
    width, height = source_size(image)
    return f"{width} × {height}"

"""Beside the ratio picker: an exact size (Images API) and a transparent-background checkbox."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.core.errors import RetouchError
from desktop_app.core.sizes import parse_size


class RouteOptions(QWidget):
    """The size field (shown on the images route) and the "Transparent background" checkbox.

    Signals:
        changed(): the size or the checkbox changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("routeOptions")
        self._size_label = QLabel(self)
        self._size = QLineEdit(self)
        self._size.setObjectName("sizeEdit")
        self._size.setClearButtonEnabled(True)
        self._size_label.setBuddy(self._size)
        self._transparent = QCheckBox(self)
        self._transparent.setObjectName("transparentCheck")
        size_row = QHBoxLayout()
        size_row.setContentsMargins(0, 0, 0, 0)
        size_row.addWidget(self._size_label)
        size_row.addWidget(self._size, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(size_row)
        layout.addWidget(self._transparent)
        self._size.textChanged.connect(self.changed)
        self._transparent.toggled.connect(self.changed)
        self.setApi("chat")
        self.retranslateUi()

    def retranslateUi(self) -> None:
        """Set every text in the current language (also on a live language switch)."""
        self._size_label.setText(self.tr("&Size:"))
        self._size.setAccessibleName(self.tr("Exact size"))
        self._size.setPlaceholderText(self.tr("auto: the model's own size"))
        self._size.setToolTip(
            self.tr("WxH such as 1920x1080, or 1K, 2K, 4K with the aspect ratio, or auto")
        )
        self._size.setAccessibleDescription(self._size.toolTip())
        self._transparent.setText(self.tr("Transparent background"))
        self._transparent.setAccessibleName(self.tr("Transparent background"))
        self._transparent.setToolTip(self.tr("The result is a PNG whose background is see-through"))
        self._transparent.setAccessibleDescription(self._transparent.toolTip())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def setApi(self, api: str) -> None:
        """Exact sizes are a parameter of the images route only; hide the field otherwise."""
        images = api == "images"
        self._size_label.setVisible(images)
        self._size.setVisible(images)

    def sizeText(self) -> str | None:
        """The size typed, or None (hidden or empty)."""
        text = self._size.text().strip()
        return text if text and not self._size.isHidden() else None

    def setSizeText(self, text: str) -> None:
        self._size.setText(text)

    def sizeProblem(self) -> str:
        """Why the typed size cannot be sent, or ``""``."""
        try:
            parse_size(self.sizeText())
        except RetouchError:
            words = self.tr("“{size}” is not a size. Use WxH (e.g. 1920x1080), 1K, 2K, 4K or auto.")
            return words.format(size=self.sizeText())
        return ""

    def background(self) -> str | None:
        """``"transparent"`` when the checkbox is on, else None (the model's default)."""
        return "transparent" if self._transparent.isChecked() else None

    def setTransparent(self, on: bool) -> None:
        self._transparent.setChecked(on)

    def focusChain(self) -> list[QWidget]:
        return [self._size, self._transparent]

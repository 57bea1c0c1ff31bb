"""A one-line label that shortens its text with "…" to the room it has, never clipping it."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


class ElidedLabel(QLabel):
    """Plain text on one line, shortened with "…" where it does not fit; whole in the tooltip.

    Args:
        mode: where the text gives way: ``ElideMiddle`` keeps a path's start and file name.
        parent: the owning widget.
    """

    def __init__(
        self,
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._full = ""
        self._mode = mode
        self.setTextFormat(Qt.TextFormat.PlainText)

    def setFullText(self, text: str) -> None:
        """Show ``text``, shortened to the label's width when needed."""
        self._full = text
        self.setAccessibleDescription(text)
        self.updateGeometry()
        self._elide()

    def fullText(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        # Any width will do: the text gives way instead of pushing the layout wider.
        hint = super().minimumSizeHint()
        return QSize(
            min(hint.width(), self.fontMetrics().horizontalAdvance("…") * 8), hint.height()
        )

    def sizeHint(self) -> QSize:
        return QSize(
            self.fontMetrics().horizontalAdvance(self._full) + 4, super().sizeHint().height()
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, self._mode, self.contentsRect().width())
        self.setText(shown)
        self.setToolTip(self._full if shown != self._full else "")

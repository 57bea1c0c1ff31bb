"""A one-line outcome under a field or a button: an inline error, a check result, "working…".

The colour is the palette's text colour tinted towards green or red, so it stays readable in
light and dark themes; a ✓ or ✕ says the same for those who do not see the colour. The text
is plain (provider messages are never read as HTML) and the label hides itself when empty.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.ui.common.plain_text import plain_tooltip

OK, ERROR, BUSY = "ok", "error", "busy"
_HUES = {OK: QColor(47, 158, 68), ERROR: QColor(224, 49, 49)}
_MARKS = {OK: "✓ ", ERROR: "✕ ", BUSY: ""}


class StatusLabel(QLabel):
    """Shows an outcome; the dynamic property ``state`` is ``ok``, ``error``, ``busy`` or ``""``.

    Args:
        name: the objectName.
        accessible_name: what a screen reader calls it.
        parent: the owning widget.
    """

    def __init__(self, name: str, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible_name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setProperty("state", "")
        self.hide()

    def showResult(self, ok: bool, message: str, details: str = "") -> None:
        """Show a success or a failure; ``details`` go to the tooltip."""
        self._show(OK if ok else ERROR, message, details)

    def showError(self, message: str) -> None:
        """Show ``message`` as an error, or hide the label when it is empty."""
        if message:
            self._show(ERROR, message)
        else:
            self.clear()

    def showBusy(self, message: str) -> None:
        self._show(BUSY, message)

    def state(self) -> str:
        return str(self.property("state"))

    def message(self) -> str:
        """The text on show without its ✓/✕ mark."""
        mark = _MARKS.get(self.state(), "")
        return self.text().removeprefix(mark) if mark else self.text()

    def clear(self) -> None:
        super().clear()
        self.setToolTip("")
        self.setProperty("state", "")
        self.hide()

    def sizeHint(self) -> QSize:
        """As tall as the text needs at the current width (QLabel's own hint assumes a
        narrow label, which leaves forms a gap under a wrapped message)."""
        hint = super().sizeHint()
        if self.width() > 0 and self.text():
            hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width changes the height the text needs: tell the layout."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()

    def changeEvent(self, event: QEvent) -> None:
        """Re-tint when the palette changes (light/dark switch)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._tint()

    def _show(self, state: str, message: str, details: str = "") -> None:
        self.setProperty("state", state)
        self.setText(_MARKS[state] + message)
        self.setToolTip(plain_tooltip(details))
        self._tint()
        self.show()

    def _tint(self) -> None:
        hue = _HUES.get(self.state())
        parent = self.parentWidget()
        base = (parent.palette() if parent else self.palette()).color(QPalette.ColorRole.WindowText)
        color = base if hue is None else _mix(base, hue, 0.75)
        if self.palette().color(QPalette.ColorRole.WindowText) != color:
            palette = self.palette()
            palette.setColor(QPalette.ColorRole.WindowText, color)
            self.setPalette(palette)


def _mix(base: QColor, tint: QColor, weight: float) -> QColor:
    return QColor.fromRgbF(
        base.redF() + (tint.redF() - base.redF()) * weight,
        base.greenF() + (tint.greenF() - base.greenF()) * weight,
        base.blueF() + (tint.blueF() - base.blueF()) * weight,
    )

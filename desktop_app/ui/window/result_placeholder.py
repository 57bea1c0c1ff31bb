"""The empty comparison as the shell paints it, before the real views exist.

For the fraction of a second between the first frame and the comparison views being built
(``ui/workflow/workbench.py``), the result column shows what the empty views will show: the
two panes with their captions and hints (no picture is loaded yet: Run creates), in the
views' own colours and words, so nothing jumps when the real ones take over.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QWidget

# Where the views' captions and panes sit below the compare mode row (before_after_view.py).
MODE_ROW = 40
CAPTION_ROW = 24
PANE_GAP = 16


class ResultPlaceholder(QWidget):
    """Paints the empty "Original" and "Result" panes; it takes no input."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultPlaceholder")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        window = palette.color(QPalette.ColorRole.Window)
        canvas = window.darker(106) if window.lightness() >= 128 else window.darker(125)
        width = (self.width() - PANE_GAP) // 2
        top = MODE_ROW + CAPTION_ROW
        hints = (
            (
                "Original",
                _tr("CreationWiring", "No picture: the result is made from the prompt only"),
            ),
            ("Result", _tr("BeforeAfterView", "The result appears here")),
        )
        for index, (title, hint) in enumerate(hints):
            left = index * (width + PANE_GAP)
            pane = QRect(left, top, width, max(0, self.height() - top))
            painter.fillRect(pane, canvas)
            font = painter.font()
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            caption = QRect(left + 2, MODE_ROW, width, CAPTION_ROW)
            painter.drawText(caption, Qt.AlignmentFlag.AlignVCenter, _tr("BeforeAfterView", title))
            font.setBold(False)
            font.setPointSizeF(font.pointSizeF() * 1.08)
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(pane.adjusted(24, 24, -24, -24), flags, hint)
        painter.end()


def _tr(context: str, text: str) -> str:
    # The views' own translations: the same words, and no second entry to keep in step.
    return QCoreApplication.translate(context, text)

"""The empty comparison as the shell shows it, before the real views exist.

For the fraction of a second between the first frame and the comparison views being built
(``ui/workflow/workbench.py``), the result column shows what the empty views will show: the
two panes with their captions and hints (no picture is loaded yet: Run creates), in the
views' own colours and words, so nothing jumps when the real ones take over. Plain labels
that Qt fills and draws itself: a first ``QPainter`` call from Python costs a few ms.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from desktop_app.ui.common.canvas_colour import canvas_colour

# Where the views' captions and panes sit below the compare mode row (before_after_view.py).
MODE_ROW = 40
CAPTION_ROW = 24
PANE_GAP = 16


class ResultPlaceholder(QWidget):
    """The empty "Original" and "Result" panes; it takes no input."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultPlaceholder")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, MODE_ROW, 0, 0)
        grid.setHorizontalSpacing(PANE_GAP)
        grid.setVerticalSpacing(0)
        canvas = canvas_colour(self.palette())
        panes = (
            (
                "Original",
                _tr("CreationWiring", "No picture: the result is made from the prompt only"),
            ),
            ("Result", _tr("BeforeAfterView", "The result appears here")),
        )
        for column, (title, hint) in enumerate(panes):
            caption = QLabel(_tr("BeforeAfterView", title), self)
            caption.setFixedHeight(CAPTION_ROW)
            bold = caption.font()
            bold.setBold(True)
            caption.setFont(bold)
            pane = QLabel(hint, self)
            pane.setAlignment(Qt.AlignmentFlag.AlignCenter)
            pane.setWordWrap(True)
            pane.setMargin(24)
            pane.setAutoFillBackground(True)
            colours = pane.palette()
            colours.setColor(QPalette.ColorRole.Window, canvas)
            colours.setColor(
                QPalette.ColorRole.WindowText, colours.color(QPalette.ColorRole.PlaceholderText)
            )
            pane.setPalette(colours)
            larger = pane.font()
            larger.setPointSizeF(larger.pointSizeF() * 1.08)
            pane.setFont(larger)
            grid.addWidget(caption, 0, column)
            grid.addWidget(pane, 1, column)
            grid.setColumnStretch(column, 1)
        grid.setRowStretch(1, 1)


def _tr(context: str, text: str) -> str:
    # The views' own translations: the same words, and no second entry to keep in step.
    return QCoreApplication.translate(context, text)

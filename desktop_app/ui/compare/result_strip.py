"""The strip of result thumbnails under the comparison, shown when a job made several."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QMargins, QModelIndex, QPointF, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop_app.ui.common.pixmap_pyramid import PixmapPyramid
from desktop_app.ui.compare.pane_caption import size_text

THUMB = QSize(88, 66)
_PADDING = 5
_SIZE_ROLE = Qt.ItemDataRole.UserRole + 1  # an item's "W × H"
_STYLE = """
QListWidget#resultStrip { background: transparent; outline: none; border: 2px solid transparent; }
QListWidget#resultStrip:focus { border: 2px solid palette(highlight); border-radius: 6px; }
"""


class ResultStrip(QListWidget):
    """One thumbnail per result, numbered; hidden for one result or none.

    Signals:
        resultSelected(int): the user picked a result (its index in :meth:`setResults`).
    """

    resultSelected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultStrip")
        self.setStyleSheet(_STYLE)
        self.setItemDelegate(_ThumbnailDelegate(self))
        self.setMouseTracking(True)  # hover ring
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setIconSize(THUMB)
        self.setSpacing(3)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedHeight(THUMB.height() + 2 * _PADDING + 8)
        self.setVisible(False)
        self.currentRowChanged.connect(self._on_row_changed)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        """Set every text in the current language (also on a live language switch)."""
        self.setAccessibleName(self.tr("Results"))
        self.setAccessibleDescription(self.tr("Pick a result to compare with the original"))
        for index in range(self.count()):
            self._word_item(self.item(index), index)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def setResults(self, images: list[QImage]) -> None:
        """Offer ``images`` as thumbnails, the first one current, without signalling."""
        with _signals_blocked(self):
            self.clear()
            ratio = self.devicePixelRatioF()
            for index, image in enumerate(images):
                item = QListWidgetItem(QIcon(_thumbnail(image, ratio)), "")
                item.setData(_SIZE_ROLE, size_text(image))
                self._word_item(item, index)
                self.addItem(item)
            self.setCurrentRow(0 if images else -1)
        self.setVisible(len(images) > 1)

    def setCurrentResult(self, index: int) -> None:
        """Highlight result ``index`` without emitting :attr:`resultSelected`."""
        with _signals_blocked(self):
            self.setCurrentRow(index)

    def _word_item(self, item: QListWidgetItem, index: int) -> None:
        label = self.tr("Result {number}").format(number=index + 1)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, label)
        item.setToolTip(f"{label} · {item.data(_SIZE_ROLE)}")

    def _on_row_changed(self, row: int) -> None:
        if row >= 0:
            self.resultSelected.emit(row)


class _ThumbnailDelegate(QStyledItemDelegate):
    """Draws a result thumbnail with a rounded ring when selected; no text, no row fill."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return THUMB.grownBy(QMargins(*(_PADDING,) * 4))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        cell = QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected or hovered:
            role = QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Mid
            painter.setPen(QPen(option.palette.color(role), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(cell, 6, 6)
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(icon, QIcon):
            pixmap = icon.pixmap(THUMB, painter.device().devicePixelRatioF())
            size = pixmap.deviceIndependentSize()
            top_left = QRectF(option.rect).center() - QPointF(size.width(), size.height()) / 2
            painter.drawPixmap(top_left, pixmap)
            self._paint_number(painter, QRectF(top_left, size), index.row() + 1)
        painter.restore()

    @staticmethod
    def _paint_number(painter: QPainter, picture: QRectF, number: int) -> None:
        """The result's index on its thumbnail, as "Result i of n" and Ctrl+] count them."""
        text = str(number)
        metrics = painter.fontMetrics()
        chip = QRectF(picture.left() + 3, picture.bottom() - metrics.height() - 5, 0, 0)
        chip.setSize(QSizeF(metrics.horizontalAdvance(text) + 10, metrics.height() + 2))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(20, 20, 20, 170))  # on the picture: dark in every theme
        painter.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)


@contextmanager
def _signals_blocked(widget: QWidget) -> Iterator[None]:
    """Like QSignalBlocker, which in PySide6 6.12 drops a reference to None on every use
    (enough uses crash the interpreter)."""
    was_blocked = widget.blockSignals(True)
    try:
        yield
    finally:
        widget.blockSignals(was_blocked)


def _thumbnail(image: QImage, ratio: float) -> QPixmap:
    # From the picture's smallest prepared copy that is large enough: scaling the full
    # 4096 px preview here would hold the GUI thread for tens of milliseconds per result.
    return PixmapPyramid(image).fitted_pixmap(THUMB, ratio)

"""Before and after in one view, split by a divider the user drags across the picture.

The before picture keeps its own aspect: when the edit reframed the picture (1:1 asked of a
3:2 photo) it is placed where the result shows it (:mod:`desktop_app.core.imaging.framing`),
never stretched into the result's frame, and the part of the frame it does not cover is
hatched on the before side.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from desktop_app.core.imaging.framing import Placement, implied_placement
from desktop_app.ui.compare.image_view import ImageView, PixmapPyramid

_GRAB_DISTANCE = 8  # px either side of the divider that grab it instead of panning
_HANDLE_RADIUS = 15
_SLIDER_MAX = 1000
# Chrome drawn *on* the picture: white with a dark outline reads on any photo, in light and
# dark themes alike, which palette colours would not.
_LINE = QColor(255, 255, 255, 235)
_SHADOW = QColor(0, 0, 0, 90)
_CHIP = QColor(20, 20, 20, 150)
# The result's frame where the original has no pixels (a result extended past it).
_UNCOVERED = QColor(92, 92, 92)
_HATCH = QColor(150, 150, 150)


class _SplitImageView(ImageView):
    """The after picture with the before picture painted over the part left of the divider.

    The divider position is a fraction of the *visible* part of the picture: when fitted it
    spans the picture, when zoomed in it spans the viewport, so the divider never slides
    off-screen while panning.

    Signals:
        dividerMoved(float): The user dragged the divider to this position (0..1).
    """

    dividerMoved = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._before: PixmapPyramid | None = None
        self._placement: Placement | None = None  # None: what the two shapes imply
        self._position = 0.5
        self._before_only = False
        self._dragging = False
        self.viewport().setMouseTracking(True)

    def setBeforeImage(self, image: QImage | None) -> None:
        self._before = PixmapPyramid(image) if image is not None and not image.isNull() else None
        self._placement = None
        self.viewport().update()

    def setImage(self, image: QImage | None, *, keep_view: bool = False) -> None:
        if image is not self.image():
            self._placement = None  # another result: its placement is not known yet
        super().setImage(image, keep_view=keep_view)

    def setBeforePlacement(self, placement: Placement | None) -> None:
        self._placement = placement
        self.viewport().update()

    def beforePlacement(self) -> Placement | None:
        """Where the before picture lies in the after's frame (None without both pictures)."""
        after = self.image()
        if self._before is None or after is None:
            return None
        if self._placement is not None:
            return self._placement
        before = self._before.image()
        return implied_placement((before.width(), before.height()), (after.width(), after.height()))

    def beforeViewportRect(self) -> QRectF:
        """The before picture's whole rectangle in viewport coordinates (empty without it)."""
        placement = self.beforePlacement()
        if placement is None:
            return QRectF()
        return self.viewportTransform().mapRect(_placed(self.sceneRect(), placement))

    def setBeforeOnly(self, on: bool) -> None:
        self._before_only = on
        self.viewport().update()

    def setDividerPosition(self, position: float) -> None:
        self._position = min(max(position, 0.0), 1.0)
        self.viewport().update()

    def dividerPosition(self) -> float:
        return self._position

    def dividerX(self) -> float:
        """The divider's x in viewport coordinates."""
        left, right = self._span()
        return left + self._position * (right - left)

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        super().drawForeground(painter, rect)
        if self._before is None or self.image() is None:
            return
        target = self.sceneRect()
        clip = QRectF(target)
        if not self._before_only:
            clip.setRight(self._to_scene(QPointF(self.dividerX(), 0)).x())
        placement = self.beforePlacement() or Placement()
        placed = _placed(target, placement)
        painter.save()
        painter.setClipRect(clip)
        if not placement.covers_all():
            painter.fillRect(clip, _UNCOVERED)
            hatch = QBrush(_HATCH, Qt.BrushStyle.BDiagPattern)
            hatch.setTransform(painter.worldTransform().inverted()[0])  # screen-sized lines
            painter.fillRect(clip, hatch)
        self._before.paint(painter, placed, self._device_scale(painter))
        painter.restore()

        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        visible = self._image_viewport_rect().intersected(QRectF(self.viewport().rect()))
        if self._before_only:
            self._paint_chip(painter, visible, self.tr("Before"), Qt.AlignmentFlag.AlignLeft)
        else:
            self._paint_divider(painter, visible)
        painter.restore()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._near_divider(event.position()):
            self._dragging = True
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging:
            self._move_divider_to(event.position().x())
            event.accept()
            return
        super().mouseMoveEvent(event)
        if not event.buttons() and self.image() is not None:
            # QGraphicsView resets the cursor on hover; decide after it.
            if self._near_divider(event.position()):
                self.viewport().setCursor(Qt.CursorShape.SplitHCursor)
            else:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._dragging:
            self._dragging = False
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self._near_divider(event.position()):
            self._position = 0.5  # double-click on the divider centres it
            self.viewport().update()
            self.dividerMoved.emit(self._position)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def _span(self) -> tuple[float, float]:
        picture = self._image_viewport_rect()
        if picture.isEmpty():
            return 0.0, float(self.viewport().width())
        return max(picture.left(), 0.0), min(picture.right(), float(self.viewport().width()))

    def _near_divider(self, position: QPointF) -> bool:
        if self._before is None or self.image() is None or self._before_only:
            return False
        picture = self._image_viewport_rect()
        return (
            abs(position.x() - self.dividerX()) <= _GRAB_DISTANCE
            and picture.top() <= position.y() <= picture.bottom()
        )

    def _move_divider_to(self, x: float) -> None:
        left, right = self._span()
        if right - left < 1:
            return
        self.setDividerPosition((x - left) / (right - left))
        self.dividerMoved.emit(self._position)

    def _paint_divider(self, painter: QPainter, visible: QRectF) -> None:
        x = self.dividerX()
        # Chips are clipped by the divider, so they slide away with their half.
        left_half = QRectF(visible.left(), visible.top(), x - visible.left(), visible.height())
        right_half = QRectF(x, visible.top(), visible.right() - x, visible.height())
        for half, text, align in (
            (left_half, self.tr("Before"), Qt.AlignmentFlag.AlignLeft),
            (right_half, self.tr("After"), Qt.AlignmentFlag.AlignRight),
        ):
            painter.save()
            painter.setClipRect(half)
            self._paint_chip(painter, visible, text, align)
            painter.restore()

        painter.setPen(QPen(_SHADOW, 4))
        painter.drawLine(QPointF(x, visible.top()), QPointF(x, visible.bottom()))
        painter.setPen(QPen(_LINE, 2))
        painter.drawLine(QPointF(x, visible.top()), QPointF(x, visible.bottom()))

        centre = QPointF(x, visible.center().y())
        painter.setPen(QPen(_SHADOW, 1))
        painter.setBrush(_LINE)
        painter.drawEllipse(centre, _HANDLE_RADIUS, _HANDLE_RADIUS)
        arrows = QPainterPath()
        for direction in (-1, 1):
            tip = centre + QPointF(direction * 9, 0)
            arrows.moveTo(tip)
            arrows.lineTo(tip + QPointF(-direction * 5, -5))
            arrows.lineTo(tip + QPointF(-direction * 5, 5))
            arrows.closeSubpath()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(60, 60, 60))
        painter.drawPath(arrows)

    def _paint_chip(
        self, painter: QPainter, visible: QRectF, text: str, align: Qt.AlignmentFlag
    ) -> None:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.92)
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        width, height = metrics.horizontalAdvance(text) + 16, metrics.height() + 6
        left = (
            visible.left() + 12
            if align == Qt.AlignmentFlag.AlignLeft
            else (visible.right() - 12 - width)
        )
        chip = QRectF(left, visible.top() + 12, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_CHIP)
        painter.drawRoundedRect(chip, height / 2, height / 2)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)


def _placed(frame: QRectF, placement: Placement) -> QRectF:
    """The before picture's rectangle for an after picture shown in ``frame``."""
    return QRectF(
        frame.left() + placement.left * frame.width(),
        frame.top() + placement.top * frame.height(),
        placement.width * frame.width(),
        placement.height * frame.height(),
    )


class SplitCompareView(QWidget):
    """Before left of a divider, after right of it, in one zoomable view with a slider.

    The before picture keeps its aspect and is placed where the result shows it (see the
    module). The divider can be dragged on the picture or moved with the slider below it (objectName
    ``compareSlider``, 0..1000); double-clicking the divider centres it.

    Signals:
        dividerPositionChanged(float): The divider moved (0 = all after, 1 = all before).
        zoomChanged(float): The view's zoom factor (see ``ImageView.zoomFactor``).
    """

    dividerPositionChanged = Signal(float)
    zoomChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = _SplitImageView(self)
        self._view.setObjectName("splitImageView")

        self._slider = QSlider(Qt.Orientation.Horizontal, self)
        self._slider.setObjectName("compareSlider")
        self._slider.setRange(0, _SLIDER_MAX)
        self._slider.setValue(_SLIDER_MAX // 2)
        self._slider.setPageStep(_SLIDER_MAX // 10)

        self._slider.setFixedWidth(320)
        # A short slider between two words reads as "before ... after"; a full-width one
        # would suggest it maps onto the picture's edges, which it only does when fitted.
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        row.addStretch(1)
        self._before_label, self._after_label = self._side_label(), self._side_label()
        for widget in (self._before_label, self._slider, self._after_label):
            row.addWidget(widget)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self._view, 1)
        layout.addLayout(row)

        self._slider.valueChanged.connect(self._on_slider_moved)
        self._view.dividerMoved.connect(self._on_divider_dragged)
        self._view.zoomChanged.connect(self.zoomChanged)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        """Set every text in the current language (also on a live language switch)."""
        self._view.setAccessibleName(self.tr("Before and after, split"))
        self._view.setAccessibleDescription(
            self.tr("The original left of the divider, the result right of it")
        )
        self._view.setPlaceholderText(self.tr("The split view needs an original and a result"))
        self._slider.setAccessibleName(self.tr("Divider position"))
        self._slider.setToolTip(self.tr("Move the divider between before and after"))
        self._slider.setAccessibleDescription(self._slider.toolTip())
        self._before_label.setText(self.tr("Before"))
        self._after_label.setText(self.tr("After"))
        self._view.viewport().update()  # the chips on the picture are painted with words

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _side_label(self) -> QLabel:
        label = QLabel(self)
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        return label

    def slider(self) -> QSlider:
        """The divider's slider (``compareSlider``), for the window's tab order."""
        return self._slider

    def imageView(self) -> ImageView:
        """The view itself, to synchronise it or show its zoom."""
        return self._view

    def setBefore(self, image: QImage | None) -> None:
        self._view.setBeforeImage(image)

    def setAfter(self, image: QImage | None, *, keep_view: bool = False) -> None:
        self._view.setImage(image, keep_view=keep_view)

    def setBeforePlacement(self, placement: Placement | None) -> None:
        """Place the before picture as found (None: the centred crop the shapes imply)."""
        self._view.setBeforePlacement(placement)

    def setBeforeOnly(self, on: bool) -> None:
        """Show the before picture across the whole view (for a "hold to compare" key)."""
        self._view.setBeforeOnly(on)

    def dividerPosition(self) -> float:
        return self._view.dividerPosition()

    def setDividerPosition(self, position: float) -> None:
        """Put the divider at ``position`` (0..1 across the visible picture)."""
        self._slider.setValue(round(min(max(position, 0.0), 1.0) * _SLIDER_MAX))

    def zoomIn(self) -> None:
        self._view.zoomIn()

    def zoomOut(self) -> None:
        self._view.zoomOut()

    def zoomToFit(self) -> None:
        self._view.zoomToFit()

    def zoomToActualSize(self) -> None:
        self._view.zoomToActualSize()

    def _on_slider_moved(self, value: int) -> None:
        self._view.setDividerPosition(value / _SLIDER_MAX)
        self.dividerPositionChanged.emit(self._view.dividerPosition())

    def _on_divider_dragged(self, position: float) -> None:
        # The drag is finer than the slider's steps: keep the exact position.
        # blockSignals, not QSignalBlocker: PySide6 6.12's QSignalBlocker drops a reference
        # to None on every use, which crashes the interpreter after enough uses.
        was_blocked = self._slider.blockSignals(True)
        try:
            self._slider.setValue(round(position * _SLIDER_MAX))
        finally:
            self._slider.blockSignals(was_blocked)
        self.dividerPositionChanged.emit(position)

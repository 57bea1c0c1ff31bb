"""The mask drawn over the Before view: the translucent preview, the brush and shape guides.

A scene item rather than view code: it follows zoom and pan with the picture, and the view
needs no change to show it. It draws the reduced preview (:mod:`mask_preview`), never the
full-resolution mask, so a repaint costs the same on a 24 MP picture as on a small one.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject, QStyleOptionGraphicsItem, QWidget

from desktop_app.ui.mask.mask_detail import DETAIL_FROM, paint_detail, scaled
from desktop_app.ui.mask.mask_document import MaskDocument
from desktop_app.ui.mask.mask_preview import MASK_COLOUR

FRAME_MS = 16
# A solid light line under a dashed dark one: one of them shows on any picture.
_GUIDE_PENS = (
    (QColor(255, 255, 255, 230), Qt.PenStyle.SolidLine),
    (QColor(0, 0, 0, 230), Qt.PenStyle.DashLine),
)


class MaskOverlayItem(QGraphicsObject):
    """Draws ``document``'s preview over the picture's scene rectangle, plus guides.

    The scene is the picture shown, with its top-left corner at the origin. Zoomed in
    closely, the full-resolution tiles are drawn instead of the preview (:mod:`mask_detail`).
    Guides are in scene coordinates (the view's picture pixels): the brush outline under the
    cursor and the rectangle or lasso being drawn. They are drawn twice (see ``_GUIDE_PENS``).

    Args:
        document: The mask whose preview is drawn.
    """

    def __init__(self, document: MaskDocument) -> None:
        super().__init__()
        self._document = document
        self._rect = QRectF()
        self._brush: tuple[QPointF, float] | None = None
        self._guide = QPainterPath()
        self.setZValue(10)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        # A 125 Hz mouse would repaint the view 125 times a second; a screen shows 60.
        self._repaint = QTimer(self)
        self._repaint.setSingleShot(True)
        self._repaint.setInterval(FRAME_MS)
        self._repaint.timeout.connect(self.update)
        document.previewChanged.connect(self._schedule_repaint)

    def setPictureRect(self, rect: QRectF) -> None:
        """Cover ``rect`` (the scene rectangle of the picture shown)."""
        self.prepareGeometryChange()
        self._rect = QRectF(rect)
        self.update()

    def setBrushOutline(self, centre: QPointF | None, diameter: float = 0.0) -> None:
        """Show the brush's size at ``centre`` (scene coordinates); None hides it."""
        brush = (centre, diameter) if centre is not None else None
        if (brush and brush[1]) != (self._brush and self._brush[1]):
            self.prepareGeometryChange()  # the bounding rectangle has room for the outline
        self._brush = brush
        self._schedule_repaint()

    def setGuide(self, path: QPainterPath | None) -> None:
        """Outline a rectangle or lasso being drawn (scene coordinates); None hides it."""
        self._guide = QPainterPath(path) if path is not None else QPainterPath()
        self._schedule_repaint()

    def _schedule_repaint(self) -> None:
        if not self._repaint.isActive():
            self._repaint.start()

    def boundingRect(self) -> QRectF:
        # Guides may reach past the picture (a brush at its edge): cover the margin too.
        reach = self._brush[1] if self._brush is not None else 0.0
        return self._rect.adjusted(-reach - 4, -reach - 4, reach + 4, reach + 4)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        if self._rect.isEmpty():
            return
        preview = self._document.preview()
        image = preview.image()
        painter.save()
        # Only the exposed part: zoomed in, most of the preview is off screen.
        exposed = option.exposedRect.intersected(self._rect)
        if not exposed.isEmpty():
            sx, sy = image.width() / self._rect.width(), image.height() / self._rect.height()
            density = painter.worldTransform().m11() / sx  # device pixels per preview pixel
            if preview.scale() < 1.0 and density >= DETAIL_FROM:
                size = self._document.size()
                scale = (self._rect.width() / size.width(), self._rect.height() / size.height())
                paint_detail(painter, self._document.liveState(), exposed, scale, MASK_COLOUR)
            else:
                # Smooth when magnified (soft, not blocky edges); shrunk, plain sampling of
                # a mask looks the same and costs a third.
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, density > 1.0)
                painter.drawImage(exposed, image, scaled(exposed, sx, sy))
        painter.restore()
        self._paint_guides(painter)

    def _paint_guides(self, painter: QPainter) -> None:
        path = QPainterPath(self._guide)
        if self._brush is not None:
            centre, diameter = self._brush
            path.addEllipse(centre, diameter / 2, diameter / 2)
        if path.isEmpty():
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for colour, style in _GUIDE_PENS:
            pen = QPen(colour, 1.0, style)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawPath(path)
        painter.restore()

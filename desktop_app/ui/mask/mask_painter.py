"""Turns mouse input on the Before view into mask edits, while mask mode is on.

An event filter on the view's viewport: it takes the left button (painting instead of
panning) and leaves the wheel to the view, so zooming keeps working while painting; the
middle button pans. Each
mouse event becomes at most one segment of the stroke; the view then repaints once.
Positions are mapped from the viewport to the scene (the picture shown, possibly a reduced
preview) and on to the source picture's pixels, where the mask is painted.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QMouseEvent, QPainterPath, QPolygonF

from desktop_app.ui.compare.image_view import ImageView
from desktop_app.ui.mask.mask_document import MaskDocument
from desktop_app.ui.mask.mask_overlay import MaskOverlayItem


class MaskTool(StrEnum):
    BRUSH = "brush"
    ERASER = "eraser"
    RECTANGLE = "rectangle"
    LASSO = "lasso"


_MOUSE_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove,
    QEvent.Type.MouseButtonRelease,
}


class MaskPainter(QObject):
    """Paints on ``document`` with the mouse over ``view`` while :meth:`setActive` is on.

    Rectangle and lasso mark the area they enclose; with Alt held they unmark it.

    Args:
        view: The Before view.
        document: The mask painted on (picture pixels).
        overlay: Shows the brush outline and the shape being drawn.
    """

    def __init__(self, view: ImageView, document: MaskDocument, overlay: MaskOverlayItem) -> None:
        super().__init__(view)
        self._view = view
        self._document = document
        self._overlay = overlay
        self._active = False
        self._tool = MaskTool.BRUSH
        self._diameter = 50
        self._shape: list[QPointF] = []  # scene points of the rectangle or lasso
        self._erase_shape = False
        self._pan_from: QPointF | None = None
        self._tracking_before = view.viewport().hasMouseTracking()
        view.viewport().installEventFilter(self)

    def setActive(self, active: bool) -> None:
        """Mask mode on (the left button paints) or off (it pans as usual)."""
        if active == self._active:
            return
        self._finish()
        self._active = active
        viewport = self._view.viewport()
        viewport.setMouseTracking(active or self._tracking_before)  # the brush outline follows
        if active:
            viewport.setCursor(Qt.CursorShape.CrossCursor)
        else:
            viewport.unsetCursor()
            self._overlay.setBrushOutline(None)

    def isActive(self) -> bool:
        return self._active

    def setTool(self, tool: MaskTool) -> None:
        self._finish()
        self._tool = tool
        self._overlay.setBrushOutline(None)

    def tool(self) -> MaskTool:
        return self._tool

    def setBrushDiameter(self, diameter: int) -> None:
        """Brush and eraser size in source-picture pixels."""
        self._diameter = max(1, diameter)

    def toPicture(self, viewport_point: QPointF) -> QPointF:
        """A viewport position in source-picture pixels."""
        scene = self._to_scene(viewport_point)
        sx, sy = self._scale()
        return QPointF(scene.x() * sx, scene.y() * sy)

    # -- events --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self._active or self._view.image() is None:
            return False
        if kind == QEvent.Type.Leave:
            self._overlay.setBrushOutline(None)
            return False
        if kind not in _MOUSE_EVENTS or not isinstance(event, QMouseEvent):
            return False
        if kind == QEvent.Type.MouseMove:
            if self._pan_from is not None:
                self._pan(event.position())
            else:
                self._on_move(event)
        elif event.button() == Qt.MouseButton.MiddleButton:
            pressed = kind != QEvent.Type.MouseButtonRelease
            self._pan_from = event.position() if pressed else None
        elif event.button() == Qt.MouseButton.LeftButton:
            if kind == QEvent.Type.MouseButtonRelease:
                self._finish()
            else:
                self._on_press(event)
        else:
            return False  # other buttons: the view's own behaviour
        event.accept()
        return True

    def _on_press(self, event: QMouseEvent) -> None:
        self._finish()
        position = event.position()
        if self._tool in (MaskTool.BRUSH, MaskTool.ERASER):
            self._document.beginStroke(
                self.toPicture(position), self._diameter, self._tool == MaskTool.ERASER
            )
            return
        self._erase_shape = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        self._shape = [self._to_scene(position)]

    def _on_move(self, event: QMouseEvent) -> None:
        if not event.buttons() & Qt.MouseButton.LeftButton and (
            self._document.isStroking() or self._shape
        ):
            self._finish()  # the release went elsewhere (another window took the mouse)
        position = event.position()
        if self._tool in (MaskTool.BRUSH, MaskTool.ERASER):
            sx, _ = self._scale()
            self._overlay.setBrushOutline(self._to_scene(position), self._diameter / sx)
            if self._document.isStroking():
                self._document.strokeTo(self.toPicture(position))
            return
        if not self._shape:
            return
        point = self._to_scene(position)
        if self._tool == MaskTool.RECTANGLE:
            self._shape[1:] = [point]
        else:
            self._shape.append(point)
        self._overlay.setGuide(self._guide_path())

    def _pan(self, position: QPointF) -> None:
        assert self._pan_from is not None
        delta, self._pan_from = position - self._pan_from, position
        for bar, moved in (
            (self._view.horizontalScrollBar(), delta.x()),
            (self._view.verticalScrollBar(), delta.y()),
        ):
            bar.setValue(bar.value() - round(moved))

    def _finish(self) -> None:
        """End whatever is being drawn: a stroke becomes an undo step, a shape is filled."""
        if self._document.isStroking():
            self._document.endStroke()
        shape, self._shape = self._shape, []
        self._overlay.setGuide(None)
        if len(shape) < 2:
            return
        sx, sy = self._scale()
        points = [QPointF(p.x() * sx, p.y() * sy) for p in shape]
        if self._tool == MaskTool.RECTANGLE:
            self._document.fillRect(QRectF(points[0], points[-1]), self._erase_shape)
        else:
            self._document.fillPolygon(points, self._erase_shape)

    def _guide_path(self) -> QPainterPath:
        path = QPainterPath()
        if self._tool == MaskTool.RECTANGLE:
            path.addRect(QRectF(self._shape[0], self._shape[-1]).normalized())
        else:
            path.addPolygon(QPolygonF(self._shape))
            path.closeSubpath()
        return path

    def _to_scene(self, viewport_point: QPointF) -> QPointF:
        return self._view.viewportTransform().inverted()[0].map(viewport_point)

    def _scale(self) -> tuple[float, float]:
        """Source-picture pixels per scene unit, across and down."""
        scene = self._view.sceneRect()
        size = self._document.size()
        if scene.isEmpty():
            return 1.0, 1.0
        return size.width() / scene.width(), size.height() / scene.height()

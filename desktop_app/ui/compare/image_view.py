"""A zoomable, pannable view of one picture, the building block of every comparison mode.

Kept in one piece: zoom, pan, fit and the drawn rectangle share one transform, and every
mode's views are kept in step through it; split up, that invariant would live in several places.

Zoom semantics, in one place:

* :meth:`ImageView.zoomFactor` is *this view's own* scale: physical screen pixels per image
  pixel. ``1.0`` ("100 %") shows each image pixel on exactly one device pixel, also on a
  HiDPI screen, which is what a designer checking sharpness expects from "100 %".
* :attr:`ViewState.zoom` is the *content* scale used to keep views in step: the on-screen
  width of the whole picture in device-independent pixels. A 4000 px original and a 1536 px
  result with the same ``ViewState.zoom`` show the same content at the same size, so zooming
  one view of a pair never shows a different crop in the other.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, QRectF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPalette,
    QPixmap,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView, QWidget

from desktop_app.ui.common.canvas_colour import canvas_colour
from desktop_app.ui.common.pixmap_pyramid import (  # PixmapPyramid: also imported from here
    PixmapPyramid,
    checker_tile,
    paint_checkerboard,
)

__all__ = ["DRAG_SOURCE_MIME", "ImageView", "PixmapPyramid", "ViewState"]

# Marks drags that start in this app, so a window that accepts dropped pictures can tell
# its own result apart from a file dragged in from outside (``QDropEvent.source()`` too).
DRAG_SOURCE_MIME = "application/x-retouch-studio-drag"

# Photoshop-like steps for the zoom buttons, in device pixels per image pixel.
_ZOOM_STEPS = (
    0.0625, 0.0833, 0.125, 0.1667, 0.25, 0.3333, 0.5, 0.6667,
    1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0, 32.0,
)  # fmt: skip
_MAX_ZOOM = 32.0
_FIT_MARGIN = 8  # device-independent px left free around a fitted picture
_WHEEL_NOTCH = 120
_WHEEL_STEP = 2**0.25  # one wheel notch: 19 %, four notches double the size


@dataclass(frozen=True)
class ViewState:
    """What a view shows, independent of the picture's pixel size.

    Attributes:
        fitted: The whole picture fits the view and keeps fitting on resize.
        zoom: On-screen width of the whole picture in device-independent pixels.
        center: Picture point at the view's centre, in normalised coordinates (0..1).
    """

    fitted: bool
    zoom: float
    center: QPointF


class ImageView(QGraphicsView):
    """Shows one picture: fit by default, zoom around the cursor, pan by dragging.

    The picture is painted in :meth:`drawBackground` (over a checkerboard where it is
    transparent); subclasses paint overlays in :meth:`drawForeground`. Drag events are
    ignored so they reach the parent window, which owns dropping.

    Drag-out: with :meth:`setDragFile` set, a left-button drag starts a file drag when the
    picture is fitted (there is nothing to pan then) or when Ctrl is held; otherwise a
    left drag pans.

    Signals:
        viewStateChanged(object): A :class:`ViewState` after a user zoom, pan or resize;
            not emitted for changes made through :meth:`setViewState`.
        zoomChanged(float): The new :meth:`zoomFactor`, whatever changed it.
        imageChanged(): :meth:`setImage` was called (overlays such as a mask follow it).
    """

    viewStateChanged = Signal(object)
    zoomChanged = Signal(float)
    imageChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self._pyramid: PixmapPyramid | None = None
        self._fitted = True
        self._quiet = 0
        self._placeholder = ""
        self._drag_file: Path | None = None
        self._drag_origin: QPoint | None = None
        self._reported_zoom = 0.0
        self._checker_cache: tuple[tuple[object, ...], QPixmap] | None = None
        self._recent: list[PixmapPyramid] = []  # flashing the original swaps two pictures

        self.setObjectName("imageView")
        self.setAccessibleName(self.tr("Picture"))
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setDragMode(QGraphicsView.DragMode.NoDrag)  # until there is a picture
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        # Placeholder, checkerboard alignment and subclass overlays are fixed to the
        # viewport, so scrolling by blitting would smear them: repaint everything.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.horizontalScrollBar().valueChanged.connect(self._on_scrolled)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    # -- content -------------------------------------------------------------------------

    def setImage(self, image: QImage | None, *, keep_view: bool = False) -> None:
        """Show ``image`` (None or a null image: the placeholder).

        Args:
            image: The picture.
            keep_view: Keep zoom and normalised centre instead of fitting, e.g. when the
                same picture is replaced by another result or the original is flashed.
        """
        state = self.viewState() if keep_view and self._pyramid is not None else None
        if not keep_view:
            self._recent = []  # a new picture, not a swap: let the old one go
        has_image = image is not None and not image.isNull()
        self._pyramid = self._pyramid_for(image) if has_image else None
        # No hand cursor over an empty view: there is nothing to grab.
        self.setDragMode(
            QGraphicsView.DragMode.ScrollHandDrag if has_image else QGraphicsView.DragMode.NoDrag
        )
        with self._quietly():
            size = image.size() if has_image else QSize(0, 0)
            self.scene().setSceneRect(QRectF(0, 0, size.width(), size.height()))
            if state is not None:
                self._apply(state)
            else:
                self._fitted = True
                self._refit()
        self.viewport().update()
        self._report_zoom()
        self.imageChanged.emit()

    def _pyramid_for(self, image: QImage) -> PixmapPyramid:
        """Reuse the pyramid of a recently shown picture: its pixmaps are already made."""
        key = image.cacheKey()
        pyramid = next((p for p in self._recent if p.image().cacheKey() == key), None)
        pyramid = pyramid or PixmapPyramid(image)
        self._recent = [pyramid, *(p for p in self._recent if p is not pyramid)][:2]
        return pyramid

    def image(self) -> QImage | None:
        """The picture shown, or None."""
        return self._pyramid.image() if self._pyramid is not None else None

    def setPlaceholderText(self, text: str) -> None:
        """Text shown centred while there is no picture."""
        self._placeholder = text
        self.viewport().update()

    def placeholderText(self) -> str:
        return self._placeholder

    # -- zoom ----------------------------------------------------------------------------

    def zoomFactor(self) -> float:
        """Physical screen pixels per image pixel: 1.0 is 100 % (see the module docstring)."""
        return self.transform().m11() * self.devicePixelRatioF()

    def isFitted(self) -> bool:
        return self._fitted

    def zoomIn(self) -> None:
        """Zoom to the next step (100 %, 150 %, 200 % ...) around the view's centre."""
        current = self.zoomFactor()
        self._zoom_to(next((s for s in _ZOOM_STEPS if s > current * 1.01), _MAX_ZOOM))

    def zoomOut(self) -> None:
        """Zoom to the previous step around the view's centre."""
        current = self.zoomFactor()
        smaller = [s for s in _ZOOM_STEPS if s < current / 1.01]
        self._zoom_to(smaller[-1] if smaller else self._min_zoom())

    def zoomToFit(self) -> None:
        """Fit the whole picture, and keep fitting it when the view is resized."""
        with self._quietly():
            self._fitted = True
            self._refit()
        self._report_user_change()

    def zoomToActualSize(self) -> None:
        """100 %: one image pixel per device pixel, centred where the view is centred now."""
        self._zoom_to(1.0)

    # -- synchronisation -----------------------------------------------------------------

    def viewState(self) -> ViewState:
        """Fitted flag, content zoom and normalised centre (see :class:`ViewState`)."""
        if self._pyramid is None:
            return ViewState(self._fitted, 0.0, QPointF(0.5, 0.5))
        rect = self.sceneRect()
        centre = self._to_scene(self._viewport_centre())
        return ViewState(
            fitted=self._fitted,
            zoom=self.transform().m11() * rect.width(),
            center=QPointF(centre.x() / rect.width(), centre.y() / rect.height()),
        )

    def setViewState(self, state: ViewState) -> None:
        """Show what ``state`` describes, without emitting :attr:`viewStateChanged`."""
        with self._quietly():
            self._apply(state)
        self._report_zoom()

    # -- drag-out ------------------------------------------------------------------------

    def setDragFile(self, path: Path | None) -> None:
        """Let the picture be dragged out as ``path`` (None: no drag-out)."""
        self._drag_file = path

    def createDragMimeData(self) -> QMimeData | None:
        """The data a drag-out carries: the file URL, the image and :data:`DRAG_SOURCE_MIME`."""
        if self._drag_file is None or self._pyramid is None:
            return None
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(self._drag_file))])
        mime.setImageData(self._pyramid.image())
        mime.setData(DRAG_SOURCE_MIME, b"image-view")
        return mime

    # -- painting ------------------------------------------------------------------------

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, self.canvasColor())
        if self._pyramid is None:
            return
        target = self.sceneRect()
        if self._pyramid.image().hasAlphaChannel():
            self._paint_checkerboard(painter, target)
        self._pyramid.paint(painter, target, self._device_scale(painter))

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        if self._pyramid is not None or not self._placeholder:
            return
        painter.save()
        painter.resetTransform()
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.08)
        painter.setFont(font)
        area = QRectF(self.viewport().rect()).adjusted(24, 24, -24, -24)
        painter.drawText(
            area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._placeholder
        )
        painter.restore()

    def canvasColor(self) -> QColor:
        """The colour around the picture: a shade of the window colour, in light and dark."""
        return canvas_colour(self.palette())

    # -- events --------------------------------------------------------------------------

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta().y() or event.angleDelta().x()
        if self._pyramid is None or delta == 0:
            event.ignore()
            return
        self._zoom_to(self.zoomFactor() * _WHEEL_STEP ** (delta / _WHEEL_NOTCH), event.position())
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        with self._quietly():
            super().resizeEvent(event)
            if self._fitted:
                self._refit()
        self._report_user_change()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._starts_drag_out(event):
            self._drag_origin = event.position().toPoint()
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_origin is None:
            super().mouseMoveEvent(event)
            return
        moved = (event.position().toPoint() - self._drag_origin).manhattanLength()
        if moved >= QApplication.startDragDistance():
            self._drag_origin = None
            self._start_drag()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_origin is not None:
            self._drag_origin = None
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            # The press started our pan; the empty scene would leave the release unaccepted.
            event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Double-click toggles between fit and a close look at the clicked spot."""
        if self._pyramid is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseDoubleClickEvent(event)
            return
        if self._fitted:
            fit = self.zoomFactor()
            self._zoom_to(1.0 if fit < 1.0 else fit * 2, event.position())
        else:
            self.zoomToFit()
        event.accept()

    # The parent window owns dropping; QGraphicsView would otherwise swallow drag events.
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        event.ignore()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.viewport().update()
        super().changeEvent(event)

    # -- helpers for subclasses ----------------------------------------------------------

    def _device_scale(self, painter: QPainter) -> float:
        world = painter.worldTransform()
        return math.hypot(world.m11(), world.m12()) * self.devicePixelRatioF()

    def _image_viewport_rect(self) -> QRectF:
        """The picture's rectangle in viewport coordinates (empty without a picture)."""
        if self._pyramid is None:
            return QRectF()
        return self.viewportTransform().mapRect(self.sceneRect())

    def _viewport_centre(self) -> QPointF:
        return QPointF(self.viewport().width() / 2, self.viewport().height() / 2)

    def _to_scene(self, point: QPointF) -> QPointF:
        return self.viewportTransform().inverted()[0].map(point)

    # -- internals -----------------------------------------------------------------------

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """Changes inside are ours, not the user's: scroll signals do not report them."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def _apply(self, state: ViewState) -> None:
        self._fitted = state.fitted or state.zoom <= 0
        if self._pyramid is None:
            return
        if self._fitted:
            self._refit()
            return
        rect = self.sceneRect()
        scale = min(max(state.zoom / rect.width(), 1e-4), 1e4)
        self.setTransform(QTransform.fromScale(scale, scale))
        self.centerOn(state.center.x() * rect.width(), state.center.y() * rect.height())

    def _fit_scale(self) -> float:
        rect = self.sceneRect()
        area = self.viewport().rect()
        margin = _FIT_MARGIN if min(area.width(), area.height()) > 8 * _FIT_MARGIN else 0
        width, height = area.width() - 2 * margin, area.height() - 2 * margin
        return max(1e-4, min(width / rect.width(), height / rect.height()))

    def _refit(self) -> None:
        if self._pyramid is None:
            return
        scale = self._fit_scale()
        self.setTransform(QTransform.fromScale(scale, scale))
        self.centerOn(self.sceneRect().center())

    def _min_zoom(self) -> float:
        return min(self._fit_scale() * self.devicePixelRatioF(), 1.0) * 0.5

    def _zoom_to(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``factor`` keeping the picture point under ``anchor`` (viewport) in place."""
        if self._pyramid is None:
            return
        factor = min(max(factor, self._min_zoom()), _MAX_ZOOM)
        centre = self._viewport_centre()
        anchor = centre if anchor is None else anchor
        fixed = self._to_scene(anchor)
        scale = factor / self.devicePixelRatioF()
        with self._quietly():
            self._fitted = False
            self.setTransform(QTransform.fromScale(scale, scale))
            self.centerOn(fixed + (centre - anchor) / scale)
        self._report_user_change()

    def _on_scrolled(self) -> None:
        if not self._quiet:
            self._report_user_change()

    def _report_user_change(self) -> None:
        self._report_zoom()
        self.viewStateChanged.emit(self.viewState())

    def _report_zoom(self) -> None:
        zoom = self.zoomFactor()
        if not math.isclose(zoom, self._reported_zoom, rel_tol=1e-6):
            self._reported_zoom = zoom
            self.zoomChanged.emit(zoom)

    def _starts_drag_out(self, event: QMouseEvent) -> bool:
        wants = self._fitted or bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        return (
            wants
            and self._drag_file is not None
            and event.button() == Qt.MouseButton.LeftButton
            and self._image_viewport_rect().contains(event.position())
        )

    def _start_drag(self) -> None:
        mime = self.createDragMimeData()
        if mime is None or self._pyramid is None:
            return
        drag = QDrag(self)
        drag.setMimeData(mime)
        thumbnail = self._pyramid.thumbnail(160, self.devicePixelRatioF())
        drag.setPixmap(thumbnail)
        size = thumbnail.deviceIndependentSize()
        drag.setHotSpot(QPoint(round(size.width() / 2), round(size.height() / 2)))
        self._exec_drag(drag)

    def _exec_drag(self, drag: QDrag) -> Qt.DropAction:
        # Separate so tests can replace the blocking exec().
        return drag.exec(Qt.DropAction.CopyAction)

    def _paint_checkerboard(self, painter: QPainter, target: QRectF) -> None:
        paint_checkerboard(painter, target, self._checker_tile())

    def _checker_tile(self) -> QPixmap:
        base = self.palette().color(QPalette.ColorRole.Base)
        key = (base.rgba(), self.devicePixelRatioF())
        if self._checker_cache is None or self._checker_cache[0] != key:
            self._checker_cache = (key, checker_tile(base, key[1]))
        return self._checker_cache[1]

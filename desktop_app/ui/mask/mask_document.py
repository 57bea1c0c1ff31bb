"""The mask being painted: its current state, the edit in progress, undo and redo.

Geometry is in picture pixels (the source's pixel size, not the view's). Strokes are
rasterised into the full-resolution tiles incrementally, one segment per mouse event, and
the same segment is painted into the reduced preview; other edits (shapes, invert, clear,
undo, redo) redraw the preview only where tiles changed identity.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainterPath, QPainterPathStroker, QPolygonF

from desktop_app.ui.mask.mask_preview import MaskPreview
from desktop_app.ui.mask.mask_tiles import MaskEdit, MaskState

UNDO_LIMIT = 100  # steps kept; each holds only the tiles its edit changed


class MaskDocument(QObject):
    """Holds the mask of one picture and its history.

    Signals:
        previewChanged(): The reduced preview changed (repaint the overlay); also mid-stroke.
        maskChanged(): An edit finished, or undo, redo, reset or restore changed the mask.
    """

    previewChanged = Signal()
    maskChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = MaskState.empty(QSize(1, 1))
        self._undo: list[MaskState] = []
        self._redo: list[MaskState] = []
        self._edit: MaskEdit | None = None
        self._stroke: tuple[QPointF, float, bool] | None = None
        self._preview = MaskPreview()
        self._preview.reset(self._state)

    # -- reading -------------------------------------------------------------------------

    def state(self) -> MaskState:
        """The mask as of the last finished edit (a stroke in progress is not in it)."""
        return self._state

    def liveState(self) -> MaskState:
        """The mask with the stroke in progress (whose tiles still change: draw, don't keep)."""
        return self._edit.current() if self._edit is not None else self._state

    def size(self) -> QSize:
        return self._state.size()

    def isEmpty(self) -> bool:
        return self._state.is_empty()

    def preview(self) -> MaskPreview:
        return self._preview

    def canUndo(self) -> bool:
        return bool(self._undo)

    def canRedo(self) -> bool:
        return bool(self._redo)

    # -- whole-mask changes --------------------------------------------------------------

    def reset(self, size: QSize) -> None:
        """An empty mask for a picture of ``size``; the history goes."""
        self._edit = self._stroke = None
        self._undo.clear()
        self._redo.clear()
        self._state = MaskState.empty(size)
        self._preview.reset(self._state)
        self.previewChanged.emit()
        self.maskChanged.emit()

    def restore(self, state: MaskState) -> None:
        """Show ``state`` (e.g. a saved mask brought back); undoable like any edit."""
        if state.size() != self._state.size():
            self.reset(state.size())
        self._commit(state)

    def invert(self) -> None:
        self._commit(self._state.inverted())

    def clear(self) -> None:
        if not self._state.is_empty():
            self._commit(MaskState.empty(self._state.size()))

    def undo(self) -> None:
        if self._undo and self._edit is None:
            self._redo.append(self._state)
            self._show(self._undo.pop())

    def redo(self) -> None:
        if self._redo and self._edit is None:
            self._undo.append(self._state)
            self._show(self._redo.pop())

    # -- brush strokes -------------------------------------------------------------------

    def beginStroke(self, point: QPointF, diameter: float, erase: bool) -> None:
        """Start a stroke at ``point``: a dab of the brush, then :meth:`strokeTo` per move."""
        self._edit = MaskEdit(self._state)
        self._stroke = (point, max(1.0, diameter), erase)
        self._paint_segment(point, point)

    def strokeTo(self, point: QPointF) -> None:
        """Extend the stroke in progress with a segment to ``point`` (one per mouse event)."""
        if self._stroke is None:
            return
        last = self._stroke[0]
        if last == point:
            return
        self._paint_segment(last, point)
        self._stroke = (point, *self._stroke[1:])

    def endStroke(self) -> None:
        """Finish the stroke: it becomes one undo step."""
        if self._edit is None:
            return
        edit, self._edit, self._stroke = self._edit, None, None
        self._commit(edit.finish(), refresh=False)  # the preview has the stroke already

    def isStroking(self) -> bool:
        return self._stroke is not None

    # -- shapes --------------------------------------------------------------------------

    def fillRect(self, rect: QRectF, erase: bool) -> None:
        """Mark (or, with ``erase``, unmark) a rectangle."""
        path = QPainterPath()
        path.addRect(rect.normalized())
        self._fill(path, erase)

    def fillPolygon(self, points: Sequence[QPointF], erase: bool) -> None:
        """Mark (or unmark) the inside of a lasso outline (closed automatically)."""
        if len(points) < 3:
            return
        path = QPainterPath()
        path.addPolygon(QPolygonF(list(points)))
        path.closeSubpath()
        self._fill(path, erase)

    # -- internals -----------------------------------------------------------------------

    def _fill(self, path: QPainterPath, erase: bool) -> None:
        edit = MaskEdit(self._state)
        edit.fill(path, erase)
        self._commit(edit.finish())

    def _paint_segment(self, start: QPointF, end: QPointF) -> None:
        assert self._edit is not None
        assert self._stroke is not None
        _, diameter, erase = self._stroke
        outline = QPainterPath()
        if start == end:
            outline.addEllipse(start, diameter / 2, diameter / 2)
        else:
            track = QPainterPath(start)
            track.lineTo(end)
            stroker = QPainterPathStroker()
            stroker.setWidth(diameter)
            stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
            outline = stroker.createStroke(track)
        self._edit.fill(outline, erase)
        # Straight into the preview too: a tenth of refreshing the touched tiles from the mask.
        self._preview.fillPath(outline, erase)
        self.previewChanged.emit()

    def _commit(self, state: MaskState, *, refresh: bool = True) -> None:
        self._undo.append(self._state)
        del self._undo[:-UNDO_LIMIT]
        self._redo.clear()
        self._show(state, refresh=refresh)

    def _show(self, state: MaskState, *, refresh: bool = True) -> None:
        previous, self._state = self._state, state
        if refresh:
            self._preview.refresh(state, state.changed_tiles(previous))
        self.previewChanged.emit()
        self.maskChanged.emit()

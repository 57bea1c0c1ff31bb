"""The reduced, coloured copy of the mask that views draw over the picture.

Drawing a 24 MP mask on every repaint would cost far more than a frame, so views draw this
copy instead: the mask halved until its long side is at most :data:`PREVIEW_LONG_SIDE`
(a whole number of halvings, so every 256 px tile maps onto whole preview pixels and tiles
are refreshed one by one without seams). Only the tiles an edit touched are refreshed,
which keeps a brush stroke at one small update per mouse event.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath

from desktop_app.ui.mask.mask_tiles import EMPTY, FULL, TILE, MaskState

PREVIEW_LONG_SIDE = 2048
# A saturated red ("rubylith") at half opacity: it turns white pink and black dark red, so
# the marked area reads on light and dark pictures alike. The opacity is in the preview's
# pixels, so views draw it without an opacity pass.
MASK_COLOUR = QColor(255, 36, 72, 128)


class MaskPreview:
    """A premultiplied ARGB image of the mask in :data:`MASK_COLOUR`, transparent where kept."""

    def __init__(self) -> None:
        self._shift = 0
        self._image = QImage()

    def image(self) -> QImage:
        return self._image

    def reset(self, state: MaskState) -> None:
        """Size the preview for ``state``'s picture and draw all of it."""
        longest = max(state.width, state.height)
        self._shift = 0
        while longest >> self._shift > PREVIEW_LONG_SIDE and self._shift < 8:
            self._shift += 1
        step = 1 << self._shift
        self._image = QImage(
            -(-state.width // step),
            -(-state.height // step),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        self._image.fill(Qt.GlobalColor.transparent)
        self.refresh(state, (i for i, tile in enumerate(state.tiles) if tile is not EMPTY))

    def refresh(self, state: MaskState, indexes: Iterable[int]) -> None:
        """Redraw the tiles ``indexes`` of ``state`` (e.g. those an edit just painted)."""
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for index in indexes:
            self._draw_tile(painter, state, index)
        painter.end()

    def fillPath(self, path: QPainterPath, erase: bool) -> None:
        """Paint (or, with ``erase``, clear) ``path``, given in picture pixels."""
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.scale(self.scale(), self.scale())
        painter.fillPath(path, Qt.GlobalColor.transparent if erase else MASK_COLOUR)
        painter.end()

    def _draw_tile(self, painter: QPainter, state: MaskState, index: int) -> None:
        source = state.tile_rect(index)
        side = TILE >> self._shift
        target = QRect(source.left() >> self._shift, source.top() >> self._shift, side, side)
        tile = state.tiles[index]
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        if tile is EMPTY:
            painter.fillRect(target, Qt.GlobalColor.transparent)
            return
        if tile is FULL:
            painter.fillRect(target, MASK_COLOUR)
            return
        # The grey bytes read as alpha: drawn, they give the coverage; the colour goes on top.
        coverage = QImage(tile.constBits(), TILE, TILE, TILE, QImage.Format.Format_Alpha8)
        painter.drawImage(QRectF(target), coverage, QRectF(0, 0, TILE, TILE))
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(target, MASK_COLOUR)

    def scale(self) -> float:
        """Preview pixels per picture pixel."""
        return 1.0 / (1 << self._shift)

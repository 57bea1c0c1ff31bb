"""The mask at full resolution for a close look: the tiles in view, coloured like the preview.

The preview is reduced (a quarter of a 24 MP picture's width), so zoomed in it would show a
soft edge where the mask has a sharp one. From :data:`DETAIL_FROM` times the preview's own
size on, views draw the visible full-resolution tiles instead: at 100 % a window shows
a few dozen tiles, each coloured on the fly. Tile edges are rounded to whole device pixels
the same way on both sides, so neighbouring tiles neither overlap (a darker seam under a
translucent colour) nor leave a gap.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from desktop_app.ui.mask.mask_tiles import EMPTY, FULL, TILE, MaskState

DETAIL_FROM = 1.5  # device pixels per preview pixel from which the tiles are drawn


def paint_detail(
    painter: QPainter,
    state: MaskState,
    exposed: QRectF,
    scene_per_picture: tuple[float, float],
    colour: QColor,
) -> None:
    """Draw the tiles of ``state`` under ``exposed`` (scene coordinates) in ``colour``.

    Args:
        painter: The view's painter, its world transform mapping scene to viewport.
        state: The mask (picture pixels).
        exposed: The part of the scene to draw.
        scene_per_picture: Scene units per picture pixel, across and down.
        colour: The overlay colour, with its opacity.
    """
    sx, sy = scene_per_picture
    world = painter.worldTransform()
    area = scaled(exposed, 1 / sx, 1 / sy)

    def device(x: float, y: float) -> QPoint:
        point = world.map(QPointF(x * sx, y * sy))
        return QPoint(round(point.x()), round(point.y()))

    painter.save()
    painter.resetTransform()
    for index in state.tiles_in(area):
        tile = state.tiles[index]
        if tile is EMPTY:
            continue
        rect = state.tile_rect(index)
        top_left = device(rect.left(), rect.top())
        bottom_right = device(rect.left() + rect.width(), rect.top() + rect.height())
        target = QRect(top_left, bottom_right - QPoint(1, 1))
        if tile is FULL:
            painter.fillRect(target, colour)
        else:
            source = QRect(0, 0, rect.width(), rect.height())
            painter.drawImage(target, _coloured(tile, colour), source)
    painter.restore()


def scaled(rect: QRectF, sx: float, sy: float) -> QRectF:
    """``rect`` with every coordinate multiplied (from one coordinate space to another)."""
    return QRectF(rect.left() * sx, rect.top() * sy, rect.width() * sx, rect.height() * sy)


def _coloured(tile: QImage, colour: QColor) -> QImage:
    image = QImage(TILE, TILE, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(colour)
    painter = QPainter(image)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
    painter.drawImage(0, 0, QImage(tile.constBits(), TILE, TILE, TILE, QImage.Format.Format_Alpha8))
    painter.end()
    return image

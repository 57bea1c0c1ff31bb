"""A picture-sized mask kept as tiles, so an edit touches little and undo shares the rest.

A 6000 × 4000 mask is 384 tiles of 256 × 256 grey bytes (0 keep, 255 change). A
:class:`MaskState` never changes once made: an edit (:class:`MaskEdit`) copies only the tiles
it paints on (copy-on-write), so an undo step holds just the tiles its edit changed, not a
24 MB copy. Uniform tiles are not stored at all (``EMPTY`` is None, ``FULL`` a marker).

Every tile is a whole 256 × 256 image, also at the right and bottom edges, so all tiles
share one stride; painting is clipped to the picture, so bytes beyond its edge stay 0.

QImage (not QPixmap) is used throughout, so states can be read in a worker thread.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath

if TYPE_CHECKING:
    from PIL import Image

TILE = 256
EMPTY = None
FULL = "full"
Tile = QImage | str | None

_FORMAT = QImage.Format.Format_Grayscale8
_ZEROS = bytes(TILE * TILE)
_ONES = b"\xff" * (TILE * TILE)
CHANGE, KEEP = QColor(255, 255, 255), QColor(0, 0, 0)


def _blank_tile(value: int) -> QImage:
    tile = QImage(TILE, TILE, _FORMAT)
    tile.fill(QColor(value, value, value))
    return tile


def _tile_bytes(tile: QImage) -> bytes:
    return bytes(tile.constBits())[: TILE * TILE]


def _collapsed(tile: QImage) -> Tile:
    """``EMPTY`` or ``FULL`` for a uniform tile (nothing to store), else the tile."""
    data = _tile_bytes(tile)
    if data == _ZEROS:
        return EMPTY
    return FULL if data == _ONES else tile


@dataclass(frozen=True)
class MaskState:
    """One version of the mask; never modified (edits make a new state).

    Attributes:
        width: Picture width in pixels.
        height: Picture height in pixels.
        tiles: Row-major tiles: ``EMPTY`` (None), ``FULL`` or a 256 × 256 Grayscale8 QImage.
    """

    width: int
    height: int
    tiles: tuple[Tile, ...]

    @classmethod
    def empty(cls, size: QSize) -> MaskState:
        """An all-keep mask for a picture of ``size`` (at least 1 × 1)."""
        width, height = max(1, size.width()), max(1, size.height())
        count = math.ceil(width / TILE) * math.ceil(height / TILE)
        return cls(width, height, (EMPTY,) * count)

    @property
    def columns(self) -> int:
        return math.ceil(self.width / TILE)

    @property
    def rows(self) -> int:
        return math.ceil(self.height / TILE)

    def size(self) -> QSize:
        return QSize(self.width, self.height)

    def is_empty(self) -> bool:
        """Whether nothing is marked for change."""
        return all(tile is EMPTY for tile in self.tiles)

    def tile_rect(self, index: int) -> QRect:
        """Where tile ``index`` sits, in picture pixels, cut at the picture's edge."""
        x, y = (index % self.columns) * TILE, (index // self.columns) * TILE
        return QRect(x, y, min(TILE, self.width - x), min(TILE, self.height - y))

    def tiles_in(self, area: QRectF) -> Iterator[int]:
        """Indexes of the tiles that ``area`` (picture pixels) overlaps."""
        left, top = max(0, math.floor(area.left() / TILE)), max(0, math.floor(area.top() / TILE))
        # The right and bottom edges are exclusive: a tile's own rectangle is that tile only.
        right = min(self.columns - 1, math.ceil(area.right() / TILE) - 1)
        bottom = min(self.rows - 1, math.ceil(area.bottom() / TILE) - 1)
        for row in range(top, bottom + 1):
            for column in range(left, right + 1):
                yield row * self.columns + column

    def changed_tiles(self, other: MaskState) -> list[int]:
        """Tiles that differ from ``other``'s (by identity: shared tiles are equal)."""
        if (other.width, other.height) != (self.width, self.height):
            return list(range(len(self.tiles)))
        pairs = zip(self.tiles, other.tiles, strict=True)
        return [index for index, (mine, theirs) in enumerate(pairs) if mine is not theirs]

    def inverted(self) -> MaskState:
        """Change becomes keep and keep becomes change."""
        tiles = tuple(self._invert(index) for index in range(len(self.tiles)))
        return MaskState(self.width, self.height, tiles)

    def _invert(self, index: int) -> Tile:
        tile = self.tiles[index]
        rect = self.tile_rect(index)
        whole = rect.width() == TILE and rect.height() == TILE
        if tile is EMPTY and whole:
            return FULL
        if tile is FULL:
            return EMPTY
        flipped = _blank_tile(0) if tile is EMPTY else tile.copy()
        flipped.invertPixels()
        if not whole:  # bytes beyond the picture's edge stay 0
            painter = QPainter(flipped)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.fillRect(QRect(rect.width(), 0, TILE, TILE), KEEP)
            painter.fillRect(QRect(0, rect.height(), TILE, TILE), KEEP)
            painter.end()
        return _collapsed(flipped)

    def to_pil(self) -> Image.Image:
        """The mask as a Pillow ``L`` image of the picture's size (255 change, 0 keep).

        Safe in a worker thread: a state is never modified.
        """
        from PIL import Image

        mask = Image.new("L", (self.width, self.height), 0)
        for index, tile in enumerate(self.tiles):
            if tile is EMPTY:
                continue
            rect = self.tile_rect(index)
            box = (rect.left(), rect.top(), rect.right() + 1, rect.bottom() + 1)
            if tile is FULL:
                mask.paste(255, box)
                continue
            data = _tile_bytes(tile)
            piece = Image.frombuffer("L", (TILE, TILE), data, "raw", "L", 0, 1)
            mask.paste(piece.crop((0, 0, rect.width(), rect.height())), box[:2])
        return mask

    @classmethod
    def from_pil(cls, image: Image.Image, size: QSize) -> MaskState:
        """A state from a greyscale picture (white change, black keep), scaled to ``size``.

        Safe in a worker thread (restoring a saved mask of a 24 MP picture takes a moment).
        """
        from PIL import Image

        grey = image.convert("L")
        width, height = max(1, size.width()), max(1, size.height())
        if grey.size != (width, height):
            grey = grey.resize((width, height), Image.Resampling.BILINEAR)
        blank = cls.empty(QSize(width, height))
        tiles: list[Tile] = []
        for index in range(len(blank.tiles)):
            rect = blank.tile_rect(index)
            box = (rect.left(), rect.top(), rect.right() + 1, rect.bottom() + 1)
            region = grey.crop(box)
            low, high = region.getextrema()
            whole = rect.width() == TILE and rect.height() == TILE
            if high == 0:
                tiles.append(EMPTY)
            elif low == 255 and whole:
                tiles.append(FULL)
            else:
                padded = Image.new("L", (TILE, TILE), 0)
                padded.paste(region, (0, 0))
                data = padded.tobytes()
                tiles.append(QImage(data, TILE, TILE, TILE, _FORMAT).copy())
        return cls(width, height, tuple(tiles))


class MaskEdit:
    """One edit in progress on a state: paints into private copies of the tiles it touches.

    Args:
        base: The state the edit starts from (left unchanged).
    """

    def __init__(self, base: MaskState) -> None:
        self._base = base
        self._tiles: list[Tile] = list(base.tiles)
        self._own: set[int] = set()

    def fill(self, path: QPainterPath, erase: bool) -> None:
        """Mark (or, with ``erase``, unmark) the inside of ``path``, in picture pixels.

        Tiles wholly inside are set at once (a big brush or lasso costs little); the others
        are painted. Not antialiased: at the source's resolution a hard edge is one pixel
        wide and the feather softens it anyway, while antialiased filling costs four times
        as much per tile (measured), which a 24 MP stroke cannot afford per mouse event.
        """
        base = self._base
        area = path.boundingRect().intersected(QRectF(0, 0, base.width, base.height))
        if area.isEmpty():
            return
        colour, uniform = (KEEP, EMPTY) if erase else (CHANGE, FULL)
        for index in list(base.tiles_in(area)):
            if self._tiles[index] is uniform:
                continue  # already all marked (or all kept): a big brush's trail mostly is
            rect = QRectF(base.tile_rect(index))
            if rect.width() == TILE and rect.height() == TILE and path.contains(rect):
                self.set_uniform(index, uniform)
            else:
                self.paint_tile(index, lambda painter: painter.fillPath(path, colour))

    def paint_tile(self, index: int, draw: Callable[[QPainter], None]) -> None:
        """Run ``draw`` (picture coordinates) on tile ``index``."""
        rect = self._base.tile_rect(index)
        painter = QPainter(self._writable(index))
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.translate(-rect.left(), -rect.top())
        if rect.width() < TILE or rect.height() < TILE:
            painter.setClipRect(rect)  # keep the bytes beyond the picture's edge at 0
        draw(painter)
        painter.end()

    def set_uniform(self, index: int, tile: Tile) -> None:
        """Make tile ``index`` all-change (``FULL``) or all-keep (``EMPTY``)."""
        self._tiles[index] = tile
        self._own.discard(index)

    def current(self) -> MaskState:
        """The state as painted so far (tiles still being painted are shared with the edit)."""
        return MaskState(self._base.width, self._base.height, tuple(self._tiles))

    def finish(self) -> MaskState:
        """The new state; uniform tiles are stored as ``EMPTY``/``FULL`` again."""
        for index in self._own:
            self._tiles[index] = _collapsed(self._tiles[index])
        self._own.clear()
        return self.current()

    def _writable(self, index: int) -> QImage:
        if index not in self._own:
            tile = self._tiles[index]
            if tile is EMPTY or tile is FULL:
                copy = _blank_tile(0)
                if tile is FULL:
                    copy.fill(CHANGE)  # FULL tiles are whole, never at the picture's edge
            else:
                copy = tile.copy()
            self._tiles[index] = copy
            self._own.add(index)
        return self._tiles[index]

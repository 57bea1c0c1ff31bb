"""Half-size copies of a picture for smooth zoomed-out drawing, made off the GUI thread.

``QPainter`` scales bilinearly, which aliases (moiré, jagged text) when a 4000 px photo is
shown at 700 px. Drawing from the copy just above the target size keeps every bilinear step
between 1x and 2x. Halving a 4096 px preview takes ~50 ms, so the copies are made where the
preview is decoded, in the executor (:func:`desktop_app.ui.common.qt_images.preview_qimage`, with
Pillow, which unlike ``QImage.scaled`` releases the GIL), and travel with the picture
(:func:`attach_levels`). Views paint the copies with ``drawImage``: they are in the raster
engine's native formats, so no per-paint conversion and no ``QPixmap`` copy is needed. A
plain ``QImage`` still works; its copies are then made on the GUI thread when first drawn.

Also here: the checkerboard drawn under transparent pixels.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPixmap, QTransform

PIXEL_GRID_ZOOM = 2.0  # from here on pixels are drawn crisp (nearest) so they can be judged
_MIN_LEVEL_SIDE = 8  # no copy smaller than this on its short side
_CHECKER = 8  # checkerboard square, device-independent px


class _Levels:
    """The copies of one picture (a class, so the registry can hold it weakly)."""

    def __init__(self, levels: Sequence[QImage]) -> None:
        self.levels = tuple(levels)


# Copies of a picture (same cacheKey) find its levels too. Weak: the levels live exactly as
# long as the QImage object they were attached to.
_registry: weakref.WeakValueDictionary[int, _Levels] = weakref.WeakValueDictionary()
_registry_lock = threading.Lock()
_ATTRIBUTE = "_retouch_pyramid_levels"


def attach_levels(image: QImage, levels: Sequence[QImage]) -> QImage:
    """Give ``image`` its half-size copies (``levels[0]`` is ``image``); returns ``image``.

    The image stays a plain ``QImage`` (a subclass would not survive ``QVariant``, e.g. the
    clipboard). Safe in a worker thread, before the image is handed to the GUI.
    """
    holder = _Levels(levels)
    setattr(image, _ATTRIBUTE, holder)  # keeps the levels alive with this image object
    with _registry_lock:
        _registry[image.cacheKey()] = holder
    return image


_SOURCE_SIZE = "retouch-source-size"


def set_source_size(image: QImage, width: int, height: int) -> QImage:
    """Note the pixel size of the file ``image`` previews (a 6000 × 4000 photo shown at 4096)."""
    image.setText(_SOURCE_SIZE, f"{width}x{height}")
    return image


def source_size(image: QImage) -> tuple[int, int]:
    """The pixel size of the picture ``image`` shows: its file's, else its own."""
    width, _, height = image.text(_SOURCE_SIZE).partition("x")
    if width.isdigit() and height.isdigit():
        return int(width), int(height)
    return image.width(), image.height()


def attached_levels(image: QImage) -> tuple[QImage, ...] | None:
    """The copies made by :func:`attach_levels` for ``image`` or a copy of it, if any."""
    holder = getattr(image, _ATTRIBUTE, None)
    if holder is None:
        with _registry_lock:
            holder = _registry.get(image.cacheKey())
    return holder.levels if holder is not None else None


def paint_format(image: QImage) -> QImage.Format:
    """The raster engine's native format for ``image`` (drawn without conversion)."""
    if image.hasAlphaChannel():
        return QImage.Format.Format_ARGB32_Premultiplied
    return QImage.Format.Format_RGB32


def deepest_level(size: QSize) -> int:
    """The number of halvings that keep the short side at least 8 px."""
    smallest = max(1, min(size.width(), size.height()))
    return max(0, math.floor(math.log2(smallest / _MIN_LEVEL_SIDE)))


def level_for(size: QSize, density: float) -> int:
    """The copy to draw from at ``density`` device pixels per image pixel."""
    if density >= 1.0:
        return 0
    return min(math.floor(math.log2(1.0 / density) + 1e-6), deepest_level(size))


def _level_size(size: QSize, level: int) -> QSize:
    return QSize(max(1, size.width() >> level), max(1, size.height() >> level))


class PixmapPyramid:
    """One picture and its half-size copies, drawn from the copy that suits the zoom.

    Args:
        image: the full-resolution picture; copies made by :func:`attach_levels` are used.
    """

    def __init__(self, image: QImage) -> None:
        levels = attached_levels(image)
        self._levels: list[QImage] = list(levels) if levels else [image]
        self._image = image

    def image(self) -> QImage:
        """The full-resolution image (as given)."""
        return self._image

    def isPrepared(self) -> bool:
        """Whether all copies exist, so painting makes none on the GUI thread."""
        return len(self._levels) > deepest_level(self._image.size())

    def paint(self, painter: QPainter, target: QRectF, device_scale: float) -> None:
        """Draw the whole image into ``target`` (painter coordinates).

        Args:
            painter: Painter with the view's transform applied.
            target: Where the image goes, in the painter's coordinates.
            device_scale: Device pixels per painter unit (world scale × pixel ratio).
        """
        density = device_scale * target.width() / max(1, self._image.width())
        level = self.level(level_for(self._image.size(), density))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, density < PIXEL_GRID_ZOOM)
        painter.drawImage(target, level, QRectF(level.rect()))
        painter.restore()

    def level(self, index: int) -> QImage:
        """Copy ``index`` (0 is the image); made now, on this thread, if it is missing."""
        while len(self._levels) <= index:
            # Each smooth halving averages 2x2 blocks: faster and cleaner than one big jump.
            half = self._levels[-1].scaled(
                _level_size(self._image.size(), len(self._levels)),
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self._levels.append(half.convertToFormat(paint_format(self._image)))
        return self._levels[index]

    def source_for(self, size: QSize) -> QImage:
        """The smallest existing copy still at least ``size`` (to scale thumbnails from)."""
        best = self._levels[0]
        for level in self._levels[1:]:
            if level.width() < size.width() and level.height() < size.height():
                break
            best = level
        return best

    def thumbnail(self, size: int, ratio: float) -> QPixmap:
        """A pixmap fitting ``size`` device-independent pixels, sharp at pixel ratio ``ratio``."""
        return self.fitted_pixmap(QSize(size, size), ratio)

    def fitted_pixmap(self, size: QSize, ratio: float) -> QPixmap:
        """The picture scaled to fit ``size`` (device-independent px) at pixel ratio ``ratio``.

        Scaled from the smallest copy still large enough, so a thumbnail of a 4096 px
        preview costs about as much as one of a 100 px picture.
        """
        target = QSize(round(size.width() * ratio), round(size.height() * ratio))
        scaled = self.source_for(target).scaled(
            target, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        pixmap = QPixmap.fromImage(scaled)
        pixmap.setDevicePixelRatio(ratio)
        return pixmap


# --- the checkerboard under transparent pixels --------------------------------------------


def checker_tile(base: QColor, ratio: float) -> QPixmap:
    """Two-by-two checker squares derived from the palette's ``base`` colour."""
    # Both squares must differ from the canvas around the picture (a shade of the window
    # colour) in light and dark schemes, or a transparent picture's edge disappears.
    if base.lightness() >= 128:
        light, dark = base, base.darker(125)
    else:
        # lighter() multiplies, so a pure black base would stay black: lift it first.
        lifted = base if base.value() >= 24 else QColor(28, 28, 28)
        light, dark = lifted.lighter(220), lifted.lighter(160)
    side = round(_CHECKER * ratio)
    tile = QPixmap(2 * side, 2 * side)
    tile.fill(light)
    tile_painter = QPainter(tile)
    tile_painter.fillRect(0, 0, side, side, dark)
    tile_painter.fillRect(side, side, side, side, dark)
    tile_painter.end()
    tile.setDevicePixelRatio(ratio)
    return tile


def paint_checkerboard(painter: QPainter, target: QRectF, tile: QPixmap) -> None:
    """Fill ``target`` (painter coordinates) with ``tile``, anchored to its top-left corner."""
    on_screen = painter.transform().mapRect(target)
    brush = QBrush(tile)
    # Anchor the pattern to the picture, so it moves along when panning.
    brush.setTransform(QTransform.fromTranslate(on_screen.left(), on_screen.top()))
    painter.save()
    painter.resetTransform()
    painter.fillRect(on_screen, brush)
    painter.restore()

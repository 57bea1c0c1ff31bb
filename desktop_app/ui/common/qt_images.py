"""Pillow ↔ QImage, and image work that must stay off the GUI thread.

QImage (unlike QPixmap) may be built in worker threads, so decoding, scaling, the
conversion and the half-size copies views draw from all happen in the executor; the GUI
thread only receives a finished QImage, its copies attached (``pixmap_pyramid``).

Pillow and the image modules of the core are imported on first use, not with the window:
the window's first paint needs none of them.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QImage

from desktop_app.ui.common.pixmap_pyramid import attach_levels, deepest_level, set_source_size

if TYPE_CHECKING:
    from PIL import Image

    from desktop_app.core.imaging.difference import DiffResult
    from desktop_app.core.imaging.prep import ImageInfo

# Previews beyond this long side cost memory without showing more on any screen.
PREVIEW_LONG_SIDE = 4096


def pil_to_qimage(image: Image.Image) -> QImage:
    """A QImage of an RGB/RGBA Pillow image, independent of ``image`` (safe after it is freed).

    The QImage keeps a reference to its own ``bytes`` buffer (PySide6 releases it with the
    last copy of the image), so no second copy is made: copying a 4096 px picture inside Qt
    would hold the GIL, and with it the GUI thread, for 5 to 20 ms.
    """
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    fmt = QImage.Format.Format_RGBA8888 if image.mode == "RGBA" else QImage.Format.Format_RGB888
    channels = 4 if image.mode == "RGBA" else 3
    return QImage(image.tobytes(), image.width, image.height, image.width * channels, fmt)


def preview_qimage(image: Image.Image) -> QImage:
    """``image`` as a QImage with all its half-size copies attached; for worker threads.

    The copies are made with Pillow, not ``QImage.scaled``: Pillow releases the GIL while it
    resamples, PySide6 does not, so halving a 4096 px picture in Qt would freeze the GUI
    thread for ~50 ms even from a worker. ``reduce(2)`` averages 2x2 blocks (what Qt's
    smooth halving does), and each copy is packed straight into the raster engine's native
    32-bit format (premultiplied when there is transparency), ready to draw.
    """
    full = pil_to_qimage(image)
    alpha = full.hasAlphaChannel()
    current = image.convert("RGBa" if alpha else "RGB")
    fmt = QImage.Format.Format_ARGB32_Premultiplied if alpha else QImage.Format.Format_RGB32
    levels: list[QImage] = [full]
    for _ in range(deepest_level(full.size())):
        current = current.reduce(2)
        packed = current if alpha else current.convert("RGBA")  # opaque: alpha bytes 0xff
        data = packed.tobytes("raw", "BGRa" if alpha else "BGRA")
        levels.append(QImage(data, current.width, current.height, current.width * 4, fmt))
    return attach_levels(full, levels)


def qimage_to_pil(image: QImage) -> Image.Image:
    from PIL import Image

    converted = image.convertToFormat(QImage.Format.Format_RGBA8888)
    size = (converted.width(), converted.height())
    raw = bytes(converted.constBits())[: converted.sizeInBytes()]
    return Image.frombuffer("RGBA", size, raw, "raw", "RGBA", converted.bytesPerLine(), 1).copy()


def _load(
    path: Path, long_side: int, max_pixels: int | None = None
) -> tuple[QImage, ImageInfo, Image.Image]:
    from desktop_app.core.errors import bad_input
    from desktop_app.core.imaging.prep import inspect_image, load_display_image
    from desktop_app.core.relay.limits import pixel_limit_text

    info = inspect_image(path)
    if max_pixels is not None and info.width * info.height > max_pixels:
        # Refused from the header: decoding a bomb for a 4096 px preview costs gigabytes.
        raise bad_input(f"{path.name}: " + pixel_limit_text(info.width, info.height))
    picture = load_display_image(path, long_side)
    image = set_source_size(preview_qimage(picture), info.width, info.height)
    return image, info, picture


async def load_preview(
    path: Path,
    executor: Executor | None = None,
    long_side: int = PREVIEW_LONG_SIDE,
    max_pixels: int | None = None,
) -> tuple[QImage, ImageInfo, Image.Image]:
    """Decode ``path`` for display off the GUI thread: (QImage, file info, Pillow preview).

    The QImage's half-size copies are made here too (``pixmap_pyramid.attach_levels``), so
    the first paint of a 4096 px preview does not halve it on the GUI thread. A picture of
    more than ``max_pixels`` is refused (BAD_INPUT) before it is decoded.
    """
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(executor, _load, path, long_side, max_pixels)


def _difference(before: Image.Image, after: Image.Image) -> tuple[QImage, DiffResult]:
    from desktop_app.core.imaging.difference import difference_overlay

    diff = difference_overlay(before, after)
    return preview_qimage(diff.overlay), diff


async def compute_difference(
    before: Image.Image, after: Image.Image, executor: Executor | None = None
) -> tuple[QImage, DiffResult]:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(executor, _difference, before, after)


def _save_qimage(image: QImage, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return path


async def save_qimage(image: QImage, path: Path, executor: Executor | None = None) -> Path:
    """Encode ``image`` as PNG at ``path`` off the GUI thread (pasted pictures)."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(executor, _save_qimage, image, path)

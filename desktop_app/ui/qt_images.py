"""Pillow ↔ QImage, and image work that must stay off the GUI thread.

QImage (unlike QPixmap) may be built in worker threads, so decoding, scaling and the
conversion all happen in the executor; the GUI thread only receives a finished QImage.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor
from pathlib import Path

from PIL import Image
from PySide6.QtGui import QImage

from desktop_app.core.image_diff import DiffResult, difference_overlay
from desktop_app.core.image_prep import ImageInfo, inspect_image, load_display_image

# Previews beyond this long side cost memory without showing more on any screen.
PREVIEW_LONG_SIDE = 4096


def pil_to_qimage(image: Image.Image) -> QImage:
    """A deep-copied QImage of an RGB/RGBA Pillow image (safe after ``image`` is freed)."""
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    fmt = QImage.Format.Format_RGBA8888 if image.mode == "RGBA" else QImage.Format.Format_RGB888
    data = image.tobytes()
    channels = 4 if image.mode == "RGBA" else 3
    return QImage(data, image.width, image.height, image.width * channels, fmt).copy()


def qimage_to_pil(image: QImage) -> Image.Image:
    converted = image.convertToFormat(QImage.Format.Format_RGBA8888)
    size = (converted.width(), converted.height())
    raw = bytes(converted.constBits())[: converted.sizeInBytes()]
    return Image.frombuffer("RGBA", size, raw, "raw", "RGBA", converted.bytesPerLine(), 1).copy()


def _load(path: Path, long_side: int) -> tuple[QImage, ImageInfo, Image.Image]:
    info = inspect_image(path)
    picture = load_display_image(path, long_side)
    return pil_to_qimage(picture), info, picture


async def load_preview(
    path: Path, executor: Executor | None = None, long_side: int = PREVIEW_LONG_SIDE
) -> tuple[QImage, ImageInfo, Image.Image]:
    """Decode ``path`` for display off the GUI thread: (QImage, file info, Pillow preview)."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(executor, _load, path, long_side)


def _difference(before: Image.Image, after: Image.Image) -> tuple[QImage, DiffResult]:
    diff = difference_overlay(before, after)
    return pil_to_qimage(diff.overlay), diff


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

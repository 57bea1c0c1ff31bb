"""Small pictures for the history panel: made off the GUI thread, kept in memory and on disk.

A thumbnail is read with :class:`QImageReader` at a reduced size (JPEG decodes at 1/8 scale
directly, so a 24-megapixel result costs milliseconds), or with Pillow for what Qt cannot
read (HEIC, AVIF, PSD), saved as a PNG under
``data_dir()/thumbnails/`` named by the file's path, size and modification time, and kept in
a small in-memory LRU. The panel asks for the rows on screen only.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections import OrderedDict
from concurrent.futures import Executor
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader, QPainter

from desktop_app.core.relay.limits import too_many_pixels

log = logging.getLogger(__name__)

THUMBNAIL_SIDE = 64
MEMORY_ENTRIES = 600


def thumbnail_key(path: Path) -> str | None:
    """The cache name of ``path``'s thumbnail (changes when the file does); None if absent."""
    try:
        stat = path.stat()
    except OSError:
        return None
    text = f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0{THUMBNAIL_SIDE}"
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def make_thumbnail(path: Path, folder: Path, side: int = THUMBNAIL_SIDE) -> QImage | None:
    """``path``'s thumbnail from the disk cache, or made and cached now (worker thread)."""
    key = thumbnail_key(path)
    if key is None:
        return None
    cached = folder / f"{key}.png"
    if cached.exists():
        image = QImage(str(cached))
        if not image.isNull():
            return image
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    size = reader.size()
    if too_many_pixels(size.width(), size.height()) and bytes(reader.format()) != b"jpeg":
        return None  # only JPEG decodes at a fraction of its size; the rest would be a bomb
    if size.isValid() and (size.width() > side or size.height() > side):
        reader.setScaledSize(size.scaled(QSize(side, side), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read() if reader.canRead() else QImage()
    if image.isNull():  # HEIC, AVIF, PSD and others Qt has no plugin for
        image = _read_with_pillow(path, side)
    if image is None or image.isNull():
        return None
    if image.width() > side or image.height() > side:  # formats that ignore setScaledSize
        image = image.scaled(
            side,
            side,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    image = _square(image, side)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temp = folder / f"{key}.tmp.png"
        if image.save(str(temp), "PNG"):
            temp.replace(cached)
    except OSError as exc:  # the cache is an optimisation: a read-only disk is fine
        log.info("thumbnail not cached: %s", exc)
    return image


def _read_with_pillow(path: Path, side: int) -> QImage | None:
    from desktop_app.core.errors import RetouchError
    from desktop_app.core.imaging.prep import load_display_image
    from desktop_app.ui.common.qt_images import pil_to_qimage

    try:
        return pil_to_qimage(load_display_image(path, side))
    except RetouchError as error:
        log.info("no thumbnail for %s: %s", path.name, error.message)
        return None


def _square(image: QImage, side: int) -> QImage:
    """``image`` centred on a transparent ``side``-pixel square: every row lines up."""
    canvas = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    canvas.fill(Qt.GlobalColor.transparent)
    painter = QPainter(canvas)
    painter.drawImage((side - image.width()) // 2, (side - image.height()) // 2, image)
    painter.end()
    return canvas


def placeholder(side: int = THUMBNAIL_SIDE) -> QImage:
    """A transparent square that holds a row's place until its thumbnail arrives."""
    canvas = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    canvas.fill(Qt.GlobalColor.transparent)
    return canvas


class ThumbnailCache(QObject):
    """Thumbnails by file path, loaded lazily in the executor.

    Args:
        folder: the disk cache (``data_dir()/thumbnails``).
        executor: where pictures are decoded.

    Signals:
        ready(str): the thumbnail of this path (as a string) can now be had from :meth:`get`.
    """

    ready = Signal(str)

    def __init__(
        self, folder: Path, executor: Executor | None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._folder = folder
        self._executor = executor
        self._images: OrderedDict[str, QImage | None] = OrderedDict()
        self._pending: set[str] = set()

    def get(self, path: Path) -> QImage | None:
        """The thumbnail if it is ready; otherwise None, and it is made (``ready`` follows)."""
        key = str(path)
        if key in self._images:
            self._images.move_to_end(key)
            return self._images[key]
        if key not in self._pending:
            loop = asyncio.get_event_loop()
            try:
                future = loop.run_in_executor(self._executor, make_thumbnail, path, self._folder)
            except RuntimeError:  # the executor or the loop is closing: the app is quitting
                return None
            self._pending.add(key)
            future.add_done_callback(lambda done: self._arrived(key, done))
        return None

    def _arrived(self, key: str, future: asyncio.Future[QImage | None]) -> None:
        self._pending.discard(key)
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            log.info("no thumbnail for %s: %s", key, error)
        self._images[key] = None if error is not None else future.result()
        while len(self._images) > MEMORY_ENTRIES:
            self._images.popitem(last=False)
        with contextlib.suppress(RuntimeError):  # the panel went away meanwhile
            self.ready.emit(key)

"""The half-size copies views draw from: made off the GUI thread, found by every view.

A picture decoded by ``qt_images`` arrives with all its copies, so painting it makes none on
the GUI thread; it stays a plain QImage (the clipboard and drags need that); copies of it
find the same copies; a plain QImage still paints, making its copies when first drawn.
"""

from __future__ import annotations

import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from desktop_app.ui.common.pixmap_pyramid import (
    PixmapPyramid,
    attach_levels,
    attached_levels,
    checker_tile,
    deepest_level,
    level_for,
)
from desktop_app.ui.common.qt_images import load_preview, pil_to_qimage, preview_qimage
from desktop_app.ui.compare.image_view import PixmapPyramid as ReExported
from tests.helpers.images import photo, save_photo

pytestmark = pytest.mark.gui


def paint_into(pyramid: PixmapPyramid, size: QSize) -> QImage:
    canvas = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    canvas.fill(Qt.GlobalColor.black)
    painter = QPainter(canvas)
    pyramid.paint(painter, QRectF(0, 0, size.width(), size.height()), 1.0)
    painter.end()
    return canvas


def test_a_preview_comes_with_every_copy_in_the_native_format(qapp):
    image = preview_qimage(photo(1000, 600))
    assert type(image) is QImage  # a subclass would not survive QVariant (clipboard, drags)
    levels = attached_levels(image)
    assert levels is not None and len(levels) == deepest_level(image.size()) + 1
    assert levels[0] is image and (levels[1].width(), levels[1].height()) == (500, 300)
    assert levels[-1].height() >= 8 > levels[-1].height() // 2
    assert all(level.format() == QImage.Format.Format_RGB32 for level in levels[1:])
    assert PixmapPyramid(image).isPrepared()


def test_the_copies_average_the_picture(qapp):
    picture = photo(640, 480)
    image = preview_qimage(picture)
    half = attached_levels(image)[1]
    expected = picture.reduce(2).getpixel((100, 100))
    got = QColor(half.pixel(100, 100))
    assert (got.red(), got.green(), got.blue()) == expected


def test_transparent_pictures_get_premultiplied_copies(qapp):
    picture = photo(256, 128).convert("RGBA")
    picture.putalpha(Image.new("L", picture.size, 128))
    levels = attached_levels(preview_qimage(picture))
    assert levels[0].hasAlphaChannel()
    assert levels[1].format() == QImage.Format.Format_ARGB32_Premultiplied
    assert levels[1].pixelColor(10, 10).alpha() in (127, 128)


def test_painting_a_prepared_picture_makes_no_copies_on_the_gui_thread(qapp):
    image = preview_qimage(photo(2000, 1200))
    pyramid = PixmapPyramid(image)
    before = list(pyramid._levels)
    canvas = paint_into(pyramid, QSize(250, 150))  # density 1/8: drawn from level 3
    assert pyramid._levels == before
    assert canvas.pixelColor(125, 75) != QColor(Qt.GlobalColor.black)


def test_copies_of_the_image_find_its_levels(qapp):
    image = preview_qimage(photo(400, 300))
    copy = QImage(image)  # shares the pixels, so the same cacheKey
    assert attached_levels(copy) == attached_levels(image)
    assert PixmapPyramid(copy).isPrepared()


def test_a_plain_qimage_still_paints_and_makes_its_copies_when_drawn(qapp):
    image = pil_to_qimage(photo(800, 400))
    pyramid = PixmapPyramid(image)
    assert not pyramid.isPrepared()
    canvas = paint_into(pyramid, QSize(100, 50))
    assert len(pyramid._levels) == level_for(image.size(), 100 / 800) + 1
    assert canvas.pixelColor(50, 25) != QColor(Qt.GlobalColor.black)


def test_the_levels_can_be_made_in_a_worker_thread(qapp):
    made: list[QImage] = []
    worker = threading.Thread(target=lambda: made.append(preview_qimage(photo(512, 512))))
    worker.start()
    worker.join()
    assert PixmapPyramid(made[0]).isPrepared()


def test_load_preview_runs_in_the_executor_and_attaches_levels(run_loop, tmp_path):
    path = save_photo(tmp_path / "p.jpg", 1200, 800, quality=90)
    # On the session's qasync loop: asyncio.run() would unset it for the tests after this.
    image, info, preview = run_loop(load_preview(path))
    assert (info.width, info.height) == (1200, 800) and preview.size == (1200, 800)
    assert PixmapPyramid(image).isPrepared()


def test_a_preview_survives_the_clipboard_path(qapp):
    image = preview_qimage(photo(64, 48))
    mime = QMimeData()
    mime.setImageData(image)
    assert isinstance(mime.imageData(), QImage) and not mime.imageData().isNull()


def test_the_qimage_owns_its_pixels(qapp):
    picture = photo(64, 48)
    image = pil_to_qimage(picture)
    expected = image.pixelColor(10, 10)
    picture.paste((0, 0, 0), (0, 0, 64, 48))
    del picture
    assert image.pixelColor(10, 10) == expected


def test_thumbnails_are_scaled_from_a_small_copy(qapp):
    image = preview_qimage(photo(4096, 2048))
    pyramid = PixmapPyramid(image)
    assert pyramid.source_for(QSize(176, 132)).width() == 256
    thumb = pyramid.fitted_pixmap(QSize(88, 66), 2.0)
    assert (thumb.width(), thumb.height()) == (176, 88) and thumb.devicePixelRatio() == 2.0


def test_attach_levels_keeps_them_with_the_image(qapp):
    image = QImage(32, 32, QImage.Format.Format_RGB32)
    half = QImage(16, 16, QImage.Format.Format_RGB32)
    assert attach_levels(image, [image, half]) is image
    assert attached_levels(image) == (image, half)


def test_the_checker_tile_has_two_shades(qapp):
    tile = checker_tile(QColor(255, 255, 255), 1.0).toImage()
    assert tile.width() == 16 and tile.pixelColor(0, 0) != tile.pixelColor(8, 0)


def test_image_view_still_exports_the_pyramid():
    assert ReExported is PixmapPyramid

"""HEIC, AVIF and PSD wherever a picture enters the window: drop, paste, dialogs, thumbnails."""

from __future__ import annotations

import base64

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from desktop_app.ui.common.mime_inputs import image_in_html
from desktop_app.ui.docks.history_thumbnails import make_thumbnail
from desktop_app.ui.edit.picture_filters import open_pictures_filter, save_picture_filter
from tests.gui.test_main_window import drop_files
from tests.helpers import images
from tests.helpers import picture_formats as formats

pytestmark = pytest.mark.gui


@pytest.fixture
def heic_photo(tmp_path):
    return images.write(tmp_path / "IMG_0001.HEIC", formats.heic(images.photo(400, 300)))


def test_dropping_a_heic_shows_it_in_the_before_view(window, wait_until, heic_photo):
    drop_files(window.findChild(QWidget, "beforeView").viewport(), heic_photo)

    wait_until(lambda: window.inputPath() == heic_photo)
    assert "400 × 300" in window.editPanel().inputInfo()
    assert "HEIF" in window.editPanel().inputInfo()


def test_pasting_raw_avif_data_loads_it(window, wait_until, isolated_dirs):
    mime = QMimeData()
    mime.setData("image/avif", formats.avif(images.photo(320, 240)))
    QGuiApplication.clipboard().setMimeData(mime)

    window.pasteFromClipboard()

    wait_until(lambda: window.inputPath() is not None)
    assert window.inputPath().parent == isolated_dirs["data"] / "inputs"
    assert window.inputPath().suffix == ".avif"
    assert "320 × 240" in window.editPanel().inputInfo()


def test_pasting_browser_html_with_an_inline_psd_image_loads_it(window, wait_until):
    data = base64.b64encode(formats.psd(images.photo(200, 100))).decode("ascii")
    mime = QMimeData()
    mime.setHtml(f'<p>poster</p><img alt="x" src="data:image/vnd.adobe.photoshop;base64,{data}">')
    QGuiApplication.clipboard().setMimeData(mime)

    window.pasteFromClipboard()

    wait_until(lambda: window.inputPath() is not None)
    assert window.inputPath().suffix == ".psd"
    assert "200 × 100" in window.editPanel().inputInfo()


def test_the_first_web_or_inline_img_of_pasted_html_is_taken():
    page = "<img src='icon.svg'><IMG class=a SRC=\"https://cdn.example/p.avif?a=1&amp;b=2\">"
    assert image_in_html(page) == "https://cdn.example/p.avif?a=1&b=2"
    assert image_in_html("<p>no picture</p>") is None


def test_the_dialogs_offer_the_new_formats(qapp):
    opened = open_pictures_filter()
    for pattern in ("*.heic", "*.heif", "*.avif", "*.psd", "*.tif", "*.png", "*.jpg"):
        assert pattern in opened
    saved = save_picture_filter()
    for pattern in ("*.png", "*.jpg", "*.webp", "*.avif", "*.tif"):
        assert pattern in saved


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("a.heic", lambda: formats.heic(images.photo(300, 200))),
        ("b.avif", lambda: formats.avif(images.photo(300, 200))),
        ("c.psd", lambda: formats.psd(images.photo(300, 200))),
    ],
)
def test_history_thumbnails_of_pictures_qt_cannot_read(qapp, tmp_path, name, make):
    path = images.write(tmp_path / name, make())

    thumbnail = make_thumbnail(path, tmp_path / "thumbnails", 64)

    assert thumbnail is not None and not thumbnail.isNull()
    assert (thumbnail.width(), thumbnail.height()) == (64, 64)
    assert list((tmp_path / "thumbnails").glob("*.png"))
    colour = thumbnail.pixelColor(32, 32)
    assert colour.alpha() == 255  # the picture is drawn in the middle of the square
    assert Image.open(next((tmp_path / "thumbnails").glob("*.png"))).size == (64, 64)


def test_the_save_quality_setting_round_trips(qapp):
    from desktop_app.core.settings import Settings
    from desktop_app.ui.settings.picture_fields import PictureFields

    fields = PictureFields()
    fields.setValues(Settings(export_quality=70))
    spin = fields.findChild(QWidget, "exportQualitySpin")

    assert spin.value() == 70 and spin.accessibleName()
    spin.setValue(55)
    assert fields.applyTo(Settings()).export_quality == 55


def test_save_as_options_carry_the_quality(run_loop, tmp_path):
    from desktop_app.ui.edit.result_export import export_options_for

    options = run_loop(
        export_options_for(
            tmp_path / "result.png",
            store=None,
            source=None,
            ratio="4:3",
            prompt="warmer",
            model="m",
            fit=None,
            match_source=False,
            executor=None,
            quality=60,
        )
    )

    assert options.quality == 60 and options.metadata.prompt == "warmer"


def test_a_loaded_animation_says_only_its_first_frame_is_used(run_loop, tmp_path):
    from desktop_app.ui.edit.result_shelf import load_picture

    frames = [Image.new("RGB", (64, 48), colour) for colour in ("red", "blue")]
    animation = images.write(tmp_path / "loop.gif", formats.animated("GIF", frames))
    still = images.save_photo(tmp_path / "still.png", 64, 48)

    loaded = run_loop(load_picture(animation, None))

    assert loaded.notice() == "“loop.gif” has 2 frames; only the first is used."
    assert loaded.preview.getpixel((32, 24))[0] > 200  # the first (red) frame
    assert run_loop(load_picture(still, None)).notice() == ""


def test_dropping_an_animation_says_only_its_first_frame_is_used(window, wait_until, tmp_path):
    frames = [Image.new("RGB", (64, 48), colour) for colour in ("red", "blue", "green")]
    path = images.write(tmp_path / "sticker.webp", formats.animated("WEBP", frames))

    drop_files(window.findChild(QWidget, "beforeView").viewport(), path)

    wait_until(lambda: window.inputPath() == path)
    wait_until(lambda: "only the first is used" in window.banner().message())
    assert "“sticker.webp” has 3 frames" in window.banner().message()


def test_file_open_offers_heic_avif_and_psd(window, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    asked = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *args: (asked.append(args[3]), ([], ""))[1]
    )

    window.menus().action("open").trigger()

    assert asked == [open_pictures_filter()]

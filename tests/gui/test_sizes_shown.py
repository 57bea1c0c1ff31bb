"""The numbers a person reads: the source's pixel size, not the preview's; human file sizes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QLabel

from desktop_app.ui.common.file_sizes import human_file_size
from desktop_app.ui.common.qt_images import load_preview
from desktop_app.ui.compare.before_after_view import BeforeAfterView
from tests.helpers.images import save_photo


@pytest.fixture(autouse=True)
def english_numbers():
    QLocale.setDefault(QLocale("en"))


@pytest.mark.parametrize(
    ("size", "shown"),
    [(812, "812 bytes"), (6_000, "6 kB"), (3_200_000, "3.2 MB"), (1_400_000_000, "1.4 GB")],
)
def test_file_sizes_read_as_people_say_them(size, shown):
    assert human_file_size(size) == shown


def test_the_original_header_shows_the_files_pixel_size(qtbot, run_loop, tmp_path):
    photo = save_photo(tmp_path / "big.jpg", 1800, 1200, quality=85)
    image, info, _ = run_loop(load_preview(photo, None, long_side=600))
    assert (image.width(), info.width) == (600, 1800)  # a preview of a larger file

    view = BeforeAfterView()
    qtbot.addWidget(view)
    view.setBefore(image)

    assert any(label.text() == "1800 × 1200" for label in view.findChildren(QLabel))

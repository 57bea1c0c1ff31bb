"""Region edits and creations in the real window, against the demo relay.

The demo relay answers a region edit with the crop it received, rescaled, shifted and
colour-graded, with a visible change in the hinted area (``desktop_app/demo/region_answer``),
so alignment and paste-back run for real.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QPlainTextEdit, QPushButton, QToolButton

from desktop_app.core.history.store import HistoryStore
from tests.helpers.images import save_photo
from tests.helpers.relay_requests import received_picture

pytestmark = pytest.mark.gui

SIZE = (1600, 1200)
# The painted rectangle, in the picture's pixels: small against the picture, so a crop goes.
PAINTED = (600, 450, 900, 700)


@pytest.fixture
def picture(tmp_path) -> Path:
    return save_photo(tmp_path / "in" / "poster.png", *SIZE)


def _viewport_point(window, x: float, y: float) -> QPoint:
    view = window.beforeAfterView().beforeView()
    scene = view.sceneRect()
    return view.mapFromScene(QPointF(x * scene.width() / SIZE[0], y * scene.height() / SIZE[1]))


def _paint_rectangle(window, qtbot, box: tuple[int, int, int, int]) -> None:
    toolbar = window.findChild(QToolButton, "maskButton")
    qtbot.mouseClick(toolbar, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.findChild(QToolButton, "maskRectangleTool"), Qt.MouseButton.LeftButton)
    viewport = window.beforeAfterView().beforeView().viewport()
    left, top, right, bottom = box
    start, end = _viewport_point(window, left, top), _viewport_point(window, right, bottom)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, (start + end) / 2)
    QTest.mouseMove(viewport, end)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def _run(window, qtbot, wait_until) -> Path:
    window.findChild(QPlainTextEdit, "promptEdit").setPlainText("加上 我爱中国 四个字")
    qtbot.mouseClick(window.findChild(QPushButton, "runButton"), Qt.MouseButton.LeftButton)
    wait_until(lambda: window.resultPaths() and not window.runner.isBusy(), timeout=60)
    return window.resultPaths()[0]


def test_a_painted_region_is_edited_and_pasted_into_the_original(
    window, qtbot, wait_until, picture, demo_provider
):
    window.openPath(picture)
    wait_until(lambda: window.inputPath() == picture)
    _paint_rectangle(window, qtbot, PAINTED)
    assert window.findChild(QCheckBox, "keepOutsideCheck").isChecked()

    result = _run(window, qtbot, wait_until)

    with Image.open(picture) as original, Image.open(result) as edited:
        assert edited.size == original.size  # the original's own pixel size
        difference = ImageChops.difference(original.convert("RGB"), edited.convert("RGB"))
    # Far from the region and its soft edge: the original's pixels, exactly.
    assert difference.crop((0, 0, 400, 1200)).getbbox() is None
    assert difference.crop((1100, 0, 1600, 1200)).getbbox() is None
    assert difference.crop((0, 0, 1600, 300)).getbbox() is None
    # Inside: the model's change.
    assert difference.crop(PAINTED).getbbox() is not None
    # Only the region and its context went to the model, at the picture's own scale.
    sent = received_picture(demo_provider)
    assert sent.width < SIZE[0] and sent.height < SIZE[1]  # a crop, not the whole picture

    # Reuse from the history brings the picture and its mask back.
    toolbar = window.findChild(QToolButton, "maskClear")
    qtbot.mouseClick(toolbar, Qt.MouseButton.LeftButton)
    assert window.findChild(QToolButton, "maskClear").isEnabled() is False
    with HistoryStore.open_default() as store:
        (job,) = store.list_jobs()
    window.reuseJob(job)
    wait_until(lambda: window.findChild(QToolButton, "maskClear").isEnabled())
    mask = window.findChild(QToolButton, "maskButton").parent().mask_image()
    assert mask.size == SIZE
    assert mask.getpixel((750, 575)) == 255 and mask.getpixel((100, 100)) == 0


def test_with_no_picture_run_creates_from_the_prompt(window, qtbot, wait_until, demo_provider):
    run = window.findChild(QPushButton, "runButton")
    assert run.text() == "Create"
    assert "prompt only" in window.beforeAfterView().beforeView().placeholderText()

    result = _run(window, qtbot, wait_until)

    assert result.is_file() and result.name.startswith("retouch-")
    sent = demo_provider.chat_requests[-1].body["messages"][0]["content"]
    assert [part["type"] for part in sent] == ["text"]  # one text part, no picture


def test_a_region_edit_offers_the_models_whole_picture_beside_the_composite(
    window, qtbot, wait_until, picture
):
    window.openPath(picture)
    wait_until(lambda: window.inputPath() == picture)
    _paint_rectangle(window, qtbot, PAINTED)
    composite = _run(window, qtbot, wait_until)
    switch = window.findChild(QPushButton, "modelPictureButton")
    assert switch.isVisible() and not switch.isChecked()

    qtbot.mouseClick(switch, Qt.MouseButton.LeftButton)
    wait_until(lambda: window.currentResultPath() != composite)
    model_picture = window.currentResultPath()
    assert model_picture.name == composite.stem + "-model" + model_picture.suffix

    qtbot.mouseClick(switch, Qt.MouseButton.LeftButton)
    wait_until(lambda: window.currentResultPath() == composite)

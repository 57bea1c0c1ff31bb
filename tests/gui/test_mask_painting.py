"""Mask painting on the Before view with real mouse and key events (offscreen Qt)."""

from __future__ import annotations

import os
import re

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # tests/gui/conftest.py does it too

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, QTranslator
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QSpinBox, QToolButton, QWidget

from desktop_app.ui.compare.before_after_view import BeforeAfterView
from desktop_app.ui.compare.image_view import ImageView
from desktop_app.ui.mask.mask_toolbar import MaskToolbar
from tests.helpers.images import photo
from tests.helpers.mask_window import mask_window

pytestmark = pytest.mark.gui

VIEW_PICTURE = (600, 400)


def qimage(width: int, height: int) -> QImage:
    picture = photo(width, height).convert("RGBA")
    return QImage(picture.tobytes(), width, height, width * 4, QImage.Format.Format_RGBA8888).copy()


@dataclass
class Bench:
    host: QWidget
    compare: BeforeAfterView
    toolbar: MaskToolbar

    @property
    def view(self) -> ImageView:
        return self.compare.beforeView()

    def child(self, kind: type, name: str):
        widget = self.toolbar.findChild(kind, name)
        assert widget is not None, name
        return widget

    def viewport_point(self, picture_point: tuple[float, float]) -> QPoint:
        """Where a source-picture pixel is on the view's viewport."""
        size = self.toolbar.document().size()
        scene = self.view.sceneRect()
        x = picture_point[0] * scene.width() / size.width()
        y = picture_point[1] * scene.height() / size.height()
        return self.view.mapFromScene(QPointF(x, y))

    def drag(self, points: list[tuple[float, float]], modifier=Qt.KeyboardModifier.NoModifier):
        """Press at the first point, move through the others, release at the last."""
        viewport = self.view.viewport()
        left = Qt.MouseButton.LeftButton
        QTest.mousePress(viewport, left, modifier, self.viewport_point(points[0]))
        for point in points[1:]:
            QTest.mouseMove(viewport, self.viewport_point(point))
        QTest.mouseRelease(viewport, left, modifier, self.viewport_point(points[-1]))

    def value(self, x: int, y: int) -> int:
        mask = self.toolbar.mask_image()
        return 0 if mask is None else mask.getpixel((x, y))


@pytest.fixture
def bench(qtbot) -> Iterator[Bench]:
    host, compare, toolbar = mask_window(1200, 700)
    qtbot.addWidget(host)
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitActive(host)
    compare.setBefore(qimage(*VIEW_PICTURE))
    yield Bench(host, compare, toolbar)
    host.close()


def _mask_mode(bench: Bench, qtbot) -> None:
    button = bench.child(QToolButton, "maskButton")
    assert button.isCheckable() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert bench.toolbar.isMaskMode()


def test_widgets_have_the_contract_names_and_accessible_names(bench: Bench) -> None:
    for kind, name in (
        (QToolButton, "maskButton"),
        (QSpinBox, "brushSize"),
        (QToolButton, "maskInvert"),
        (QToolButton, "maskClear"),
        (QSpinBox, "featherSize"),
        (QCheckBox, "keepOutsideCheck"),
        (QToolButton, "maskBrushTool"),
        (QToolButton, "maskEraserTool"),
        (QToolButton, "maskRectangleTool"),
        (QToolButton, "maskLassoTool"),
        (QToolButton, "maskUndo"),
        (QToolButton, "maskRedo"),
        (QToolButton, "maskOverlayToggle"),
    ):
        assert bench.child(kind, name).accessibleName(), name


def test_a_brush_stroke_marks_picture_pixels_and_nothing_else(bench: Bench, qtbot) -> None:
    _mask_mode(bench, qtbot)
    bench.child(QSpinBox, "brushSize").setValue(40)
    with qtbot.waitSignal(bench.toolbar.maskChanged):
        bench.drag([(100, 200), (200, 200), (300, 200), (400, 200)])
    mask = bench.toolbar.mask_image()
    assert mask is not None and mask.mode == "L" and mask.size == VIEW_PICTURE
    for x in (100, 150, 250, 399):
        assert mask.getpixel((x, 200)) == 255, x
        assert mask.getpixel((x, 212)) == 255, x  # inside the 40 px brush
    for point in ((100, 240), (250, 150), (470, 200), (50, 200), (599, 399), (0, 0)):
        assert mask.getpixel(point) == 0, point
    assert bench.toolbar.keep_outside() and bench.toolbar.feather() >= 0


def test_the_mask_has_the_source_size_when_the_view_shows_a_preview(bench: Bench, qtbot) -> None:
    bench.toolbar.setPictureSize(QSize(3000, 2000))  # the view shows it at 600 × 400
    _mask_mode(bench, qtbot)
    bench.child(QSpinBox, "brushSize").setValue(100)
    bench.drag([(1000, 1000), (2000, 1000)])
    mask = bench.toolbar.mask_image()
    assert mask.size == (3000, 2000)
    assert mask.getpixel((1500, 1000)) == 255 and mask.getpixel((1500, 1040)) == 255
    assert mask.getpixel((1500, 1100)) == 0 and mask.getpixel((2200, 1000)) == 0


def test_undo_redo_invert_and_clear(bench: Bench, qtbot) -> None:
    _mask_mode(bench, qtbot)
    bench.child(QSpinBox, "brushSize").setValue(30)
    bench.drag([(100, 100), (150, 100)])
    bench.drag([(400, 300), (450, 300)])
    assert bench.value(120, 100) == 255 and bench.value(420, 300) == 255

    QTest.keyClick(bench.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert bench.value(120, 100) == 255 and bench.value(420, 300) == 0
    QTest.keyClick(
        bench.view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert bench.value(420, 300) == 255

    qtbot.mouseClick(bench.child(QToolButton, "maskInvert"), Qt.MouseButton.LeftButton)
    assert bench.value(120, 100) == 0 and bench.value(300, 200) == 255
    qtbot.mouseClick(bench.child(QToolButton, "maskUndo"), Qt.MouseButton.LeftButton)
    assert bench.value(120, 100) == 255 and bench.value(300, 200) == 0

    clear = bench.child(QToolButton, "maskClear")
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert bench.toolbar.mask_image() is None and not bench.toolbar.keep_outside()
    assert not clear.isEnabled()
    qtbot.mouseClick(bench.child(QToolButton, "maskUndo"), Qt.MouseButton.LeftButton)
    assert bench.value(120, 100) == 255


def test_forty_steps_undo_and_come_back(bench: Bench, qtbot) -> None:
    _mask_mode(bench, qtbot)
    bench.child(QSpinBox, "brushSize").setValue(8)
    spots = [(20 + 12 * (i % 45), 20 + 40 * (i // 45)) for i in range(45)]
    for spot in spots:
        bench.drag([spot])
    assert all(bench.value(*spot) == 255 for spot in spots)
    for _ in range(40):
        QTest.keyClick(bench.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert all(bench.value(*spot) == 255 for spot in spots[:5])
    assert all(bench.value(*spot) == 0 for spot in spots[5:])
    for _ in range(40):
        qtbot.mouseClick(bench.child(QToolButton, "maskRedo"), Qt.MouseButton.LeftButton)
    assert all(bench.value(*spot) == 255 for spot in spots)


def test_undo_steps_share_what_they_did_not_change(bench: Bench, qtbot) -> None:
    bench.toolbar.setPictureSize(QSize(6000, 4000))
    _mask_mode(bench, qtbot)
    bench.child(QSpinBox, "brushSize").setValue(200)
    for x in range(500, 5500, 500):
        bench.drag([(x, 2000), (x + 100, 2000)])
    document = bench.toolbar.document()
    history = [*document._undo, document.state()]
    distinct = {id(tile) for state in history for tile in state.tiles if tile is not None}
    assert len(history) == 11
    assert len(distinct) <= 60  # ten strokes of a few tiles each, not 11 × 384 tiles


def test_brush_size_keys(bench: Bench, qtbot) -> None:
    size = bench.child(QSpinBox, "brushSize")
    size.setValue(40)
    QTest.keyClick(bench.view, Qt.Key.Key_BracketRight)
    assert size.value() == 40  # mask mode is off: the keys do nothing
    _mask_mode(bench, qtbot)
    QTest.keyClick(bench.view, Qt.Key.Key_BracketRight)
    assert size.value() == 50
    QTest.keyClick(bench.view, Qt.Key.Key_BracketLeft)
    QTest.keyClick(bench.view, Qt.Key.Key_BracketLeft)
    assert size.value() == 32
    for _ in range(40):
        QTest.keyClick(bench.view, Qt.Key.Key_BracketLeft)
    assert size.value() == 1


def test_eraser_rectangle_and_lasso(bench: Bench, qtbot) -> None:
    _mask_mode(bench, qtbot)
    qtbot.mouseClick(bench.child(QToolButton, "maskRectangleTool"), Qt.MouseButton.LeftButton)
    bench.drag([(100, 100), (200, 150), (300, 300)])
    assert bench.value(150, 150) == 255 and bench.value(290, 290) == 255
    assert bench.value(320, 200) == 0 and bench.value(90, 200) == 0

    bench.drag([(150, 150), (250, 250)], Qt.KeyboardModifier.AltModifier)  # Alt: unmark
    assert bench.value(200, 200) == 0 and bench.value(120, 120) == 255

    qtbot.mouseClick(bench.child(QToolButton, "maskEraserTool"), Qt.MouseButton.LeftButton)
    bench.child(QSpinBox, "brushSize").setValue(20)
    bench.drag([(110, 110), (130, 110)])
    assert bench.value(120, 110) == 0 and bench.value(120, 140) == 255

    qtbot.mouseClick(bench.child(QToolButton, "maskLassoTool"), Qt.MouseButton.LeftButton)
    bench.drag([(400, 50), (550, 50), (550, 200), (400, 200)])
    assert bench.value(475, 125) == 255 and bench.value(580, 125) == 0


def test_the_overlay_shows_over_the_picture_and_hides(bench: Bench, qtbot) -> None:
    _mask_mode(bench, qtbot)
    qtbot.mouseClick(bench.child(QToolButton, "maskRectangleTool"), Qt.MouseButton.LeftButton)
    bench.drag([(200, 100), (400, 300)])
    spot = bench.viewport_point((300, 200))

    def colour_at_spot():
        return bench.view.viewport().grab().toImage().pixelColor(spot)

    shown = colour_at_spot()
    toggle = bench.child(QToolButton, "maskOverlayToggle")
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert not toggle.isChecked()
    hidden = colour_at_spot()
    assert shown.red() > hidden.red() + 40  # the translucent red is over the picture
    assert bench.toolbar.mask_image() is not None  # hiding keeps the mask


def test_restore_brings_a_saved_mask_back_at_the_picture_size(bench: Bench) -> None:
    from PIL import Image

    saved = Image.new("L", (300, 200), 0)
    saved.paste(255, (0, 0, 150, 100))
    bench.toolbar.restore(saved, feather=40, keep_outside=False)
    assert bench.value(100, 100) == 255 and bench.value(400, 300) == 0
    assert bench.toolbar.feather() == 40 and not bench.toolbar.keep_outside()


def test_a_new_picture_brings_an_empty_mask(bench: Bench, qtbot) -> None:
    _mask_mode(bench, qtbot)
    bench.drag([(100, 100), (200, 100)])
    assert bench.toolbar.has_mask()
    with qtbot.waitSignal(bench.toolbar.maskChanged):
        bench.compare.setBefore(qimage(320, 240))
    assert not bench.toolbar.has_mask() and bench.toolbar.document().size() == QSize(320, 240)
    bench.compare.setBefore(None)
    assert not bench.toolbar.isMaskMode()
    assert not bench.child(QToolButton, "maskButton").isEnabled()


def _toolbar_texts(toolbar: MaskToolbar) -> dict[str, str]:
    texts = {"toolbar.accessibleName": toolbar.accessibleName()}
    for widget in toolbar.findChildren(QWidget):
        if widget.objectName().startswith("qt_") or isinstance(widget.parentWidget(), QSpinBox):
            continue  # a spin box's own editor shows the number
        for kind in ("text", "toolTip", "accessibleName", "suffix"):
            value = getattr(widget, kind, None)
            if callable(value) and value():
                texts[f"{widget.objectName() or type(widget).__name__}.{kind}"] = value()
    return texts


def test_the_toolbar_speaks_chinese_after_a_live_switch(bench: Bench, qtbot, qapp) -> None:
    # This checkout's catalogue (the app's lookup may find another install's resources).
    catalogue = Path(__file__).resolve().parents[2] / "resources" / "translations"
    translator = QTranslator()
    assert translator.load(str(catalogue / "retouch_studio_zh_CN.qm"))
    english = _toolbar_texts(bench.toolbar)
    assert len(english) > 40
    qapp.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: _toolbar_texts(bench.toolbar) != english)
        chinese = _toolbar_texts(bench.toolbar)
        for key, text in english.items():
            assert re.search(r"[\u4e00-\u9fff]", chinese[key]), (key, text, chinese[key])
    finally:
        qapp.removeTranslator(translator)
        qtbot.waitUntil(lambda: _toolbar_texts(bench.toolbar) == english)


def test_the_middle_button_pans_while_painting(bench: Bench, qtbot) -> None:
    _mask_mode(bench, qtbot)
    for _ in range(4):
        bench.view.zoomIn()
    before = bench.view.viewState().center
    viewport = bench.view.viewport()
    middle = Qt.MouseButton.MiddleButton
    QTest.mousePress(viewport, middle, Qt.KeyboardModifier.NoModifier, QPoint(300, 300))
    QTest.mouseMove(viewport, QPoint(200, 250))
    QTest.mouseRelease(viewport, middle, Qt.KeyboardModifier.NoModifier, QPoint(200, 250))
    after = bench.view.viewState().center
    assert after.x() > before.x() and after.y() > before.y()  # dragged left and up
    assert bench.toolbar.mask_image() is None


def test_a_run_gets_the_mask_and_reuse_brings_it_back(bench: Bench, qtbot, run_loop, tmp_path):
    from PIL import Image

    from desktop_app.ui.mask.mask_handoff import mask_choice, restore_mask

    bench.toolbar.setPictureSize(QSize(1200, 800))
    _mask_mode(bench, qtbot)
    qtbot.mouseClick(bench.child(QToolButton, "maskRectangleTool"), Qt.MouseButton.LeftButton)
    bench.drag([(100, 100), (500, 300)])
    bench.child(QSpinBox, "featherSize").setValue(24)
    choice = run_loop(mask_choice(bench.toolbar))
    assert choice.mask.size == (1200, 800) and choice.mask.getpixel((300, 200)) == 255
    assert choice.request_fields() == {"mask": choice.mask, "feather": 24, "paste_back": True}
    saved = tmp_path / "mask.png"
    choice.mask.resize((600, 400)).save(saved)

    bench.compare.setBefore(qimage(*VIEW_PICTURE))  # the job's picture shown again
    bench.toolbar.setPictureSize(QSize(1200, 800))
    assert not bench.toolbar.has_mask()
    assert run_loop(restore_mask(bench.toolbar, saved, feather=24, paste_back=False))
    assert bench.value(300, 200) == 255 and bench.value(700, 600) == 0
    assert bench.toolbar.feather() == 24 and not bench.toolbar.keep_outside()

    openai_style = Image.new("RGBA", (300, 200), (0, 0, 0, 255))
    openai_style.paste((0, 0, 0, 0), (150, 100, 300, 200))  # transparent: change here
    assert run_loop(restore_mask(bench.toolbar, openai_style))
    assert bench.value(900, 600) == 255 and bench.value(300, 200) == 0


def test_the_focus_chain_lists_every_control(bench: Bench) -> None:
    chain = bench.toolbar.focusChain()
    assert chain[0].objectName() == "maskButton" and chain[-1].objectName() == "keepOutsideCheck"
    assert len({widget.objectName() for widget in chain}) == 13


def test_zoomed_in_the_overlay_shows_the_mask_at_full_resolution(bench: Bench, qtbot) -> None:
    bench.toolbar.setPictureSize(QSize(6000, 4000))  # the preview is a quarter of that
    bench.toolbar.document().fillRect(QRectF(3000, 1900, 4, 200), erase=False)
    bench.view.viewport().grab()  # the first grab lays the panes out, which refits the views
    for _ in range(20):
        bench.view.zoomIn()
    bench.view.centerOn(QPointF(300, 200))
    qtbot.wait(50)
    inside, beside = bench.viewport_point((3002, 2000)), bench.viewport_point((3008, 2000))
    assert (beside - inside).x() >= 12  # several device pixels per picture pixel

    def reds() -> tuple[int, int]:
        image = bench.view.viewport().grab().toImage()
        return image.pixelColor(inside).red(), image.pixelColor(beside).red()

    shown = reds()
    qtbot.mouseClick(bench.child(QToolButton, "maskOverlayToggle"), Qt.MouseButton.LeftButton)
    hidden = reds()
    assert shown[0] > hidden[0] + 40  # the 4 px strip is solidly coloured
    assert abs(shown[1] - hidden[1]) <= 2  # and 4 px beside it nothing bleeds

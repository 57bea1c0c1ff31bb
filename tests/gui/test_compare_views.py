"""Before/after comparison widgets: views, synchronisation, split, difference, strip, drops."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # tests/gui/conftest.py does it too

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
    QPalette,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QSlider,
    QSplitter,
    QTabBar,
    QWidget,
)

from desktop_app.ui.compare.before_after_view import BeforeAfterView
from desktop_app.ui.compare.image_view import DRAG_SOURCE_MIME, ImageView, ViewState
from desktop_app.ui.compare.split_compare_view import SplitCompareView
from desktop_app.ui.compare.view_sync import ViewSynchroniser
from tests.helpers.images import photo

pytestmark = pytest.mark.gui


def qimage(width: int, height: int) -> QImage:
    """A photo-like QImage, so painted pixels differ from any flat background."""
    picture = photo(width, height).convert("RGBA")
    data = picture.tobytes()
    return QImage(data, width, height, width * 4, QImage.Format.Format_RGBA8888).copy()


def transparent(width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    return image


def _shown(qtbot, widget: QWidget, width: int, height: int) -> QWidget:
    """Show ``widget`` inside a plain host window, as the app embeds it.

    A top-level widget with a layout hands its minimum size to the platform window, and the
    offscreen platform warns that it cannot (a Qt warning fails the test); a child does not.
    """
    host = QWidget()
    qtbot.addWidget(host)
    widget.setParent(host)
    host.resize(width, height)
    widget.resize(width, height)
    host.show()
    qtbot.waitExposed(host)
    return host  # keep it referenced: qtbot holds widgets weakly


@pytest.fixture
def compare(qtbot) -> Iterator[BeforeAfterView]:
    view = BeforeAfterView()
    host = _shown(qtbot, view, 1000, 700)
    yield view
    host.close()


@pytest.fixture
def image_view(qtbot) -> ImageView:
    view = ImageView()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    return view


def _wheel(view: ImageView, position: QPointF, notches: int) -> None:
    event = QWheelEvent(
        position,
        QPointF(view.viewport().mapToGlobal(position.toPoint())),
        QPoint(),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


# -- structure -----------------------------------------------------------------------------


def test_object_names_and_accessible_names(compare: BeforeAfterView) -> None:
    expected = {
        "compareModeSwitch": QTabBar,
        "beforeAfterSplitter": QSplitter,
        "beforeView": ImageView,
        "afterView": ImageView,
        "differenceView": ImageView,
        "compareSlider": QSlider,
        "resultStrip": QListWidget,
    }
    for name, kind in expected.items():
        widget = compare.findChild(kind, name)
        assert widget is not None, name
        assert widget.accessibleName(), f"{name} needs an accessible name"
    assert compare.beforeView() is compare.findChild(ImageView, "beforeView")
    assert compare.afterView() is compare.findChild(ImageView, "afterView")
    split = compare.findChild(SplitCompareView)
    assert split is not None and split.imageView().accessibleName()


def test_modes_switch_through_the_api_and_the_tab_bar(compare: BeforeAfterView, qtbot) -> None:
    switch = compare.findChild(QTabBar, "compareModeSwitch")
    assert compare.mode() == "side_by_side"
    with qtbot.waitSignal(compare.modeChanged) as blocker:
        compare.setMode("split")
    assert blocker.args == ["split"]
    assert switch.currentIndex() == 1
    switch.setCurrentIndex(2)
    assert compare.mode() == "difference"
    with pytest.raises(ValueError, match="unknown"):
        compare.setMode("overlay")


# -- zoom and synchronisation --------------------------------------------------------------


def test_zoom_in_on_before_view_follows_in_after_view(compare: BeforeAfterView) -> None:
    compare.setBefore(qimage(4000, 3000))  # original and result differ in pixel size
    compare.setAfter(qimage(1600, 1200))
    before, after = compare.beforeView(), compare.afterView()

    before.zoomIn()
    before.zoomIn()

    assert not after.viewState().fitted
    assert after.viewState().zoom == pytest.approx(before.viewState().zoom, rel=1e-6)
    # Same content scale: the smaller result is shown 2.5 times as large per pixel.
    assert after.zoomFactor() == pytest.approx(before.zoomFactor() * 4000 / 1600, rel=1e-6)


def test_panning_and_wheel_zoom_follow_on_the_same_content(compare: BeforeAfterView) -> None:
    compare.setBefore(qimage(4000, 3000))
    compare.setAfter(qimage(1600, 1200))
    before, after = compare.beforeView(), compare.afterView()
    before.zoomToActualSize()

    before.horizontalScrollBar().setValue(before.horizontalScrollBar().minimum())  # a pan
    _wheel(before, QPointF(100, 100), notches=2)

    mine, theirs = before.viewState(), after.viewState()
    assert theirs.zoom == pytest.approx(mine.zoom, rel=1e-6)
    assert theirs.center.x() == pytest.approx(mine.center.x(), abs=0.01)
    assert theirs.center.y() == pytest.approx(mine.center.y(), abs=0.01)
    assert mine.center.x() < 0.4, "the pan to the left edge reached the state"


def test_wheel_zoom_keeps_the_point_under_the_cursor(image_view: ImageView) -> None:
    image_view.setImage(qimage(800, 600))
    cursor = QPointF(120, 90)
    before = image_view.mapToScene(cursor.toPoint())

    _wheel(image_view, cursor, notches=3)

    after = image_view.mapToScene(cursor.toPoint())
    assert image_view.zoomFactor() > 0.5
    assert (after - before).manhattanLength() < 3


def test_fit_and_actual_size(image_view: ImageView, qtbot) -> None:
    image_view.setImage(qimage(1600, 1200))
    assert image_view.viewState().fitted
    fitted = image_view.zoomFactor()
    assert fitted * 1600 <= image_view.viewport().width() * image_view.devicePixelRatioF()

    with qtbot.waitSignal(image_view.zoomChanged) as blocker:
        image_view.zoomToActualSize()
    assert blocker.args == [pytest.approx(1.0)]
    assert image_view.zoomFactor() == pytest.approx(1.0)
    assert not image_view.viewState().fitted

    image_view.zoomToFit()
    assert image_view.zoomFactor() == pytest.approx(fitted)
    image_view.resize(800, 600)  # stays fitted while the user has not zoomed
    qtbot.waitUntil(lambda: image_view.zoomFactor() > fitted * 1.5)

    image_view.zoomIn()
    zoomed = image_view.zoomFactor()
    wide = image_view.viewport().width()
    image_view.resize(500, 400)
    qtbot.waitUntil(lambda: image_view.viewport().width() < wide)  # the resize has landed
    assert image_view.zoomFactor() == pytest.approx(zoomed)


def test_set_view_state_is_silent_and_uses_normalised_centre(image_view: ImageView, qtbot):
    image_view.setImage(qimage(2000, 1000))
    with qtbot.assertNotEmitted(image_view.viewStateChanged):
        image_view.setViewState(ViewState(fitted=False, zoom=4000, center=QPointF(0.25, 0.75)))
    state = image_view.viewState()
    assert state.zoom == pytest.approx(4000)
    assert state.center.x() == pytest.approx(0.25, abs=0.005)
    assert state.center.y() == pytest.approx(0.75, abs=0.005)


def test_synchroniser_can_pause_and_realign(qtbot) -> None:
    views = []
    for size in ((1200, 900), (600, 450)):
        view = ImageView()
        qtbot.addWidget(view)
        view.resize(300, 200)
        view.show()
        view.setImage(qimage(*size))
        views.append(view)
    sync = ViewSynchroniser()
    for view in views:
        sync.add(view)

    sync.setEnabled(False)
    views[0].zoomIn()
    assert views[1].viewState().fitted

    sync.setEnabled(True)  # catches up with the view changed last
    assert views[1].viewState().zoom == pytest.approx(views[0].viewState().zoom)


def test_zoom_slots_act_on_the_visible_mode(compare: BeforeAfterView) -> None:
    compare.setBefore(qimage(800, 600))
    compare.setAfter(qimage(800, 600))
    compare.setMode("split")
    split_view = compare.findChild(SplitCompareView).imageView()

    compare.zoomToActualSize()

    assert split_view.zoomFactor() == pytest.approx(1.0)
    assert compare.afterView().viewState().zoom == pytest.approx(800)  # kept in step


# -- split view ----------------------------------------------------------------------------


def test_split_slider_moves_the_divider(compare: BeforeAfterView) -> None:
    compare.setBefore(qimage(800, 600))
    compare.setAfter(qimage(800, 600))
    compare.setMode("split")
    split = compare.findChild(SplitCompareView)
    slider = compare.findChild(QSlider, "compareSlider")
    assert (slider.minimum(), slider.maximum()) == (0, 1000)

    slider.setValue(250)

    assert split.dividerPosition() == pytest.approx(0.25)
    picture = split.imageView().mapFromScene(split.imageView().sceneRect()).boundingRect()
    expected = picture.left() + 0.25 * picture.width()
    assert split.imageView().dividerX() == pytest.approx(expected, abs=2)


def test_dragging_the_divider_moves_the_slider(compare: BeforeAfterView, qtbot) -> None:
    compare.setBefore(qimage(800, 600))
    compare.setAfter(qimage(800, 600))
    compare.setMode("split")
    split = compare.findChild(SplitCompareView)
    slider = compare.findChild(QSlider, "compareSlider")
    view = split.imageView()
    x = round(view.dividerX())
    y = view.viewport().height() // 2

    with qtbot.waitSignal(split.dividerPositionChanged):
        qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, y))
        qtbot.mouseMove(view.viewport(), QPoint(x + 120, y))
        qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x + 120, y))

    assert slider.value() > 550
    assert view.dividerX() == pytest.approx(x + 120, abs=2)
    assert view.viewState().fitted, "dragging the divider must not pan or zoom"


# -- difference ----------------------------------------------------------------------------


def test_difference_is_requested_shown_and_cleared(compare: BeforeAfterView, qtbot) -> None:
    compare.setBefore(qimage(800, 600))
    compare.setAfter(qimage(800, 600))

    with qtbot.waitSignal(compare.differenceRequested):
        compare.setMode("difference")
    overlay = qimage(800, 600)
    compare.setDifference(overlay, 0.12)

    assert compare.findChild(ImageView, "differenceView").image() is not None
    texts = [label.text() for label in compare.findChildren(QLabel)]
    assert "12 % of the picture changed" in texts

    with qtbot.waitSignal(compare.differenceRequested):  # a new result: ask again, once
        compare.setAfter(qimage(800, 600))
    assert compare.findChild(ImageView, "differenceView").image() is None
    assert "12 % of the picture changed" not in [
        label.text() for label in compare.findChildren(QLabel)
    ]


def test_no_difference_request_without_both_pictures(compare: BeforeAfterView, qtbot) -> None:
    compare.setBefore(qimage(800, 600))
    with qtbot.assertNotEmitted(compare.differenceRequested, wait=50):
        compare.setMode("difference")


# -- painting ------------------------------------------------------------------------------


def _distinct_colours(image: QImage, x: int, y: int, size: int = 24) -> set[int]:
    return {image.pixel(x + dx, y + dy) for dx in range(size) for dy in range(size)}


@pytest.mark.parametrize("dark", [False, True])
def test_checkerboard_shows_under_transparent_pixels(image_view: ImageView, dark: bool) -> None:
    if dark:
        palette = image_view.palette()
        for role, colour in (
            (QPalette.ColorRole.Window, QColor(43, 43, 43)),
            (QPalette.ColorRole.Base, QColor(30, 30, 30)),
        ):
            palette.setColor(role, colour)
        image_view.setPalette(palette)
    image_view.setImage(transparent(200, 150))

    shot = image_view.viewport().grab().toImage()
    centre = image_view.viewport().rect().center()
    colours = _distinct_colours(shot, centre.x() - 12, centre.y() - 12)

    assert len(colours) >= 2, "a transparent picture shows a checkerboard, not a flat fill"
    assert image_view.canvasColor().rgb() not in colours
    corner = _distinct_colours(shot, 0, 0, size=4)
    assert corner == {image_view.canvasColor().rgb()}, "no checkerboard outside the picture"


def test_placeholder_is_drawn_when_empty(image_view: ImageView) -> None:
    blank = image_view.viewport().grab().toImage()
    image_view.setPlaceholderText("Drop a picture here")
    with_text = image_view.viewport().grab().toImage()

    assert with_text != blank
    centre = image_view.viewport().rect().center()
    assert len(_distinct_colours(with_text, centre.x() - 40, centre.y() - 8, 16)) > 1

    image_view.setImage(qimage(100, 80))
    assert image_view.placeholderText() == "Drop a picture here"  # kept for later


def test_flash_original_shows_the_before_in_the_after_view(compare: BeforeAfterView) -> None:
    before, after = qimage(640, 480), qimage(320, 240)
    compare.setBefore(before)
    compare.setAfter(after)

    compare.flashOriginal(True)
    assert compare.afterView().image().size() == before.size()
    compare.flashOriginal(False)
    assert compare.afterView().image().size() == after.size()


# -- drag and drop -------------------------------------------------------------------------


class _DropTarget(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.dropped: list[str] = []

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.dropped.extend(url.toLocalFile() for url in event.mimeData().urls())
        event.acceptProposedAction()


def _drag_event(kind: type[QDropEvent], position: QPointF, *args: object) -> QDropEvent:
    try:
        return kind(position, *args)
    except TypeError:  # before PySide6 6.12 drag enter/move events only take a QPoint
        return kind(position.toPoint(), *args)


def test_a_drop_on_the_viewport_reaches_the_parent(qtbot, tmp_path: Path) -> None:
    parent = _DropTarget()
    qtbot.addWidget(parent)
    view = ImageView(parent)
    view.setGeometry(10, 10, 280, 280)
    parent.resize(300, 300)
    parent.show()
    qtbot.waitExposed(parent)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "in.png"))])
    position = QPointF(view.viewport().rect().center())
    action = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier

    enter = _drag_event(QDragEnterEvent, position, action, mime, buttons, modifiers)
    QApplication.sendEvent(view.viewport(), enter)
    move = _drag_event(QDragMoveEvent, position, action, mime, buttons, modifiers)
    QApplication.sendEvent(view.viewport(), move)
    drop = _drag_event(QDropEvent, position, action, mime, buttons, modifiers)
    QApplication.sendEvent(view.viewport(), drop)

    assert enter.isAccepted() and drop.isAccepted()
    assert parent.dropped == [str(tmp_path / "in.png")]


def test_drag_out_carries_the_file_and_the_image(image_view: ImageView, tmp_path) -> None:
    image_view.setImage(qimage(400, 300))
    assert image_view.createDragMimeData() is None  # no file: no drag-out

    image_view.setDragFile(tmp_path / "result.png")
    mime = image_view.createDragMimeData()

    assert mime.urls() == [QUrl.fromLocalFile(str(tmp_path / "result.png"))]
    assert mime.hasImage()
    assert mime.hasFormat(DRAG_SOURCE_MIME)


def _drag(view: ImageView, qtbot, modifier: Qt.KeyboardModifier) -> None:
    start = view.viewport().rect().center()
    end = start + QPoint(60, 0)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, modifier, start)
    qtbot.mouseMove(view.viewport(), end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, modifier, end)


def test_drag_out_when_fitted_or_with_ctrl_but_pan_otherwise(
    image_view: ImageView, qtbot, tmp_path
) -> None:
    # The real QDrag runs: offscreen, with no physical button held, exec() ends at once.
    # Each drag-out leaves its QDrag as a child of the view.
    def drags_started() -> list[list[QUrl]]:
        return [drag.mimeData().urls() for drag in image_view.findChildren(QDrag)]

    image_view.setImage(qimage(1600, 1200))
    image_view.setDragFile(tmp_path / "result.png")
    file_url = [QUrl.fromLocalFile(str(tmp_path / "result.png"))]

    _drag(image_view, qtbot, Qt.KeyboardModifier.NoModifier)  # fitted: nothing to pan
    assert drags_started() == [file_url]

    image_view.zoomToActualSize()
    centre = image_view.viewState().center
    _drag(image_view, qtbot, Qt.KeyboardModifier.NoModifier)  # zoomed: a plain drag pans
    assert drags_started() == [file_url]
    assert image_view.viewState().center.x() < centre.x()

    _drag(image_view, qtbot, Qt.KeyboardModifier.ControlModifier)
    assert drags_started() == [file_url, file_url]


# -- results strip -------------------------------------------------------------------------


def test_results_strip_hidden_for_one_and_offers_three(compare: BeforeAfterView, qtbot) -> None:
    strip = compare.findChild(QListWidget, "resultStrip")
    compare.setResults([qimage(320, 240)])
    assert strip.isHidden()

    with qtbot.assertNotEmitted(compare.resultSelected):
        compare.setResults([qimage(320, 240), qimage(240, 320), qimage(300, 300)])
    assert strip.isVisible()
    assert strip.count() == 3

    with qtbot.waitSignal(compare.resultSelected) as blocker:
        rect = strip.visualItemRect(strip.item(2))
        qtbot.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [2]

    compare.setResults([])
    assert strip.isHidden()


def test_overlay_layout_takes_a_banner_above_the_views(compare: BeforeAfterView) -> None:
    banner = QLabel("Something went wrong")
    compare.overlayLayout().addWidget(banner)
    banner.show()
    compare.layout().activate()

    assert banner.parentWidget() is compare
    assert banner.geometry().bottom() < compare.beforeView().mapTo(compare, QPoint(0, 0)).y()

"""The comparison never stretches a picture: each keeps its aspect when the ratios differ.

Asked for 1:1 of a 3:2 photo, the split view used to draw the photo into the result's square
(a circle became an ellipse). These tests measure the drawn pictures on screen.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PIL import Image, ImageChops, ImageDraw
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from desktop_app.core.imaging.framing import implied_placement
from desktop_app.ui.compare.before_after_view import BeforeAfterView
from desktop_app.ui.compare.image_view import ImageView
from desktop_app.ui.compare.split_compare_view import SplitCompareView

pytestmark = pytest.mark.gui
GREEN, RED, BLUE, YELLOW = (0, 200, 0), (230, 0, 0), (0, 0, 230), (240, 220, 0)


def qimage(picture: Image.Image) -> QImage:
    data = picture.convert("RGBA").tobytes()
    width, height = picture.size
    return QImage(data, width, height, width * 4, QImage.Format.Format_RGBA8888).copy()


def disc_on(
    width: int, height: int, ground: tuple[int, int, int], disc: tuple[int, int, int] = RED
) -> Image.Image:
    """A disc centred on a plain ground: round on screen only at the right aspect."""
    picture = Image.new("RGB", (width, height), ground)
    radius = min(width, height) * 0.3
    centre_x, centre_y = width / 2, height / 2
    ImageDraw.Draw(picture).ellipse(
        (centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius), fill=disc
    )
    return picture


def drawn_box(view: ImageView, colour: tuple[int, int, int]) -> tuple[int, int, int, int]:
    """The bounding box, in viewport pixels, of what ``view`` painted in ``colour``."""
    shot = view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    picture = Image.frombytes(
        "RGB",
        (shot.width(), shot.height()),
        bytes(shot.constBits()),
        "raw",
        "RGB",
        shot.bytesPerLine(),
    )
    masks = [
        band.point(lambda v, want=want: 255 if abs(v - want) < 40 else 0)
        for band, want in zip(picture.split(), colour, strict=True)
    ]
    box = ImageChops.multiply(ImageChops.multiply(masks[0], masks[1]), masks[2]).getbbox()
    assert box is not None, f"nothing drawn in {colour}"
    return box


def aspect(box: tuple[int, int, int, int]) -> float:
    left, top, right, bottom = box
    return (right - left) / (bottom - top)


@pytest.fixture
def empty_compare(qtbot) -> Iterator[BeforeAfterView]:
    """The comparison inside a host window, as the app embeds it, with no pictures."""
    host = QWidget()
    qtbot.addWidget(host)
    view = BeforeAfterView(host)
    host.resize(1100, 700)
    view.resize(1100, 700)
    host.show()
    qtbot.waitExposed(host)
    yield view
    host.close()


@pytest.fixture
def compare(empty_compare: BeforeAfterView) -> BeforeAfterView:
    empty_compare.setBefore(qimage(disc_on(900, 600, GREEN)))  # a 3:2 photo
    empty_compare.setAfter(qimage(disc_on(512, 512, BLUE, YELLOW)))  # the 1:1 asked for
    return empty_compare


def test_side_by_side_draws_each_picture_at_its_own_aspect(compare: BeforeAfterView) -> None:
    compare.setMode("side_by_side")
    assert aspect(drawn_box(compare.beforeView(), GREEN)) == pytest.approx(1.5, rel=0.03)
    assert aspect(drawn_box(compare.beforeView(), RED)) == pytest.approx(1.0, rel=0.03)
    assert aspect(drawn_box(compare.afterView(), BLUE)) == pytest.approx(1.0, rel=0.03)
    assert aspect(drawn_box(compare.afterView(), YELLOW)) == pytest.approx(1.0, rel=0.03)


@pytest.mark.parametrize("position", [1.0, 0.5])
def test_split_keeps_the_original_round(compare: BeforeAfterView, position: float) -> None:
    compare.setMode("split")
    split = compare.findChild(SplitCompareView)
    split.setDividerPosition(position)
    view = split.imageView()

    disc = drawn_box(view, RED)  # the original's disc, left of the divider
    left, top, right, bottom = disc
    if position == 1.0:
        assert aspect(disc) == pytest.approx(1.0, rel=0.03)
    else:  # half a disc: as tall as it is twice wide
        assert (right - left) * 2 == pytest.approx(bottom - top, rel=0.05)
    placed = view.beforeViewportRect()
    assert placed.width() / placed.height() == pytest.approx(1.5, rel=0.01)


def test_split_hatches_the_frame_the_original_does_not_cover(compare: BeforeAfterView) -> None:
    compare.setMode("split")
    split = compare.findChild(SplitCompareView)
    split.setDividerPosition(1.0)
    split.setBeforePlacement(implied_placement((900, 600), (512, 512), "pad"))
    view = split.imageView()

    ground = drawn_box(view, GREEN)
    frame = view.mapFromScene(view.sceneRect()).boundingRect()
    assert aspect(ground) == pytest.approx(1.5, rel=0.03)
    assert ground[1] > frame.top() + 50, "the original sits inside the result's square"
    shot = view.viewport().grab().toImage()
    margin = shot.pixelColor(frame.center().x(), frame.top() + 20)
    assert margin.red() == margin.green() == margin.blue(), "a grey hatch, not a picture"


@pytest.mark.parametrize("mode", ["side_by_side", "split", "difference"])
def test_a_picture_just_opened_shows_in_every_mode(empty_compare: BeforeAfterView, mode):
    view = empty_compare
    view.setMode(mode)

    view.setBefore(qimage(disc_on(900, 600, GREEN)))

    shown = {
        "side_by_side": view.beforeView(),
        "split": view.findChild(SplitCompareView).imageView(),
        "difference": view.differenceView(),
    }[mode]
    assert aspect(drawn_box(shown, GREEN)) == pytest.approx(1.5, rel=0.03)

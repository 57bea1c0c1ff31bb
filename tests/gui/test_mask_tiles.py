"""The tiled mask and its history, without a window (QImage painting needs Qt, not a display)."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtCore import QPointF, QRectF, QSize

from desktop_app.ui.mask.mask_document import UNDO_LIMIT, MaskDocument
from desktop_app.ui.mask.mask_tiles import EMPTY, FULL, TILE, MaskState

pytestmark = pytest.mark.gui


@pytest.fixture
def document(qapp) -> MaskDocument:
    document = MaskDocument()
    document.reset(QSize(1000, 700))  # 4 × 3 tiles, the last column and row cut short
    return document


def test_a_pillow_mask_round_trips_through_tiles(qapp) -> None:
    mask = Image.new("L", (1000, 700), 0)
    mask.paste(255, (0, 0, 512, 256))  # two whole tiles: stored as FULL
    mask.paste(128, (600, 500, 1000, 700))  # grey, up to the picture's corner
    state = MaskState.from_pil(mask, QSize(1000, 700))
    assert state.tiles[0] is FULL and state.tiles[1] is FULL and state.tiles[2] is EMPTY
    assert state.to_pil().tobytes() == mask.tobytes()
    half = MaskState.from_pil(mask.resize((500, 350)), QSize(1000, 700))
    assert half.to_pil().getpixel((100, 100)) == 255  # any size is scaled to the picture


def test_invert_keeps_the_bytes_beyond_the_edge_at_keep(document: MaskDocument) -> None:
    document.invert()
    assert document.state().to_pil().getextrema() == (255, 255)
    document.invert()
    assert document.isEmpty()  # edge tiles collapse back too: nothing is stored
    corner = document.state().tiles[-1]
    assert corner is EMPTY


def test_erasing_everything_leaves_no_tiles(document: MaskDocument) -> None:
    document.beginStroke(QPointF(300, 300), 100, erase=False)
    document.strokeTo(QPointF(600, 300))
    document.endStroke()
    assert not document.isEmpty()
    document.beginStroke(QPointF(300, 300), 160, erase=True)
    document.strokeTo(QPointF(600, 300))
    document.endStroke()
    assert document.isEmpty()
    assert all(tile is EMPTY for tile in document.state().tiles)


def test_a_tile_rectangle_covers_that_tile_only(qapp) -> None:
    state = MaskState.empty(QSize(1000, 700))
    assert list(state.tiles_in(QRectF(0, 0, TILE, TILE))) == [0]
    assert list(state.tiles_in(QRectF(250, 0, 10, 10))) == [0, 1]
    assert list(state.tiles_in(QRectF(-50, -50, 2000, 2000))) == list(range(12))


def test_history_keeps_a_bounded_number_of_steps(document: MaskDocument) -> None:
    for step in range(UNDO_LIMIT + 10):
        document.fillRect(QRectF(step, 0, 1, 1), erase=False)
    undone = 0
    while document.canUndo():
        document.undo()
        undone += 1
    assert undone == UNDO_LIMIT >= 40
    assert document.state().to_pil().getpixel((9, 0)) == 255  # older steps are kept, baked in
    assert document.state().to_pil().getpixel((10, 0)) == 0


@pytest.mark.parametrize("under", [(255, 255, 255), (0, 0, 0), (128, 128, 128)])
def test_the_overlay_colour_shows_on_light_mid_and_dark_pictures(under) -> None:
    from desktop_app.ui.mask.mask_preview import MASK_COLOUR

    alpha = MASK_COLOUR.alphaF()
    colour = MASK_COLOUR.getRgb()[:3]
    over = [round(c * alpha + u * (1 - alpha)) for c, u in zip(colour, under, strict=True)]
    assert 0.3 <= alpha <= 0.6  # the picture stays visible under it
    assert max(abs(o - u) for o, u in zip(over, under, strict=True)) >= 60
    assert over[0] - max(over[1:]) >= 90  # and it reads as one hue, red, on all of them

"""A reframed result is compared with the original where both show the same content.

Asked for 1:1 of a 3:2 photo, a model crops its sides or extends it; comparing the two
stretched onto each other marks unchanged text and shapes as changed.
"""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFilter

from desktop_app.core.imaging.difference import difference_overlay
from desktop_app.core.imaging.framing import Placement, find_placement, implied_placement


def poster(width: int = 900, height: int = 600) -> Image.Image:
    """A 3:2 picture of shapes and text: every misplacement shows on its edges."""
    image = Image.new("RGB", (width, height), (235, 230, 220))
    draw = ImageDraw.Draw(image)
    for index in range(12):
        x = 40 + index * 70
        draw.rectangle(
            (x, 60 + (index % 3) * 40, x + 40, 140 + (index % 4) * 30), fill=(30, 60, 160)
        )
    draw.ellipse((300, 200, 600, 500), outline=(200, 30, 30), width=12)
    for row in range(5):
        draw.text((60, 380 + row * 30), "RETOUCH STUDIO 2026 — honest comparison", fill=(0, 0, 0))
    return image.filter(ImageFilter.GaussianBlur(1.2))  # a photo's edges, not a font's


def square_crop(image: Image.Image, left: int) -> Image.Image:
    side = image.height
    return image.crop((left, 0, left + side, side)).resize((512, 512), Image.Resampling.LANCZOS)


def test_the_placement_a_centred_crop_or_pad_implies() -> None:
    assert implied_placement((300, 200), (100, 100)) == Placement(-0.25, 0.0, 1.5, 1.0, "crop")
    pad = implied_placement((300, 200), (100, 100), "pad")
    assert (pad.left, pad.width, pad.kind) == (0.0, 1.0, "pad")
    assert pad.top == pytest.approx(1 / 6) and pad.height == pytest.approx(2 / 3)
    assert implied_placement((300, 200), (600, 400)) == Placement()


@pytest.mark.parametrize("left", [150, 0, 300])
def test_a_cropped_result_with_no_edit_shows_no_change(left: int) -> None:
    before = poster()
    after = square_crop(before, left)

    result = difference_overlay(before, after)

    assert result.placement.kind == "crop"
    assert result.placement.left == pytest.approx(-left / 600, abs=0.04)
    assert result.changed_fraction < 0.01
    assert result.compared_box == (0, 0, 512, 512)
    stretched = difference_overlay(before, after, placement=Placement())
    assert stretched.changed_fraction > 0.1, "the check would catch a stretched comparison"


def test_an_extended_result_compares_only_the_original_part_and_hatches_the_rest() -> None:
    before = poster()
    after = Image.new("RGB", (900, 900), (120, 170, 90))  # the model painted new margins
    after.paste(before, (0, 150))
    ImageDraw.Draw(after).rectangle((400, 300, 500, 400), fill=(250, 250, 0))  # a real edit

    result = difference_overlay(before, after)

    assert result.placement.kind == "pad"
    left, top, right, bottom = result.compared_box
    assert (left, right) == (0, 900) and abs(top - 150) <= 2 and abs(bottom - 750) <= 2
    edit_share = 100 * 100 / (900 * 600)
    assert result.changed_fraction == pytest.approx(edit_share, rel=0.5)
    assert result.bbox is not None and result.bbox[1] >= 290
    margin = result.overlay.getpixel((450, 40))
    assert margin[3] == 255 and margin[0] == margin[1] == margin[2], "hatched grey, no highlight"


def test_a_found_placement_prefers_the_matching_frame() -> None:
    before = poster()
    assert find_placement(before, square_crop(before, 300)).left == pytest.approx(-0.5, abs=0.04)
    assert find_placement(before, before.resize((450, 300))) == Placement()

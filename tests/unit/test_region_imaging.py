"""Region edits without the network: masks, the crop sent, alignment and paste-back."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.imaging.alignment import align
from desktop_app.core.imaging.mask import feather_mask, load_mask, mask_bbox
from desktop_app.core.imaging.original import Original
from desktop_app.core.imaging.paste_back import paste_back
from desktop_app.core.imaging.region import MIN_MARGIN, plan_region
from desktop_app.demo import region_answer
from tests.helpers.images import encoded, textured_photo
from tests.helpers.pixels import mean_difference, same_where, selection


def ellipse_mask(size, box, level=255):
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).ellipse(box, fill=level)
    return mask


def test_a_white_on_black_mask_is_scaled_to_the_picture():
    mask = load_mask(encoded(ellipse_mask((100, 50), (40, 10, 60, 40))), (400, 200))
    assert mask.mode == "L" and mask.size == (400, 200)
    left, top, right, bottom = mask_bbox(mask)
    assert 150 <= left <= 165 and 35 <= top <= 45 and 235 <= right <= 250 and bottom > 150


def test_transparent_pixels_mark_the_change_in_an_alpha_mask():
    rgba = Image.new("RGBA", (80, 80), (0, 0, 0, 255))
    ImageDraw.Draw(rgba).rectangle((10, 10, 29, 29), fill=(0, 0, 0, 0))
    mask = load_mask(encoded(rgba), (80, 80))
    assert mask_bbox(mask) == (10, 10, 30, 30)
    assert mask.getpixel((15, 15)) == 255 and mask.getpixel((50, 50)) == 0


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (encoded(Image.new("L", (20, 20), 0)), "mask_empty"),
        (encoded(Image.new("L", (20, 20), 255)), "mask_all"),
        (b"not a picture at all", "mask_unreadable"),
    ],
)
def test_empty_full_and_unreadable_masks_are_bad_input(data, problem):
    with pytest.raises(RetouchError) as caught:
        load_mask(data, (40, 40))
    assert caught.value.kind == ErrorKind.BAD_INPUT and caught.value.exit_code == 2
    assert caught.value.params["problem"] == problem


def test_the_feather_fades_outside_the_mask_and_stops_at_its_width():
    mask = Image.new("L", (200, 200), 0)
    mask.paste(255, (80, 80, 120, 120))
    soft = feather_mask(mask, 20)
    assert soft.crop((80, 80, 120, 120)).getextrema() == (255, 255)  # changes fully
    assert 0 < soft.getpixel((125, 100)) < 255  # fading just outside
    assert soft.crop((141, 100, 200, 101)).getextrema()[1] == 0  # nothing past the feather
    assert soft.crop((0, 0, 200, 59)).getextrema()[1] == 0


def test_a_small_mask_on_a_big_picture_sends_a_native_ratio_crop_around_it():
    plan = plan_region((2700, 1800, 3300, 2200), (6000, 4000))
    left, top, right, bottom = plan.crop
    assert left <= 2700 - MIN_MARGIN and right >= 3300 + MIN_MARGIN
    assert top <= 1800 - MIN_MARGIN and bottom >= 2200 + MIN_MARGIN
    width, height = right - left, bottom - top
    assert plan.ratio in ("1:1", "3:2", "2:3")
    numerator, denominator = map(int, plan.ratio.split(":"))
    assert abs(width / height - numerator / denominator) < 0.01
    assert "%" in plan.hint()


def test_a_mask_near_the_edge_keeps_the_crop_inside_the_picture():
    plan = plan_region((0, 0, 300, 200), (4000, 3000))
    assert plan.crop[0] == 0 and plan.crop[1] == 0
    assert plan.crop[2] <= 4000 and plan.crop[3] <= 3000


def test_a_mask_as_big_as_the_picture_sends_the_whole_picture():
    plan = plan_region((100, 100, 1900, 1400), (2000, 1500))
    assert plan.crop is None and plan.ratio is None and plan.sent_box == (0, 0, 2000, 1500)


@pytest.mark.parametrize(("size", "ratio"), [((2048, 1536), 3 / 2), ((1200, 1200), 1.0)])
def test_a_reframed_shifted_answer_is_found_within_a_pixel(size, ratio):
    sent = textured_photo(*size)
    answer = region_answer.render_region(sent, "x", ratio)
    changed = ellipse_mask(size, (size[0] * 0.4, size[1] * 0.4, size[0] * 0.6, size[1] * 0.6))
    found = align(sent, answer, size, changed)
    assert found.scale == pytest.approx(region_answer.SCALE, abs=0.002)
    assert found.dx == pytest.approx(region_answer.SHIFT[0] * size[0], abs=1.0)
    assert found.dy == pytest.approx(region_answer.SHIFT[1] * size[1], abs=1.0)
    assert found.trusted


def test_an_unrelated_answer_has_low_confidence():
    found = align(
        textured_photo(1024, 768, seed=1), textured_photo(1024, 768, seed=9), (1024, 768), None
    )
    assert not found.trusted


def test_paste_back_changes_only_the_feathered_mask():
    picture = textured_photo(1600, 1200)
    mask = ellipse_mask(picture.size, (600, 500, 900, 750))
    plan = plan_region(mask_bbox(mask), picture.size)
    left, top, right, bottom = plan.sent_box
    sent = picture.crop(plan.sent_box)
    numerator, denominator = map(int, plan.ratio.split(":"))
    answer = region_answer.render_region(sent, "x " + plan.hint(), numerator / denominator)
    original = Original(picture.copy(), "PNG", b"", b"")
    composite = paste_back(original, answer, mask, 12, plan, sent.size)
    soft = feather_mask(mask, 12)
    assert composite.image.size == picture.size
    assert same_where(picture, composite.image, selection(soft, 0))
    assert mean_difference(picture, composite.image, selection(soft, 255)) > 20
    assert composite.alignment.trusted
    assert composite.to_json()["sent_crop"] == [left, top, right, bottom]
    assert 0 < composite.mask_coverage < 0.1
    buffer = io.BytesIO()
    composite.image.save(buffer, "PNG")
    assert Image.open(buffer).size == picture.size


def test_an_answer_that_is_not_the_picture_is_pasted_with_a_warning():
    from pathlib import Path

    from desktop_app.core.region_edit import alignment_warning

    picture = textured_photo(1200, 900, seed=3)
    mask = ellipse_mask(picture.size, (500, 350, 700, 550))
    plan = plan_region(mask_bbox(mask), picture.size)
    sent_size = (plan.sent_box[2] - plan.sent_box[0], plan.sent_box[3] - plan.sent_box[1])
    stranger = textured_photo(1024, 1024, seed=42)
    composite = paste_back(
        Original(picture.copy(), "PNG", b"", b""), stranger, mask, 8, plan, sent_size
    )
    assert not composite.alignment.trusted
    assert composite.image.size == picture.size  # the composite is still made and kept
    warning = alignment_warning(composite.alignment, Path("room-edit-1-model.png"))
    assert warning is not None and "room-edit-1-model.png" in warning

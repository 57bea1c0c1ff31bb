"""Mask and region-plan promises that mutation testing found unchecked: exact refusals, levels,
the keep threshold, the feather's reach, and the crop and hint sent to the model."""

from __future__ import annotations

import itertools

import pytest
from PIL import Image, ImageDraw

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.imaging.mask import (
    checked_mask,
    feather_mask,
    feather_region,
    grow_box,
    load_mask,
    mask_bbox,
    mask_coverage,
)
from desktop_app.core.imaging.region import RegionPlan, nearest_native_ratio, plan_region
from tests.helpers.images import encoded, palette_png, png16_gray, rgba_png

SIZE = (64, 48)


def square_mask(size=(80, 80), box=(30, 30, 50, 50), level=255) -> Image.Image:
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).rectangle((box[0], box[1], box[2] - 1, box[3] - 1), fill=level)
    return mask


def refusal_of(source, size=SIZE) -> RetouchError:
    with pytest.raises(RetouchError) as caught:
        load_mask(source, size)
    assert caught.value.kind is ErrorKind.BAD_INPUT
    return caught.value


def test_an_unreadable_mask_file_is_named_in_the_refusal(tmp_path):
    path = tmp_path / "brush.png"
    path.write_bytes(b"not a picture at all")
    error = refusal_of(path)
    assert error.message == (
        "The mask “brush.png” can't be read as a picture. Use a PNG with white (or "
        "transparent) where the picture should change."
    )
    assert error.details.startswith("UnidentifiedImageError: ")
    assert error.params == {"problem": "mask_unreadable", "name": "brush.png"}
    assert refusal_of(b"not a picture").params["name"] == "the mask"


def test_a_mask_file_is_read_from_disk(tmp_path):
    path = tmp_path / "brush.png"
    path.write_bytes(encoded(square_mask(SIZE, (10, 10, 20, 20))))
    assert mask_bbox(load_mask(path, SIZE)) == (10, 10, 20, 20)


def test_an_empty_or_full_mask_file_is_refused_by_its_name(tmp_path):
    empty, full = tmp_path / "empty.png", tmp_path / "full.png"
    empty.write_bytes(encoded(Image.new("L", SIZE, 8)))
    full.write_bytes(encoded(Image.new("L", SIZE, 248)))
    error = refusal_of(empty)
    assert error.message == "The mask is empty: paint the area to change first."
    assert (error.details, error.params) == (
        "mask: empty.png",
        {"problem": "mask_empty", "name": "empty.png"},
    )
    error = refusal_of(full)
    assert error.message == (
        "The mask covers the whole picture. Leave part of it unpainted, or edit without a mask."
    )
    assert error.params == {"problem": "mask_all", "name": "full.png"}
    assert checked_mask(Image.new("L", SIZE, 247), SIZE).getextrema() == (247, 247)
    with pytest.raises(RetouchError) as caught:
        checked_mask(Image.new("L", SIZE, 0), SIZE)
    assert caught.value.params == {"problem": "mask_empty", "name": "the mask"}


def test_levels_up_to_the_keep_level_are_cleared_and_the_rest_kept():
    mask = Image.new("RGB", SIZE, (8, 8, 8))
    mask.putpixel((3, 3), (9, 9, 9))
    mask.putpixel((5, 5), (200, 200, 200))
    checked = checked_mask(mask, SIZE)
    assert checked.mode == "L"
    assert checked.getpixel((0, 0)) == 0
    assert (checked.getpixel((3, 3)), checked.getpixel((5, 5))) == (9, 200)


def test_the_box_and_the_coverage_count_only_what_changes():
    mask = Image.new("L", (10, 10), 0)
    mask.putpixel((0, 0), 8)
    mask.putpixel((5, 5), 9)
    assert mask_bbox(mask) == (5, 5, 6, 6)
    assert mask_coverage(Image.new("L", (4, 4), 255)) == 1.0
    assert mask_coverage(square_mask((4, 4), (0, 0, 2, 4))) == 0.5
    assert grow_box((2, 3, 5, 6), 10, (20, 12)) == (0, 0, 15, 12)


def test_transparency_marks_the_change_in_every_kind_of_file():
    palette = load_mask(palette_png(transparent=True), SIZE)
    assert (palette.getpixel((0, 0)), palette.getpixel((SIZE[0] - 1, 0))) == (255, 0)
    opaque_palette = load_mask(palette_png(transparent=False), SIZE)
    assert opaque_palette.getpixel((0, 0)) == 0  # black: keep
    assert opaque_palette.getpixel((SIZE[0] // 2, 0)) > 0  # red has a grey level
    rgba = load_mask(rgba_png(*SIZE), SIZE)
    assert (rgba.getpixel((0, 0)), rgba.getpixel((SIZE[0] - 1, 0))) == (255, 0)
    la = Image.new("LA", SIZE, (0, 255))
    ImageDraw.Draw(la).rectangle((0, 0, 9, 9), fill=(0, 0))
    assert mask_bbox(load_mask(encoded(la), SIZE)) == (0, 0, 10, 10)
    grey_with_trns = Image.new("L", SIZE, 100)
    ImageDraw.Draw(grey_with_trns).rectangle((0, 0, 9, 9), fill=0)
    trns = load_mask(encoded(grey_with_trns, "PNG", transparency=0), SIZE)
    assert (trns.getpixel((0, 0)), trns.getpixel((20, 20))) == (255, 0)


def test_an_opaque_alpha_channel_falls_back_to_the_grey_levels():
    image = Image.new("RGBA", SIZE, (0, 0, 0, 255))
    ImageDraw.Draw(image).rectangle((0, 0, 9, 9), fill=(255, 255, 255, 255))
    mask = load_mask(encoded(image), SIZE)
    assert (mask.getpixel((0, 0)), mask.getpixel((20, 20))) == (255, 0)


def test_a_16_bit_mask_is_scaled_to_8_bit_levels():
    image = Image.new("I;16", SIZE, 0)
    ImageDraw.Draw(image).rectangle((0, 0, 9, 9), fill=32768)
    mask = load_mask(encoded(image), SIZE)
    assert (mask.getpixel((0, 0)), mask.getpixel((20, 20))) == (128, 0)
    assert refusal_of(png16_gray(*SIZE, 65535)).params["problem"] == "mask_all"


def test_an_empty_mask_stays_empty_when_feathered():
    empty = Image.new("L", (20, 20), 0)
    assert feather_mask(empty, 4).getbbox() is None


@pytest.mark.parametrize("feather", [1, 3, 6, 13, 18, 30])
def test_the_feather_fades_outward_within_its_reach(feather):
    mask = square_mask((200, 200), (80, 80, 120, 120))
    soft = feather_mask(mask, feather)
    row = [soft.getpixel((x, 100)) for x in range(120, 120 + feather + 4)]
    assert all(soft.getpixel((x, 100)) == 255 for x in range(80, 120))
    assert row[0] > 0, "the first pixel outside the painted area is softened"
    assert all(a >= b for a, b in itertools.pairwise(row)), row
    assert all(v == 0 for v in row[feather + 1 :]), row
    assert 0 < row[feather // 2] < 255 or feather < 3, row


@pytest.mark.parametrize("feather", [12, 18, 30, 47, 100])
@pytest.mark.parametrize("shift", [0, 1, 3, 5])
def test_the_feather_stays_in_its_reach_wherever_the_edge_falls_on_the_reduced_grid(feather, shift):
    start = 2 * feather + shift
    end = start + 41 + shift
    size = end + 2 * feather
    soft = feather_mask(square_mask((size, size), (start, start, end, end)), feather)
    middle = (start + end) // 2
    for edge, outward in ((end, 1), (start - 1, -1)):
        row = [soft.getpixel((edge + outward * i, middle)) for i in range(feather + 4)]
        assert row[0] > 0 and all(v == 0 for v in row[feather + 1 :]), (edge, row)
        column = [soft.getpixel((middle, edge + outward * i)) for i in range(feather + 4)]
        assert column[0] > 0 and all(v == 0 for v in column[feather + 1 :]), (edge, column)


@pytest.mark.parametrize("feather", [0, 1, 12])
def test_the_feathered_region_is_the_box_grown_by_the_feather_and_two(feather):
    mask = square_mask((200, 200), (80, 80, 120, 120))
    soft, area = feather_region(mask, feather)
    by = feather + 2
    assert area == (80 - by, 80 - by, 120 + by, 120 + by)
    part = mask.crop(area)
    assert (soft.tobytes() == part.tobytes()) is (feather == 0)


def test_the_hint_gives_the_painted_box_in_percent_of_what_is_sent():
    plan = RegionPlan((2000, 1000), (500, 300, 700, 420), (400, 200, 1000, 600), "3:2")
    assert plan.hint() == (
        "(Change only the area from 16%,25% to 50%,55% of the picture, measured "
        "from the top left; keep everything else exactly as it is, with the same framing.)"
    )
    whole = RegionPlan((1000, 500), (105, 55, 301, 251), None, None)
    assert "from 10%,11% to 31%,51% of the picture" in whole.hint()
    on_the_line = RegionPlan((1000, 1000), (499, 499, 600, 600), None, None)
    assert "from 49%,49% to 60%,60% of the picture" in on_the_line.hint()


@pytest.mark.parametrize(
    ("mask_box", "picture", "crop", "ratio"),
    [
        ((1000, 1000, 1200, 1100), (4000, 3000), (744, 694, 1456, 1406), "1:1"),
        ((1000, 500, 3000, 900), (5000, 4000), (500, 0, 3500, 2000), "3:2"),
        ((1000, 1000, 1400, 3000), (4000, 5000), (200, 500, 2200, 3500), "2:3"),
        ((100, 1000, 300, 1100), (600, 3000), (0, 694, 600, 1406), "1:1"),
        ((3800, 1000, 3900, 1100), (4000, 3000), (3388, 744, 4000, 1356), "1:1"),
    ],
)
def test_the_crop_is_the_box_with_its_margin_grown_to_a_native_ratio(
    mask_box, picture, crop, ratio
):
    assert plan_region(mask_box, picture) == RegionPlan(picture, mask_box, crop, ratio)


def test_a_box_whose_crop_would_fill_the_picture_sends_the_whole_picture():
    assert plan_region((10, 10, 50, 50), (400, 300)) == RegionPlan(
        (400, 300), (10, 10, 50, 50), None, None
    )


def test_the_nearest_native_ratio_on_a_log_scale():
    assert str(nearest_native_ratio(1600, 900)) == "3:2"
    assert str(nearest_native_ratio(900, 1600)) == "2:3"
    assert str(nearest_native_ratio(1100, 1000)) == "1:1"
    assert str(nearest_native_ratio(1000, 1220)) == "1:1"
    assert str(nearest_native_ratio(1000, 1230)) == "2:3"

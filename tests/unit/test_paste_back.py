"""Paste-back promises, measured on the pixels: the model's picture lands where it drew it, its
colour grading is undone, only the feathered mask changes, the original's alpha and the
model's edge pixels are kept out, and the report says what was done."""

from __future__ import annotations

import dataclasses

import pytest
from PIL import Image, ImageChops, ImageDraw

from desktop_app.core.imaging.mask import feather_mask, mask_bbox, mask_coverage
from desktop_app.core.imaging.original import Original
from desktop_app.core.imaging.paste_back import paste_back
from desktop_app.core.imaging.region import plan_region
from tests.helpers.images import textured_photo
from tests.helpers.pixels import mean_difference, same_where, selection

SIZE = (1200, 900)
MAGENTA = (255, 0, 255)


def box_mask(size, box) -> Image.Image:
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).rectangle((box[0], box[1], box[2] - 1, box[3] - 1), fill=255)
    return mask


def shrunk(box, by):
    return box[0] + by, box[1] + by, box[2] - by, box[3] - by


def half_size(box) -> tuple[int, int]:
    return round((box[2] - box[0]) / 2), round((box[3] - box[1]) / 2)


def model_answer(picture, sent_box, sent_size, marks, grade=lambda v: round(v * 0.9 + 20)):
    """What was sent, graded as a model does (by default contrast 0.9, +20), with ``marks``
    (source boxes and colours) painted on."""
    model = picture.crop(sent_box).resize(sent_size, Image.Resampling.LANCZOS)
    if grade is not None:
        model = model.point(grade)
    scale = sent_size[0] / (sent_box[2] - sent_box[0])
    draw = ImageDraw.Draw(model)
    for box, colour in marks:
        left, top = (box[0] - sent_box[0]) * scale, (box[1] - sent_box[1]) * scale
        right, bottom = (box[2] - sent_box[0]) * scale, (box[3] - sent_box[1]) * scale
        draw.rectangle((left, top, right - 1, bottom - 1), fill=colour)
    return model


def colours(image, box) -> set[tuple[int, ...]]:
    return {colour for _, colour in image.crop(box).getcolors(1 << 20)}


@pytest.mark.parametrize(
    "painted",
    [(900, 60, 1040, 160), (80, 700, 220, 800), (500, 400, 800, 480)],
    ids=["top-right", "bottom-left", "middle"],
)
def test_the_model_picture_lands_where_it_drew_and_its_grading_is_undone(painted):
    picture = textured_photo(*SIZE, seed=5)
    mask = box_mask(SIZE, painted)
    plan = plan_region(mask_bbox(mask), SIZE)
    left, top, right = painted[:3]
    black, white = (
        (left + 10, top + 20, left + 50, top + 60),
        (right - 50, top + 20, right - 10, top + 60),
    )
    sent_size = half_size(plan.sent_box)
    model = model_answer(
        picture, plan.sent_box, sent_size, [(black, (0, 0, 0)), (white, (255,) * 3)]
    )
    original = Original(picture.copy(), "PNG", b"", b"")

    composite = paste_back(original, model, mask, 6, plan, sent_size)

    soft = feather_mask(mask, 6)
    assert composite.image is original.pixels
    assert same_where(picture, composite.image, selection(soft, 0))
    # The grading is undone (black below 0 and white above 255 clip), at the painted place.
    assert colours(composite.image, shrunk(black, 4)) == {(0, 0, 0)}
    assert colours(composite.image, shrunk(white, 4)) == {(255, 255, 255)}
    rest = box_mask(SIZE, shrunk(painted, 4))
    ImageDraw.Draw(rest).rectangle(shrunk(black, -4), fill=0)
    ImageDraw.Draw(rest).rectangle(shrunk(white, -4), fill=0)
    assert mean_difference(picture, composite.image, rest) < 4
    assert composite.blended_box == soft.getbbox()
    assert composite.to_json() == {
        "size": list(SIZE),
        "mask_coverage": round(mask_coverage(mask), 4),
        "sent_crop": list(plan.crop),
        "alignment": composite.alignment.to_json(),
    }
    detached = composite.detached()
    assert detached.image is None
    assert dataclasses.replace(detached, image=composite.image) == composite


def test_the_alpha_of_a_transparent_original_is_kept_and_an_rgba_answer_is_read():
    picture = textured_photo(600, 400, seed=2).convert("RGBA")
    picture.putalpha(Image.linear_gradient("L").resize(picture.size))
    painted = (250, 150, 350, 250)
    mask = box_mask(picture.size, painted)
    plan = plan_region(mask_bbox(mask), picture.size)
    sent_size = half_size(plan.sent_box)
    rgb = picture.convert("RGB")
    model = model_answer(rgb, plan.sent_box, sent_size, [(painted, MAGENTA)]).convert("RGBA")
    original = Original(picture.copy(), "PNG", b"", b"")

    composite = paste_back(original, model, mask, 4, plan, sent_size)

    assert composite.image.mode == "RGBA"
    assert composite.image.getchannel("A").tobytes() == picture.getchannel("A").tobytes()
    assert colours(composite.image.convert("RGB"), shrunk(painted, 4)) == {MAGENTA}
    assert same_where(rgb, composite.image.convert("RGB"), selection(feather_mask(mask, 4), 0))


def test_the_model_pictures_outermost_pixels_are_never_pasted():
    # A frame mask sends the whole picture. At a quarter of its size each model pixel covers
    # four source pixels: resampling its outermost one would mix in the fill colour, so the
    # four source pixels along each edge (give or take the alignment's fraction) are kept.
    width, height = 600, 400
    picture = textured_photo(width, height, seed=3)
    mask = Image.new("L", (width, height), 255)
    ImageDraw.Draw(mask).rectangle((50, 50, width - 51, height - 51), fill=0)
    plan = plan_region(mask_bbox(mask), picture.size)
    assert plan.crop is None
    model = picture.resize((width // 4, height // 4), Image.Resampling.LANCZOS)
    original = Original(picture.copy(), "PNG", b"", b"")

    composite = paste_back(original, model, mask, 0, plan, model.size)

    left, top, right, bottom = composite.blended_box
    margins = (left, top, width - right, height - bottom)
    assert all(3 <= margin <= 5 for margin in margins), margins
    pasted = Image.new("L", picture.size, 0)
    pasted.paste(255, composite.blended_box)
    assert same_where(picture, composite.image, ImageChops.invert(pasted))
    for strip in ((left, 60, left + 1, 340), (right - 1, 60, right, 340)):
        assert picture.crop(strip).tobytes() != composite.image.crop(strip).tobytes()
    for strip in ((60, top, 540, top + 1), (60, bottom - 1, 540, bottom)):
        assert picture.crop(strip).tobytes() != composite.image.crop(strip).tobytes()
    assert composite.to_json()["sent_crop"] is None


def test_a_mask_only_the_model_edge_covers_changes_nothing_and_says_so():
    picture = textured_photo(*SIZE, seed=4)
    mask = box_mask(SIZE, (0, 100, 1, 200))
    plan = plan_region(mask_bbox(mask), SIZE)
    sent = picture.crop(plan.sent_box)
    original = Original(picture.copy(), "PNG", b"", b"")

    composite = paste_back(original, sent, mask, 0, plan, sent.size)

    assert composite.blended_box is None
    assert composite.image is original.pixels
    assert composite.image.tobytes() == picture.tobytes()
    assert composite.size == SIZE
    assert composite.to_json() == {
        "size": list(SIZE),
        "mask_coverage": round(100 / (SIZE[0] * SIZE[1]), 4),
        "sent_crop": list(plan.crop),
        "alignment": composite.alignment.to_json(),
    }
    assert composite.alignment.trusted


def test_a_sharp_mask_on_the_top_edge_changes_exactly_its_pixels_below_the_edge_row():
    picture = textured_photo(*SIZE, seed=8)
    painted = (500, 0, 640, 60)
    mask = box_mask(SIZE, painted)
    plan = plan_region(mask_bbox(mask), SIZE)
    sent_size = half_size(plan.sent_box)
    model = model_answer(picture, plan.sent_box, sent_size, [(painted, MAGENTA)], grade=None)
    original = Original(picture.copy(), "PNG", b"", b"")

    composite = paste_back(original, model, mask, 0, plan, sent_size)

    left, top, right, bottom = composite.blended_box
    assert (left, right, bottom) == (500, 640, 60) and 2 <= top <= 3
    assert same_where(
        picture, composite.image, ImageChops.invert(box_mask(SIZE, composite.blended_box))
    )
    red, green, blue = composite.image.crop(
        (502, top, 638, 58)
    ).split()  # inside the resampled edge
    assert red.getextrema()[0] > 240 and green.getextrema()[1] < 15 and blue.getextrema()[0] > 240


def test_a_flat_surrounding_is_matched_by_its_level_alone():
    # No texture around the mask: the tone match cannot measure a contrast, so it only
    # shifts the levels back (+15 in the answer, -15 in the composite).
    picture = textured_photo(*SIZE, seed=6)
    painted = (520, 380, 680, 520)
    ImageDraw.Draw(picture).rectangle(shrunk(painted, -90), fill=(128, 128, 128))
    mask = box_mask(SIZE, painted)
    plan = plan_region(mask_bbox(mask), SIZE)
    sent_size = half_size(plan.sent_box)
    mark = (560, 420, 640, 480)
    model = model_answer(
        picture, plan.sent_box, sent_size, [(mark, (200, 60, 90))], grade=lambda v: v + 15
    )
    original = Original(picture.copy(), "PNG", b"", b"")

    composite = paste_back(original, model, mask, 4, plan, sent_size)

    assert colours(composite.image, shrunk(mark, 4)) == {(185, 45, 75)}
    assert colours(composite.image, (530, 390, 550, 510)) == {(128, 128, 128)}

"""What a region edit sends: the mask's box with context around it, at native detail.

Like Krita AI Diffusion's *context region*, the model gets the painted area plus a margin of
its surroundings (a quarter of the box each side, at least :data:`MIN_MARGIN` px), so it
sees enough to match light and texture, and the area itself at the picture's own detail:
a 600 × 400 region of a 6000 × 4000 photo goes at 1:1, not at a third. The context box is
grown to the nearest ratio the model renders natively (so the answer has the shape that was
sent and no reframing eats the margin), then moved and clamped into the picture. When it
would cover the whole picture anyway, the whole picture goes, downscaled as usual.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from desktop_app.core.imaging.mask import Box
from desktop_app.core.imaging.original import Original
from desktop_app.core.imaging.prep import ImageInfo, PreparedImage, prepare_pixels
from desktop_app.core.ratios import NATIVE_RATIOS, Ratio, parse_ratio

MIN_MARGIN = 256
MARGIN_SHARE = 0.25


@dataclass(frozen=True)
class RegionPlan:
    """Which part of the picture goes to the model.

    Attributes:
        picture_size: the source picture's ``(width, height)``.
        mask_box: the painted area's box in source pixels.
        crop: the box sent, in source pixels; None when the whole picture goes.
        ratio: the native ratio the crop was grown to (``"3:2"``), None for the whole
            picture (the user's ratio choice applies then).
    """

    picture_size: tuple[int, int]
    mask_box: Box
    crop: Box | None
    ratio: str | None

    @property
    def sent_box(self) -> Box:
        """The crop, or the whole picture."""
        return self.crop or (0, 0, *self.picture_size)

    def hint(self) -> str:
        """Where the area to change lies in what is sent, in words a model follows.

        The model sees no mask; it is told the box (in percent of the picture sent).
        """
        left, top, right, bottom = self.sent_box
        width, height = right - left, bottom - top
        box = self.mask_box
        x0 = math.floor(100 * (box[0] - left) / width)
        y0 = math.floor(100 * (box[1] - top) / height)
        x1 = math.ceil(100 * (box[2] - left) / width)
        y1 = math.ceil(100 * (box[3] - top) / height)
        return (
            f"(Change only the area from {x0}%,{y0}% to {x1}%,{y1}% of the picture, measured "
            "from the top left; keep everything else exactly as it is, with the same framing.)"
        )


def plan_region(mask_box: Box, picture_size: tuple[int, int]) -> RegionPlan:
    """Grow ``mask_box`` by its context margin to a native ratio, clamped to the picture."""
    picture_width, picture_height = picture_size
    left, top, right, bottom = mask_box
    width, height = right - left, bottom - top
    want_width = width + 2 * max(MIN_MARGIN, math.ceil(MARGIN_SHARE * width))
    want_height = height + 2 * max(MIN_MARGIN, math.ceil(MARGIN_SHARE * height))
    ratio = nearest_native_ratio(want_width, want_height)
    if want_width / want_height < ratio.value:
        want_width = math.ceil(want_height * ratio.value)
    else:
        want_height = math.ceil(want_width / ratio.value)
    crop_width, crop_height = min(want_width, picture_width), min(want_height, picture_height)
    if crop_width >= picture_width and crop_height >= picture_height:
        return RegionPlan(picture_size, mask_box, None, None)
    crop_left = _place((left + right) / 2, crop_width, picture_width)
    crop_top = _place((top + bottom) / 2, crop_height, picture_height)
    crop = (crop_left, crop_top, crop_left + crop_width, crop_top + crop_height)
    # Clamped to the picture, the crop may have lost the ratio it was grown to.
    return RegionPlan(
        picture_size, mask_box, crop, str(nearest_native_ratio(crop_width, crop_height))
    )


def nearest_native_ratio(width: float, height: float) -> Ratio:
    """The native ratio closest to ``width`` / ``height`` on a log scale."""
    natives = [ratio for ratio in map(parse_ratio, NATIVE_RATIOS) if ratio is not None]
    return min(natives, key=lambda ratio: abs(math.log(width / height / ratio.value)))


def prepare_region_upload(
    original: Original, plan: RegionPlan, *, max_long_side: int, max_data_url_bytes: int
) -> PreparedImage:
    """The sent box of ``original`` in sRGB, downscaled only when over ``max_long_side``."""
    pixels = original.srgb(plan.crop)
    info = ImageInfo(
        original.format,
        original.size[0],
        original.size[1],
        original.pixels.mode,
        0,
        original.pixels.mode == "RGBA",
    )
    return prepare_pixels(
        pixels, info, max_long_side=max_long_side, max_data_url_bytes=max_data_url_bytes
    )


def _place(centre: float, length: int, limit: int) -> int:
    """The start of a span of ``length`` centred on ``centre``, moved inside ``0..limit``."""
    start = round(centre - length / 2)
    return max(0, min(start, limit - length))

"""Masks for region edits: where the model may change the picture, and how softly.

A mask is a Pillow image of mode ``L`` at the source picture's pixel size (as shown, after
EXIF orientation): 255 = change, 0 = keep, grey = partly. The mask painter produces one
directly; :func:`load_mask` reads one from a file of any size, in either convention:

- a file with an alpha channel that has transparent pixels follows OpenAI's image-edit
  convention: transparent = change, opaque = keep;
- otherwise the grey level counts: white = change, black = keep, grey = partly.

A mask that marks nothing, or everything, is refused (``bad_input``): the first would pay
for an edit that cannot show, the second is a whole-picture edit without a mask.
Synchronous and Qt-free; callers run it in the executor.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter, UnidentifiedImageError

from desktop_app.core.errors import RetouchError, bad_input

Box = tuple[int, int, int, int]  # left, top, right, bottom (right and bottom exclusive)

# Grey levels at or below this count as "keep": scanner and JPEG noise in a black area
# must not make the whole picture a region.
KEEP_LEVEL = 8
# A mask whose every pixel is at least this is "change everything".
ALL_LEVEL = 248
_READ_ERRORS = (
    OSError,
    ValueError,
    SyntaxError,
    UnidentifiedImageError,
    Image.DecompressionBombError,
)


def load_mask(source: Path | bytes, size: tuple[int, int]) -> Image.Image:
    """Read a mask file and scale it to ``size`` (the input picture's shown size).

    Args:
        source: the mask file, or its encoded bytes.
        size: ``(width, height)`` of the picture the mask applies to.

    Returns:
        An ``L`` image of ``size``: 255 = change, 0 = keep.

    Raises:
        RetouchError: BAD_INPUT when the file cannot be read as a picture, or when the mask
            marks nothing or the whole picture.
    """
    name = source.name if isinstance(source, Path) else "the mask"
    try:
        if isinstance(source, Path):
            with Image.open(source) as opened:
                opened.load()
                image = opened.copy()
        else:
            with Image.open(io.BytesIO(source)) as opened:
                opened.load()
                image = opened.copy()
    except _READ_ERRORS as exc:
        raise bad_input(
            f"The mask “{name}” can't be read as a picture. Use a PNG with white (or "
            "transparent) where the picture should change.",
            f"{type(exc).__name__}: {exc}",
            problem="mask_unreadable",
            name=name,
        ) from None
    return checked_mask(change_levels(image), size, name)


def checked_mask(mask: Image.Image, size: tuple[int, int], name: str = "the mask") -> Image.Image:
    """``mask`` as an ``L`` image of ``size``, refused when it marks nothing or everything.

    Raises:
        RetouchError: BAD_INPUT for an empty or all-white mask.
    """
    if mask.mode != "L":
        mask = mask.convert("L")
    if mask.size != tuple(size):
        mask = mask.resize(size, Image.Resampling.BILINEAR)
    # Noise in the black part is "keep": cleared once, so boxes are found by getbbox().
    mask = mask.point(lambda v: 0 if v <= KEEP_LEVEL else v)
    low, high = mask.getextrema()
    if high <= KEEP_LEVEL:
        raise _refused(name, "empty", "The mask is empty: paint the area to change first.")
    if low >= ALL_LEVEL:
        raise _refused(
            name,
            "all",
            "The mask covers the whole picture. Leave part of it unpainted, or edit "
            "without a mask.",
        )
    return mask


def mask_bbox(mask: Image.Image) -> Box | None:
    """The box of the pixels to change (above :data:`KEEP_LEVEL`), or None."""
    return mask.point(lambda v: 255 if v > KEEP_LEVEL else 0).getbbox()


def mask_coverage(mask: Image.Image) -> float:
    """The share of the picture to change, 0..1 (grey counts in part)."""
    histogram = mask.histogram()
    total = sum(histogram)
    return sum(level * count for level, count in enumerate(histogram)) / (255 * total or 1)


def grow_box(box: Box, by: int, size: tuple[int, int]) -> Box:
    """``box`` grown by ``by`` pixels each side, clamped to ``size``."""
    left, top, right, bottom = box
    width, height = size
    return max(0, left - by), max(0, top - by), min(width, right + by), min(height, bottom + by)


def feather_mask(mask: Image.Image, feather: int) -> Image.Image:
    """A soft-edged copy of ``mask``: full strength inside, fading to 0 over ``feather`` px.

    The fade lies outside the painted area (the blur's half-way line sits on the mask's edge
    and is lifted to full strength), so the painted area changes fully, and every pixel
    farther than ``feather`` from it stays exactly 0. Only the mask's box is filtered, so a
    small mask on a 24 MP picture costs milliseconds.
    """
    found = feather_region(mask, feather)
    if found is None or feather <= 0:
        return mask
    soft, area = found
    result = Image.new("L", mask.size, 0)
    result.paste(soft, area[:2])
    return result


def feather_region(mask: Image.Image, feather: int) -> tuple[Image.Image, Box] | None:
    """:func:`feather_mask` for the part that is not 0: ``(soft part, its box)``, or None
    for an empty mask. Cheaper on a big picture: nothing outside the box is made.

    The mask must be clean (0 where it keeps, as :func:`checked_mask` returns it)."""
    box = mask.getbbox()
    if box is None:
        return None
    area = grow_box(box, max(0, feather) + 2, mask.size)
    part = mask.crop(area)
    if feather <= 0:
        return part, area
    # The ramp is smooth, so it is made at a reduced size (a 24 MP region in milliseconds)
    # and enlarged; two box blurs reach `reach` reduced pixels and ramp smoothly.
    factor = max(1, feather // 6)
    reach = _reduced_reach(feather, factor)
    small = part.reduce(factor) if factor > 1 else part
    soft = small.filter(ImageFilter.BoxBlur((reach + 1) // 2))
    soft = soft.filter(ImageFilter.BoxBlur(reach // 2))
    soft = soft.point(lambda v: min(255, 2 * v))
    if factor > 1:
        # The box makes the scale exactly `factor`, also when the part is not a multiple of it.
        width, height = part.size
        box = (0, 0, width / factor, height / factor)
        soft = soft.resize(part.size, Image.Resampling.BILINEAR, box=box)
    # Keep painted grey levels: the fade may raise a pixel, never lower what was painted.
    return ImageChops.lighter(soft, part), area


def _reduced_reach(feather: int, factor: int) -> int:
    """How far (in reduced pixels) the blurs may reach so the enlarged fade stays in ``feather``.

    A painted pixel at the start of its reduced block makes the whole block non-zero, and the
    bilinear enlargement reaches another half block past the last non-zero one: 1.5 blocks
    on top of the blur, which must therefore stop at ``(feather + 1.5) / factor - 1.5``.
    Without reduction (``factor`` 1) that is ``feather`` itself.
    """
    return math.floor((feather + 1.5) / factor - 1.5)


def change_levels(image: Image.Image) -> Image.Image:
    """255 where ``image`` says change: transparent pixels if it has any (OpenAI's
    convention), else its grey levels (white = change)."""
    if image.mode in ("P", "PA"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    if image.mode in ("RGBA", "LA") or "transparency" in image.info:
        alpha = image.convert("RGBA").getchannel("A")
        if alpha.getextrema()[0] < 255:
            return alpha.point(lambda v: 255 - v)
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        image = image.convert("I").point(lambda v: v * (1 / 256))
    return image.convert("L")


def _refused(name: str, problem: str, message: str) -> RetouchError:
    return bad_input(message, f"mask: {name}", problem=f"mask_{problem}", name=name)

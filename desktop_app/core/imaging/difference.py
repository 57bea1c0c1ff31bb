"""Where did the edit change the picture? A highlighted overlay, the changed share and its box.

Qt-free on purpose: the GUI runs :func:`difference_overlay` in an executor and turns the
result into a ``QImage`` on the GUI thread. Only Pillow is used, so the function is safe to
call from any thread (Pillow releases the GIL in its C loops).

The comparison works on a reduced copy (long side at most :data:`ANALYSIS_SIZE`): a 2048 px
pair takes a fraction of a second, and an AI model's re-encoding noise averages out. Only the
final overlay is built at the result's full size.

When the edit changed the picture's shape, only what both pictures show is compared: the
original is placed in the result's frame at its own aspect (:mod:`.alignment`), never
stretched onto it, and the result's margins with no original behind them are hatched and left
out of the changed share.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from desktop_app.core.imaging.framing import Placement, find_placement

ANALYSIS_SIZE = 1024
HIGHLIGHT_RGB = (255, 0, 170)  # magenta: rare in photos, so a highlight never blends in
# Dimmed grey base: dark enough that the highlight pops, light enough to recognise the scene.
_BASE_SCALE, _BASE_OFFSET = 0.42, 38
_NEUTRAL = (128, 128, 128, 255)  # what transparent pixels are compared against
# The result's margins with no original behind them: a light hatch, nothing like a change.
_UNCOVERED_RGB, _HATCH_RGB, _HATCH_SPACING = (92, 92, 92), (150, 150, 150), 12


@dataclass(frozen=True)
class DiffResult:
    """What :func:`difference_overlay` found.

    Attributes:
        overlay: RGBA image the size of the *after* picture: the after picture greyed and
            dimmed, with changed regions painted in :data:`HIGHLIGHT_RGB`, stronger where the
            change is larger.
        changed_fraction: Share (0..1) of the compared pixels whose change exceeds the
            threshold.
        bbox: ``(left, top, right, bottom)`` of the changed pixels in after-image
            coordinates (right/bottom exclusive, as in Pillow), or None if nothing changed.
        placement: where the original lies in the after picture's frame.
        compared_box: the part of the after picture that was compared (Pillow box); the
            rest has no original behind it and is hatched in the overlay.
    """

    overlay: Image.Image
    changed_fraction: float
    bbox: tuple[int, int, int, int] | None
    placement: Placement = field(default_factory=Placement)
    compared_box: tuple[int, int, int, int] | None = None


def difference_overlay(
    before: Image.Image,
    after: Image.Image,
    *,
    threshold: int = 24,
    placement: Placement | None = None,
) -> DiffResult:
    """Compare ``before`` with ``after`` and highlight what changed.

    A model may return another resolution of the same picture, or reframe it to another
    shape; the comparison is made on what both show, each at its own aspect.

    Args:
        before: The original picture, any Pillow mode and size.
        after: The edited picture; the overlay has its size.
        threshold: Smallest per-channel change (0..255) that counts as changed. The default
            ignores JPEG and resampling noise but catches a recoloured logo.
        placement: Where the original lies in the after's frame; None finds it
            (:func:`~desktop_app.core.imaging.framing.find_placement`).

    Returns:
        The overlay, the changed share and the bounding box of the change.

    Raises:
        ValueError: If either image is empty or ``threshold`` is outside 0..255.
    """
    if not 0 <= threshold <= 255:
        raise ValueError(f"threshold must be within 0..255, got {threshold}")
    if 0 in before.size or 0 in after.size:
        raise ValueError("cannot compare an empty image")

    after = _common_mode(after)
    before = _common_mode(before)
    if placement is None:
        placement = find_placement(before, after)
    compared_box = placement.after_box(after.size)
    compared = after.crop(compared_box) if compared_box != (0, 0, *after.size) else after
    original = before.crop(placement.before_box(before.size))
    work_size = _analysis_size(compared.size)
    magnitude = _change_magnitude(original, compared, work_size)
    # A slight blur before thresholding drops isolated noise pixels (resampling edges, JPEG
    # ringing) while a real change, a few pixels wide at least, stays above the threshold.
    smoothed = magnitude.filter(ImageFilter.GaussianBlur(0.8))
    mask = smoothed.point(lambda v: 255 if v > threshold else 0)

    changed_fraction = mask.histogram()[255] / (work_size[0] * work_size[1])
    bbox = _scale_bbox(mask.getbbox(), work_size, compared.size, compared_box[:2])

    alpha = _highlight_alpha(smoothed, threshold).resize(compared.size, Image.Resampling.BILINEAR)
    full_alpha = Image.new("L", after.size, 0)
    full_alpha.paste(alpha, compared_box[:2])
    overlay = _compose(after, full_alpha)
    _hatch_outside(overlay, compared_box)
    return DiffResult(overlay, changed_fraction, bbox, placement, compared_box)


def _common_mode(image: Image.Image) -> Image.Image:
    """The image in L, LA, RGB or RGBA, converting only when needed (a 12 MP convert is slow).

    16/32-bit greys are scaled to 8 bits instead of clipped; palette and CMYK images become
    RGBA so palette transparency survives.
    """
    if image.mode in ("L", "LA", "RGB", "RGBA"):
        return image
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        return image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    return image.convert("RGBA")


def _analysis_size(size: tuple[int, int]) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, ANALYSIS_SIZE / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _flatten(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Resize and composite over neutral grey, so a change in transparency counts as change."""
    # Resize first, convert after: converting the full-size original would cost more than
    # the whole comparison. BOX averages when shrinking, which also evens out noise.
    shrinking = image.width >= size[0] and image.height >= size[1]
    resample = Image.Resampling.BOX if shrinking else Image.Resampling.BILINEAR
    resized = image.resize(size, resample).convert("RGBA")
    background = Image.new("RGBA", size, _NEUTRAL)
    return Image.alpha_composite(background, resized).convert("RGB")


def _percentiles(band: Image.Image, fractions: tuple[float, ...]) -> list[int]:
    histogram = band.histogram()
    total = sum(histogram)
    marks, seen, level = [], 0, 0
    for fraction in fractions:
        while level < 255 and seen + histogram[level] < fraction * total:
            seen += histogram[level]
            level += 1
        marks.append(level)
    return marks


def _match_tones(image: Image.Image, reference: Image.Image) -> Image.Image:
    """``image`` with each channel's median and spread matched to ``reference``.

    A global grade ("make it warmer", "beautify") changes every pixel but no content; taking
    it out first is what lets an unasked local change, a face or a logo, stand out. Quartiles
    rather than mean and deviation, so the local change itself does not skew the fit.
    """
    channels = []
    for band, ref_band in zip(image.split(), reference.split(), strict=True):
        low, mid, high = _percentiles(band, (0.25, 0.5, 0.75))
        ref_low, ref_mid, ref_high = _percentiles(ref_band, (0.25, 0.5, 0.75))
        gain = (ref_high - ref_low) / (high - low) if high - low > 2 else 1.0
        channels.append(band.point(lambda v, g=gain, m=mid, r=ref_mid: (v - m) * g + r))
    return Image.merge(image.mode, channels)


def _change_magnitude(
    before: Image.Image, after: Image.Image, size: tuple[int, int]
) -> Image.Image:
    """Greyscale image of the largest per-channel change, at ``size``."""
    reference = _flatten(before, size)
    difference = ImageChops.difference(reference, _match_tones(_flatten(after, size), reference))
    red, green, blue = difference.split()
    return ImageChops.lighter(ImageChops.lighter(red, green), blue)


def _highlight_alpha(magnitude: Image.Image, threshold: int) -> Image.Image:
    """Opacity of the highlight: graded by change, grown and feathered so small spots show."""
    # Changed pixels start at a clearly visible opacity and grow with the size of the change.
    gain = 255 / max(1, 128 - threshold)
    graded = magnitude.point(
        lambda v: 0 if v <= threshold else min(235, 120 + int((v - threshold) * gain))
    )
    # Dilate then feather: a changed eye or a logo only a few pixels wide becomes a visible
    # glow at fit-to-window zoom, where it would otherwise be a single screen pixel.
    grown = graded.filter(ImageFilter.MaxFilter(5))
    halo = grown.filter(ImageFilter.GaussianBlur(2.5)).point(lambda v: int(v * 0.75))
    return ImageChops.lighter(graded, halo)


def _compose(after: Image.Image, alpha: Image.Image) -> Image.Image:
    """The dimmed grey after image with the highlight painted in, at the after's size."""
    if alpha.size != after.size:
        alpha = alpha.resize(after.size, Image.Resampling.BILINEAR)
    grey = after.convert("L").point(lambda v: int(v * _BASE_SCALE + _BASE_OFFSET))
    base = Image.merge("RGB", (grey, grey, grey))
    colour = Image.new("RGB", after.size, HIGHLIGHT_RGB)
    painted = Image.composite(colour, base, alpha)
    if "A" in after.getbands():
        # Keep the after's transparency, except where a change should show through it.
        painted.putalpha(ImageChops.lighter(after.getchannel("A"), alpha))
    else:
        painted.putalpha(255)
    return painted


def _hatch_outside(overlay: Image.Image, box: tuple[int, int, int, int]) -> None:
    """Hatch the part of ``overlay`` outside ``box``: no original there, nothing compared."""
    width, height = overlay.size
    if box == (0, 0, width, height):
        return
    hatch = Image.new("RGBA", overlay.size, (*_UNCOVERED_RGB, 255))
    draw = ImageDraw.Draw(hatch)
    for start in range(-height, width, _HATCH_SPACING):
        draw.line((start, height, start + height, 0), fill=(*_HATCH_RGB, 255), width=2)
    outside = Image.new("L", overlay.size, 255)
    outside.paste(0, box)
    overlay.paste(hatch, (0, 0), outside)


def _scale_bbox(
    bbox: tuple[int, int, int, int] | None,
    work_size: tuple[int, int],
    size: tuple[int, int],
    offset: tuple[int, int] = (0, 0),
) -> tuple[int, int, int, int] | None:
    if bbox is None:
        return None
    sx, sy = size[0] / work_size[0], size[1] / work_size[1]
    left, top, right, bottom = bbox
    dx, dy = offset
    return (
        dx + max(0, math.floor(left * sx)),
        dy + max(0, math.floor(top * sy)),
        dx + min(size[0], math.ceil(right * sx)),
        dy + min(size[1], math.ceil(bottom * sy)),
    )

"""Paste the model's picture back into the original, only where the mask says.

1. Align the model's picture with what was sent (:mod:`desktop_app.core.imaging.alignment`).
2. Resample it straight into the original's pixel grid, only over the feathered mask's box
   (one bicubic transform: scale to source resolution, shift and crop at once).
3. Match its tones to the original in a ring just outside the painted area (per channel
   gain and offset, like a local levels adjustment), so no seam shows where it fades out.
4. Blend it through the feathered mask into the original, in place. Every pixel where the
   feathered mask is 0 is the original's, bit for bit.

Like Krita AI Diffusion, the blend happens only inside the mask grown by its feather; unlike
a plain paste, the model's picture is first put where the model actually drew it.
Synchronous (numpy and Pillow release the GIL); run it in the executor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageChops, ImageFilter

from desktop_app.core.imaging.alignment import Alignment, Frames, align
from desktop_app.core.imaging.mask import (
    KEEP_LEVEL,
    Box,
    feather_mask,
    grow_box,
    mask_coverage,
)
from desktop_app.core.imaging.original import Original
from desktop_app.core.imaging.region import RegionPlan

ANALYSIS_SIDE = 768  # alignment and tone statistics work on copies this size
_TONE_SIDE = 512
_MIN_RING_PIXELS = 64
_GAIN_LIMITS = (0.6, 1.6)


@dataclass(frozen=True)
class Composite:
    """A finished paste-back.

    Attributes:
        image: the original's pixels with the edit blended in (the same object, changed in
            place), at the original's size.
        alignment: where the model's picture was found relative to what was sent.
        mask_coverage: share of the picture the mask asked to change, 0..1.
        sent_crop: the box that was sent, None for the whole picture.
        blended_box: the box the blend touched (None: nothing could be pasted).
    """

    image: Image.Image
    alignment: Alignment
    mask_coverage: float
    sent_crop: Box | None
    blended_box: Box | None

    def to_json(self) -> dict[str, object]:
        """The CLI's ``"composite"`` object."""
        return {
            "size": list(self.image.size),
            "mask_coverage": round(self.mask_coverage, 4),
            "sent_crop": list(self.sent_crop) if self.sent_crop else None,
            "alignment": self.alignment.to_json(),
        }


def paste_back(
    original: Original,
    model: Image.Image,
    mask: Image.Image,
    feather: int,
    plan: RegionPlan,
    sent_size: tuple[int, int],
) -> Composite:
    """Blend ``model`` into ``original`` through ``mask`` (see the module docstring).

    Args:
        original: the input picture; its pixels are changed in place.
        model: the model's picture, as delivered.
        mask: ``L`` at the original's size, 255 = change.
        feather: the soft edge, in source pixels.
        plan: what was sent (:func:`desktop_app.core.imaging.region.plan_region`).
        sent_size: the size the sent box was uploaded at (after any downscale).
    """
    box = plan.sent_box
    model = model.convert("RGB")
    alignment = _align(original, model, mask, box, sent_size)
    # source pixel P -> sent p = (P - box corner)·u -> model q = a·p + b
    u = sent_size[0] / (box[2] - box[0])
    a, bx, by = Frames(sent_size, model.size).to_model(alignment.scale, alignment.dx, alignment.dy)
    step, x0, y0 = a * u, bx - a * u * box[0], by - a * u * box[1]
    soft = _limit(feather_mask(mask, feather), box, _reach(model.size, step, x0, y0))
    blended = soft.getbbox()
    coverage = mask_coverage(mask)
    if blended is None:
        return Composite(original.pixels, alignment, coverage, plan.crop, None)
    # Tones are matched over a margin around the blend, where the model should have kept
    # the picture: without it a hard-edged mask would leave no ring to compare.
    margin = max(16, round(0.08 * max(box[2] - box[0], box[3] - box[1])))
    left, top, right, bottom = toned = _intersection(
        grow_box(blended, margin, mask.size), box, _reach(model.size, step, x0, y0)
    )
    patch = model.transform(
        (right - left, bottom - top),
        Image.Transform.AFFINE,
        (step, 0.0, x0 + step * left, 0.0, step, y0 + step * top),
        Image.Resampling.BICUBIC,
    )
    patch = match_tones(patch, original.pixels.crop(toned), mask.crop(toned))
    inner = (blended[0] - left, blended[1] - top, blended[2] - left, blended[3] - top)
    patch = patch.crop(inner)
    here = original.pixels.crop(blended)
    if here.mode == "RGBA":
        patch.putalpha(here.getchannel("A"))
    original.pixels.paste(Image.composite(patch, here, soft.crop(blended)), blended[:2])
    return Composite(original.pixels, alignment, coverage, plan.crop, blended)


def match_tones(patch: Image.Image, reference: Image.Image, mask: Image.Image) -> Image.Image:
    """``patch`` with each channel's mean and spread matched to ``reference`` in a ring
    around ``mask`` (where the model should have kept the picture); unchanged without one."""
    scale = min(1.0, _TONE_SIDE / max(patch.size))
    size = (max(1, round(patch.width * scale)), max(1, round(patch.height * scale)))
    small_mask = mask.resize(size, Image.Resampling.BILINEAR)
    reach = max(2, round(min(size) * 0.08))
    grown = small_mask.filter(ImageFilter.BoxBlur(reach))
    ring = (np.asarray(grown) > 0) & (np.asarray(small_mask) <= KEEP_LEVEL)
    if ring.sum() < _MIN_RING_PIXELS:
        return patch
    ours = np.asarray(patch.convert("RGB").resize(size, Image.Resampling.BOX), np.float32)[ring]
    theirs = np.asarray(reference.convert("RGB").resize(size, Image.Resampling.BOX), np.float32)[
        ring
    ]
    table: list[int] = []
    for channel in range(3):
        spread = float(ours[:, channel].std())
        gain = float(theirs[:, channel].std()) / spread if spread > 2 else 1.0
        gain = min(_GAIN_LIMITS[1], max(_GAIN_LIMITS[0], gain))
        offset = float(theirs[:, channel].mean()) - gain * float(ours[:, channel].mean())
        table += [min(255, max(0, round(v * gain + offset))) for v in range(256)]
    return patch.convert("RGB").point(table)


def _align(
    original: Original, model: Image.Image, mask: Image.Image, box: Box, sent_size: tuple[int, int]
) -> Alignment:
    scale = min(1.0, ANALYSIS_SIDE / max(box[2] - box[0], box[3] - box[1]))
    size = (max(8, round((box[2] - box[0]) * scale)), max(8, round((box[3] - box[1]) * scale)))
    sent = original.pixels.crop(box).resize(size, Image.Resampling.BOX, reducing_gap=2)
    changed = mask.crop(box).resize(size, Image.Resampling.BILINEAR)
    return align(sent, model, sent_size, changed)


def _reach(
    model_size: tuple[int, int], step: float, x0: float, y0: float
) -> tuple[int, int, int, int]:
    """The source box the model's picture covers (a pixel short of each edge: resampling
    there would mix in the fill colour)."""
    left = math.ceil((1 - x0) / step)
    top = math.ceil((1 - y0) / step)
    right = math.floor((model_size[0] - 1 - x0) / step)
    bottom = math.floor((model_size[1] - 1 - y0) / step)
    return left, top, right, bottom


def _intersection(*boxes: Box) -> Box:
    left, top = max(b[0] for b in boxes), max(b[1] for b in boxes)
    return left, top, max(left, min(b[2] for b in boxes)), max(top, min(b[3] for b in boxes))


def _limit(soft: Image.Image, *boxes: Box) -> Image.Image:
    """``soft`` with everything outside every one of ``boxes`` set to 0."""
    left, top, right, bottom = _intersection((0, 0, *soft.size), *boxes)
    if right <= left or bottom <= top:
        return Image.new("L", soft.size, 0)
    if (left, top, right, bottom) == (0, 0, *soft.size):
        return soft
    keep = Image.new("L", soft.size, 0)
    keep.paste(255, (left, top, right, bottom))
    return ImageChops.multiply(soft, keep)

"""Paste the model's picture back into the original, only where the mask says.

1. Align the model's picture with what was sent (:mod:`desktop_app.core.imaging.alignment`).
2. Resample it straight into the original's pixel grid, only over the feathered mask's box
   (one bicubic transform: scale to source resolution, shift and crop at once).
3. Match its tones to the original in a ring just outside the painted area (per channel
   gain and offset, like a local levels adjustment, fitted on the small analysis copies),
   so no seam shows where it fades out.
4. Blend it through the feathered mask into the original, in place. Every pixel where the
   feathered mask is 0 is the original's, bit for bit.

Like Krita AI Diffusion, the blend happens only inside the mask grown by its feather; unlike
a plain paste, the model's picture is first put where the model actually drew it.
Synchronous (Pillow releases the GIL); run it in the executor.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter, ImageStat

from desktop_app.core.imaging.alignment import Alignment, Frames, align
from desktop_app.core.imaging.mask import (
    KEEP_LEVEL,
    Box,
    feather_region,
    mask_coverage,
)
from desktop_app.core.imaging.original import Original
from desktop_app.core.imaging.region import RegionPlan

ANALYSIS_SIDE = 512  # alignment and tone statistics work on copies this size
_MIN_RING_PIXELS = 64
_GAIN_LIMITS = (0.6, 1.6)
# Lookup tables turning an ``L`` picture into a 0/255 selection.
_ANY = [0] + [255] * 255
_KEPT = [255 if level <= KEEP_LEVEL else 0 for level in range(256)]


@dataclass(frozen=True)
class Composite:
    """A finished paste-back.

    Attributes:
        image: the original's pixels with the edit blended in (the same object, changed in
            place), at the original's size; None once :meth:`detached` (a 24 MP picture is
            72 MB: results that live on keep only the report).
        size: the composite's ``(width, height)``.
        alignment: where the model's picture was found relative to what was sent.
        mask_coverage: share of the picture the mask asked to change, 0..1.
        sent_crop: the box that was sent, None for the whole picture.
        blended_box: the box the blend touched (None: nothing could be pasted).
    """

    image: Image.Image | None
    size: tuple[int, int]
    alignment: Alignment
    mask_coverage: float
    sent_crop: Box | None
    blended_box: Box | None

    def detached(self) -> Composite:
        """The report without the picture."""
        return dataclasses.replace(self, image=None)

    def to_json(self) -> dict[str, object]:
        """The CLI's ``"composite"`` object."""
        return {
            "size": list(self.size),
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
    sent, changed = _analysis_copies(original, mask, box)
    alignment = align(sent, model, sent_size, changed)
    frames = Frames(sent_size, model.size)
    # source pixel P -> sent p = (P - box corner)·u -> model q = a·p + b
    u = sent_size[0] / (box[2] - box[0])
    a, bx, by = frames.to_model(alignment.scale, alignment.dx, alignment.dy)
    step, x0, y0 = a * u, bx - a * u * box[0], by - a * u * box[1]
    coverage = mask_coverage(mask)
    soft = _soft_within(mask, feather, _intersection(box, _reach(model.size, step, x0, y0)))
    if soft is None:
        return Composite(original.pixels, original.size, alignment, coverage, plan.crop, None)
    soft_part, blended = soft
    left, top, right, bottom = blended
    # An axis-aligned scale and shift: a box resize (separable, several times faster than
    # an affine transform) samples exactly where the transform would.
    patch = model.resize(
        (right - left, bottom - top),
        Image.Resampling.BICUBIC,
        box=(x0 + step * left, y0 + step * top, x0 + step * right, y0 + step * bottom),
    )
    table = tone_table(model, frames, alignment, sent, changed)
    if table is not None:
        patch = patch.point(table)
    if original.pixels.mode == "RGBA":
        patch.putalpha(original.pixels.crop(blended).getchannel("A"))
    # Pasting through the mask blends in place; where the mask is 0 nothing is written.
    original.pixels.paste(patch, blended[:2], soft_part)
    return Composite(original.pixels, original.size, alignment, coverage, plan.crop, blended)


def tone_table(
    model: Image.Image,
    frames: Frames,
    alignment: Alignment,
    sent: Image.Image,
    changed: Image.Image,
) -> list[int] | None:
    """A per-channel levels table (for ``Image.point``) taking the model's colours to the
    original's, fitted in a ring just outside the mask where the model should have kept the
    picture; None when there is no such ring (a mask reaching every edge).

    Args:
        model: the model's picture.
        frames, alignment: where it sits on the picture sent.
        sent, changed: the picture sent and the mask over it, at one small analysis size.
    """
    k = sent.width / frames.sent[0]  # analysis pixels per sent pixel
    a, bx, by = frames.to_model(alignment.scale, alignment.dx, alignment.dy)
    data = (a / k, 0.0, bx, 0.0, a / k, by)
    aligned = model.transform(sent.size, Image.Transform.AFFINE, data, Image.Resampling.BILINEAR)
    covered = Image.new("L", model.size, 255).transform(
        sent.size, Image.Transform.AFFINE, data, Image.Resampling.NEAREST, fillcolor=0
    )
    width = max(2, round(min(sent.size) * 0.06))
    grown = changed.filter(ImageFilter.BoxBlur(width)).point(_ANY)
    ring = ImageChops.darker(grown, changed.point(_KEPT))
    ring = ImageChops.darker(ring, covered.filter(ImageFilter.MinFilter(3)).point(_ANY))
    if ring.histogram()[255] < _MIN_RING_PIXELS:
        return None
    ours = ImageStat.Stat(aligned, ring)
    theirs = ImageStat.Stat(sent.convert("RGB"), ring)
    table: list[int] = []
    for channel in range(3):
        spread = ours.stddev[channel]
        gain = theirs.stddev[channel] / spread if spread > 2 else 1.0
        gain = min(_GAIN_LIMITS[1], max(_GAIN_LIMITS[0], gain))
        offset = theirs.mean[channel] - gain * ours.mean[channel]
        table += [min(255, max(0, round(v * gain + offset))) for v in range(256)]
    return table


def _analysis_copies(
    original: Original, mask: Image.Image, box: Box
) -> tuple[Image.Image, Image.Image]:
    """The sent box of the original and of the mask, at most :data:`ANALYSIS_SIDE` px."""
    scale = min(1.0, ANALYSIS_SIDE / max(box[2] - box[0], box[3] - box[1]))
    size = (max(8, round((box[2] - box[0]) * scale)), max(8, round((box[3] - box[1]) * scale)))
    sent = original.pixels.resize(size, Image.Resampling.BOX, box=box, reducing_gap=2)
    changed = mask.resize(size, Image.Resampling.BILINEAR, box=box, reducing_gap=2)
    return sent.convert("RGB"), changed


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


def _soft_within(mask: Image.Image, feather: int, usable: Box) -> tuple[Image.Image, Box] | None:
    """The feathered mask's non-zero part inside ``usable``: ``(part, its box)`` or None."""
    found = feather_region(mask, feather)
    if found is None:
        return None
    soft, area = found
    inside = _intersection(area, usable)
    if inside[2] <= inside[0] or inside[3] <= inside[1]:
        return None
    part = soft.crop(tuple(v - area[i % 2] for i, v in enumerate(inside)))
    found_box = part.getbbox()
    if found_box is None:
        return None
    blended = (
        inside[0] + found_box[0],
        inside[1] + found_box[1],
        inside[0] + found_box[2],
        inside[1] + found_box[3],
    )
    return part.crop(found_box), blended

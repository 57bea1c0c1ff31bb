"""Where the model put the picture it was sent: scale and shift, found by phase correlation.

Image models redraw the whole picture: the answer may be a little larger or smaller than
what was sent, shifted by a few percent, and reframed to another ratio. Pasting it back
without finding out lands the edit beside the painted area (the complaint users of other
mask tools make). Here the answer is compared with what was sent on small grey copies:

1. *Nominal* geometry: the answer covers the sent frame the way a faithful model answer
   would (scaled to cover, centred), which already explains a reframed other-ratio answer.
2. For each candidate scale around that (coarse, on a 256 px copy), the answer is resampled
   into the sent frame and phase-correlated with it; phase correlation's peak ignores
   translation and colour grading, and is highest at the right scale.
3. Around the best scale, the same on a finer copy (512 px), with the peak's sub-pixel
   position: that is the shift.
4. Confidence: the normalised correlation of fine detail (high-passed) between the aligned
   answer and what was sent, outside the painted area. A model that kept the picture scores
   0.5 to 0.95; an unrelated picture scores near 0.

Geometry (all in pixels of the picture *sent*, ``c`` the frame centres): the content at
sent point ``p`` is found in the model's picture at ``q = c_m + g·(scale·(p − c_s) + d)``
with ``g = max(W_m / W_s, H_m / H_s)``; a faithful answer has ``scale = 1``, ``d = 0``.
Pure numpy and Pillow; synchronous, run it in the executor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

COARSE_SIDE = 256
FINE_SIDE = 512
LOW_CONFIDENCE = 0.35
_COARSE_STEP = 1.015  # ratio between neighbouring candidate scales
_FINE_STEP = 1.004
_MAX_ZOOM = 1.15  # the model's picture may be this much larger than nominal


@dataclass(frozen=True)
class Alignment:
    """How the model's picture sits on the sent one (see the module docstring).

    Attributes:
        scale: the content's size relative to a faithful answer (1.0: same size).
        dx, dy: the content's shift in pixels of the sent picture.
        confidence: 0..1; below :data:`LOW_CONFIDENCE` the paste-back may be misplaced.
    """

    scale: float
    dx: float
    dy: float
    confidence: float

    @property
    def trusted(self) -> bool:
        return self.confidence >= LOW_CONFIDENCE

    def to_json(self) -> dict[str, float]:
        return {
            "scale": round(self.scale, 4),
            "dx": round(self.dx, 2),
            "dy": round(self.dy, 2),
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True)
class Frames:
    """The sizes that fix the nominal geometry: the sent picture's and the model's."""

    sent: tuple[int, int]
    model: tuple[int, int]

    @property
    def cover(self) -> float:
        """``g``: the factor from sent pixels to model pixels of a faithful answer."""
        return max(self.model[0] / self.sent[0], self.model[1] / self.sent[1])

    @property
    def contain(self) -> float:
        return min(self.model[0] / self.sent[0], self.model[1] / self.sent[1])

    def to_model(self, scale: float, dx: float, dy: float) -> tuple[float, float, float]:
        """``(a, bx, by)`` with ``q = a·p + b`` mapping sent points into the model's picture."""
        g = self.cover
        a = g * scale
        bx = self.model[0] / 2 + g * (dx - scale * self.sent[0] / 2)
        by = self.model[1] / 2 + g * (dy - scale * self.sent[1] / 2)
        return a, bx, by


def align(
    sent: Image.Image, model: Image.Image, sent_size: tuple[int, int], changed: Image.Image | None
) -> Alignment:
    """Find the model's scale and shift relative to the sent picture.

    Args:
        sent: the picture sent, at any resolution (only its content counts).
        model: the model's picture.
        sent_size: the size the picture was sent at: the unit of ``dx`` and ``dy``.
        changed: an ``L`` image over ``sent`` (any size): where the edit was asked for;
            weighed down in the search and left out of the confidence. None: nowhere.
    """
    frames = Frames(tuple(sent_size), model.size)  # type: ignore[arg-type]
    low = max(0.7, 0.93 * frames.contain / frames.cover)
    coarse = _Level(sent, model, changed, frames, COARSE_SIDE)
    candidates = _geometric(low, _MAX_ZOOM, _COARSE_STEP)
    best = max(candidates, key=lambda s: coarse.peak(s)[0])
    fine = _Level(sent, model, changed, frames, FINE_SIDE)
    around = _geometric(best / _COARSE_STEP, best * _COARSE_STEP, _FINE_STEP)
    heights = [fine.peak(s)[0] for s in around]
    index = int(np.argmax(heights))
    scale = around[index]
    if 0 < index < len(around) - 1:
        offset = _parabola(heights[index - 1], heights[index], heights[index + 1])
        scale *= _FINE_STEP**offset
    _, (tx, ty) = fine.peak(scale)
    # The resampled answer is what was sent moved by t (work pixels) = k·d/scale.
    dx, dy = float(tx * scale / fine.k), float(ty * scale / fine.k)
    confidence = fine.agreement(scale, dx, dy)
    return Alignment(float(scale), dx, dy, confidence)


class _Level:
    """The sent picture and the model's at one working size, ready to compare."""

    def __init__(
        self,
        sent: Image.Image,
        model: Image.Image,
        changed: Image.Image | None,
        frames: Frames,
        side: int,
    ) -> None:
        self.frames = frames
        width, height = frames.sent
        self.k = min(1.0, side / max(width, height))  # work pixels per sent pixel
        self.size = (max(8, round(width * self.k)), max(8, round(height * self.k)))
        self.reference = _grey(sent, self.size)
        # The model's picture, shrunk once to about the working scale (no aliasing later).
        self.z = min(1.0, self.k / frames.cover)
        model_size = (max(8, round(model.width * self.z)), max(8, round(model.height * self.z)))
        self.model = model.convert("L").resize(model_size, Image.Resampling.BOX, reducing_gap=2)
        self.model_mean = float(np.asarray(self.model, dtype=np.float32).mean())
        weight = np.outer(np.hanning(self.size[1]), np.hanning(self.size[0])).astype(np.float32)
        self.keep = np.ones_like(weight)
        if changed is not None:
            changed_work = np.asarray(
                changed.convert("L").resize(self.size, Image.Resampling.BILINEAR), np.float32
            )
            self.keep = (changed_work < 8).astype(np.float32)
            weight *= 1.0 - 0.9 * changed_work / 255.0
        self.weight = weight
        self.spectrum = np.fft.rfft2(_normalised(self.reference) * weight)

    def warp(self, scale: float, dx: float = 0.0, dy: float = 0.0) -> np.ndarray:
        """The model's picture resampled into the working frame."""
        warped = self.model.transform(
            self.size,
            Image.Transform.AFFINE,
            self._affine(scale, dx, dy),
            Image.Resampling.BILINEAR,
            fillcolor=round(self.model_mean),
        )
        return np.asarray(warped, np.float32)

    def reach(self, scale: float, dx: float, dy: float) -> np.ndarray:
        """Where in the working frame the model's picture has pixels (bool)."""
        covered = Image.new("L", self.model.size, 255).transform(
            self.size,
            Image.Transform.AFFINE,
            self._affine(scale, dx, dy),
            Image.Resampling.NEAREST,
            fillcolor=0,
        )
        return np.asarray(covered.filter(ImageFilter.MinFilter(5))) > 0

    def _affine(self, scale: float, dx: float, dy: float) -> tuple[float, ...]:
        a, bx, by = self.frames.to_model(scale, dx, dy)
        # work pixel r -> sent p = r / k -> model q = a·p + b -> shrunk model z·q
        step = a * self.z / self.k
        return (step, 0.0, bx * self.z, 0.0, step, by * self.z)

    def peak(self, scale: float) -> tuple[float, tuple[float, float]]:
        """Phase correlation at ``scale``: peak height and the shift (work pixels)."""
        warped = self.warp(scale)
        product = self.spectrum.conj() * np.fft.rfft2(_normalised(warped) * self.weight)
        product /= np.abs(product) + 1e-6
        surface = np.fft.irfft2(product, s=warped.shape)
        row, col = np.unravel_index(int(np.argmax(surface)), surface.shape)
        height = float(surface[row, col])
        rows, cols = surface.shape
        sub_y = _parabola(surface[(row - 1) % rows, col], height, surface[(row + 1) % rows, col])
        sub_x = _parabola(surface[row, (col - 1) % cols], height, surface[row, (col + 1) % cols])
        ty = (row + rows // 2) % rows - rows // 2 + sub_y
        tx = (col + cols // 2) % cols - cols // 2 + sub_x
        return height, (tx, ty)

    def agreement(self, scale: float, dx: float, dy: float) -> float:
        """Correlation of fine detail between the aligned answer and the reference, 0..1."""
        warped = self.warp(scale, dx, dy)
        inside = self.reach(scale, dx, dy) & (self.keep > 0)
        if inside.sum() < 64:
            return 0.0
        first = _detail(self.reference)[inside]
        second = _detail(Image.fromarray(warped.clip(0, 255).astype(np.uint8)))[inside]
        first -= first.mean()
        second -= second.mean()
        denominator = math.sqrt(float((first * first).sum()) * float((second * second).sum()))
        if denominator <= 1e-6:
            return 0.0
        return max(0.0, min(1.0, float((first * second).sum()) / denominator))


def _grey(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    return image.convert("L").resize(size, Image.Resampling.BOX, reducing_gap=2)


def _normalised(pixels: Image.Image | np.ndarray) -> np.ndarray:
    values = np.asarray(pixels, np.float32)
    return (values - values.mean()) / (values.std() + 1e-3)


def _detail(image: Image.Image) -> np.ndarray:
    """High-pass: what is left after a blur. Misplaced by a pixel, it no longer matches."""
    blurred = np.asarray(image.filter(ImageFilter.GaussianBlur(2)), np.float32)
    return np.asarray(image, np.float32) - blurred


def _geometric(low: float, high: float, step: float) -> list[float]:
    count = max(1, math.ceil(math.log(high / low) / math.log(step)))
    return [low * step**i for i in range(count + 1)]


def _parabola(left: float, middle: float, right: float) -> float:
    """The sub-step offset (-0.5..0.5) of a peak through three neighbouring samples."""
    curvature = left - 2 * middle + right
    if curvature >= 0:
        return 0.0
    return max(-0.5, min(0.5, 0.5 * (left - right) / curvature))

"""Where the model put the picture it was sent: scale and shift, found by a coarse-to-fine search.

Image models redraw the whole picture: the answer may be a little larger or smaller than
what was sent, shifted by a few percent, and reframed to another ratio. Pasting it back
without finding out lands the edit beside the painted area (the complaint users of other
mask tools make). Here the answer is compared with what was sent on small grey copies,
each brought to the same mean and contrast (so the model's own colour grade does not count):

1. *Nominal* geometry: the answer covers the sent frame the way a faithful model answer
   would (scaled to cover, centred), which already explains a reframed other-ratio answer.
2. Coarse (a copy about 64 px wide): every candidate scale around that, and for each every
   whole-pixel shift of a few percent; the one whose resampled answer differs least (root
   mean square, outside the painted area) from what was sent wins. Exhaustive, so a
   repeated texture elsewhere cannot trap it.
3. Finer copies (twice and four times, up to 512 px): around the best, one parameter at a
   time, three samples and the parabola through them, with steps halving: sub-pixel shift
   and a scale to a fraction of a percent.
4. Confidence: the normalised correlation of fine detail (high-passed) between the aligned
   answer and what was sent, outside the painted area. A model that kept the picture scores
   0.5 to 0.95; an unrelated picture scores near 0.

Geometry (all in pixels of the picture *sent*, ``c`` the frame centres): the content at
sent point ``p`` is found in the model's picture at ``q = c_m + g·(scale·(p − c_s) + d)``
with ``g = max(W_m / W_s, H_m / H_s)``; a faithful answer has ``scale = 1``, ``d = 0``.
Pillow only (an array library would not fit the frozen bundle); synchronous, run it in the
executor.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter, ImageStat

COARSE_SIDE = 64
FINE_SIDE = 512
LOW_CONFIDENCE = 0.35
_COARSE_STEP = 1.02  # ratio between neighbouring candidate scales
_MAX_ZOOM = 1.15  # the model's picture may be this much larger than nominal
_MAX_SHIFT = 0.06  # the shift searched, as a share of the longer side
_CONTRAST = 40.0  # the grey copies' standard deviation
_REFINE_ROUNDS = 3  # per finer level
_SQUARES = [level * level for level in range(256)]


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
            left out of the search and of the confidence. None: nowhere.
    """
    frames = Frames(tuple(sent_size), model.size)  # type: ignore[arg-type]
    low = max(0.7, 0.93 * frames.contain / frames.cover)
    model_grey = _normalised(model.convert("L"))
    coarse = _Level(sent, model_grey, changed, frames, COARSE_SIDE)
    scale, dx, dy = coarse.search(_geometric(low, _MAX_ZOOM, _COARSE_STEP))
    scale_step = (_COARSE_STEP - 1) / 2
    side = COARSE_SIDE
    while True:  # at least once: the coarse search only knows whole pixels
        side = min(2 * side, FINE_SIDE)
        level = _Level(sent, model_grey, changed, frames, side)
        scale, dx, dy = level.refine(scale, dx, dy, scale_step)
        scale_step /= 2
        if side >= FINE_SIDE or level.k >= 1.0:
            break
    return Alignment(float(scale), dx, dy, level.agreement(scale, dx, dy))


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
        self.reference = _normalised(_grey(sent, self.size))
        # The model's picture, shrunk once to about the working scale (no aliasing later).
        z = min(1.0, self.k / frames.cover)
        model_size = (max(8, round(model.width * z)), max(8, round(model.height * z)))
        self.model = model.resize(model_size, Image.Resampling.BOX, reducing_gap=2)
        # Rounded sizes: each axis has its own factor (a shared one misplaces by a fraction).
        self.kx, self.ky = self.size[0] / width, self.size[1] / height
        self.zx, self.zy = model_size[0] / model.width, model_size[1] / model.height
        self.keep = Image.new("L", self.size, 255)
        if changed is not None:
            kept = (
                changed.convert("L")
                .resize(self.size, Image.Resampling.BILINEAR)
                .point([255] * 8 + [0] * 248)
            )
            if kept.histogram()[255] >= 64:
                self.keep = kept

    def warp(
        self, scale: float, dx: float, dy: float, margin: int = 0
    ) -> tuple[Image.Image, Image.Image]:
        """The model's picture resampled into the working frame (grown by ``margin`` on
        every side), and where it has pixels there (0/255)."""
        a, bx, by = self.frames.to_model(scale, dx, dy)
        # work pixel r -> sent p = r / k -> model q = a·p + b -> shrunk model z·q
        step_x, step_y = a * self.zx / self.kx, a * self.zy / self.ky
        x0 = (bx - a * margin / self.kx) * self.zx
        y0 = (by - a * margin / self.ky) * self.zy
        size = (self.size[0] + 2 * margin, self.size[1] + 2 * margin)
        # Work pixel r shows shrunk-model point step·(r + ½) + x0; only those a pixel and a
        # half inside its edges count (sampling there would mix in what is outside).
        width, height = self.model.size
        left = max(0, math.ceil((1.5 - x0) / step_x))
        top = max(0, math.ceil((1.5 - y0) / step_y))
        right = min(size[0], math.floor((width - 1.5 - x0) / step_x))
        bottom = min(size[1], math.floor((height - 1.5 - y0) / step_y))
        warped = Image.new("L", size, 128)
        reach = Image.new("L", size, 0)
        if right > left and bottom > top:
            # An axis-aligned scale and shift: a box resize samples where an affine
            # transform would, several times faster.
            source = (x0 + step_x * left, y0 + step_y * top)
            source += (x0 + step_x * right, y0 + step_y * bottom)
            inside = (right - left, bottom - top)
            resampled = self.model.resize(inside, Image.Resampling.BILINEAR, box=source)
            warped.paste(resampled, (left, top))
            reach.paste(255, (left, top, right, bottom))
        return warped, reach

    def cost(self, grey: Image.Image, reach: Image.Image) -> float:
        """Root mean square difference from the reference where both count (inf: nowhere)."""
        where = ImageChops.darker(reach, self.keep)
        counts = ImageChops.difference(grey, self.reference).histogram(where)
        total = sum(counts)
        if total < 64:
            return math.inf
        return math.sqrt(sum(map(operator.mul, counts, _SQUARES)) / total)

    def cost_at(self, scale: float, dx: float, dy: float) -> float:
        return self.cost(*self.warp(scale, dx, dy))

    def search(self, scales: list[float]) -> tuple[float, float, float]:
        """Every scale, every whole work pixel of shift: the least different."""
        margin = max(1, math.ceil(_MAX_SHIFT * max(self.size)))
        width, height = self.size
        best = (math.inf, 1.0, 0.0, 0.0)
        for scale in scales:
            grey, reach = self.warp(scale, 0.0, 0.0, margin)
            for oy in range(-margin, margin + 1):
                for ox in range(-margin, margin + 1):
                    box = (margin + ox, margin + oy, margin + ox + width, margin + oy + height)
                    value = self.cost(grey.crop(box), reach.crop(box))
                    if value < best[0]:
                        best = (value, scale, ox, oy)
        _, scale, ox, oy = best
        # Cropping at o shows the content at p + o/k: the shift d = scale·o/k.
        return scale, scale * ox / self.kx, scale * oy / self.ky

    def refine(
        self, scale: float, dx: float, dy: float, scale_step: float
    ) -> tuple[float, float, float]:
        """Around an estimate: one parameter at a time, through three samples; the steps
        (``scale_step`` a share of the scale, a work pixel of shift) halve every round."""
        shift_step = 1.0 / self.k  # one work pixel, in sent pixels
        centre = self.cost_at(scale, dx, dy)
        for _ in range(_REFINE_ROUNDS):
            for axis in range(3):
                params = [scale, dx, dy]
                step = scale * scale_step if axis == 0 else shift_step
                samples = []
                for sign in (-1, 1):
                    moved = list(params)
                    moved[axis] += sign * step
                    samples.append(self.cost_at(*moved))
                left, right = samples
                if min(left, right) < centre:  # downhill: go there
                    params[axis] += step if right < left else -step
                    centre = min(left, right)
                else:
                    params[axis] += step * _vertex(left, centre, right)
                    centre = self.cost_at(*params)
                scale, dx, dy = params
            scale_step /= 2
            shift_step /= 2
        return scale, dx, dy

    def agreement(self, scale: float, dx: float, dy: float) -> float:
        """Correlation of fine detail between the aligned answer and the reference, 0..1."""
        grey, reach = self.warp(scale, dx, dy)
        where = ImageChops.darker(reach, self.keep)
        if where.histogram()[255] < 64:
            return 0.0
        first, second = _detail(self.reference), _detail(grey)
        # corr = (var a + var b − var(a − b)) / (2·sqrt(var a · var b)), all over ``where``.
        apart = ImageChops.subtract(first, second, scale=2.0, offset=128)
        var_first = ImageStat.Stat(first, where).var[0]
        var_second = ImageStat.Stat(second, where).var[0]
        var_apart = 4.0 * ImageStat.Stat(apart, where).var[0]
        denominator = 2.0 * math.sqrt(var_first * var_second)
        if denominator <= 1e-6:
            return 0.0
        return max(0.0, min(1.0, (var_first + var_second - var_apart) / denominator))


def _grey(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    return image.convert("L").resize(size, Image.Resampling.BOX, reducing_gap=2)


def _normalised(grey: Image.Image) -> Image.Image:
    """``grey`` brought to mean 128 and a fixed contrast: a colour grade no longer counts."""
    stat = ImageStat.Stat(grey)
    mean, spread = stat.mean[0], max(1.0, stat.stddev[0])
    gain = _CONTRAST / spread
    return grey.point([min(255, max(0, round(128 + (v - mean) * gain))) for v in range(256)])


def _detail(image: Image.Image) -> Image.Image:
    """High-pass around 128: what is left after a blur. Misplaced by a pixel, it no longer
    matches."""
    return ImageChops.subtract(image, image.filter(ImageFilter.GaussianBlur(2)), offset=128)


def _geometric(low: float, high: float, step: float) -> list[float]:
    count = max(1, math.ceil(math.log(high / low) / math.log(step)))
    return [low * step**i for i in range(count + 1)]


def _vertex(left: float, middle: float, right: float) -> float:
    """The sub-step offset (-0.5..0.5) of a minimum through three neighbouring samples."""
    curvature = left - 2 * middle + right
    if curvature <= 0 or not math.isfinite(curvature):
        return 0.0
    return max(-0.5, min(0.5, 0.5 * (left - right) / curvature))

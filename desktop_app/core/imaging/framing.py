"""Where the original lies in the result's frame when the edit changed the picture's shape.

A model asked for 1:1 of a 3:2 photo reframes it: it crops the sides (the result covers part
of the original) or extends the picture (the original sits inside a wider canvas). Stretching
one picture onto the other would turn a circle into an ellipse and mark every pixel as changed,
so the comparison instead places the original, at its own aspect, where the result shows it:
:func:`implied_placement` from the two sizes alone, :func:`find_placement` by also looking at
the pixels. Qt-free; :func:`find_placement` is meant for an executor. Pillow is imported by
the functions that look at pixels, so the split view can place a picture without loading it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from PIL import Image

PlacementKind = Literal["same", "crop", "pad"]
_SAME_ASPECT = 0.01  # relative aspect difference below which the pictures have one shape
_PROBE_SIZE = 96  # long side of the copies the candidates are scored on
_OFFSETS = 9  # positions tried along the axis the reframing moved


@dataclass(frozen=True)
class Placement:
    """The original's rectangle in the result's frame, in fractions of the result's size.

    ``(0, 0, 1, 1)`` is the whole result. A crop reaches outside it (the result shows part of
    the original); a pad lies inside it (the result's margins have no original behind them).

    Attributes:
        left: x of the original's left edge, as a fraction of the result's width.
        top: y of its top edge, as a fraction of the result's height.
        width: the original's width over the result's width.
        height: the original's height over the result's height.
        kind: "same" (one shape), "crop" or "pad".
    """

    left: float = 0.0
    top: float = 0.0
    width: float = 1.0
    height: float = 1.0
    kind: PlacementKind = "same"

    def overlap(self) -> tuple[float, float, float, float]:
        """The part of the result with the original behind it: (left, top, right, bottom)."""
        return (
            max(self.left, 0.0),
            max(self.top, 0.0),
            min(self.left + self.width, 1.0),
            min(self.top + self.height, 1.0),
        )

    def after_box(self, size: tuple[int, int]) -> tuple[int, int, int, int]:
        """:meth:`overlap` in the pixels of a result of ``size`` (Pillow box)."""
        left, top, right, bottom = self.overlap()
        return _box(left * size[0], top * size[1], right * size[0], bottom * size[1], size)

    def before_box(self, size: tuple[int, int]) -> tuple[int, int, int, int]:
        """:meth:`overlap` in the pixels of an original of ``size`` (Pillow box)."""
        left, top, right, bottom = self.overlap()
        width, height = size
        return _box(
            (left - self.left) / self.width * width,
            (top - self.top) / self.height * height,
            (right - self.left) / self.width * width,
            (bottom - self.top) / self.height * height,
            size,
        )

    def covers_all(self) -> bool:
        """Whether every part of the result has the original behind it."""
        return self.overlap() == (0.0, 0.0, 1.0, 1.0)


def implied_placement(
    before_size: tuple[int, int], after_size: tuple[int, int], kind: PlacementKind = "crop"
) -> Placement:
    """The placement a centred reframing implies: "crop" covers the result, "pad" fits in it."""
    return _centred(_aspect(before_size), _aspect(after_size), kind)


def find_placement(before: Image.Image, after: Image.Image) -> Placement:
    """The placement under which ``after`` matches ``before`` best, found from the pixels.

    Tries the centred and off-centre crops and pads the two shapes allow, scoring each on
    small greyscale copies of the part both pictures show; a real edit changes a part of the
    picture, the wrong placement changes all of it.
    """
    before_aspect, after_aspect = _aspect(before.size), _aspect(after.size)
    if _same_shape(before_aspect, after_aspect):
        return Placement()
    before_probe, after_probe = _probe(before), _probe(after)
    candidates = [
        _shifted(_centred(before_aspect, after_aspect, kind), step)
        for kind in ("crop", "pad")
        for step in range(_OFFSETS)
    ]
    return min(candidates, key=lambda placement: _mismatch(placement, before_probe, after_probe))


def _aspect(size: tuple[int, int]) -> float:
    width, height = size
    if width <= 0 or height <= 0:
        raise ValueError(f"cannot place an empty picture ({width} × {height})")
    return width / height


def _same_shape(before_aspect: float, after_aspect: float) -> bool:
    return abs(before_aspect / after_aspect - 1) <= _SAME_ASPECT


def _centred(before_aspect: float, after_aspect: float, kind: PlacementKind) -> Placement:
    if _same_shape(before_aspect, after_aspect):
        return Placement()
    # Relative to the result's frame: the original's width over its height, in frame units.
    relative = before_aspect / after_aspect
    # A crop matches the frame on the original's short side, a pad on its long side.
    fills_height = (relative > 1) == (kind == "crop")
    width, height = (relative, 1.0) if fills_height else (1.0, 1 / relative)
    return Placement((1 - width) / 2, (1 - height) / 2, width, height, kind)


def _shifted(centred: Placement, step: int) -> Placement:
    """``centred`` moved along the axis where it and the frame differ, step 0.._OFFSETS-1."""
    fraction = step / (_OFFSETS - 1)
    left, top = centred.left, centred.top
    if centred.width != 1.0:
        left = (1 - centred.width) * fraction
    if centred.height != 1.0:
        top = (1 - centred.height) * fraction
    return Placement(left, top, centred.width, centred.height, centred.kind)


def _probe(image: Image.Image) -> Image.Image:
    from PIL import Image

    scale = _PROBE_SIZE / max(image.size)
    size = (max(8, round(image.width * scale)), max(8, round(image.height * scale)))
    return image.convert("L").resize(size, Image.Resampling.BOX)


def _mismatch(placement: Placement, before: Image.Image, after: Image.Image) -> float:
    from PIL import Image, ImageChops, ImageStat

    after_part = after.crop(placement.after_box(after.size))
    before_part = before.crop(placement.before_box(before.size)).resize(
        after_part.size, Image.Resampling.BILINEAR
    )
    difference = ImageChops.difference(_normalised(before_part), _normalised(after_part))
    # Less overlap is not a better match: a sliver of sky matches anything.
    left, top, right, bottom = placement.overlap()
    return ImageStat.Stat(difference).mean[0] / max((right - left) * (bottom - top), 0.05)


def _normalised(image: Image.Image) -> Image.Image:
    """``image`` stretched to its full tonal range, so a global grade does not count."""
    low, high = image.getextrema()
    if high - low < 8:
        return image
    return image.point(lambda v: (v - low) * 255 // (high - low))


def _box(
    left: float, top: float, right: float, bottom: float, size: tuple[int, int]
) -> tuple[int, int, int, int]:
    width, height = size
    box_left = min(max(round(left), 0), width - 1)
    box_top = min(max(round(top), 0), height - 1)
    return (
        box_left,
        box_top,
        max(min(round(right), width), box_left + 1),
        max(min(round(bottom), height), box_top + 1),
    )

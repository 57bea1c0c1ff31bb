"""Exact output sizes: ``--size WxH|1K|2K|4K|auto`` and the sizes each model family accepts.

Three rules are known (a profile may pin one; by default the model's name decides):

- ``fixed`` (``gpt-image-1``, ``gpt-image-1.5``, ``gpt-image-1-mini``): 1024x1024, 1536x1024,
  1024x1536 or auto.
- ``flexible`` (``gpt-image-2``): both sides multiples of 16, long side at most 3840, long to
  short at most 3:1, 655,360 to 8,294,400 pixels.
- ``any`` (every other model): what was asked is sent as is.

A size a model cannot do is rounded to the nearest it can and the change is said before the
request leaves; text that is not a size is refused as ``bad_input``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from desktop_app.core.errors import bad_input
from desktop_app.core.ratios import AUTO, parse_ratio

FIXED_SIZES: tuple[tuple[int, int], ...] = ((1024, 1024), (1536, 1024), (1024, 1536))
PRESET_LONG_SIDES: dict[str, int] = {"1K": 1024, "2K": 2048, "4K": 3840}
FLEX_STEP = 16
FLEX_LONG_SIDE = 3840
FLEX_MAX_RATIO = 3.0
FLEX_MIN_PIXELS = 655_360
FLEX_MAX_PIXELS = 8_294_400
MAX_SIDE = 16_384
RULES: tuple[str, ...] = ("fixed", "flexible", "any")

_SIZE = re.compile(r"^\s*(\d{1,5})\s*[xX×*]\s*(\d{1,5})\s*$")


def rule_for_model(model: str, pinned: str = "") -> str:
    """The size rule of ``model``: ``pinned`` when set, else decided by the model's name."""
    if pinned in RULES:
        return pinned
    name = (model or "").strip().lower()
    if name.startswith("gpt-image-2"):
        return "flexible"
    if name.startswith("gpt-image-1"):
        return "fixed"
    return "any"


@dataclass(frozen=True)
class SizePlan:
    """The size asked for and the size that will be sent (None: the model decides).

    Attributes:
        asked: what the user typed, normalised (``"1920x1080"``, ``"2K"``, ``"auto"``).
        width: the width sent, or None for auto.
        height: the height sent, or None for auto.
        note: why the sent size differs from the asked one ("" when it does not).
    """

    asked: str
    width: int | None = None
    height: int | None = None
    note: str = ""

    @property
    def sent(self) -> str:
        """The ``size`` parameter: ``"WxH"`` or ``"auto"``."""
        return f"{self.width}x{self.height}" if self.width and self.height else AUTO

    @property
    def exact(self) -> tuple[int, int] | None:
        return (self.width, self.height) if self.width and self.height else None


def _nearest_fixed(width: int, height: int) -> tuple[int, int]:
    ratio = width / height
    return min(FIXED_SIZES, key=lambda size: abs(math.log(ratio * size[1] / size[0])))


def _round_step(value: float) -> int:
    return max(FLEX_STEP, round(value / FLEX_STEP) * FLEX_STEP)


def _fit_flexible(width: int, height: int) -> tuple[int, int]:
    """The accepted size with sides nearest the asked ones once shape and area are in range."""
    ratio = min(max(width / height, 1 / FLEX_MAX_RATIO), FLEX_MAX_RATIO)
    pixels = min(max(width * height, FLEX_MIN_PIXELS), FLEX_MAX_PIXELS)
    target_w = math.sqrt(pixels * ratio)
    target_h = target_w / ratio
    shrink = min(1.0, FLEX_LONG_SIDE / max(target_w, target_h))
    target_w, target_h = target_w * shrink, target_h * shrink
    for reach in (3, 12):
        steps = range(-reach, reach + 1)
        candidates = [
            (_round_step(target_w) + FLEX_STEP * dw, _round_step(target_h) + FLEX_STEP * dh)
            for dw in steps
            for dh in steps
        ]
        fitting = [c for c in candidates if c[0] > 0 and c[1] > 0 and fits_rule(*c, "flexible")]
        if fitting:
            # Ties go to the larger picture: 1920x1080 becomes 1920x1088, not 1920x1072.
            return min(
                fitting, key=lambda c: (abs(c[0] - target_w) + abs(c[1] - target_h), -c[0] * c[1])
            )
    return 1024, 1024  # unreachable for any ratio within 3:1


def fits_rule(width: int, height: int, rule: str) -> bool:
    """Whether ``rule`` accepts ``width`` x ``height`` as it is."""
    if rule == "fixed":
        return (width, height) in FIXED_SIZES
    if rule == "flexible":
        return (
            width % FLEX_STEP == 0
            and height % FLEX_STEP == 0
            and max(width, height) <= FLEX_LONG_SIDE
            and max(width, height) / min(width, height) <= FLEX_MAX_RATIO
            and FLEX_MIN_PIXELS <= width * height <= FLEX_MAX_PIXELS
        )
    return True


def fit_size(width: int, height: int, rule: str) -> tuple[int, int]:
    """The size nearest to ``width`` x ``height`` that ``rule`` accepts."""
    if fits_rule(width, height, rule):
        return width, height
    if rule == "fixed":
        return _nearest_fixed(width, height)
    return _fit_flexible(width, height)


def _preset_pixels(long_side: int, ratio_choice: str) -> tuple[int, int]:
    ratio = parse_ratio(ratio_choice) if ratio_choice != AUTO else None
    value = ratio.value if ratio else 1.0
    if value >= 1:
        return long_side, _round_step(long_side / value)
    return _round_step(long_side * value), long_side


def parse_size(text: str | None, ratio_choice: str = AUTO) -> tuple[str, tuple[int, int] | None]:
    """Read ``WxH``, ``1K``/``2K``/``4K`` (with the picked ratio) or ``auto``.

    Returns:
        (the normalised text, the pixels asked for or None for auto).

    Raises:
        RetouchError: BAD_INPUT for anything else.
    """
    raw = (text or "").strip()
    if not raw or raw.lower() == AUTO:
        return AUTO, None
    preset = raw.upper()
    if preset in PRESET_LONG_SIDES:
        return preset, _preset_pixels(PRESET_LONG_SIDES[preset], ratio_choice)
    match = _SIZE.match(raw)
    if match:
        width, height = int(match[1]), int(match[2])
        if 0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE:
            return f"{width}x{height}", (width, height)
    raise bad_input(
        f"“{raw}” is not a size. Use WxH (for example 1920x1080), 1K, 2K, 4K or auto.",
        size=raw,
    )


def plan_size(text: str | None, ratio_choice: str, model: str, pinned_rule: str = "") -> SizePlan:
    """What to send for a size request on the images route (rounded to the model's rule).

    With no size but a ratio, the nearest size of that ratio the model takes is asked for.
    """
    asked, pixels = parse_size(text, ratio_choice)
    rule = rule_for_model(model, pinned_rule)
    if pixels is None:
        if ratio_choice == AUTO or (text or "").strip():
            return SizePlan(asked)
        if rule != "flexible":
            ratio = parse_ratio(ratio_choice)
            assert ratio is not None
            return SizePlan(asked, *_nearest_fixed(ratio.width, ratio.height))
        pixels = _preset_pixels(PRESET_LONG_SIDES["1K"], ratio_choice)
        return SizePlan(asked, *fit_size(*pixels, rule))  # nobody asked for exact pixels
    width, height = fit_size(*pixels, rule)
    note = ""
    if (width, height) != pixels:
        note = (
            f"{model} cannot make {pixels[0]}x{pixels[1]}; asking for the nearest size it "
            f"can, {width}x{height}."
        )
    return SizePlan(asked, width, height, note)


def ratio_for_size(text: str | None, ratio_choice: str) -> str:
    """The ratio the chat route asks for: the size's own shape, else the picked ratio."""
    _, pixels = parse_size(text, ratio_choice)
    if pixels is None:
        return ratio_choice
    ratio = parse_ratio(f"{pixels[0]}:{pixels[1]}")
    return str(ratio) if ratio else ratio_choice

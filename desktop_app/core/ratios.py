"""Aspect ratios: the picker's list, the ``尺寸[W:H]`` prompt tag and what a relay reports.

The ratio travels inside the prompt text (there is no size field): ``prompt + " 尺寸[W:H]"``.
"auto" sends no tag, and a prompt that already carries one never gets a second.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

AUTO = "auto"
PRESET_RATIOS: tuple[str, ...] = ("1:1", "2:3", "3:2", "3:4", "4:3", "9:16", "16:9")
RATIO_CHOICES: tuple[str, ...] = (AUTO, *PRESET_RATIOS)
# What the model family renders natively; other ratios are approximated by the model.
NATIVE_RATIOS: tuple[str, ...] = ("1:1", "3:2", "2:3")
MAX_RATIO_TERM = 100
RATIO_TEMPLATE = "尺寸[{w}:{h}]"  # a provider profile may use another, e.g. "【{w}:{h}】"

_RATIO = re.compile(r"^\s*(\d{1,4})\s*[:：xX×/]\s*(\d{1,4})\s*$")
# 尺寸[4:3], 尺寸【4：3】, size[4:3]: whatever a user may have typed by hand.
_TAG = re.compile(
    r"(?:尺寸|size)\s*[\[【]\s*(\d{1,4})\s*[:：xX×/]\s*(\d{1,4})\s*[\]】]", re.IGNORECASE
)


@dataclass(frozen=True, order=True)
class Ratio:
    """An aspect ratio ``width:height`` in the terms it was given (21:9 stays 21:9)."""

    width: int
    height: int

    def __str__(self) -> str:
        return f"{self.width}:{self.height}"

    @property
    def value(self) -> float:
        return self.width / self.height

    def reduced(self) -> Ratio:
        """The same ratio in its smallest terms (1024:1536 → 2:3)."""
        divisor = math.gcd(self.width, self.height)
        return Ratio(self.width // divisor, self.height // divisor)

    def matches(self, width: int, height: int, tolerance: float = 0.03) -> bool:
        """Whether a ``width`` x ``height`` image has this ratio within ``tolerance`` (relative)."""
        return height > 0 and abs(width / height - self.value) <= tolerance * self.value


def parse_ratio(text: str) -> Ratio | None:
    """Parse ``"4:3"`` (also ``4：3``, ``4x3``, ``4/3``) into a :class:`Ratio`.

    The terms stay as typed, as designers say them: 21:9 is not 7:3. Returns None for
    "auto", blank text, zero terms and absurd ratios (beyond 100:1 in smallest terms, or
    more than 10 times wider than tall), which a picker should refuse with a message.
    """
    match = _RATIO.match(text or "")
    if not match:
        return None
    width, height = int(match[1]), int(match[2])
    if width == 0 or height == 0:
        return None
    smallest = Ratio(width, height).reduced()
    if (
        max(smallest.width, smallest.height) > MAX_RATIO_TERM
        or max(width, height) / min(width, height) > 10
    ):
        return None
    if max(width, height) > MAX_RATIO_TERM:  # sizes such as 1024x1536, not a ratio's terms
        return smallest
    return Ratio(width, height)


def normalise_ratio_choice(choice: str | None) -> str:
    """``"auto"`` or ``"W:H"`` in the terms typed (``4x3`` → ``4:3``, ``21:9`` stays).

    Raises:
        ValueError: for anything else.
    """
    if choice is None or choice.strip().lower() in ("", AUTO):
        return AUTO
    ratio = parse_ratio(choice)
    if ratio is None:
        raise ValueError(f"not an aspect ratio: {choice!r} (use auto or W:H, e.g. 4:3)")
    return str(ratio)


def ratio_tag(choice: str, template: str = RATIO_TEMPLATE) -> str:
    """The prompt tag for ``choice``: ``"尺寸[4:3]"``, or ``""`` for auto."""
    normalised = normalise_ratio_choice(choice)
    if normalised == AUTO:
        return ""
    width, height = normalised.split(":")
    return template.replace("{w}", width).replace("{h}", height)


def _template_pattern(template: str) -> re.Pattern[str]:
    number = r"\s*\d{1,4}\s*"
    parts = re.escape(template).replace(re.escape("{w}"), number).replace(re.escape("{h}"), number)
    return re.compile(parts)


def tagged_ratio(prompt: str) -> str | None:
    """The ratio a prompt already asks for with a ``尺寸[W:H]`` tag, if any."""
    match = _TAG.search(prompt or "")
    if not match:
        return None
    ratio = parse_ratio(f"{match[1]}:{match[2]}")
    return str(ratio) if ratio else None


def compose_prompt(prompt: str, choice: str, template: str = RATIO_TEMPLATE) -> str:
    """The text sent to the model: the prompt with ``尺寸[W:H]`` appended unless auto or present.

    ``template`` is the profile's marker (``{w}`` and ``{h}`` filled in).
    """
    text = (prompt or "").strip()
    tag = ratio_tag(choice, template)
    if not tag or _TAG.search(text) or _template_pattern(template).search(text):
        return text
    return f"{text} {tag}" if text else tag


def requested_ratio(prompt: str, choice: str) -> str:
    """The ratio actually requested: an explicit tag in the prompt wins over the picker."""
    return tagged_ratio(prompt) or normalise_ratio_choice(choice)


def reported_ratio(value: object) -> str | None:
    """Read the ratio a relay reports (``"4:3"``, ``"4：3"``, ``"1024x1536"``), reduced."""
    if not isinstance(value, str):
        return None
    ratio = parse_ratio(value)
    return str(ratio.reduced()) if ratio else None


def ratio_of_size(width: int, height: int) -> Ratio:
    """The closest simple ratio name for an image size (e.g. 1536x1024 → 3:2)."""
    candidates = [parse_ratio(r) for r in PRESET_RATIOS]
    best = min(
        (r for r in candidates if r), key=lambda r: abs(math.log((width / height) / r.value))
    )
    if best.matches(width, height):
        return best
    divisor = math.gcd(width, height)
    return Ratio(width // divisor, height // divisor)


def ratio_differs(requested: str, width: int, height: int) -> bool:
    """Whether a result of ``width`` x ``height`` misses the requested ratio (auto never does)."""
    ratio = parse_ratio(requested) if requested != AUTO else None
    return ratio is not None and not ratio.matches(width, height)

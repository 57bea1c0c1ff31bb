"""Pixel assertions with Pillow alone: where two pictures differ, and how much."""

from __future__ import annotations

from PIL import Image, ImageChops, ImageStat


def selection(mask: Image.Image, level: int) -> Image.Image:
    """An ``L`` selection (255) of the pixels where ``mask`` is exactly ``level``."""
    return mask.point(lambda v: 255 if v == level else 0)


def same_where(before: Image.Image, after: Image.Image, where: Image.Image) -> bool:
    """True when every channel of every pixel selected by ``where`` (255) is equal."""
    difference = ImageChops.difference(before, after)
    return (
        Image.composite(difference, Image.new(difference.mode, difference.size), where).getbbox()
        is None
    )


def mean_difference(before: Image.Image, after: Image.Image, where: Image.Image) -> float:
    """The mean absolute difference over every channel of the pixels ``where`` selects."""
    means = ImageStat.Stat(ImageChops.difference(before, after), where).mean
    return sum(means) / len(means)

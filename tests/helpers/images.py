"""Factories for test images: photo-like, with alpha, odd modes, EXIF orientation, broken files."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw


def photo(width: int = 640, height: int = 480, mode: str = "RGB") -> Image.Image:
    """A photo-like picture: a gradient with a few shapes, so resizes and diffs are visible."""
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.merge(
        "RGB",
        (
            gradient,
            gradient.transpose(Image.Transpose.ROTATE_90).resize((width, height)),
            Image.new("L", (width, height), 140),
        ),
    )
    draw = ImageDraw.Draw(image)
    draw.ellipse((width // 4, height // 4, width // 2, height // 2), fill=(220, 60, 40))
    draw.rectangle((width // 2, height // 2, width * 3 // 4, height * 3 // 4), fill=(30, 90, 200))
    return image.convert(mode) if mode != "RGB" else image


def save_photo(
    path: Path, width: int = 640, height: int = 480, fmt: str | None = None, **save_options: object
) -> Path:
    """Write :func:`photo` to ``path`` (format from the suffix unless ``fmt``) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = photo(width, height)
    if (fmt or path.suffix.lstrip(".")).upper() in ("PNG",) and save_options.pop("alpha", False):
        image = image.convert("RGBA")
    image.save(path, format=fmt, **save_options)
    return path


def encoded(image: Image.Image, fmt: str = "PNG", **save_options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **save_options)
    return buffer.getvalue()

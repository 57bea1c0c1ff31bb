"""Make the generated files the bundles ship, from the PNG icons and a fixed random seed.

    python packaging/generate_assets.py [--force]

- ``resources/icons/retouch-studio.ico``: Windows icon (16 to 256 px), from the PNG sizes.
- ``resources/icons/retouch-studio.icns``: macOS icon (16 to 512 px, with @2x), same source.
- ``resources/samples/sample-landscape.jpg``: the picture ``--self-test`` edits; a synthetic
  landscape (sky, sun, hills, lake, grain) so it compresses like a photo, about 800×600.

The outputs are committed; the build re-runs this only for files that are missing.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SAMPLES = ROOT / "resources" / "samples"
SAMPLE_NAME = "sample-landscape.jpg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def _icon(size: int) -> Image.Image:
    """The PNG drawn for ``size`` if there is one, else the 512 px one scaled down."""
    drawn = ICONS / f"retouch-studio-{size}.png"
    source = drawn if drawn.exists() else ICONS / "retouch-studio-512.png"
    image = Image.open(source).convert("RGBA")
    if image.size != (size, size):
        image = image.resize((size, size), Image.Resampling.LANCZOS)
    return image


def make_ico(target: Path) -> None:
    images = [_icon(size) for size in ICO_SIZES]
    images[-1].save(
        target, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=images[:-1]
    )


def make_icns(target: Path) -> None:
    sizes = (16, 32, 64, 128, 256, 512)
    images = [_icon(size) for size in sizes]
    images[-1].save(target, format="ICNS", append_images=images[:-1])


def make_sample(target: Path, size: tuple[int, int] = (800, 600)) -> None:
    """A photo-like landscape: gradients, soft shapes and grain (not flat colour blocks)."""
    rng = random.Random(7)
    width, height = size
    horizon = int(height * 0.58)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(horizon):  # dusk sky: deep blue at the top, warm near the horizon
        t = y / horizon
        colour = (int(40 + 200 * t**1.6), int(70 + 120 * t**1.3), int(140 + 40 * (1 - t)))
        draw.line([(0, y), (width, y)], fill=colour)
    sun_x, sun_y, radius = int(width * 0.68), int(horizon * 0.72), 46
    glow = Image.new("L", size, 0)
    ImageDraw.Draw(glow).ellipse(
        [sun_x - 3 * radius, sun_y - 3 * radius, sun_x + 3 * radius, sun_y + 3 * radius], fill=110
    )
    image.paste((255, 214, 150), mask=glow.filter(ImageFilter.GaussianBlur(60)))
    draw.ellipse([sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius], fill="#fff1c9")
    for layer, (base, colour) in enumerate(
        ((0.50, (92, 84, 120)), (0.55, (62, 70, 88)), (0.60, (38, 52, 50)))
    ):
        points = [(0, height)]
        x, y = 0, int(height * base)
        while x <= width:
            points.append((x, y))
            x += rng.randint(30, 70)
            y = max(int(height * (base - 0.12)), min(horizon, y + rng.randint(-28, 26 - layer)))
        points += [(width, horizon), (width, height)]
        draw.polygon(points, fill=colour)
    water = image.crop((0, horizon - (height - horizon), width, horizon))
    water = water.transpose(Image.Transpose.FLIP_TOP_BOTTOM).filter(ImageFilter.GaussianBlur(3))
    water = Image.blend(water, Image.new("RGB", water.size, (20, 40, 60)), 0.35)
    image.paste(water, (0, horizon))
    draw = ImageDraw.Draw(image)
    for _ in range(160):  # ripples on the lake
        y = rng.randint(horizon + 4, height - 2)
        x = rng.randint(0, width)
        length = rng.randint(10, 60)
        draw.line([(x, y), (x + length, y)], fill=(150, 160, 170), width=1)
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    grain = Image.effect_noise(size, 18).convert("RGB")
    image = Image.blend(image, grain, 0.06)
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(target, format="JPEG", quality=85, optimize=True, progressive=True)


def generate(force: bool = False) -> list[Path]:
    """Write the files that are missing (all with ``force``); returns the ones written."""
    jobs = (
        (ICONS / "retouch-studio.ico", make_ico),
        (ICONS / "retouch-studio.icns", make_icns),
        (SAMPLES / SAMPLE_NAME, make_sample),
    )
    written = []
    for path, make in jobs:
        if force or not path.exists():
            make(path)
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rewrite files that exist")
    options = parser.parse_args(argv)
    for path in generate(options.force):
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""prep_heic: a 12 MP iPhone-like HEIC to an upload-ready data URL, against decoding it alone.

An iPhone photo is 4032 × 3024 HEVC in HEIF. libheif has no reduced-scale decode (unlike
JPEG's DCT draft), so the full decode is the floor and everything ``prepare_image`` adds
(orientation, colour, resampling to 2048 px, JPEG encoding) is the overhead measured:
``prep_heic`` is ``prepare_image`` / decode (target ≤ 1.5).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

from benchmarks.common import PHOTO_NOISE, Context, median, megapixels, timed
from benchmarks.table import Row, Target, make_row
from desktop_app.core.imaging.formats import register_plugins
from desktop_app.core.imaging.prep import prepare_image

ROWS = {"prep_heic": ("ms", Target("ratio", "<=", 1.5, "≤ 1.5x decoding it alone"))}
IPHONE_SIZE = (4032, 3024)


def photo_heic(workdir: Path, size: tuple[int, int] = IPHONE_SIZE) -> Path:
    """A photo-like HEIC of ``size`` (cached in ``workdir``: encoding takes ~20 s)."""
    path = workdir / "pictures" / f"photo-{size[0]}x{size[1]}.heic"
    if not path.exists():
        from tests.helpers.images import noisy_photo
        from tests.helpers.picture_formats import heic

        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(heic(noisy_photo(*size, sigma=PHOTO_NOISE), fast=True))
        partial.replace(path)
    return path


def decode(path: Path) -> None:
    with Image.open(path) as image:
        image.load()


def run(ctx: Context) -> list[Row]:
    register_plugins()
    path = photo_heic(ctx.workdir)
    rounds = ctx.runs(full=7, quick=3)
    prepared = prepare_image(path)  # warm-up: thread pool, plugin, caches
    decode(path)
    prep_s, decode_s = [], []
    for _ in range(rounds):  # interleaved, so a burst of load hits both alike
        prep_s.append(timed(lambda: prepare_image(path)))
        decode_s.append(timed(lambda: decode(path)))
    value, baseline = median(prep_s) * 1000, median(decode_s) * 1000
    size_mb = path.stat().st_size / 1e6
    note = (
        f"{megapixels(IPHONE_SIZE)} HEIC {size_mb:.1f} MB → {prepared.width}×{prepared.height}"
        f"; vs decode alone; median of {rounds}"
    )
    print(f"prep_heic {value:.0f} ms, decode {baseline:.0f} ms", file=sys.stderr)
    unit, target = ROWS["prep_heic"]
    return [make_row("prep_heic", value, unit, baseline, target, note)]

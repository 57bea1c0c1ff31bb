"""prep: a 24 MP photo (about 10 MB of JPEG) to an upload-ready data URL.

Compared, in the same process and rounds, with

* the naive way: Pillow open → convert("RGB") → LANCZOS resize to 2048 px → JPEG q90;
* the floor: a draft-mode decode at the nearest 1/2^k scale (as far as Pillow's DCT scaling
  goes for the aspect-correct target size) plus encoding a picture of the target size. No
  resampling, colour or orientation work: no real preparation can be faster.

``prep`` is ``prepare_image`` / naive (target ≤ 0.4, i.e. at least 2.5x faster) and
``prep_floor`` is ``prepare_image`` / floor (target ≤ 1.5).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image

from benchmarks.common import Context, median, megapixels, photo_jpeg, timed
from benchmarks.table import Row, Target, make_row
from desktop_app.core.imaging.prep import prepare_image

ROWS = {
    "prep": ("ms", Target("ratio", "<=", 0.4, "≤ 0.4x (≥ 2.5x faster than naive)")),
    "prep_floor": ("ms", Target("ratio", "<=", 1.5, "≤ 1.5x the floor")),
}
LONG_SIDE = 2048


def target_size(size: tuple[int, int]) -> tuple[int, int]:
    scale = LONG_SIDE / max(size)
    return round(size[0] * scale), round(size[1] * scale)


def naive(path: Path) -> bytes:
    with Image.open(path) as image:
        small = image.convert("RGB").resize(target_size(image.size), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    small.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def floor(path: Path) -> float:
    """Seconds for the draft decode plus encoding a target-size picture (timed separately)."""
    with Image.open(path) as image:
        size = target_size(image.size)
        decode = timed(lambda: (image.draft("RGB", size), image.load()))
        small = image.resize(size, Image.Resampling.NEAREST)  # not timed: only the encode is
    encode = timed(lambda: small.save(io.BytesIO(), "JPEG", quality=90))
    return decode + encode


def run(ctx: Context) -> list[Row]:
    path = photo_jpeg(ctx.workdir)
    rounds = ctx.runs(full=9, quick=5)
    prep_s, naive_s, floor_s = [], [], []
    prepared = prepare_image(path)  # warm-up: thread pool, plugins, caches
    naive(path)
    floor(path)
    for _ in range(rounds):  # interleaved, so a burst of load hits all three alike
        prep_s.append(timed(lambda: prepare_image(path)))
        naive_s.append(timed(lambda: naive(path)))
        floor_s.append(floor(path))
    value = median(prep_s) * 1000
    size_mb = path.stat().st_size / 1e6
    with Image.open(path) as image:
        picture = f"{megapixels(image.size)} JPEG {size_mb:.1f} MB"
    note = f"{picture} → {prepared.width}×{prepared.height}; median of {rounds}"
    print(
        f"prep {value:.0f} ms, naive {median(naive_s) * 1000:.0f} ms, "
        f"floor {median(floor_s) * 1000:.0f} ms",
        file=sys.stderr,
    )
    unit, target = ROWS["prep"]
    floor_unit, floor_target = ROWS["prep_floor"]
    return [
        make_row("prep", value, unit, median(naive_s) * 1000, target, f"vs naive; {note}"),
        make_row(
            "prep_floor",
            value,
            floor_unit,
            median(floor_s) * 1000,
            floor_target,
            "vs draft decode + encode at target size",
        ),
    ]

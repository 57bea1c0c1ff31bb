"""composite: a region edit's paste-back on a 24 MP photo, against the floor of any composite.

The source is a 24 MP photo-like JPEG with detail everywhere (the shared benchmark photo's
noise has no structure across its width, so no alignment could place it); the model's
answer is 2048 px wide (the sent picture, moved by a percent and colour-graded, as a model
returns it); the mask is a feathered ellipse over about a fifth of the picture. Measured:
``paste_back`` (align, tone match, resample to source resolution, blend) plus encoding the
result as the app saves it (JPEG quality 95 with the source's profile and EXIF).

The floor is what any composite must do anyway: a plain ``Image.composite`` of two ready
24 MP pictures through a ready 24 MP mask, plus the same encode. ``composite`` is the ratio
(target ≤ 2x).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw

from benchmarks.common import PHOTO_QUALITY, PHOTO_SIZE, Context, median, megapixels, timed
from benchmarks.table import Row, Target, make_row
from desktop_app.core.imaging.mask import feather_mask, mask_bbox
from desktop_app.core.imaging.original import JPEG_QUALITY, Original, load_original
from desktop_app.core.imaging.paste_back import paste_back
from desktop_app.core.imaging.region import plan_region

ROWS = {"composite": ("ms", Target("ratio", "<=", 2.0, "≤ 2x plain composite + encode"))}
RESULT_SIDE = 2048
FEATHER = 32


def detailed_jpeg(workdir: Path) -> Path:
    """The 24 MP source (cached in ``workdir``)."""
    path = workdir / "pictures" / "detailed-{}x{}.jpg".format(*PHOTO_SIZE)
    if not path.exists():
        from tests.helpers.images import textured_photo

        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        textured_photo(*PHOTO_SIZE).save(partial, "JPEG", quality=PHOTO_QUALITY)
        partial.replace(path)
    return path


def model_answer(sent: Image.Image) -> Image.Image:
    """``sent`` 1 % larger, shifted by a percent and warmer: what a model sends back."""
    width, height = sent.size
    scale = 1 / 1.01
    shift_x, shift_y = -0.01 * width, 0.008 * height
    data = (scale, 0.0, shift_x + width * (1 - scale) / 2, 0.0, scale, shift_y)
    moved = sent.transform(sent.size, Image.Transform.AFFINE, data, Image.Resampling.BICUBIC)
    red, green, blue = moved.split()
    return Image.merge("RGB", (red.point(lambda v: min(255, v + 8)), green, blue))


def run(ctx: Context) -> list[Row]:
    path = detailed_jpeg(ctx.workdir)
    source = load_original(path)
    width, height = source.size
    mask = Image.new("L", source.size, 0)
    ImageDraw.Draw(mask).ellipse((width * 0.3, height * 0.25, width * 0.75, height * 0.75), 255)
    plan = plan_region(mask_bbox(mask), source.size)
    left, top, right, bottom = plan.sent_box
    scale = RESULT_SIDE / max(right - left, bottom - top)
    sent_size = (round((right - left) * scale), round((bottom - top) * scale))
    answer = model_answer(source.pixels.crop(plan.sent_box).resize(sent_size))
    # The floor's inputs, made ready outside the timing.
    enlarged = answer.resize(source.size, Image.Resampling.BILINEAR)
    soft = feather_mask(mask, FEATHER)

    def ours() -> None:
        original = Original(source.pixels.copy(), source.format, source.icc_profile, source.exif)
        composite = paste_back(original, answer, mask, FEATHER, plan, sent_size)
        original.encode(composite.image)

    def plain() -> None:
        blended = Image.composite(enlarged, source.pixels, soft)
        blended.save(io.BytesIO(), "JPEG", quality=JPEG_QUALITY, subsampling=0)

    rounds = ctx.runs(full=5, quick=3)
    ours()  # warm-up: FFT plans, plugins
    plain()
    ours_s, plain_s = [], []
    for _ in range(rounds):  # interleaved, so a burst of load hits both alike
        ours_s.append(timed(ours) - timed(lambda: source.pixels.copy()))
        plain_s.append(timed(plain))
    value, baseline = median(ours_s) * 1000, median(plain_s) * 1000
    print(f"composite {value:.0f} ms, plain {baseline:.0f} ms", file=sys.stderr)
    unit, target = ROWS["composite"]
    note = (
        f"{megapixels(source.size)} JPEG, {sent_size[0]}×{sent_size[1]} answer, feather "
        f"{FEATHER} px; median of {rounds}"
    )
    return [make_row("composite", value, unit, baseline, target, note)]

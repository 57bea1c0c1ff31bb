"""The demo "model": a visible edit of the input picture, at the size the real model would use.

The point is that a person trying the app offline sees at a glance that something happened
(warmer colours, more contrast, a vignette and the requested words drawn on the picture), and
that tests can tell the result from the input. Stdlib and Pillow only.
"""

from __future__ import annotations

import base64
import binascii
import io
import math
import os
import re
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageEnhance, ImageFont, ImageOps

from desktop_app.core.ratios import tagged_ratio

# What the model family renders natively; everything else snaps to the nearest of these.
NATIVE_SIZES: tuple[tuple[int, int], ...] = ((1024, 1024), (1536, 1024), (1024, 1536))

DEFAULT_CAPTION = "Retouch Studio"
CAPTION_LIMIT = 20

# (path, face index). Noto CJK collections hold JP, KR, SC, TC, HK in that order: index 2 draws
# Simplified Chinese glyph forms, which is what the sample prompts are written in.
_FONT_CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
    ("C:/Windows/Fonts/msyhbd.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("/System/Library/Fonts/Hiragino Sans GB.ttc", 0),
    ("/System/Library/Fonts/STHeiti Medium.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
)

_SIZE_TAG = re.compile(r"(?:尺寸|size)\s*[\[【][^\]】]*[\]】]", re.IGNORECASE)
_DEMO_MARKER = re.compile(r"\[demo:[^\]]*\]", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“「『'‘]\s*([^\"”」』'’]{1,60}?)\s*[\"”」』'’]")
# "加上 我爱中国 四个字", "加上「春」字", "加上 Hello 5个字": the words between 加上 and 字.
_ADD_WORDS = re.compile(r"加上\s*(.+?)\s*(?:[一二三四五六七八九十两\d]+\s*个)?字")


def clean_prompt(prompt: str) -> str:
    """The prompt without its ``尺寸[W:H]`` tag and ``[demo:...]`` markers, trimmed."""
    text = _DEMO_MARKER.sub("", _SIZE_TAG.sub("", prompt or ""))
    return re.sub(r"\s+", " ", text).strip()


def caption_for(prompt: str) -> str:
    """The words to draw: quoted text, else the words of "加上 ... 字", else the prompt's start."""
    text = clean_prompt(prompt)
    for pattern in (_QUOTED, _ADD_WORDS):
        match = pattern.search(text)
        if match and match[1].strip():
            return match[1].strip()[:CAPTION_LIMIT]
    return text[:CAPTION_LIMIT].strip() or DEFAULT_CAPTION


def requested_ratio_value(prompt: str, source: Image.Image | None) -> float:
    """Width / height the request asks for: the ``尺寸`` tag, else the input's, else square."""
    tag = tagged_ratio(prompt)
    if tag:
        width, height = (int(term) for term in tag.split(":"))
        return width / height
    if source is not None and source.height:
        return source.width / source.height
    return 1.0


def snap_size(ratio: float) -> tuple[int, int]:
    """The native size nearest to ``ratio`` on a log scale (4:3 → 1536x1024, 3:4 → 1024x1536)."""
    return min(NATIVE_SIZES, key=lambda size: abs(math.log(ratio * size[1] / size[0])))


def decode_data_url(url: str) -> Image.Image | None:
    """The RGB picture inside a ``data:image/...;base64,`` URL, or None when it is not one."""
    if not isinstance(url, str) or not url.startswith("data:") or "," not in url:
        return None
    header, _, payload = url.partition(",")
    if ";base64" not in header:
        return None
    try:
        raw = base64.b64decode(payload, validate=False)
        with Image.open(io.BytesIO(raw)) as opened:
            image = ImageOps.exif_transpose(opened)
            image.load()
    except (binascii.Error, OSError, ValueError, Image.DecompressionBombError):
        return None
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        # Flatten on white, as a photo editor would; black holes would look like a bug.
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        return background
    return image.convert("RGB")


def gradient(size: tuple[int, int]) -> Image.Image:
    """A colourful stand-in picture for requests whose image cannot be read."""
    width, height = size
    horizontal = Image.linear_gradient("L").rotate(90).resize(size)
    vertical = Image.linear_gradient("L").resize(size)
    blue = Image.new("L", size, 170)
    image = Image.merge("RGB", (horizontal, vertical, blue))
    draw = ImageDraw.Draw(image)
    radius = min(width, height) // 5
    draw.ellipse(
        (width // 2 - radius, height // 3 - radius, width // 2 + radius, height // 3 + radius),
        fill=(250, 210, 90),
    )
    return image


def fit_cover(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Scale and centre-crop ``image`` so it covers ``size`` exactly (what the model returns)."""
    return ImageOps.fit(image, size, method=Image.Resampling.BICUBIC)


@lru_cache(maxsize=4)
def _vignette_mask(size: tuple[int, int]) -> Image.Image:
    # Dark only towards the far corners (up to ~25% black): a real "beautify" is subtle,
    # and the difference view should show the words the model added, not the vignette.
    lut = [int(64 * min(1.0, max(0.0, (v - 120) / 135)) ** 1.6) for v in range(256)]
    return Image.radial_gradient("L").resize(size, Image.Resampling.BILINEAR).point(lut)


def apply_look(image: Image.Image, variant: int = 0) -> Image.Image:
    """The demo filter: warm (variant 0) or cool (variant 1) grade, contrast, vignette."""
    red, green, blue = image.convert("RGB").split()
    if variant % 2 == 0:
        red = red.point(lambda v: min(255, int(v * 1.06 + 8)))
        green = green.point(lambda v: min(255, int(v * 1.01 + 2)))
        blue = blue.point(lambda v: int(v * 0.90))
    else:
        red = red.point(lambda v: int(v * 0.80))
        green = green.point(lambda v: min(255, int(v * 1.04 + 6)))
        blue = blue.point(lambda v: min(255, int(v * 1.12 + 16)))
    graded = Image.merge("RGB", (red, green, blue))
    graded = ImageEnhance.Contrast(graded).enhance(1.1)
    graded = ImageEnhance.Color(graded).enhance(1.05)
    black = Image.new("RGB", graded.size, (0, 0, 0))
    return Image.composite(black, graded, _vignette_mask(graded.size))


@lru_cache(maxsize=1)
def _font_file() -> tuple[str, int] | None:
    extra = os.environ.get("RETOUCH_DEMO_FONT")  # lets a user point at any CJK font
    candidates = ((extra, 0),) if extra else ()
    for path, index in (*candidates, *_FONT_CANDIDATES):
        if Path(path).is_file():
            return path, index
    return None


@lru_cache(maxsize=32)
def load_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A CJK-capable font of ``size`` px when one is installed, else Pillow's default font."""
    found = _font_file()
    if found:
        path, index = found
        try:
            return ImageFont.truetype(path, size, index=index)
        except OSError:
            try:  # a collection with fewer faces than expected
                return ImageFont.truetype(path, size)
            except OSError:
                pass
    return ImageFont.load_default(size=size)


def draw_caption(image: Image.Image, text: str) -> Image.Image:
    """Draw ``text`` large near the bottom, with a shadow and an outline so it reads anywhere."""
    result = image.copy()
    draw = ImageDraw.Draw(result)
    width, height = result.size
    size = max(16, height // 9)
    while True:
        font = load_font(size)
        stroke = max(2, size // 14)
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font, stroke_width=stroke)
        if right - left <= width * 0.88 or size <= 16:
            break
        size = int(size * 0.85)
    x = (width - (right - left)) // 2 - left
    y = height - (bottom - top) - height // 12 - top
    shadow = max(2, size // 16)
    draw.text(
        (x + shadow, y + shadow),
        text,
        font=font,
        fill=(0, 0, 0),
        stroke_width=stroke,
        stroke_fill=(0, 0, 0),
    )
    draw.text(
        (x, y), text, font=font, fill=(255, 246, 228), stroke_width=stroke, stroke_fill=(70, 30, 10)
    )
    return result


def render(source: Image.Image | None, prompt: str, ratio: float, variant: int = 0) -> Image.Image:
    """The edited picture: ``source`` covered into the snapped size, graded and captioned."""
    size = snap_size(ratio)
    base = fit_cover(source, size) if source is not None else gradient(size)
    return draw_caption(apply_look(base, variant), caption_for(prompt))


def encode(image: Image.Image, fmt: str = "PNG") -> bytes:
    """PNG (fast compression: the demo answers quickly) or WebP bytes of ``image``."""
    buffer = io.BytesIO()
    if fmt.upper() == "WEBP":
        image.save(buffer, format="WEBP", quality=85, method=0)
    else:
        image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()

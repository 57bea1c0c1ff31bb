"""The demo "model" for exact sizes, transparent backgrounds, key colours and previews.

:mod:`desktop_app.demo.edit` makes the standard picture; this adds what the Images API and
transparency requests need: any size, a subject on a transparent background, a subject on the
flat key colour a chat prompt asks for, and blurry partial pictures to stream before the result.
"""

from __future__ import annotations

import io
import re

from PIL import Image, ImageDraw, ImageFilter

from desktop_app.demo import edit

# The key colours a chat prompt may ask for ("… pure green (#00FF00) …").
_KEYS = {"#00ff00": (0, 255, 0), "#ff00ff": (255, 0, 255)}
_KEY_IN_PROMPT = re.compile(r"#(?:00ff00|ff00ff)", re.IGNORECASE)
SUBJECT_COLOUR = (214, 96, 48)


def _subject_mask(size: tuple[int, int]) -> Image.Image:
    """An anti-aliased disc in the middle: soft edges, like a real cut-out's."""
    scale = 4
    width, height = size
    big = Image.new("L", (width * scale, height * scale), 0)
    radius = min(width, height) * scale * 0.3
    centre = (width * scale / 2, height * scale / 2)
    ImageDraw.Draw(big).ellipse(
        (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius), fill=255
    )
    return big.resize(size, Image.Resampling.LANCZOS)


def _subject(
    source: Image.Image | None, prompt: str, size: tuple[int, int], variant: int = 0
) -> Image.Image:
    base = edit.fit_cover(source, size) if source is not None else edit.gradient(size)
    look = edit.apply_look(base, variant)
    fill = Image.new("RGB", size, SUBJECT_COLOUR)
    return edit.draw_caption(Image.blend(look, fill, 0.5), edit.caption_for(prompt))


def at_size(
    source: Image.Image | None,
    prompt: str,
    size: tuple[int, int],
    variant: int = 0,
    transparent: bool = False,
) -> Image.Image:
    """The picture at exactly ``size``; with ``transparent`` a disc on a clear background."""
    if not transparent:
        base = edit.fit_cover(source, size) if source is not None else edit.gradient(size)
        return edit.draw_caption(edit.apply_look(base, variant), edit.caption_for(prompt))
    picture = _subject(source, prompt, size, variant).convert("RGBA")
    picture.putalpha(_subject_mask(size))
    return picture


def for_chat(
    source: Image.Image | None, raw_prompt: str, ratio: float, variant: int
) -> Image.Image:
    """The chat route's picture: on the asked key colour when the prompt names one."""
    key = _KEY_IN_PROMPT.search(raw_prompt or "")
    if not key:
        return edit.render(source, raw_prompt, ratio, variant)
    size = edit.snap_size(ratio)
    background = Image.new("RGB", size, _KEYS[key[0].lower()])
    background.paste(_subject(source, raw_prompt, size, variant), mask=_subject_mask(size))
    return background


def preview_of(encoded: bytes, index: int, total: int, fmt: str = "PNG") -> bytes:
    """A blurry, small partial picture: sharper with each ``index`` of ``total``."""
    with Image.open(io.BytesIO(encoded)) as opened:
        picture = opened.copy()
    radius = 24 * (total - index) / max(total, 1)
    small = picture.reduce(4).filter(ImageFilter.GaussianBlur(radius))
    return edit.encode(small, "WEBP" if fmt == "WEBP" else "PNG")

"""The demo model's answer to a region edit: the picture kept, but not quite where it was.

A real model redraws the whole picture it gets: slightly larger or smaller, shifted by a
percent or two, with its own colour grade, and reframed when asked for another ratio. This
answer does the same on purpose, with known amounts (:data:`SCALE`, :data:`SHIFT`), so the
paste-back can be tried offline and tests can check the alignment it finds: the content at
sent point ``p`` lands at ``q = c_m + g·(SCALE·(p − c_s) + SHIFT·sent_size)`` (the geometry
of :mod:`desktop_app.core.imaging.alignment`). The change asked for is drawn in the area
the request's region hint names (``from X%,Y% to X%,Y%``), or in the middle without one.

Played by default when a request carries the region hint, and on ``[demo:region]``.
"""

from __future__ import annotations

import re

from PIL import Image, ImageDraw

from desktop_app.core.imaging.alignment import Frames
from desktop_app.demo import edit

SCALE = 1.03
SHIFT = (0.012, -0.009)  # share of the sent picture's width and height
_HINT = re.compile(r"area from (\d{1,3})%,(\d{1,3})% to (\d{1,3})%,(\d{1,3})%")
_WHOLE_HINT = re.compile(r"\(Change only the area from [^)]*\)")
_MIDDLE = (0.35, 0.35, 0.65, 0.65)
_MAX_PANEL = 0.45


def default_scenario(prompt: str) -> str:
    """``"region"`` for a prompt with the region hint the app adds to region edits, else
    ``"standard"``: what a request without a ``[demo:...]`` marker gets."""
    return "region" if _HINT.search(prompt or "") else "standard"


def render_region(source: Image.Image | None, prompt: str, ratio: float) -> Image.Image:
    """The answer: ``source`` moved by the known amounts, graded, changed in the hinted area."""
    size = edit.snap_size(ratio)
    if source is None:
        return edit.render(None, prompt, ratio)
    frames = Frames(source.size, size)
    dx, dy = SHIFT[0] * source.width, SHIFT[1] * source.height
    a, bx, by = frames.to_model(SCALE, dx, dy)
    # For each answer pixel q, the sent point it shows: p = (q - b) / a.
    moved = source.convert("RGB").transform(
        size,
        Image.Transform.AFFINE,
        (1 / a, 0.0, -bx / a, 0.0, 1 / a, -by / a),
        Image.Resampling.BICUBIC,
        fillcolor=(128, 128, 128),
    )
    graded = _grade(moved)
    left, top, right, bottom = _hinted_area(prompt)
    corners = [(left * source.width, top * source.height)]
    corners.append((right * source.width, bottom * source.height))
    (x0, y0), (x1, y1) = ((a * x + bx, a * y + by) for x, y in corners)
    caption = edit.caption_for(_WHOLE_HINT.sub("", prompt))
    return _draw_change(graded, (x0, y0, x1, y1), caption)


def _grade(image: Image.Image) -> Image.Image:
    """A warm, slightly contrasty grade: what a model's own look does to every pixel."""
    red, green, blue = image.split()
    red = red.point(lambda v: min(255, round(v * 1.05 + 6)))
    green = green.point(lambda v: min(255, round(v * 1.02 + 2)))
    blue = blue.point(lambda v: round(v * 0.92))
    return Image.merge("RGB", (red, green, blue))


def _hinted_area(prompt: str) -> tuple[float, float, float, float]:
    match = _HINT.search(prompt or "")
    if not match:
        return _MIDDLE
    left, top, right, bottom = (min(100, int(term)) / 100 for term in match.groups())
    return (left, top, right, bottom) if right > left and bottom > top else _MIDDLE


def _draw_change(image: Image.Image, box: tuple[float, ...], caption: str) -> Image.Image:
    """A bright rounded panel with the caption: unmistakably the model's work."""
    x0, y0, x1, y1 = box
    # At most half the picture each way: the rest must stay recognisable to be aligned.
    width = min(0.8 * (x1 - x0), _MAX_PANEL * image.width)
    height = min(0.8 * (y1 - y0), _MAX_PANEL * image.height)
    centre_x, centre_y = (x0 + x1) / 2, (y0 + y1) / 2
    panel = (
        centre_x - width / 2,
        centre_y - height / 2,
        centre_x + width / 2,
        centre_y + height / 2,
    )
    draw = ImageDraw.Draw(image)
    radius = max(2, round(min(panel[2] - panel[0], panel[3] - panel[1]) / 6))
    draw.rounded_rectangle(panel, radius, fill=(250, 200, 40), outline=(120, 40, 10), width=3)
    font = edit.load_font(max(12, round((panel[3] - panel[1]) / 4)))
    centre = ((panel[0] + panel[2]) / 2, (panel[1] + panel[3]) / 2)
    draw.text(centre, caption, font=font, fill=(90, 20, 0), anchor="mm")
    return image

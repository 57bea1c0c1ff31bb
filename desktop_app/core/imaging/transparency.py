"""Transparent results from models that cannot make them: a flat key colour, removed here.

The chat route has no ``background`` parameter, so the model is asked to put the subject on a
flat pure green (or magenta) background, and this module turns that colour into transparency:
alpha follows how strongly a pixel leans towards the key colour (soft, anti-aliased edges stay
soft), edge pixels are un-mixed from the key colour, and the key colour's spill on the subject
is suppressed. The result is an RGBA PNG.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageChops, ImageMath

from desktop_app.core.files import publish_without_overwrite, temp_file_beside, write_atomically

# Which channels are high in each key colour; the others are low.
KEY_COLOURS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "green": ((1,), (0, 2)),
    "magenta": ((0, 2), (1,)),
}
KEY_HEX = {"green": "#00FF00", "magenta": "#FF00FF"}
DEFAULT_KEY = "green"
# How far a pixel leans to the key colour (0..1) where it starts to fade and is gone.
_OPAQUE_BELOW = 0.12
_CLEAR_ABOVE = 0.85


def key_instruction(key: str = DEFAULT_KEY) -> str:
    """The words added to a chat prompt so the model leaves a background we can remove."""
    name = "magenta" if key == "magenta" else "green"
    return (
        f"Background: one flat, solid pure {name} ({KEY_HEX[name]}) colour, no gradient, "
        f"no shadow, no {name} on the subject."
    )


def remove_key_colour(image: Image.Image, key: str = DEFAULT_KEY) -> Image.Image:
    """``image`` as RGBA with the ``key`` colour ("green" or "magenta") made transparent.

    Args:
        image: any mode; an existing alpha channel is kept where it is lower.
        key: which flat colour the model was asked to paint the background in.

    Returns:
        An RGBA image of the same size.
    """
    high, low = KEY_COLOURS.get(key, KEY_COLOURS[DEFAULT_KEY])
    rgba = image.convert("RGBA")
    rgb = [_unit(band.convert("F")) for band in rgba.split()[:3]]
    lean = _clip(_difference(_lowest([rgb[c] for c in high]), _highest([rgb[c] for c in low])))
    span = _CLEAR_ABOVE - _OPAQUE_BELOW
    alpha = _clip(ImageMath.lambda_eval(lambda e: (_CLEAR_ABOVE - e["l"]) / span, l=lean))
    # Un-mix the key colour from edge pixels: pixel = a * colour + (1 - a) * key.
    colour = [
        _clip(
            ImageMath.lambda_eval(
                lambda e, key_level=float(c in high): (
                    (e["c"] - (1.0 - e["a"]) * key_level) / e["max"](e["a"], 0.001)
                ),
                c=rgb[c],
                a=alpha,
            )
        )
        for c in range(3)
    ]
    # Spill: what still leans to the key colour loses that excess in its high channels.
    excess = _clip(
        _difference(_lowest([colour[c] for c in high]), _highest([colour[c] for c in low]))
    )
    for c in high:
        colour[c] = ImageMath.lambda_eval(lambda e: e["c"] - e["x"], c=colour[c], x=excess)
    shown = [
        _byte(ImageMath.lambda_eval(lambda e: e["c"] * (e["a"] > 0), c=band, a=alpha))
        for band in colour
    ]
    return Image.merge("RGBA", (*shown, ImageChops.darker(_byte(alpha), rgba.getchannel("A"))))


def _unit(band: Image.Image) -> Image.Image:
    return ImageMath.lambda_eval(lambda e: e["b"] / 255.0, b=band)


def _clip(band: Image.Image) -> Image.Image:
    """``band`` (``F``) limited to 0..1."""
    return ImageMath.lambda_eval(lambda e: e["min"](e["max"](e["b"], 0.0), 1.0), b=band)


def _difference(first: Image.Image, second: Image.Image) -> Image.Image:
    return ImageMath.lambda_eval(lambda e: e["a"] - e["b"], a=first, b=second)


def _lowest(bands: list[Image.Image]) -> Image.Image:
    lowest = bands[0]
    for band in bands[1:]:
        lowest = ImageMath.lambda_eval(lambda e: e["min"](e["a"], e["b"]), a=lowest, b=band)
    return lowest


def _highest(bands: list[Image.Image]) -> Image.Image:
    highest = bands[0]
    for band in bands[1:]:
        highest = ImageMath.lambda_eval(lambda e: e["max"](e["a"], e["b"]), a=highest, b=band)
    return highest


def _byte(band: Image.Image) -> Image.Image:
    """A 0..1 ``F`` band as ``L``, rounded (the conversion alone truncates)."""
    return ImageMath.lambda_eval(lambda e: e["b"] * 255.0 + 0.5, b=band).convert("L")


def key_out_file(path: Path, key: str = DEFAULT_KEY) -> Path:
    """Replace the picture at ``path`` by its keyed-out RGBA PNG; returns the PNG's path.

    A non-PNG result becomes a PNG beside it (``name.png``, or ``name-2.png`` ... when that is
    taken: nothing is overwritten) and the original goes.
    """
    with Image.open(path) as opened:
        keyed = remove_key_colour(opened, key)
    buffer = io.BytesIO()
    keyed.save(buffer, format="PNG", compress_level=3)
    if path.suffix.lower() == ".png":
        return write_atomically(path, buffer.getvalue())
    fd, tmp = temp_file_beside(path.parent)
    with open(fd, "wb") as sink:
        sink.write(buffer.getvalue())
    target = publish_without_overwrite(
        tmp, lambda n: path.with_name(f"{path.stem}{'' if n == 1 else f'-{n}'}.png")
    )
    path.unlink(missing_ok=True)
    return target

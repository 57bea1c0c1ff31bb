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

import numpy as np
from PIL import Image

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
    rgba = np.asarray(image.convert("RGBA"), dtype=np.float32) / 255.0
    rgb, old_alpha = rgba[..., :3], rgba[..., 3]
    lean = np.clip(rgb[..., high].min(axis=-1) - rgb[..., low].max(axis=-1), 0.0, 1.0)
    alpha = np.clip((_CLEAR_ABOVE - lean) / (_CLEAR_ABOVE - _OPAQUE_BELOW), 0.0, 1.0)
    key_rgb = np.zeros(3, dtype=np.float32)
    key_rgb[list(high)] = 1.0
    # Un-mix the key colour from edge pixels: pixel = a * colour + (1 - a) * key.
    safe = np.maximum(alpha, 1e-3)[..., None]
    colour = np.clip((rgb - (1.0 - alpha)[..., None] * key_rgb) / safe, 0.0, 1.0)
    # Spill: what still leans to the key colour loses that excess in its high channels.
    excess = np.clip(colour[..., high].min(axis=-1) - colour[..., low].max(axis=-1), 0.0, 1.0)
    for channel in high:
        colour[..., channel] -= excess
    colour = np.where(alpha[..., None] > 0, colour, 0.0)
    out = np.dstack([colour, np.minimum(alpha, old_alpha)])
    return Image.fromarray(np.round(out * 255.0).astype(np.uint8), "RGBA")


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

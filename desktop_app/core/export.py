"""Save a result under another name or format, keeping the delivered bytes when possible."""

from __future__ import annotations

import shutil
from io import BytesIO
from pathlib import Path

from PIL import Image

from desktop_app.core.errors import bad_input
from desktop_app.core.files import write_atomically

EXPORT_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}


def export_image(source: Path, target: Path) -> Path:
    """Write ``source`` to ``target`` in the format its suffix names (PNG, JPEG or WebP).

    The same format copies the bytes untouched; another one re-encodes at high quality
    (JPEG has no alpha, so transparency is flattened onto white).
    """
    fmt = EXPORT_FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise bad_input(
            f"Save as .png, .jpg or .webp, not “{target.suffix}”.", suffix=target.suffix
        )
    with Image.open(source) as image:
        if image.format == fmt:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.part")
            shutil.copyfile(source, tmp)
            tmp.replace(target)
            return target
        image.load()
        picture = image
        if fmt == "JPEG" and image.mode in ("RGBA", "LA", "P"):
            rgba = image.convert("RGBA")
            picture = Image.new("RGB", rgba.size, "white")
            picture.paste(rgba, mask=rgba.getchannel("A"))
        elif fmt == "JPEG":
            picture = image.convert("RGB")
        buffer = BytesIO()
        options = {"quality": 95} if fmt in ("JPEG", "WEBP") else {}
        picture.save(buffer, fmt, **options)
    return write_atomically(target, buffer.getvalue())

"""What is wrong with a picture file, in a sentence a designer understands.

Every problem becomes a :class:`RetouchError` of kind ``BAD_INPUT`` with the technical cause
in ``details`` and translation ``params`` (always ``name`` and ``problem``; the window and
the command line word it from ``desktop_app.error_catalogue``).
"""

from __future__ import annotations

from PIL import Image

from desktop_app.core.errors import RetouchError, bad_input
from desktop_app.core.imaging import formats

# One sentence per problem; ``problem`` and the named values go to ``params`` for the UI.
MESSAGES = {
    "missing": "Retouch Studio can't find {label}. It may have been moved, renamed or deleted.",
    "folder": "{Label} is a folder, not an image.",
    "no_permission": "Retouch Studio isn't allowed to read {label}. Check its permissions.",
    "unreadable": "Retouch Studio couldn't open {label}.",
    "empty": "{Label} is empty (0 bytes), so there is no picture in it.",
    "not_an_image": "{Label} is not an image Retouch Studio can read. Use a JPEG, PNG, WebP, "
    "HEIC, AVIF, PSD, TIFF, BMP or GIF file.",
    "unsupported_format": "{Label} is {kind}, which Retouch Studio can't read. Export it as "
    "JPEG or PNG and try again.",
    "psd_no_composite": "{Label} is a Photoshop document saved without a flattened picture. "
    "In Photoshop, turn on Preferences › File Handling › Maximize PSD Compatibility and save "
    "it again, or export it as PNG.",
    "damaged": "{Label} is a damaged or incomplete {format} file, so Retouch Studio can't read "
    "it. Try exporting it again.",
    "too_large": "{Label} is too large: {megapixels:,.0f} megapixels ({width} × {height}). "
    "Retouch Studio accepts up to {limit_megapixels:,.0f} megapixels; scale it down and try "
    "again.",
    "too_large_to_open": "{Label} is too large for Retouch Studio to open. Scale it down and "
    "try again.",
    "out_of_memory": "{Label} is too large to process with the memory available.",
    "cannot_fit": "{Label} can't be made small enough to send ({limit_mb} MB at most), even at "
    "reduced quality and size.",
}

# Pillow's names that designers know otherwise (the HEIF plugin reads their HEIC photos).
_SHOWN_NAMES = {"HEIF": "HEIC"}


def fail(
    problem: str,
    name: str,
    *,
    path: str = "",
    exc: BaseException | None = None,
    details: str = "",
    kind: str = "",
    **params: object,
) -> RetouchError:
    """The BAD_INPUT error for ``problem``: message from MESSAGES, technical text in details."""
    label = f"“{name}”" if name else "this image"
    if problem == "damaged":
        fmt = params.get("format")
        params["format"] = _SHOWN_NAMES.get(str(fmt), fmt) or "image"
    message = MESSAGES[problem].format(
        label=label, Label=label[0].upper() + label[1:], kind=kind, **params
    )
    lines = [
        details,
        f"path: {path}" if path else "",
        f"{type(exc).__name__}: {exc}" if exc else "",
    ]
    return bad_input(message, "\n".join(filter(None, lines)), name=name, problem=problem, **params)


def too_large(
    name: str,
    size: tuple[int, int],
    limit_pixels: int,
    path: str = "",
    exc: BaseException | None = None,
) -> RetouchError:
    """The error for a picture over ``limit_pixels`` (or over a plugin's own limit)."""
    width, height = size
    return fail(
        "too_large",
        name,
        path=path,
        exc=exc,
        width=width,
        height=height,
        megapixels=round(width * height / 1e6, 1),
        limit_megapixels=limit_pixels // 1_000_000,
    )


def not_readable(name: str, head: bytes, path: str, suffix: str) -> RetouchError:
    """Explain a file no supported plugin accepted: named format, damaged, or not an image."""
    named = formats.unsupported_magic(head) or formats.UNSUPPORTED_SUFFIXES.get(suffix)
    known = formats.supported_magic(head)
    if known == "HEIC" and "HEIF" not in Image.OPEN:  # pillow-heif missing from this install
        named = ("HEIC", "a HEIC photo")
    if named:
        return fail("unsupported_format", name, path=path, format=named[0], kind=named[1])
    if known:  # the signature is right but Pillow found no valid header behind it
        return fail("damaged", name, path=path, format=known)
    return fail("not_an_image", name, path=path, details=f"first bytes: {head[:16]!r}")

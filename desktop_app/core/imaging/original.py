"""The input picture at its own pixel size and in its own colours: what a region edit keeps.

Unlike :func:`desktop_app.core.imaging.prep.load_display_image`, nothing is converted that
does not have to be: 8-bit RGB and RGBA pixels stay as they are in the file (with their ICC
profile), so the pixels outside a region edit can be written back bit for bit. Only the
EXIF orientation is applied, since the mask is painted on the picture as it is shown.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from desktop_app.core.imaging import color
from desktop_app.core.imaging.prep import inspect_image

LOSSLESS_FORMATS = frozenset({"PNG", "TIFF", "BMP", "GIF", "WEBP"})
JPEG_QUALITY = 95
_PNG_LEVEL = 1  # a 24 MP PNG takes seconds at the default level, for a few % smaller files
_ORIENTATION = 0x0112


@dataclass(frozen=True)
class Original:
    """A decoded input picture.

    Attributes:
        pixels: ``RGB`` or ``RGBA``, upright, at the file's own resolution.
        format: the file's format (``"JPEG"``, ``"PNG"``, ...).
        icc_profile: the embedded profile the pixels are in (``b""``: sRGB).
        exif: the file's EXIF block with the orientation reset (the pixels are upright), or
            ``b""``.
    """

    pixels: Image.Image
    format: str
    icc_profile: bytes
    exif: bytes

    @property
    def size(self) -> tuple[int, int]:
        return self.pixels.size

    @property
    def lossless(self) -> bool:
        return self.format in LOSSLESS_FORMATS

    def srgb(self, box: tuple[int, int, int, int] | None = None) -> Image.Image:
        """The pixels (or the ``box`` of them) in 8-bit sRGB, as the relay gets them."""
        part = self.pixels.crop(box) if box else self.pixels
        return color.to_srgb8(part, self.icc_profile or None)

    def encode(self, image: Image.Image) -> tuple[bytes, str]:
        """``image`` (these pixels, edited) encoded the way this picture deserves.

        Returns:
            ``(data, suffix)``: PNG for lossless sources (bit-exact pixels), JPEG at quality
            :data:`JPEG_QUALITY` with the source's ICC profile and EXIF for the others.
        """
        buffer = io.BytesIO()
        extra: dict[str, object] = {"icc_profile": self.icc_profile} if self.icc_profile else {}
        if self.lossless:
            image.save(buffer, "PNG", compress_level=_PNG_LEVEL, **extra)
            return buffer.getvalue(), ".png"
        if self.exif:
            extra["exif"] = self.exif
        rgb = image.convert("RGB") if image.mode != "RGB" else image
        rgb.save(buffer, "JPEG", quality=JPEG_QUALITY, subsampling=0, **extra)
        return buffer.getvalue(), ".jpg"


def load_original(path: Path) -> Original:
    """Decode ``path`` upright and, where possible, without touching its pixel values.

    Raises:
        RetouchError: BAD_INPUT as :func:`desktop_app.core.imaging.prep.inspect_image`.
    """
    info = inspect_image(path)  # clear errors for missing, foreign or oversized files
    with Image.open(path) as opened:
        opened.load()
        profile = opened.info.get("icc_profile") or b""
        exif = opened.getexif()
        upright = ImageOps.exif_transpose(opened) or opened.copy()
    pixels = color.normalize_mode(upright)
    if pixels.mode not in ("RGB", "RGBA"):
        # Grey, CMYK, 16-bit: the composite is colour, so these become sRGB once.
        pixels = color.to_srgb8(pixels, profile or None)
        profile = b""
    if _ORIENTATION in exif:
        exif[_ORIENTATION] = 1
    return Original(pixels, info.format, profile, exif.tobytes() if len(exif) else b"")

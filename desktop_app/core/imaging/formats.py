"""Which picture formats Retouch Studio reads and writes, and how files are recognised.

Pillow reads JPEG, PNG, WebP, GIF, BMP, TIFF, AVIF and the stored composite of a Photoshop
document. HEIC/HEIF comes from libheif through ``pi-heif``, the decode-only build of
``pillow-heif`` (the full one also carries the 21 MB x265 encoder, which the bundle's size
budget has no room for and the app never uses; it is taken when it is all there is).
:func:`register_plugins` registers it on first use, so starting the app does not load
libheif. JPEG XL stays refused by name: the one maintained Pillow plugin decodes the whole
picture while opening it, before the size can be checked against ``MAX_SOURCE_PIXELS``.

Things designers drop that are not readable (PDF, camera RAW, SVG…) are named from their
first bytes or suffix, so the error says what the file is and what to do.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import struct
from typing import IO

from PIL import Image

from desktop_app.core.imaging import psd_deep

log = logging.getLogger(__name__)

SUPPORTED_FORMATS: frozenset[str] = frozenset(
    {"JPEG", "MPO", "PNG", "WEBP", "BMP", "TIFF", "GIF", "HEIF", "AVIF", "PSD"}
)
# Tried in this order. MPO (a JPEG with extra frames) is opened as the plain JPEG it starts
# with: that is the picture we want, and it skips the MPO plugin's own pixel-limit check.
OPEN_ORDER = (
    "JPEG",
    "PNG",
    "WEBP",
    "GIF",
    "BMP",
    "TIFF",
    "HEIF",
    "AVIF",
    "PSD",
    psd_deep.FORMAT_ID,
)
# What the open dialogs offer, by suffix.
OPEN_SUFFIXES = (
    *(".png", ".jpg", ".jpeg", ".webp", ".heic", ".heif", ".avif"),
    *(".psd", ".tif", ".tiff", ".gif", ".bmp"),
)
# Formats whose further frames or pages are not part of the picture we send (for a PSD,
# Pillow's "frames" are its layers, whose flattened composite is what we read).
_MULTI_FRAME_FORMATS = frozenset({"GIF", "WEBP", "PNG", "AVIF", "TIFF", "HEIF"})
SNIFF_BYTES = 1024


@functools.cache
def register_plugins() -> None:
    """Register the HEIC/HEIF and 16-bit PSD readers with Pillow (once; later calls are free).

    Without either HEIF package installed, HEIC is refused by name like any unread format.
    """
    Image.register_open(psd_deep.FORMAT_ID, psd_deep.DeepPsdImageFile, psd_deep.accept)
    try:
        from pi_heif import register_heif_opener
    except ImportError:
        try:
            from pillow_heif import register_heif_opener
        except ImportError:
            log.info("neither pi-heif nor pillow-heif is installed: HEIC cannot be opened")
            return
    # No thumbnails or depth maps: only the primary picture is ever used.
    register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)


def frame_count(image: Image.Image) -> int:
    """How many frames or pages ``image`` has (1 when it cannot tell cheaply or safely)."""
    if image.format not in _MULTI_FRAME_FORMATS:
        return 1
    try:
        if not getattr(image, "is_animated", False):
            return 1
        return int(getattr(image, "n_frames", 2))
    except Exception:  # a damaged later frame must not make the first one unusable
        log.info("could not count the frames of a %s", image.format, exc_info=True)
        return 1


def keep_animation_alpha(image: Image.Image, frames: int) -> None:
    """Read an animated WebP's alpha channel even when its header does not announce one.

    libwebp's animation encoder can leave the VP8X alpha flag unset on transparent frames;
    Pillow then reads them as RGB, and the clear parts turn black. Its decoder produces RGBA
    either way, so reading that buffer as RGBA costs nothing (opaque frames read 255).
    """
    if image.format == "WEBP" and frames > 1 and getattr(image, "rawmode", "") == "RGBX":
        image.rawmode = "RGBA"  # type: ignore[attr-defined]
        image._mode = "RGBA"


# --- Photoshop documents ------------------------------------------------------------------

_PSD_VERSION_INFO = 1057  # image resource: "has real merged data" flag, writer, reader


def psd_has_composite(fp: IO[bytes]) -> bool:
    """Whether a PSD stores a real flattened picture (Photoshop: "Maximize Compatibility").

    Without it Photoshop writes a blank composite and says so in the version info resource,
    or writes none at all. Reads the section lengths only; ``fp`` is left at its start.
    """
    try:
        fp.seek(0)
        header = fp.read(26)
        if len(header) < 26 or header[:4] != b"8BPS":
            return True  # not a PSD: nothing to say
        fp.seek(_section_length(fp), 1)  # colour mode data
        resources_length = _section_length(fp)
        resources = fp.read(resources_length)
        if _version_info_says_no_composite(resources):
            return False
        fp.seek(_section_length(fp), 1)  # layer and mask information
        return len(fp.read(2)) == 2  # the image data section starts with its compression
    except (OSError, struct.error, ValueError):
        return True  # damaged: Pillow's own error says more
    finally:
        with contextlib.suppress(OSError, ValueError):
            fp.seek(0)


def _section_length(fp: IO[bytes]) -> int:
    (length,) = struct.unpack(">I", fp.read(4))
    return length


def _version_info_says_no_composite(resources: bytes) -> bool:
    offset = 0
    while offset + 12 <= len(resources) and resources[offset : offset + 4] == b"8BIM":
        (resource_id,) = struct.unpack_from(">H", resources, offset + 4)
        name_length = resources[offset + 6]
        offset += 6 + name_length + 1 + ((name_length + 1) & 1)  # Pascal name, padded even
        (size,) = struct.unpack_from(">I", resources, offset)
        offset += 4
        if resource_id == _PSD_VERSION_INFO and size >= 5:
            return resources[offset + 4] == 0
        offset += size + (size & 1)
    return False


# --- recognising files by their first bytes ---------------------------------------------

# Things designers drop that we do not read: named, so the advice is specific.
_UNSUPPORTED_MAGIC = (
    (b"%PDF", "PDF", "a PDF document"),
    (b"%!PS", "EPS", "a PostScript file (EPS)"),
    (b"\xc5\xd0\xd3\xc6", "EPS", "a PostScript file (EPS)"),
    (b"gimp xcf", "XCF", "a GIMP file (XCF)"),
    (b"\xff\x0a", "JXL", "a JPEG XL image (JXL)"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "JXL", "a JPEG XL image (JXL)"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG2000", "a JPEG 2000 image"),
    (b"\xff\x4f\xff\x51", "JPEG2000", "a JPEG 2000 image"),
    (b"\x00\x00\x01\x00", "ICO", "an icon file (ICO)"),
    (b"FUJIFILMCCD-RAW", "RAF", "a camera RAW file (RAF)"),
)
UNSUPPORTED_SUFFIXES = {
    ".svg": ("SVG", "an SVG drawing"),
    ".ai": ("AI", "an Illustrator file (AI)"),
    ".jxl": ("JXL", "a JPEG XL image (JXL)"),
}
# TIFF-based raws would open as their tiny embedded preview: refuse them by name first.
_RAW_EXTENSIONS = "cr2 cr3 nef nrw arw srf sr2 dng raf orf rw2 pef srw 3fr iiq x3f"
RAW_SUFFIXES = frozenset(f".{ext}" for ext in _RAW_EXTENSIONS.split())
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")
_BMP_HEADER_SIZES = {struct.pack("<I", n) for n in (12, 40, 52, 56, 64, 108, 124)}


def unsupported_magic(head: bytes) -> tuple[str, str] | None:
    """(format code, English phrase) for a known unsupported signature, or None."""
    if head[4:8] == b"ftyp":  # ISO media: HEIC/AVIF pictures, but also phone videos
        brands = head[8:40]
        if head[8:12] == b"crx ":
            return "CR3", "a camera RAW file (CR3)"
        if b"avif" in brands or b"avis" in brands or any(b in brands for b in _HEIF_BRANDS):
            return None  # a picture we read (or, if it failed to open, a damaged one)
        return "VIDEO", "a video"
    for magic, fmt, kind in _UNSUPPORTED_MAGIC:
        if head.startswith(magic):
            return fmt, kind
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return "SVG", "an SVG drawing"
    if text.startswith((b"<!doctype html", b"<html")):
        return "HTML", "a web page (HTML)"
    return None


def supported_magic(head: bytes) -> str | None:
    """The supported format whose signature ``head`` starts with, or None."""
    signatures = {
        "JPEG": (b"\xff\xd8\xff",),
        "PNG": (b"\x89PNG\r\n\x1a\n",),
        "GIF": (b"GIF87a", b"GIF89a"),
        "TIFF": (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"),
        "PSD": (b"8BPS",),
    }
    for fmt, magics in signatures.items():
        if head.startswith(magics):
            return fmt
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp":
        brands = head[8:40]
        if b"avif" in brands or b"avis" in brands:
            return "AVIF"
        if any(brand in brands for brand in _HEIF_BRANDS):
            return "HEIC"
    # "BM" alone starts plenty of text; also require a known DIB header size.
    return "BMP" if head[:2] == b"BM" and head[14:18] in _BMP_HEADER_SIZES else None

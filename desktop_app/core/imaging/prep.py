"""Get a local picture ready for the relay: check it, orient it, make it 8-bit sRGB, shrink it.

Everything here is synchronous and Qt-free; callers run it in a thread executor. Every
problem with the file itself becomes a :class:`RetouchError` of kind ``BAD_INPUT`` with a
sentence a designer understands, the technical cause in ``details`` and translation
``params`` (always ``name`` and ``problem``).

Speed matters because this runs on every send: JPEGs are decoded at a reduced DCT scale
(``draft``) close to the target size, big factors are box-reduced before the final filter,
and colour work happens on the small image.

Kept in one piece until opening more formats (HEIC, AVIF, PSD) moves decoding into a module
of its own: checks, decoding and shrinking share one open file and its warnings.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import io
import math
import os
import struct
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from PIL import (  # the plugins are imported so that Image.OPEN knows them
    BmpImagePlugin,  # noqa: F401
    GifImagePlugin,  # noqa: F401
    Image,
    ImageFile,
    JpegImagePlugin,
    PngImagePlugin,  # noqa: F401
    TiffImagePlugin,  # noqa: F401
    WebPImagePlugin,  # noqa: F401
)

from desktop_app.core.errors import RetouchError, bad_input
from desktop_app.core.imaging import color

MAX_SOURCE_PIXELS = 250_000_000  # refused above this, from the header, before decoding
MAX_DATA_URL_BYTES = 8 * 1024 * 1024  # one image's data URL, after base64
MAX_REQUEST_BYTES = 12 * 1024 * 1024  # all images of one request after base64 (callers sum)
SUPPORTED_FORMATS: frozenset[str] = frozenset({"JPEG", "MPO", "PNG", "WEBP", "BMP", "TIFF", "GIF"})

# Tried in this order. MPO (a JPEG with extra frames) is opened as the plain JPEG it starts
# with: that is the picture we want, and it skips the MPO plugin's own pixel-limit check.
_OPEN_ORDER = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF")
_FILTER = Image.Resampling.BICUBIC  # sharp and clearly faster than LANCZOS at a < 2x ratio
_REDUCING_GAP = 2.0  # box-reduce by whole factors first, keep >= 2x for the real filter
_JPEG_QUALITIES = (90, 80, 70, 60)
_PNG_LEVELS = (1, 6)  # level 1 is several times faster than the default; 6 when tight
_MIN_LONG_SIDE = 256  # below this, give up shrinking to fit the data URL limit
_WORKERS = min(4, os.cpu_count() or 1)  # threads for resampling big images
# Errors Pillow raises for damaged data (it never wraps them in one type).
_DECODE_ERRORS = (OSError, ValueError, EOFError, SyntaxError, IndexError, TypeError, struct.error)
# EXIF orientation -> the transposition that shows the picture upright (exif_transpose).
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class ImageInfo:
    """What the file header says, with width and height as the picture is shown (EXIF)."""

    format: str
    width: int
    height: int
    mode: str
    file_size: int
    has_alpha: bool

    @property
    def megapixels(self) -> float:
        return self.width * self.height / 1_000_000


@dataclass(frozen=True)
class PreparedImage:
    """One image ready for an ``image_url`` part of the request."""

    data_url: str
    mime: str
    width: int
    height: int
    encoded_size: int
    source: ImageInfo


def inspect_image(source: Path | bytes) -> ImageInfo:
    """Read the header only (fast even for 100 MP) and refuse what cannot be sent.

    Args:
        source: a file path, or the encoded bytes of an image (e.g. pasted).

    Returns:
        The format, shown size, mode, file size and whether there is an alpha channel.

    Raises:
        RetouchError: kind BAD_INPUT, when the file is missing, empty, not an image, in an
            unsupported format, larger than MAX_SOURCE_PIXELS or has a damaged header.
    """
    with _open_header(source) as (_, info, _):
        return info


def prepare_image(
    source: Path | bytes,
    *,
    max_long_side: int = 2048,
    max_data_url_bytes: int = MAX_DATA_URL_BYTES,
) -> PreparedImage:
    """Decode, orient, convert to sRGB, downscale and encode one image as a data URL.

    Opaque pictures become JPEG (quality 90), pictures with real transparency PNG. When the
    data URL would exceed ``max_data_url_bytes``, JPEG quality steps down, then the image
    is scaled down further until it fits.

    Args:
        source: a file path or the encoded bytes of an image.
        max_long_side: the longest side sent, in pixels; smaller images are not enlarged.
        max_data_url_bytes: the limit for the whole ``data:...;base64,...`` string.

    Returns:
        The data URL with its MIME type, the size sent, the encoded size and the source info.

    Raises:
        RetouchError: kind BAD_INPUT for every problem with the file, or when even a
            strongly reduced version cannot fit ``max_data_url_bytes``.
    """
    with _open_header(source) as (image, info, name):
        pixels = _decode(image, info, name, max_long_side)
    return _encode_to_fit(pixels, info, name, max_data_url_bytes)


def load_display_image(source: Path | bytes, max_long_side: int | None = None) -> Image.Image:
    """Decode an image for previews: oriented, 8-bit sRGB, mode ``RGB`` or ``RGBA``.

    Args:
        source: a file path or the encoded bytes of an image.
        max_long_side: when given, the longest side is reduced to at most this.

    Returns:
        A loaded Pillow image, independent of the file.

    Raises:
        RetouchError: kind BAD_INPUT, as for :func:`prepare_image`.
    """
    with _open_header(source) as (image, info, name):
        return _decode(image, info, name, max_long_side)


def prepare_pixels(
    pixels: Image.Image,
    source: ImageInfo,
    *,
    max_long_side: int = 2048,
    max_data_url_bytes: int = MAX_DATA_URL_BYTES,
) -> PreparedImage:
    """Like :func:`prepare_image` for pixels already decoded (8-bit sRGB RGB/RGBA), such as
    the region of a picture a region edit sends."""
    pixels = _downscale(pixels, _fit(pixels.size, max_long_side), None)
    return _encode_to_fit(pixels, source, "", max_data_url_bytes)


# --- opening and checking ---------------------------------------------------------------


@contextlib.contextmanager
def _open_header(source: Path | bytes) -> Iterator[tuple[ImageFile.ImageFile, ImageInfo, str]]:
    """Open the file, parse the header, check format and size; yield (image, info, name)."""
    with _open_stream(source) as (fp, name, path, file_size):
        if file_size == 0:
            raise _fail("empty", name, path=path)
        head = fp.read(_SNIFF_BYTES)
        suffix = Path(path).suffix.lower()
        if suffix in _RAW_SUFFIXES:
            raise _fail(
                "unsupported_format",
                name,
                path=path,
                format=suffix[1:].upper(),
                kind=f"a camera RAW file ({suffix[1:].upper()})",
            )
        try:
            image = _open_supported(fp, head)
        except Image.DecompressionBombError as exc:  # a plugin's own check (GIF frames, WebP)
            raise _fail("too_large_to_open", name, path=path, exc=exc) from exc
        except _DECODE_ERRORS as exc:
            fmt = _supported_magic(head)
            raise _fail("damaged", name, path=path, exc=exc, format=fmt) from exc
        if image is None:
            raise _not_readable(name, head, path, suffix)
        width, height = image.size
        if width * height > MAX_SOURCE_PIXELS:
            raise _too_large(name, width, height, path)
        # PNG may keep EXIF after the pixels, and getexif() would decode them all to look.
        if (image.format != "PNG" or "exif" in image.info) and _orientation(image) >= 5:
            width, height = height, width  # 5-8 turn the picture a quarter
        has_alpha = image.has_transparency_data
        info = ImageInfo(image.format or "", width, height, image.mode, file_size, has_alpha)
        yield image, info, name


@contextlib.contextmanager
def _open_stream(source: Path | bytes) -> Iterator[tuple[IO[bytes], str, str, int]]:
    """Yield (file object, display name, path text, size) and close the file afterwards."""
    if isinstance(source, bytes | bytearray | memoryview):
        yield io.BytesIO(source), "", "", len(source)
        return
    path = Path(source)
    try:
        fp = path.open("rb")
    except OSError as exc:
        if isinstance(exc, FileNotFoundError):
            problem = "missing"
        elif path.is_dir():
            problem = "folder"
        else:
            problem = "no_permission" if isinstance(exc, PermissionError) else "unreadable"
        raise _fail(problem, path.name, path=str(path), exc=exc) from exc
    with fp:
        yield fp, path.name, str(path), os.fstat(fp.fileno()).st_size


def _open_supported(fp: IO[bytes], head: bytes) -> ImageFile.ImageFile | None:
    """Like ``Image.open(fp, formats=...)``, minus Pillow's global pixel limit.

    That limit (about 179 MP) would refuse pictures our own MAX_SOURCE_PIXELS accepts, and
    changing ``Image.MAX_IMAGE_PIXELS`` would change it for all other code too.
    """
    for fmt in _OPEN_ORDER:
        factory, accept = Image.OPEN[fmt]
        verdict = accept(head) if accept else True
        if not verdict or isinstance(verdict, str):  # a str means "plugin unavailable"
            continue
        if fmt == "JPEG":
            factory = JpegImagePlugin.JpegImageFile
        fp.seek(0)
        try:
            # No file name: Pillow would otherwise re-open that name to memory-map it.
            return factory(fp, "")
        except (SyntaxError, IndexError, TypeError, struct.error):
            continue  # not this format after all (Image.open does the same)
    return None


def _orientation(image: Image.Image) -> int:
    """The EXIF (or XMP) orientation, 1 when absent or unreadable."""
    try:
        value = image.getexif().get(0x0112, 1)
    except Exception:  # a damaged EXIF block must not make the picture unusable
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


# --- decoding and encoding ---------------------------------------------------------------


def _decode(
    image: ImageFile.ImageFile, info: ImageInfo, name: str, max_long_side: int | None
) -> Image.Image:
    """Load the pixels and return an oriented, downscaled 8-bit sRGB RGB/RGBA image."""
    target = _fit(image.size, max_long_side)  # the long side does not depend on orientation
    box = None
    if isinstance(image, JpegImagePlugin.JpegImageFile) and target != image.size:
        # Decode at 1/2, 1/4 or 1/8 scale straight from the DCT. It only reduces when asked
        # for the aspect-correct target, so never pass a square box here.
        drafted = image.draft("RGB", target)
        box = drafted[1] if drafted else None
    try:
        image.load()  # GIF, WebP, MPO and TIFF: the first frame
        orientation = _orientation(image)
        pixels = color.normalize_mode(image)
        pixels = _downscale(pixels, target, box)
        pixels = color.to_srgb8(pixels, image.info.get("icc_profile"))
    except MemoryError as exc:
        raise _fail("out_of_memory", name, exc=exc) from exc
    except Image.DecompressionBombError as exc:  # a plugin's own check (e.g. TIFF strips)
        raise _too_large(name, info.width, info.height, "", exc) from exc
    except _DECODE_ERRORS as exc:  # truncated or corrupt data, odd modes
        raise _fail("damaged", name, exc=exc, format=info.format) from exc
    if orientation in _TRANSPOSE:
        pixels = pixels.transpose(_TRANSPOSE[orientation])
    if pixels.mode == "RGBA" and pixels.getchannel("A").getextrema()[0] == 255:
        pixels = pixels.convert("RGB")  # an alpha channel nobody uses: send a JPEG
    return pixels


def _fit(size: tuple[int, int], max_long_side: int | None) -> tuple[int, int]:
    """The size with the long side at most ``max_long_side``, aspect kept, never enlarged."""
    width, height = size
    if max_long_side is None or max(width, height) <= max_long_side:
        return size
    if max_long_side < 1:
        raise ValueError("max_long_side must be at least 1")
    scale = max_long_side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _downscale(
    image: Image.Image, size: tuple[int, int], box: tuple[float, float, float, float] | None
) -> Image.Image:
    """Resize to ``size`` with a good filter, box-reducing big factors first."""
    if image.size == size:
        return image
    gap = None if image.mode.startswith("I;16") else _REDUCING_GAP  # reduce() lacks 16-bit
    x0, y0, x1, y1 = box or (0, 0, *image.size)
    width, height = size
    pool = _pool()
    if pool is None or width * height < 1_000_000:
        return image.resize(size, _FILTER, box=(x0, y0, x1, y1), reducing_gap=gap)
    # Pillow releases the GIL while resampling, so horizontal bands run in parallel. The
    # filter still reads source rows across band edges, so the result has no seams.
    step = (y1 - y0) / height
    edges = [height * i // _WORKERS for i in range(_WORKERS + 1)]

    def band(top: int, bottom: int) -> Image.Image:
        band_box = (x0, y0 + top * step, x1, y0 + bottom * step)
        return image.resize((width, bottom - top), _FILTER, box=band_box, reducing_gap=gap)

    result = Image.new(image.mode, size)
    for top, part in zip(edges, pool.map(band, edges[:-1], edges[1:]), strict=False):
        result.paste(part, (0, top))
    return result


@functools.cache
def _pool() -> ThreadPoolExecutor | None:
    return ThreadPoolExecutor(_WORKERS, thread_name_prefix="image-prep") if _WORKERS > 1 else None


def _encode_to_fit(image: Image.Image, info: ImageInfo, name: str, limit: int) -> PreparedImage:
    """Encode as JPEG or PNG, stepping quality and then size down until the data URL fits."""
    mime = "image/png" if image.mode == "RGBA" else "image/jpeg"
    prefix = f"data:{mime};base64,"
    settings = _PNG_LEVELS if mime == "image/png" else _JPEG_QUALITIES
    current = image
    while True:
        for setting in settings:
            data = _encode(current, mime, setting)
            url_length = len(prefix) + 4 * math.ceil(len(data) / 3)
            if url_length <= limit:
                url = prefix + base64.b64encode(data).decode("ascii")
                return PreparedImage(url, mime, current.width, current.height, len(data), info)
            if mime == "image/png" and url_length > limit * 1.25:
                break  # slower PNG levels save far less than that (and take seconds): shrink
        long_side = max(current.size)
        if long_side <= _MIN_LONG_SIDE:
            raise _fail(
                "cannot_fit",
                name,
                limit_mb=round(limit / 2**20, 1),
                details=f"{current.width}x{current.height} {mime}: {url_length} bytes",
            )
        # Area goes with the square of the side; aim a little under to save extra rounds.
        ratio = min(0.85, max(0.25, math.sqrt(limit / url_length) * 0.9))
        current = image.resize(
            _fit(image.size, max(_MIN_LONG_SIDE, int(long_side * ratio))),
            _FILTER,
            reducing_gap=_REDUCING_GAP,
        )
        if mime == "image/jpeg":
            settings = settings[-1:]  # quality is already at its lowest step


def _encode(image: Image.Image, mime: str, setting: int) -> bytes:
    buffer = io.BytesIO()
    if mime == "image/png":
        image.save(buffer, "PNG", compress_level=setting)
    else:
        # Baseline, no optimize pass (slower for a few % less), standard 4:2:0 chroma. No
        # EXIF is written: orientation is applied already, and location data stays home.
        image.save(
            buffer, "JPEG", quality=setting, optimize=False, progressive=False, subsampling="4:2:0"
        )
    return buffer.getvalue()


# --- errors ------------------------------------------------------------------------------

# One sentence per problem; ``problem`` and the named values go to ``params`` for the UI.
_MESSAGES = {
    "missing": "Retouch Studio can't find {label}. It may have been moved, renamed or deleted.",
    "folder": "{Label} is a folder, not an image.",
    "no_permission": "Retouch Studio isn't allowed to read {label}. Check its permissions.",
    "unreadable": "Retouch Studio couldn't open {label}.",
    "empty": "{Label} is empty (0 bytes), so there is no picture in it.",
    "not_an_image": "{Label} is not an image Retouch Studio can read. Use a JPEG, PNG, WebP, "
    "TIFF, BMP or GIF file.",
    "unsupported_format": "{Label} is {kind}, which Retouch Studio can't read. Export it as "
    "JPEG or PNG and try again.",
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


def _fail(
    problem: str,
    name: str,
    *,
    path: str = "",
    exc: BaseException | None = None,
    details: str = "",
    kind: str = "",
    **params: object,
) -> RetouchError:
    """The BAD_INPUT error for ``problem``: message from _MESSAGES, technical text in details."""
    label = f"“{name}”" if name else "this image"
    if problem == "damaged":
        params["format"] = params.get("format") or "image"
    message = _MESSAGES[problem].format(
        label=label, Label=label[0].upper() + label[1:], kind=kind, **params
    )
    lines = [
        details,
        f"path: {path}" if path else "",
        f"{type(exc).__name__}: {exc}" if exc else "",
    ]
    return bad_input(message, "\n".join(filter(None, lines)), name=name, problem=problem, **params)


def _too_large(
    name: str, width: int, height: int, path: str, exc: BaseException | None = None
) -> RetouchError:
    return _fail(
        "too_large",
        name,
        path=path,
        exc=exc,
        width=width,
        height=height,
        megapixels=round(width * height / 1e6, 1),
        limit_megapixels=MAX_SOURCE_PIXELS // 1_000_000,
    )


def _not_readable(name: str, head: bytes, path: str, suffix: str) -> RetouchError:
    """Explain a file no supported plugin accepted: named format, damaged, or not an image."""
    fmt, kind = _unsupported_magic(head) or _UNSUPPORTED_SUFFIXES.get(suffix, ("", ""))
    if fmt:
        return _fail("unsupported_format", name, path=path, format=fmt, kind=kind)
    known = _supported_magic(head)
    if known:  # the signature is right but Pillow found no valid header behind it
        return _fail("damaged", name, path=path, format=known)
    return _fail("not_an_image", name, path=path, details=f"first bytes: {head[:16]!r}")


# --- recognising files by their first bytes ----------------------------------------------

_SNIFF_BYTES = 1024
# Things designers drop that we do not read: named, so the advice is specific.
_UNSUPPORTED_MAGIC = (
    (b"8BPS", "PSD", "a Photoshop document (PSD)"),
    (b"%PDF", "PDF", "a PDF document"),
    (b"%!PS", "EPS", "a PostScript file (EPS)"),
    (b"\xc5\xd0\xd3\xc6", "EPS", "a PostScript file (EPS)"),
    (b"gimp xcf", "XCF", "a GIMP file (XCF)"),
    (b"\xff\x0a", "JXL", "a JPEG XL image"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "JXL", "a JPEG XL image"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG2000", "a JPEG 2000 image"),
    (b"\xff\x4f\xff\x51", "JPEG2000", "a JPEG 2000 image"),
    (b"\x00\x00\x01\x00", "ICO", "an icon file (ICO)"),
    (b"FUJIFILMCCD-RAW", "RAF", "a camera RAW file (RAF)"),
)
_UNSUPPORTED_SUFFIXES = {
    ".heic": ("HEIC", "a HEIC photo"),
    ".heif": ("HEIC", "a HEIC photo"),
    ".avif": ("AVIF", "an AVIF image"),
    ".psd": ("PSD", "a Photoshop document (PSD)"),
    ".svg": ("SVG", "an SVG drawing"),
    ".ai": ("AI", "an Illustrator file (AI)"),
    ".jxl": ("JXL", "a JPEG XL image"),
}
# TIFF-based raws would open as their tiny embedded preview: refuse them by name first.
_RAW_EXTENSIONS = "cr2 cr3 nef nrw arw srf sr2 dng raf orf rw2 pef srw 3fr iiq x3f"
_RAW_SUFFIXES = frozenset(f".{ext}" for ext in _RAW_EXTENSIONS.split())
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")
_BMP_HEADER_SIZES = {struct.pack("<I", n) for n in (12, 40, 52, 56, 64, 108, 124)}


def _unsupported_magic(head: bytes) -> tuple[str, str] | None:
    """(format code, English phrase) for a known unsupported signature, or None."""
    if head[4:8] == b"ftyp":  # ISO media: HEIC/AVIF pictures, but also phone videos
        brands = head[8:40]
        if b"avif" in brands or b"avis" in brands:
            return "AVIF", "an AVIF image"
        if head[8:12] == b"crx ":
            return "CR3", "a camera RAW file (CR3)"
        if any(brand in brands for brand in _HEIF_BRANDS):
            return "HEIC", "a HEIC photo"
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


def _supported_magic(head: bytes) -> str | None:
    """The supported format whose signature ``head`` starts with, or None."""
    signatures = {
        "JPEG": (b"\xff\xd8\xff",),
        "PNG": (b"\x89PNG\r\n\x1a\n",),
        "GIF": (b"GIF87a", b"GIF89a"),
        "TIFF": (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"),
    }
    for fmt, magics in signatures.items():
        if head.startswith(magics):
            return fmt
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    # "BM" alone starts plenty of text; also require a known DIB header size.
    return "BMP" if head[:2] == b"BM" and head[14:18] in _BMP_HEADER_SIZES else None

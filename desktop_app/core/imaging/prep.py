"""Get a local picture ready for the relay: check it, orient it, make it 8-bit sRGB, shrink it.

Everything here is synchronous and Qt-free; callers run it in a thread executor. Every
problem with the file itself becomes a :class:`RetouchError` of kind ``BAD_INPUT``
(:mod:`desktop_app.core.imaging.problems`). Which formats open, and how a file is
recognised, is :mod:`desktop_app.core.imaging.formats`. Animations and multi-page files
give their first frame; :func:`first_frame_notice` says so.

Speed matters because this runs on every send: JPEGs are decoded at a reduced DCT scale
(``draft``) close to the target size, big factors are box-reduced before the final filter,
and colour work happens on the small image.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import io
import math
import os
import struct
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from PIL import (  # the plugins are imported so that Image.OPEN knows them
    AvifImagePlugin,  # noqa: F401
    BmpImagePlugin,  # noqa: F401
    GifImagePlugin,  # noqa: F401
    Image,
    ImageFile,
    JpegImagePlugin,
    PngImagePlugin,  # noqa: F401
    PsdImagePlugin,  # noqa: F401
    TiffImagePlugin,  # noqa: F401
    WebPImagePlugin,  # noqa: F401
)

from desktop_app.core.imaging import color, formats
from desktop_app.core.imaging.formats import SUPPORTED_FORMATS as SUPPORTED_FORMATS
from desktop_app.core.imaging.problems import fail, not_readable, too_large

MAX_SOURCE_PIXELS = 250_000_000  # refused above this, from the header, before decoding
MAX_DATA_URL_BYTES = 8 * 1024 * 1024  # one image's data URL, after base64
MAX_REQUEST_BYTES = 12 * 1024 * 1024  # all images of one request after base64 (callers sum)
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
    frames: int = 1  # frames of an animation or pages of a TIFF; only the first is used

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


def first_frame_notice(info: ImageInfo, name: str) -> str | None:
    """The sentence saying only the first of several frames or pages is used, or None."""
    if info.frames <= 1:
        return None
    what = "pages" if info.format == "TIFF" else "frames"
    return f"“{name}” has {info.frames} {what}; only the first is used."


def first_frame_notices(inputs: Sequence[Path], prepared: Sequence[PreparedImage]) -> list[str]:
    """:func:`first_frame_notice` for each input that has one (an edit's warnings)."""
    pairs = zip(inputs, prepared, strict=True)
    notices = (first_frame_notice(image.source, path.name) for path, image in pairs)
    return [notice for notice in notices if notice]


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
    formats.register_plugins()
    with _open_stream(source) as (fp, name, path, file_size):
        if file_size == 0:
            raise fail("empty", name, path=path)
        head = fp.read(formats.SNIFF_BYTES)
        suffix = Path(path).suffix.lower()
        if suffix in formats.RAW_SUFFIXES:
            raw = suffix[1:].upper()
            raise fail(
                "unsupported_format", name, path=path, format=raw, kind=f"a camera RAW file ({raw})"
            )
        if head.startswith(b"8BPS") and not formats.psd_has_composite(fp):
            raise fail("psd_no_composite", name, path=path, format="PSD")
        try:
            image = _open_supported(fp, head)
            frames = formats.frame_count(image) if image is not None else 1
            if image is not None:
                formats.keep_animation_alpha(image, frames)
        except Image.DecompressionBombError as exc:  # a plugin's own check (GIF frames, WebP)
            raise fail("too_large_to_open", name, path=path, exc=exc) from exc
        except _DECODE_ERRORS as exc:
            fmt = formats.supported_magic(head)
            raise fail("damaged", name, path=path, exc=exc, format=fmt) from exc
        if image is None:
            raise not_readable(name, head, path, suffix)
        width, height = image.size
        if width * height > MAX_SOURCE_PIXELS:
            raise too_large(name, (width, height), MAX_SOURCE_PIXELS, path)
        # PNG may keep EXIF after the pixels, and getexif() would decode them all to look.
        if (image.format != "PNG" or "exif" in image.info) and _orientation(image) >= 5:
            width, height = height, width  # 5-8 turn the picture a quarter
        has_alpha = image.has_transparency_data
        info = ImageInfo(
            image.format or "", width, height, image.mode, file_size, has_alpha, frames
        )
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
        raise fail(problem, path.name, path=str(path), exc=exc) from exc
    with fp:
        yield fp, path.name, str(path), os.fstat(fp.fileno()).st_size


def _open_supported(fp: IO[bytes], head: bytes) -> ImageFile.ImageFile | None:
    """Like ``Image.open(fp, formats=...)``, minus Pillow's global pixel limit.

    That limit (about 179 MP) would refuse pictures our own MAX_SOURCE_PIXELS accepts, and
    changing ``Image.MAX_IMAGE_PIXELS`` would change it for all other code too.
    """
    for fmt in formats.OPEN_ORDER:
        if fmt not in Image.OPEN:  # a plugin this install lacks (pillow-heif)
            continue
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
        image.load()  # GIF, WebP, AVIF, HEIF, MPO and TIFF: the first frame
        orientation = _orientation(image)
        pixels = color.normalize_mode(image)
        pixels = _downscale(pixels, target, box)
        pixels = color.to_srgb8(pixels, image.info.get("icc_profile"))
    except MemoryError as exc:
        raise fail("out_of_memory", name, exc=exc) from exc
    except Image.DecompressionBombError as exc:  # a plugin's own check (e.g. TIFF strips)
        raise too_large(name, (info.width, info.height), MAX_SOURCE_PIXELS, "", exc) from exc
    except _DECODE_ERRORS as exc:  # truncated or corrupt data, odd modes
        raise fail("damaged", name, exc=exc, format=info.format) from exc
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
            raise fail(
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

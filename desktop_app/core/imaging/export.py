"""Save a result under another name or format, keeping the delivered bytes when possible.

``export_image(source, target)`` copies or converts. With :class:`ExportOptions` it also
writes the prompt, model, ratio and source name into the file
(:mod:`desktop_app.core.imaging.metadata`), carries the source picture's colour profile over
(the pixels are converted from sRGB into it), and fixes the shape the model got wrong:
:func:`fit_to_ratio` crops or pads to the exact ratio asked for and
:func:`match_source_size` scales the result towards the source's resolution. All local,
with Pillow; synchronous, so callers run it in the executor.
"""

from __future__ import annotations

import io
import logging
import shutil
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Literal

from PIL import Image, ImageCms, ImageOps

from desktop_app.core.errors import bad_input
from desktop_app.core.files import write_atomically
from desktop_app.core.imaging.formats import register_plugins
from desktop_app.core.imaging.metadata import (
    ImageMetadata,
    exif_bytes,
    png_info,
    tiff_tags,
    xmp_packet,
)
from desktop_app.core.ratios import Ratio, parse_ratio

log = logging.getLogger(__name__)

EXPORT_FORMATS = {
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".webp": "WEBP",
    ".avif": "AVIF",
    ".tif": "TIFF",
    ".tiff": "TIFF",
}
SUFFIXES = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp", "AVIF": ".avif", "TIFF": ".tif"}
# Lossy formats take ExportOptions.quality; PNG and TIFF are lossless.
QUALITY_FORMATS = frozenset({"JPEG", "WEBP", "AVIF"})
FitMode = Literal["crop", "pad"]


@dataclass(frozen=True)
class ExportOptions:
    """What an export does beyond converting the format.

    Attributes:
        metadata: prompt, model, ratio and source name to write into the file.
        source_picture: the original input; its ICC profile is carried over (when
            ``carry_profile``) and its size is the goal of ``match_source_size``.
        fit: ``"W:H"`` to crop or pad the result to (``fit_mode``), None to keep its shape.
        match_source_size: scale the result towards ``source_picture``'s resolution.
        quality: JPEG, WebP and AVIF quality (1-100).
    """

    metadata: ImageMetadata | None = None
    source_picture: Path | None = None
    carry_profile: bool = True
    fit: str | None = None
    fit_mode: FitMode = "crop"
    match_source_size: bool = False
    quality: int = 95


def fit_to_ratio(
    image: Image.Image,
    ratio: str | Ratio,
    mode: FitMode = "crop",
    background: tuple[int, ...] | None = None,
) -> Image.Image:
    """``image`` cropped (centred) or padded to exactly ``ratio``.

    Padding is white, or transparent for pictures with alpha, unless ``background`` says.

    Raises:
        RetouchError: BAD_INPUT for a ratio that is not ``W:H`` or an unknown mode.
    """
    target = ratio if isinstance(ratio, Ratio) else parse_ratio(ratio)
    if target is None or mode not in ("crop", "pad"):
        raise bad_input(f"Cannot fit to “{ratio}” by “{mode}”.", ratio=str(ratio), mode=mode)
    width, height = image.size
    wide = width * target.height > height * target.width
    if mode == "crop":
        if wide:
            size = (max(1, round(height * target.width / target.height)), height)
        else:
            size = (width, max(1, round(width * target.height / target.width)))
        left, top = (width - size[0]) // 2, (height - size[1]) // 2
        return image.crop((left, top, left + size[0], top + size[1]))
    if wide:
        size = (width, round(width * target.height / target.width))
    else:
        size = (round(height * target.width / target.height), height)
    alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
    picture = image.convert("RGBA" if alpha else "RGB")
    fill = background or ((255, 255, 255, 0) if alpha else (255, 255, 255))
    canvas = Image.new(picture.mode, size, fill)
    canvas.paste(picture, ((size[0] - width) // 2, (size[1] - height) // 2))
    return canvas


def match_source_size(image: Image.Image, source_size: tuple[int, int]) -> Image.Image:
    """``image`` scaled towards ``source_size``: exactly to it when the shapes agree (within
    1 %), else keeping its own shape with the source's pixel count."""
    width, height = image.size
    source_width, source_height = source_size
    if abs(width * source_height - height * source_width) <= 0.01 * width * source_height:
        size = (source_width, source_height)
    else:
        scale = ((source_width * source_height) / (width * height)) ** 0.5
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
    if size == image.size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS)


def export_image(source: Path, target: Path, options: ExportOptions | None = None) -> Path:
    """Write ``source`` to ``target`` in the format its suffix names (PNG, JPEG, WebP, AVIF
    or TIFF).

    Without options, the same format copies the bytes untouched; another one re-encodes at
    high quality (JPEG has no alpha, so transparency is flattened onto white).
    """
    fmt = EXPORT_FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise bad_input(
            f"Save as .png, .jpg, .webp, .avif or .tif, not “{target.suffix}”.",
            suffix=target.suffix,
        )
    register_plugins()  # the source picture whose profile is carried over may be HEIC
    with Image.open(source) as image:
        if options is None and image.format == fmt:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.part")
            shutil.copyfile(source, tmp)
            tmp.replace(target)
            return target
        image.load()
        picture, profile = _shape_and_colour(image, options or ExportOptions())
        data = _encode(picture, fmt, options or ExportOptions(), profile, image.getexif())
    return write_atomically(target, data)


def _shape_and_colour(image: Image.Image, options: ExportOptions) -> tuple[Image.Image, bytes]:
    """The picture to encode and the ICC profile to embed (``b""``: none)."""
    own_profile = image.info.get("icc_profile") or b""
    picture = ImageOps.exif_transpose(image)
    if picture.mode not in ("RGB", "RGBA"):
        alpha = picture.mode in ("LA", "PA", "P") and picture.has_transparency_data
        picture = picture.convert("RGBA" if alpha else "RGB")
    if options.fit:
        picture = fit_to_ratio(picture, options.fit, options.fit_mode)
    source_profile = b""
    if options.source_picture is not None:
        with Image.open(options.source_picture) as original:
            source_profile = original.info.get("icc_profile") or b""
            if options.match_source_size:
                oriented = ImageOps.exif_transpose(original)
                picture = match_source_size(picture, oriented.size)
    if options.carry_profile and source_profile:
        converted = _to_profile(picture, own_profile, source_profile)
        if converted is not None:
            return converted, source_profile
    return picture, own_profile


def _to_profile(image: Image.Image, own: bytes, target: bytes) -> Image.Image | None:
    """``image`` (sRGB, or its ``own`` profile) converted into the ``target`` RGB profile."""
    try:
        destination = ImageCms.ImageCmsProfile(io.BytesIO(target))
        if destination.profile.xcolor_space.strip().upper() != "RGB":
            log.info("not carrying a non-RGB profile over to an RGB result")
            return None
        origin = (
            ImageCms.ImageCmsProfile(io.BytesIO(own)) if own else ImageCms.createProfile("sRGB")
        )
        alpha = image.getchannel("A") if image.mode == "RGBA" else None
        rgb = image.convert("RGB") if alpha is not None else image
        converted = ImageCms.profileToProfile(rgb, origin, destination, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
        log.warning("could not convert the result into the source's profile: %s", exc)
        return None
    if converted is None:  # only with inPlace=True
        return None
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


def _encode(
    picture: Image.Image, fmt: str, options: ExportOptions, profile: bytes, exif: Image.Exif
) -> bytes:
    extra: dict[str, object] = {"icc_profile": profile} if profile else {}
    meta = options.metadata
    if fmt == "JPEG" and picture.mode != "RGB":
        rgba = picture.convert("RGBA")
        picture = Image.new("RGB", rgba.size, "white")
        picture.paste(rgba, mask=rgba.getchannel("A"))
    if fmt in QUALITY_FORMATS:
        extra["quality"] = options.quality
    if fmt == "TIFF":
        extra["compression"] = "raw"  # libtiff (deflate, LZW) cannot write the EXIF sub-IFD
    if meta is not None and fmt == "PNG":
        extra["pnginfo"] = png_info(meta)
    elif meta is not None:
        extra["exif"] = exif_bytes(meta, exif)
        extra["xmp"] = xmp_packet(meta)
        if fmt == "TIFF":
            del extra["xmp"]
            extra["exif"] = tiff_tags(meta, exif)
    buffer = BytesIO()
    picture.save(buffer, fmt, **extra)
    return buffer.getvalue()

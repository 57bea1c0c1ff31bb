"""Colour conversion to 8-bit sRGB for pictures going to the provider or to a preview.

Pillow decodes files into many modes: palette, bilevel, 16- and 32-bit greyscale, CMYK, Lab,
and RGB tagged with an ICC profile (Adobe RGB, Display P3). The relay and the previews expect
plain 8-bit sRGB, so :func:`normalize_mode` (before resizing) and :func:`to_srgb8` (after it)
bring every decoded image to ``RGB`` or ``RGBA``. Qt-free and thread-safe.
"""

from __future__ import annotations

import functools
import io
import logging

from PIL import Image, ImageCms

log = logging.getLogger(__name__)

# Modes with more than 8 bits per sample. They are resized as they are (more precision) and
# scaled to 8 bits afterwards; converting first would clip (Pillow's I;16 -> L clips at 255).
HIGH_BIT_MODES: frozenset[str] = frozenset({"I;16", "I;16L", "I;16B", "I;16N", "I", "F"})

# Modes that resize() treats as continuous tone and to_srgb8() knows how to finish.
_RESIZABLE_MODES = frozenset({"L", "LA", "RGB", "RGBA", "CMYK", "LAB"}) | HIGH_BIT_MODES

# The colour space an embedded profile must describe to apply to pixels of a given mode.
_PROFILE_SPACE = {"L": "GRAY", "RGB": "RGB", "CMYK": "CMYK", "LAB": "LAB"}


def normalize_mode(image: Image.Image) -> Image.Image:
    """Convert an image to a mode that can be resized with a smoothing filter.

    Palette and bilevel images cannot (Pillow silently falls back to nearest neighbour), and
    premultiplied or padded modes are not understood by the colour step.

    Args:
        image: a decoded image in any Pillow mode.

    Returns:
        The same image when already fine, else a converted copy (alpha kept when present).

    Raises:
        ValueError: the mode is one this module cannot convert.
    """
    mode = image.mode
    if mode in _RESIZABLE_MODES:
        # A tRNS colour key on a greyscale or RGB PNG is transparency too.
        if mode in ("L", "RGB") and "transparency" in image.info:
            return image.convert("RGBA")
        return image
    if mode in ("P", "PA"):
        return image.convert("RGBA" if image.has_transparency_data else "RGB")
    if mode == "1":
        return image.convert("L")
    if mode == "La":
        return image.convert("LA")
    if mode == "RGBa":
        return image.convert("RGBA")
    if mode in ("RGBX", "YCbCr", "HSV"):
        return image.convert("RGB")
    raise ValueError(f"unsupported image mode {mode!r}")


def to_srgb8(image: Image.Image, icc_profile: bytes | None = None) -> Image.Image:
    """Bring a normalized image to 8-bit sRGB, ``RGB`` or ``RGBA``.

    Args:
        image: an image in one of the modes :func:`normalize_mode` returns.
        icc_profile: the profile embedded in the source file, if any. A profile that is
            unreadable or does not match the pixels is ignored rather than refused: showing
            slightly off colours beats refusing the picture.

    Returns:
        An ``RGB`` or ``RGBA`` image in sRGB.
    """
    if image.mode in HIGH_BIT_MODES:
        image = _high_bit_to_l(image)
    if image.mode in ("RGB", "RGBA") and not icc_profile:
        return image  # the common case: nothing to do
    alpha = None
    if image.mode in ("LA", "RGBA"):
        # littlecms transforms here know no alpha for every mode: set it aside, then restore.
        alpha = image.getchannel("A")
        image = image.convert(image.mode[:-1])
    rgb = _colour_to_srgb(image, icc_profile)
    if alpha is not None:
        rgb.putalpha(alpha)
    return rgb


def _high_bit_to_l(image: Image.Image) -> Image.Image:
    """Scale 16/32-bit greyscale to 8 bits over its real range instead of clipping at 255."""
    if image.mode.startswith("I;16"):
        image = image.convert("I")
        scale = 255 / 65535
    else:
        # 32-bit files do not say their range: infer it from the data (0-1 floats, 8-bit
        # values stored wide, 16-bit values, or anything larger).
        high = image.getextrema()[1]
        if image.mode == "F" and high <= 1.0:
            scale = 255.0
        elif high <= 255:
            scale = 1.0
        elif high <= 65535:
            scale = 255 / 65535
        else:
            scale = 255 / float(high)
    # point() maps I and F linearly; +0.5 rounds where the conversion to L truncates.
    return image.point(lambda value: value * scale + 0.5).convert("L")


def _colour_to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Convert ``L``, ``RGB``, ``CMYK`` or ``LAB`` pixels to sRGB ``RGB``."""
    transform = _transform_for(icc_profile, image.mode) if icc_profile else None
    if transform is None and image.mode == "LAB":
        transform = _lab_transform()
    if transform is not None:
        try:
            return ImageCms.applyTransform(image, transform)
        except (ImageCms.PyCMSError, ValueError, OSError) as exc:
            log.warning("colour transform failed, converting without it: %s", exc)
    # Without a profile: sRGB is the web's assumption for RGB, and Pillow's CMYK formula
    # (no ink model) is the usual fallback.
    return image if image.mode == "RGB" else image.convert("RGB")


@functools.cache
def _srgb_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@functools.cache
def _lab_transform() -> ImageCms.ImageCmsTransform:
    lab = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB"))
    return ImageCms.buildTransform(lab, _srgb_profile(), "LAB", "RGB", flags=ImageCms.Flags.NOCACHE)


@functools.lru_cache(maxsize=16)
def _transform_for(icc_profile: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    """A cached transform from an embedded profile to sRGB, or None when not needed or unusable.

    Cached because building one costs up to tens of milliseconds and the same camera or
    export profile comes back with every picture. NOCACHE turns off littlecms' one-pixel
    cache, which would make a shared transform unsafe across the executor's threads.
    """
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        space = profile.profile.xcolor_space.strip().upper()
        if space != _PROFILE_SPACE.get(mode):
            log.info("ignoring a %s profile on %s pixels", space, mode)
            return None
        if mode == "RGB" and "srgb" in ImageCms.getProfileDescription(profile).lower():
            return None  # already sRGB: converting would only cost time
        return ImageCms.buildTransform(
            profile, _srgb_profile(), mode, "RGB", flags=ImageCms.Flags.NOCACHE
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
        log.warning("ignoring an unreadable colour profile: %s", exc)
        return None

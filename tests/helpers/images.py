"""Factories for test images: photo-like, with alpha, odd modes, EXIF orientation, broken files."""

from __future__ import annotations

import io
import itertools
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageChops, ImageCms, ImageDraw


def photo(width: int = 640, height: int = 480, mode: str = "RGB") -> Image.Image:
    """A photo-like picture: a gradient with a few shapes, so resizes and diffs are visible."""
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.merge(
        "RGB",
        (
            gradient,
            gradient.transpose(Image.Transpose.ROTATE_90).resize((width, height)),
            Image.new("L", (width, height), 140),
        ),
    )
    draw = ImageDraw.Draw(image)
    draw.ellipse((width // 4, height // 4, width // 2, height // 2), fill=(220, 60, 40))
    draw.rectangle((width // 2, height // 2, width * 3 // 4, height * 3 // 4), fill=(30, 90, 200))
    return image.convert(mode) if mode != "RGB" else image


def save_photo(
    path: Path, width: int = 640, height: int = 480, fmt: str | None = None, **save_options: object
) -> Path:
    """Write :func:`photo` to ``path`` (format from the suffix unless ``fmt``) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = photo(width, height)
    if (fmt or path.suffix.lstrip(".")).upper() in ("PNG",) and save_options.pop("alpha", False):
        image = image.convert("RGBA")
    image.save(path, format=fmt, **save_options)
    return path


def encoded(image: Image.Image, fmt: str = "PNG", **save_options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


# --- raw PNG writer: for what Pillow cannot write (48-bit RGB) or should not (huge headers) ---

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_chunk(tag: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, tag, data, CRC."""
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def raw_png(
    width: int, height: int, scanlines: bytes, *, bit_depth: int = 8, color_type: int = 2
) -> bytes:
    """A PNG from ready scanlines (each row starts with its filter byte, 0 for none).

    ``scanlines`` may hold fewer rows than ``height``: the file is then valid up to the
    pixel data, which is how a tiny file can declare a huge image.
    """
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(scanlines))
        + png_chunk(b"IEND", b"")
    )


def png16_rgb(
    width: int = 64, height: int = 48, color: tuple[int, int, int] = (65535, 65535, 65535)
) -> bytes:
    """A 48-bit RGB PNG (16 bits per channel, colour type 2) of one colour."""
    row = b"\x00" + struct.pack(">HHH", *color) * width
    return raw_png(width, height, row * height, bit_depth=16, color_type=2)


def png16_gray(width: int = 64, height: int = 48, value: int = 65535) -> bytes:
    """A 16-bit greyscale PNG (Pillow mode I;16) of one value."""
    return encoded(Image.new("I;16", (width, height), value), "PNG")


def bomb_png(width: int = 40_000, height: int = 40_000) -> bytes:
    """A PNG of about a hundred bytes whose header declares ``width`` x ``height`` pixels."""
    return raw_png(width, height, b"\x00" * (width + 1), color_type=0)


def gif_with_huge_frame(width: int = 20_000, height: int = 20_000) -> bytes:
    """A tiny GIF whose 10x10 screen holds a first frame declared ``width`` x ``height``."""
    screen = b"GIF89a" + struct.pack("<HHBBB", 10, 10, 0, 0, 0)
    frame = b"," + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x08\x00"
    return screen + frame + b";"


# --- ICC profiles, built by hand so tests need no profile files ---------------------------

SRGB_D50_PRIMARIES = ((0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141))
# Red and green exchanged: a (255, 0, 0) pixel tagged with this profile is green in sRGB.
SWAPPED_RED_GREEN_PRIMARIES = (SRGB_D50_PRIMARIES[1], SRGB_D50_PRIMARIES[0], SRGB_D50_PRIMARIES[2])
# Printing-ink colours in sRGB, roughly SWOP: pure cyan ink is (0, 174, 239), not (0, 255, 255).
CMYK_INKS = ((0, 174, 239), (236, 0, 140), (255, 242, 0), (35, 31, 32))


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz_tag(xyz: tuple[float, float, float]) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(_s15(v) for v in xyz)


def _desc_tag(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    return (
        b"desc\0\0\0\0"
        + struct.pack(">I", len(ascii_text))
        + ascii_text
        + struct.pack(">IIHB", 0, 0, 0, 0)
        + b"\0" * 67
    )


def _icc_profile(device_class: bytes, space: bytes, pcs: bytes, tags: dict[bytes, bytes]) -> bytes:
    """Assemble an ICC v2.1 profile: 128-byte header, tag table, 4-byte aligned tag data."""
    data_start = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags.items():
        table += struct.pack(">4sII", signature, data_start + len(data), len(body))
        data += body + b"\0" * (-len(body) % 4)
    header = (
        struct.pack(
            ">I4sI4s4s4s", data_start + len(data), b"\0" * 4, 0x02100000, device_class, space, pcs
        )
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 28
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)
    )
    return header + b"\0" * (128 - len(header)) + struct.pack(">I", len(tags)) + table + data


def rgb_icc_profile(
    primaries: tuple[tuple[float, float, float], ...] = SWAPPED_RED_GREEN_PRIMARIES,
    gamma: float = 2.2,
    name: str = "Test RGB",
) -> bytes:
    """A matrix/TRC RGB display profile with the given D50 primaries (rXYZ, gXYZ, bXYZ)."""
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256))
    tags = {
        b"desc": _desc_tag(name),
        b"wtpt": _xyz_tag((0.9642, 1.0, 0.8249)),
        b"rXYZ": _xyz_tag(primaries[0]),
        b"gXYZ": _xyz_tag(primaries[1]),
        b"bXYZ": _xyz_tag(primaries[2]),
        b"rTRC": curve,
        b"gTRC": curve,
        b"bTRC": curve,
    }
    return _icc_profile(b"mntr", b"RGB ", b"XYZ ", tags)


def cmyk_icc_profile(inks: tuple[tuple[int, int, int], ...] = CMYK_INKS) -> bytes:
    """A CMYK printer profile (A2B0 lut8, 2 grid points) with a simple multiplicative ink model.

    Each corner of the CMYK cube is the product of its inks' sRGB colours, converted to Lab.
    """
    corners = []
    for c, m, y, k in itertools.product((0, 1), repeat=4):  # first channel varies slowest
        rgb = [255.0, 255.0, 255.0]
        for used, ink in zip((c, m, y, k), inks, strict=True):
            if used:
                rgb = [value * channel / 255 for value, channel in zip(rgb, ink, strict=True)]
        corners.append(tuple(round(v) for v in rgb))
    strip = Image.new("RGB", (len(corners), 1))
    strip.putdata(corners)
    lab_profile = ImageCms.createProfile("LAB")
    lab = ImageCms.profileToProfile(
        strip, ImageCms.createProfile("sRGB"), lab_profile, outputMode="LAB"
    )
    # Pillow keeps a* and b* as signed bytes; lut8 stores them offset by 128.
    clut = bytes(v if i % 3 == 0 else (v + 128) % 256 for i, v in enumerate(lab.tobytes()))
    lut = (
        b"mft1\0\0\0\0"
        + bytes((4, 3, 2, 0))
        + b"".join(_s15(v) for v in (1, 0, 0, 0, 1, 0, 0, 0, 1))
        + bytes(range(256)) * 4
        + clut
        + bytes(range(256)) * 3
    )
    tags = {b"desc": _desc_tag("Test CMYK"), b"wtpt": _xyz_tag((0.9642, 1.0, 0.8249)), b"A2B0": lut}
    return _icc_profile(b"prtr", b"CMYK", b"Lab ", tags)


def srgb_icc_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


# --- colour and mode cases ------------------------------------------------------------------


def cmyk_jpeg(
    color: tuple[int, int, int, int] = (0, 255, 255, 0),
    size: tuple[int, int] = (64, 48),
    icc_profile: bytes | None = None,
) -> bytes:
    """A CMYK JPEG of one colour (default: magenta + yellow = red), optionally with a profile."""
    options = {"icc_profile": icc_profile} if icc_profile else {}
    return encoded(Image.new("CMYK", size, color), "JPEG", quality=95, **options)


def rgb_jpeg_with_profile(
    color: tuple[int, int, int], icc_profile: bytes, size: tuple[int, int] = (64, 48)
) -> bytes:
    return encoded(Image.new("RGB", size, color), "JPEG", quality=95, icc_profile=icc_profile)


def palette_png(transparent: bool = True, size: tuple[int, int] = (64, 48)) -> bytes:
    """A palette PNG: index 0 clear (when ``transparent``) on the left half, 1 red, 2 blue."""
    image = Image.new("P", size, 1)
    image.putpalette([0, 0, 0, 220, 30, 30, 30, 60, 220] + [0] * (253 * 3))
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 2 - 1, size[1] - 1), fill=0)
    ImageDraw.Draw(image).rectangle((size[0] * 3 // 4, 0, size[0] - 1, size[1] - 1), fill=2)
    return encoded(image, "PNG", **({"transparency": 0} if transparent else {}))


def rgba_png(width: int = 64, height: int = 48, transparent: bool = True) -> bytes:
    """A photo-like RGBA PNG; with ``transparent`` its left half is fully clear."""
    image = photo(width, height).convert("RGBA")
    if transparent:
        alpha = Image.new("L", (width, height), 255)
        ImageDraw.Draw(alpha).rectangle((0, 0, width // 2 - 1, height - 1), fill=0)
        image.putalpha(alpha)
    return encoded(image, "PNG")


def halves(
    width: int,
    height: int,
    left: tuple[int, int, int] = (220, 30, 30),
    right: tuple[int, int, int] = (30, 60, 220),
) -> Image.Image:
    """An RGB image whose left half is ``left`` and right half ``right`` (to see rotations)."""
    image = Image.new("RGB", (width, height), right)
    ImageDraw.Draw(image).rectangle((0, 0, width // 2 - 1, height - 1), fill=left)
    return image


def exif_rotated_jpeg(width: int = 400, height: int = 200, orientation: int = 6) -> bytes:
    """A :func:`halves` JPEG stored ``width`` x ``height`` with an EXIF Orientation tag.

    Orientation 6 shows it turned clockwise (the red left half on top), 8 counter-clockwise
    (red at the bottom).
    """
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encoded(halves(width, height), "JPEG", quality=95, exif=exif.tobytes())


def animated_gif(
    colors: tuple[tuple[int, int, int], ...] = ((220, 30, 30), (30, 60, 220)),
    size: tuple[int, int] = (32, 24),
) -> bytes:
    """A GIF with one frame per colour."""
    frames = [Image.new("RGB", size, c) for c in colors]
    return encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)


def noisy_photo(width: int, height: int, sigma: float = 40.0) -> Image.Image:
    """A photo-like picture with strong noise: large when encoded, like a detailed photo."""
    gradient = Image.linear_gradient("L").resize((width, height), Image.Resampling.NEAREST)
    bands = [
        ImageChops.add(band, Image.effect_noise((width, height), sigma), scale=2.0)
        for band in (
            gradient,
            gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
            gradient.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
        )
    ]
    return Image.merge("RGB", bands)


def big_jpeg(path: Path, width: int = 12_000, height: int = 8_400) -> Path:
    """A ``width`` x ``height`` (default 100 MP) gradient JPEG, written in about a second."""
    gradient = Image.linear_gradient("L").resize((width, height), Image.Resampling.NEAREST)
    image = Image.merge(
        "RGB",
        (
            gradient,
            Image.new("L", (width, height), 90),
            gradient.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
        ),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=80)
    return path


# --- broken and foreign files ---------------------------------------------------------------


def truncated_jpeg(width: int = 640, height: int = 480) -> bytes:
    """A valid JPEG header followed by only half of the compressed data."""
    data = encoded(noisy_photo(width, height), "JPEG", quality=90)
    return data[: len(data) // 2]


TEXT_FILE = b"Shopping list:\n- oat milk\n- coffee\n"

# First bytes of formats people drop but Retouch Studio does not read, by expected name.
UNSUPPORTED_SAMPLES: dict[str, bytes] = {
    "JXL": b"\xff\x0a\xcb\x06\x00\x13\x88\x02\x00\x08\x01\xb5" + b"\x00" * 64,
    "PDF": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "SVG": b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10"/>\n',
}


def fake_heic() -> bytes:
    """The start of an iPhone HEIC file (an ISO media ``ftyp`` box) and nothing behind it."""
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


def write(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` (creating folders) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def textured_photo(width: int, height: int, seed: int = 1) -> Image.Image:
    """:func:`photo` with detail everywhere (spots of many sizes), as real photos have:
    what lets an alignment find a picture again after a model moved it."""
    import random

    rnd = random.Random(seed)
    image = photo(width, height)
    draw = ImageDraw.Draw(image)
    for _ in range(max(200, width * height // 6000)):
        x, y = rnd.randrange(width), rnd.randrange(height)
        radius = rnd.randrange(2, max(3, min(width, height) // 40))
        colour = tuple(rnd.randrange(256) for _ in range(3))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    return image

"""Test files in the formats designers bring: HEIC, AVIF, PSD, animated WebP, 16-bit TIFF.

HEIC is written by pillow-heif's encoder and AVIF by Pillow itself. Pillow cannot write PSD
or 48-bit RGB TIFF, so small encoders here follow the formats' specifications (Adobe
Photoshop File Formats Specification: header, colour mode data, image resources, layer and
mask information, image data; TIFF 6.0: one uncompressed strip).
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence

from PIL import Image, ImageChops

from tests.helpers.images import encoded


def _exif(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif.tobytes()


def heic(
    image: Image.Image, *, orientation: int = 1, icc_profile: bytes = b"", fast: bool = False
) -> bytes:
    """``image`` as a HEIC (HEVC in HEIF), with EXIF orientation and an ICC profile if given.

    ``fast`` uses x265's fastest preset: a 12 MP picture then takes seconds, not minutes.

    Written with pillow-heif's encoder, called directly: registering it as Pillow's HEIF
    opener would take reading away from the app's decoder (pi-heif).
    """
    import pillow_heif

    picture = image.copy()
    if icc_profile:
        picture.info["icc_profile"] = icc_profile
    buffer = io.BytesIO()
    options: dict[str, object] = {"quality": 90}
    if orientation != 1:
        options["exif"] = _exif(orientation)
    if fast:
        options["enc_params"] = {"preset": "ultrafast"}
    pillow_heif.from_pillow(picture).save(buffer, **options)
    return buffer.getvalue()


def avif(image: Image.Image, *, orientation: int = 1, icc_profile: bytes = b"") -> bytes:
    """``image`` as an AVIF (Pillow's own encoder), optionally EXIF-rotated and profiled."""
    options: dict[str, object] = {"quality": 90}
    if orientation != 1:
        options["exif"] = _exif(orientation)
    if icc_profile:
        options["icc_profile"] = icc_profile
    return encoded(image, "AVIF", **options)


def animated(fmt: str, frames: Sequence[Image.Image]) -> bytes:
    """An animation (``"WEBP"``, ``"GIF"`` or ``"AVIF"``) of ``frames``, 100 ms each."""
    first, *rest = frames
    return encoded(first, fmt, save_all=True, append_images=rest, duration=100, loop=0)


# --- TIFF with 16 bits per sample -----------------------------------------------------------


def tiff16(image: Image.Image) -> bytes:
    """``image`` (RGB or RGBA) as an uncompressed little-endian TIFF, 16 bits per sample.

    Each 8-bit value v is stored as v * 257, so the full range is used.
    """
    bands = len(image.getbands())
    width, height = image.size
    pixels = b"".join(struct.pack("<H", value * 257) for value in image.tobytes())
    entries = [
        (256, 4, 1, width),  # ImageWidth
        (257, 4, 1, height),  # ImageLength
        (258, 3, bands, None),  # BitsPerSample: 16 per band, stored out of line
        (259, 3, 1, 1),  # Compression: none
        (262, 3, 1, 2),  # PhotometricInterpretation: RGB
        (273, 4, 1, None),  # StripOffsets
        (277, 3, 1, bands),  # SamplesPerPixel
        (278, 4, 1, height),  # RowsPerStrip
        (279, 4, 1, len(pixels)),  # StripByteCounts
        (284, 3, 1, 1),  # PlanarConfiguration: chunky
    ]
    if bands == 4:
        entries.append((338, 3, 1, 2))  # ExtraSamples: unassociated alpha
    ifd_size = 2 + 12 * len(entries) + 4
    bits_offset = 8 + ifd_size
    pixels_offset = bits_offset + 2 * bands
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        if tag == 258:
            value = bits_offset
        elif tag == 273:
            value = pixels_offset
        packed = struct.pack("<HI", value, 0)[:4] if kind == 3 and count == 1 else None
        ifd += struct.pack("<HHI", tag, kind, count) + (packed or struct.pack("<I", value))
    ifd += struct.pack("<I", 0)
    return b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<H", 16) * bands + pixels


# --- Photoshop documents ------------------------------------------------------------------


def _resource(resource_id: int, data: bytes) -> bytes:
    padding = b"\x00" if len(data) % 2 else b""
    return b"8BIM" + struct.pack(">H", resource_id) + b"\x00\x00" + _u32(len(data)) + data + padding


def _u32(value: int) -> bytes:
    return struct.pack(">I", value)


def _unicode(text: str) -> bytes:
    return _u32(len(text)) + text.encode("utf-16-be")


def _version_info(real_composite: bool) -> bytes:
    """Resource 1057: Photoshop's "has real merged data" flag, writer and reader names."""
    return (
        _u32(1)
        + bytes([1 if real_composite else 0])
        + _unicode("Adobe Photoshop")
        + _unicode("Adobe Photoshop 2026")
        + _u32(1)
    )


def _planes(image: Image.Image) -> list[bytes]:
    return [band.tobytes() for band in image.split()]


def _packbits(row: bytes) -> bytes:
    """PackBits as literal runs only: valid, and all a decoder needs to be exercised."""
    return b"".join(
        bytes([len(row[i : i + 128]) - 1]) + row[i : i + 128] for i in range(0, len(row), 128)
    )


def _deep_image_data(composite: Image.Image, rle: bool) -> bytes:
    """16-bit image data: each 8-bit value v stored big-endian as v * 257, plane by plane."""
    width, height = composite.size
    planes = [b"".join(struct.pack(">H", v * 257) for v in plane) for plane in _planes(composite)]
    if not rle:
        return struct.pack(">H", 0) + b"".join(planes)
    rows = [plane[y * 2 * width : (y + 1) * 2 * width] for plane in planes for y in range(height)]
    packed = [_packbits(row) for row in rows]
    counts = b"".join(struct.pack(">H", len(row)) for row in packed)
    return struct.pack(">H", 1) + counts + b"".join(packed)


def _layer(image: Image.Image, name: str, offset: tuple[int, int]) -> tuple[bytes, bytes]:
    """One layer record and its channel image data (raw, alpha first as id -1)."""
    left, top = offset
    planes = _planes(image)
    ids = [0, 1, 2] if image.mode == "RGB" else [0, 1, 2, -1]
    if image.mode == "RGBA":
        planes = [planes[3], *planes[:3]]
        ids = [-1, 0, 1, 2]
    record = struct.pack(">iiii", top, left, top + image.height, left + image.width)
    record += struct.pack(">H", len(planes))
    for channel_id, plane in zip(ids, planes, strict=True):
        record += struct.pack(">hI", channel_id, 2 + len(plane))
    raw_name = name.encode("ascii")[:255]
    pascal = bytes([len(raw_name)]) + raw_name
    pascal += b"\x00" * (-len(pascal) % 4)
    extra = _u32(0) + _u32(0) + pascal  # no mask, no blending ranges, the name
    record += b"8BIMnorm" + bytes([255, 0, 0, 0]) + _u32(len(extra)) + extra
    data = b"".join(struct.pack(">H", 0) + plane for plane in planes)
    return record, data


def psd(
    composite: Image.Image,
    layers: Sequence[tuple[Image.Image, tuple[int, int]]] = (),
    *,
    real_composite: bool = True,
    image_data: bool = True,
    icc_profile: bytes = b"",
    depth: int = 8,
    rle: bool = False,
) -> bytes:
    """A Photoshop document with ``layers`` and the flattened ``composite``.

    Args:
        composite: the flattened picture (``L``, ``LA``, ``RGB``, ``RGBA`` or ``CMYK``; layers
            only with RGB/RGBA) stored as the image data.
        layers: (picture, (left, top)) of each layer, bottom first.
        real_composite: False writes what Photoshop does without "Maximize Compatibility":
            a white composite and the version info saying it is not real.
        image_data: False leaves the image data section out altogether.
        icc_profile: embedded as image resource 1039.
        depth: 8, or 16 bits per channel (the composite only; layers are left out then).
        rle: PackBits-compress the 16-bit composite instead of storing it raw.
    """
    width, height = composite.size
    channels = len(composite.getbands())
    colour_mode = {"L": 1, "LA": 1, "RGB": 3, "RGBA": 3, "CMYK": 4}[composite.mode]
    header = b"8BPS" + struct.pack(">H6xHIIHH", 1, channels, height, width, depth, colour_mode)
    if composite.mode == "CMYK":  # Photoshop stores ink coverage inverted
        composite = ImageChops.invert(composite)
    resources = _resource(1057, _version_info(real_composite))
    if icc_profile:
        resources += _resource(1039, icc_profile)
    records, channel_data = b"", b""
    layers = layers if depth == 8 else ()
    for number, (picture, offset) in enumerate(layers, 1):
        record, data = _layer(picture, f"Layer {number}", offset)
        records += record
        channel_data += data
    layer_info = struct.pack(">h", len(layers)) + records + channel_data if layers else b""
    layer_info += b"\x00" * (len(layer_info) % 2)
    layers_and_masks = (_u32(len(layer_info)) + layer_info if layers else _u32(0)) + _u32(0)
    document = (
        header
        + _u32(0)
        + _u32(len(resources))
        + resources
        + _u32(len(layers_and_masks))
        + layers_and_masks
    )
    if not image_data:
        return document
    if not real_composite:
        composite = Image.new(composite.mode, composite.size, (255,) * channels)
    if depth == 16:
        return document + _deep_image_data(composite, rle)
    return document + struct.pack(">H", 0) + b"".join(_planes(composite))

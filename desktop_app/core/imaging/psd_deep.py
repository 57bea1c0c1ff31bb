"""Photoshop documents with 16 bits per channel, which Pillow's PSD plugin does not read.

Designers keep retouching masters in 16-bit; their stored composite (raw or PackBits, one
plane per channel, big-endian samples) is read here and handed on as 8 bits per channel,
the same as every other picture that goes to the relay. Only the header is read on open, so
the size check happens before any pixel is decoded. Registered with Pillow by
:func:`desktop_app.core.imaging.formats.register_plugins`.
"""

from __future__ import annotations

import io
import struct

from PIL import Image, ImageFile

FORMAT_ID = "PSD16"  # Pillow's registry key; the pictures still report format "PSD"
_DEPTH = 16
# (Photoshop colour mode, channels used) -> (Pillow mode, raw mode of the 8-bit planes)
_MODES = {
    (1, 1): ("L", "L"),
    (1, 2): ("LA", "LA"),
    (3, 3): ("RGB", "RGB"),
    (3, 4): ("RGBA", "RGBA"),
    (4, 4): ("CMYK", "CMYK;I"),  # Photoshop stores ink coverage inverted
}
_GREYSCALE, _RGB, _CMYK = 1, 3, 4
_COLOURS = {_GREYSCALE: 1, _RGB: 3, _CMYK: 4}
_INTERLEAVED = {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}  # by plane count


def accept(prefix: bytes) -> bool:
    """A PSD (not PSB) with 16 bits per channel."""
    return prefix[:6] == b"8BPS\x00\x01" and prefix[22:24] == struct.pack(">H", _DEPTH)


class DeepPsdImageFile(ImageFile.ImageFile):
    """The stored composite of a 16-bit PSD, decoded to 8 bits per channel on load."""

    format = "PSD"
    format_description = "Adobe Photoshop (16 bits per channel)"

    def _open(self) -> None:
        assert self.fp is not None
        header = self.fp.read(26)
        if not accept(header):
            raise SyntaxError("not a 16-bit PSD")
        channels, height, width, _, colour_mode = struct.unpack(">HIIHH", header[12:26])
        used = _COLOURS.get(colour_mode, 0)
        if colour_mode == _CMYK:
            used = 4
        elif channels > used:
            used += 1  # the first extra channel is the composite's transparency
        if (colour_mode, used) not in _MODES or channels < used:
            raise SyntaxError(f"unsupported 16-bit PSD: mode {colour_mode}, {channels} channels")
        self._mode, self._rawmode = _MODES[(colour_mode, used)]
        self._size = (width, height)
        self._channels, self._used = channels, used
        self.fp.seek(_length(self.fp), io.SEEK_CUR)  # colour mode data
        self._read_resources(_length(self.fp))
        self.fp.seek(_length(self.fp), io.SEEK_CUR)  # layer and mask information
        self._data_offset = self.fp.tell()
        self.tile = []

    def _read_resources(self, length: int) -> None:
        assert self.fp is not None
        resources = self.fp.read(length)
        offset = 0
        while offset + 12 <= len(resources) and resources[offset : offset + 4] == b"8BIM":
            (resource_id,) = struct.unpack_from(">H", resources, offset + 4)
            name_length = resources[offset + 6]
            offset += 6 + name_length + 1 + ((name_length + 1) & 1)
            (size,) = struct.unpack_from(">I", resources, offset)
            offset += 4
            if resource_id == 1039:  # the ICC profile
                self.info["icc_profile"] = resources[offset : offset + size]
            offset += size + (size & 1)

    def load(self) -> Image.core.PixelAccess | None:
        if not self.tile and self._data_offset is not None:
            planes = self._planes()
            # Interleave the planes; the raw mode then says what they are (CMYK;I: inverted).
            merged = Image.merge(_INTERLEAVED[len(planes)], planes)
            self.fp = io.BytesIO(merged.tobytes())
            self.tile = [ImageFile._Tile("raw", (0, 0, *self.size), 0, self._rawmode)]
            self._data_offset = None
        return super().load()

    def _planes(self) -> list[Image.Image]:
        """The used channels' planes as 8-bit images (the high byte of each sample)."""
        assert self.fp is not None
        width, height = self.size
        row_bytes = 2 * width
        self.fp.seek(self._data_offset)
        (compression,) = struct.unpack(">H", self.fp.read(2))
        if compression == 0:
            encoded = [self.fp.read(row_bytes * height) for _ in range(self._used)]
        elif compression == 1:
            rows = self._channels * height
            counts = struct.unpack(f">{rows}H", self.fp.read(2 * rows))
            encoded = []
            for channel in range(self._used):
                compressed = self.fp.read(sum(counts[channel * height : (channel + 1) * height]))
                unpacked = Image.frombytes("L", (row_bytes, height), compressed, "packbits", "L")
                encoded.append(unpacked.tobytes())
        else:
            raise OSError(f"unsupported PSD compression {compression}")
        if any(len(plane) < row_bytes * height for plane in encoded):
            raise OSError("the PSD's image data is cut short")
        return [Image.frombytes("L", (width, height), plane[0::2]) for plane in encoded]


def _length(fp: io.BufferedIOBase | object) -> int:
    (length,) = struct.unpack(">I", fp.read(4))  # type: ignore[attr-defined]
    return length

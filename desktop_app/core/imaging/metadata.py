"""What an exported picture says about itself: prompt, model, ratio and source file name.

Written where other tools look, in Unicode so Chinese prompts survive:

- PNG: iTXt chunks (UTF-8): ``Description`` (the prompt), ``Software``, ``Comment`` (model,
  ratio, source in words), ``retouch-studio`` (all fields as JSON) and the XMP packet
  (``XML:com.adobe.xmp``).
- JPEG, WebP, AVIF and TIFF: EXIF ``ImageDescription`` (the prompt, UTF-8 as exiftool and
  most viewers read it), ``Software``, ``UserComment`` (all fields as JSON, ``UNICODE`` charset),
  ``XPComment`` (the prompt, for Windows Explorer), and the XMP packet (``dc:description``,
  ``dc:source``, ``xmp:CreatorTool`` and ``retouch:*`` fields).

:func:`read_metadata` reads any of these back.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import asdict, dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from PIL import ExifTags, Image
from PIL.PngImagePlugin import PngInfo

from desktop_app import APP_ID, APP_NAME, __version__

SOFTWARE = f"{APP_NAME} {__version__}"
JSON_KEY = APP_ID  # the PNG iTXt keyword holding every field as JSON
XMP_KEY = "XML:com.adobe.xmp"
RETOUCH_NS = "https://ns.retouch-studio.app/xmp/1.0/"
_DC = "http://purl.org/dc/elements/1.1/"
_XMP = "http://ns.adobe.com/xap/1.0/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_UNICODE = b"UNICODE\0"
_ASCII = b"ASCII\0\0\0"
_IMAGE_DESCRIPTION, _SOFTWARE, _XP_COMMENT, _USER_COMMENT = 0x010E, 0x0131, 0x9C9C, 0x9286
_TIFF_XMP = 700


@dataclass(frozen=True)
class ImageMetadata:
    """The facts an export carries. Empty strings are left out of the file."""

    prompt: str = ""
    model: str = ""
    ratio: str = ""
    source_name: str = ""
    software: str = SOFTWARE
    region: str = ""  # a region edit's mask: box, share, feather (empty: whole picture)

    def to_json(self) -> dict[str, str]:
        return {key: value for key, value in asdict(self).items() if value}

    @classmethod
    def from_json(cls, data: object) -> ImageMetadata | None:
        if not isinstance(data, dict):
            return None
        fields = ("prompt", "model", "ratio", "source_name", "software", "region")
        return cls(**{key: str(data[key]) for key in fields if isinstance(data.get(key), str)})

    def summary(self) -> str:
        """One line for a ``Comment``: model, ratio and source in words."""
        parts = [
            f"Model: {self.model}" if self.model else "",
            f"Ratio: {self.ratio}" if self.ratio else "",
            f"Source: {self.source_name}" if self.source_name else "",
            f"Region: {self.region}" if self.region else "",
        ]
        return "; ".join(part for part in parts if part)


def xmp_packet(meta: ImageMetadata) -> bytes:
    """An XMP packet (UTF-8) with the Dublin Core and Retouch Studio fields."""
    attributes = [f"xmp:CreatorTool={quoteattr(meta.software)}"]
    for name, value in (("Model", meta.model), ("Ratio", meta.ratio), ("Region", meta.region)):
        if value:
            attributes.append(f"retouch:{name}={quoteattr(value)}")
    body = []
    if meta.prompt:
        body.append(
            "<dc:description><rdf:Alt><rdf:li xml:lang='x-default'>"
            f"{escape(meta.prompt)}</rdf:li></rdf:Alt></dc:description>"
        )
        body.append(f"<retouch:Prompt>{escape(meta.prompt)}</retouch:Prompt>")
    if meta.source_name:
        body.append(f"<dc:source>{escape(meta.source_name)}</dc:source>")
    text = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        f'<rdf:RDF xmlns:rdf="{_RDF}">'
        f'<rdf:Description rdf:about="" xmlns:dc="{_DC}" xmlns:xmp="{_XMP}" '
        f'xmlns:retouch="{RETOUCH_NS}" '
        + " ".join(attributes)
        + ">"
        + "".join(body)
        + '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )
    return text.encode("utf-8")


def png_info(meta: ImageMetadata) -> PngInfo:
    info = PngInfo()
    if meta.prompt:
        info.add_itxt("Description", meta.prompt)
    info.add_itxt("Software", meta.software)
    if meta.summary():
        info.add_itxt("Comment", meta.summary())
    info.add_itxt(JSON_KEY, json.dumps(meta.to_json(), ensure_ascii=False))
    info.add_itxt(XMP_KEY, xmp_packet(meta).decode("utf-8"))
    return info


def exif_bytes(meta: ImageMetadata, base: Image.Exif | None = None) -> bytes:
    """EXIF with the fields added to ``base`` (the picture's own EXIF, kept otherwise)."""
    exif = base if base is not None else Image.Exif()
    if meta.prompt:
        exif[_IMAGE_DESCRIPTION] = meta.prompt.encode("utf-8")
        exif[_XP_COMMENT] = meta.prompt.encode("utf-16-le") + b"\0\0"
    exif[_SOFTWARE] = meta.software
    encoding = "utf-16-le" if exif.endian == "<" else "utf-16-be"
    comment = json.dumps(meta.to_json(), ensure_ascii=False)
    exif.get_ifd(ExifTags.IFD.Exif)[_USER_COMMENT] = _UNICODE + comment.encode(encoding)
    return exif.tobytes()


def tiff_tags(meta: ImageMetadata, base: Image.Exif | None = None) -> Image.Exif:
    """The tags for a TIFF: the EXIF fields, the prompt as UTF-8 and XMP as tag 700.

    Pillow's TIFF writer takes XMP only as a tag, and writes text tags as ASCII (Chinese
    would become question marks) unless they are bytes already.
    """
    source = base if base is not None else Image.Exif()
    source.endian = "<"  # as Pillow writes TIFF: the UTF-16 UserComment must match it
    tags = Image.Exif()
    tags.load(exif_bytes(meta, source))
    if meta.prompt:  # set again: loading turned them into text
        tags[_IMAGE_DESCRIPTION] = meta.prompt.encode("utf-8")
        tags[_XP_COMMENT] = meta.prompt.encode("utf-16-le") + b"\0\0"
    tags[_TIFF_XMP] = xmp_packet(meta)
    return tags


def read_metadata(path: Path) -> ImageMetadata | None:
    """The metadata an export wrote (or any Description / EXIF / XMP that says as much)."""
    with Image.open(path) as image:
        text = dict(getattr(image, "text", {}) or {})  # PNG text chunks, loaded on demand
        xmp = image.info.get("xmp") or text.get(XMP_KEY)
        exif = image.getexif()
        exif.get_ifd(ExifTags.IFD.Exif)  # read now: TIFF reads sub-IFDs from the open file
    if JSON_KEY in text:
        found = _from_json_text(text[JSON_KEY])
        if found:
            return found
    found = _from_user_comment(exif)
    if found:
        return found
    found = _from_xmp(xmp)
    if found:
        return found
    description = text.get("Description") or _exif_text(exif.get(_IMAGE_DESCRIPTION))
    return ImageMetadata(prompt=description, software="") if description else None


def _from_json_text(text: str) -> ImageMetadata | None:
    try:
        return ImageMetadata.from_json(json.loads(text))
    except ValueError:
        return None


def _from_user_comment(exif: Image.Exif) -> ImageMetadata | None:
    raw = exif.get_ifd(ExifTags.IFD.Exif).get(_USER_COMMENT)
    if not isinstance(raw, bytes):
        return None
    if raw.startswith(_UNICODE):
        payload = raw[len(_UNICODE) :]
        order = ("utf-16-le", "utf-16-be") if exif.endian == "<" else ("utf-16-be", "utf-16-le")
        for encoding in order:
            try:
                found = _from_json_text(payload.decode(encoding))
            except UnicodeDecodeError:
                continue
            if found:
                return found
        return None
    if raw.startswith(_ASCII):
        return _from_json_text(raw[len(_ASCII) :].decode("ascii", "replace"))
    return None


def _exif_text(value: object) -> str:
    """An EXIF ASCII field as text: Pillow hands UTF-8 bytes over as Latin-1 characters."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if not isinstance(value, str):
        return ""
    try:
        return value.encode("latin-1").decode("utf-8").rstrip("\0")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value.rstrip("\0")


def _from_xmp(xmp: object) -> ImageMetadata | None:
    if isinstance(xmp, bytes):
        xmp = xmp.decode("utf-8", "replace")
    if not isinstance(xmp, str) or "x:xmpmeta" not in xmp:
        return None
    body = re.sub(r"<\?xpacket[^>]*\?>", "", xmp).strip().lstrip("\ufeff")
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return None
    description = root.find(f".//{{{_RDF}}}Description")
    if description is None:
        return None

    def child(namespace: str, name: str) -> str:
        node = description.find(f".//{{{namespace}}}{name}")
        if node is not None and len(node):
            node = node.find(f".//{{{_RDF}}}li")
        return (node.text or "") if node is not None else ""

    return ImageMetadata(
        prompt=child(RETOUCH_NS, "Prompt") or child(_DC, "description"),
        model=description.get(f"{{{RETOUCH_NS}}}Model", ""),
        ratio=description.get(f"{{{RETOUCH_NS}}}Ratio", ""),
        source_name=child(_DC, "source"),
        software=description.get(f"{{{_XMP}}}CreatorTool", ""),
        region=description.get(f"{{{RETOUCH_NS}}}Region", ""),
    )

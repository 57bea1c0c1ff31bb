"""What a drop or the clipboard offers as input: local picture files, image URLs, raw images.

Pictures Qt cannot decode itself (HEIC, AVIF, PSD…) offered as raw clipboard data become a
``data:`` URL, and so does an ``<img>`` in pasted browser HTML: both then arrive the way a
dropped web picture does (saved into the inputs folder, decoded with Pillow).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QImage


@dataclass
class OfferedInput:
    """The usable parts of a drop or paste, best first."""

    files: list[Path] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    image: QImage | None = None

    def __bool__(self) -> bool:
        return bool(self.files or self.urls or self.image is not None)


# Raw picture data a clipboard may hold that QImage cannot read, by MIME type.
ENCODED_TYPES = ("image/heic", "image/heif", "image/avif", "image/vnd.adobe.photoshop")
MAX_ENCODED_BYTES = 50 * 1024 * 1024  # as for a downloaded picture
_IMG_SOURCE = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def _remote(url: QUrl) -> str | None:
    return url.toString() if url.scheme() in ("http", "https") else None


def image_in_html(text: str) -> str | None:
    """The first ``<img>`` source in ``text`` that is a web or inline (data:) picture."""
    import html  # rare (a paste from a browser): not on the path of a first drop

    for match in _IMG_SOURCE.finditer(text):
        source = html.unescape(next(group for group in match.groups() if group is not None))
        if source.startswith(("http://", "https://", "data:image/")):
            return source.strip()
    return None


def _encoded_picture(mime: QMimeData) -> str | None:
    """Raw HEIC/AVIF/PSD clipboard data as a data: URL (decoded later, off the GUI thread)."""
    for mime_type in ENCODED_TYPES:
        if mime.hasFormat(mime_type):
            data = bytes(mime.data(mime_type).data())
            if 0 < len(data) <= MAX_ENCODED_BYTES:
                import base64  # rare (raw clipboard data): not on the path of a first drop

                return f"data:{mime_type};base64," + base64.b64encode(data).decode("ascii")
    return None


def offered_input(mime: QMimeData | None) -> OfferedInput:
    """Read ``mime`` (a drop or the clipboard) without touching the disk or the network."""
    offer = OfferedInput()
    if mime is None:
        return offer
    if mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile():
                offer.files.append(Path(url.toLocalFile()))
            elif remote := _remote(url):
                offer.urls.append(remote)
    elif mime.hasText():
        url = QUrl(mime.text().strip())
        if remote := _remote(url):
            offer.urls.append(remote)
        elif url.isLocalFile():
            offer.files.append(Path(url.toLocalFile()))
    if mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            offer.image = image
    if not offer and (encoded := _encoded_picture(mime)):
        offer.urls.append(encoded)
    if not offer and mime.hasHtml() and (source := image_in_html(mime.html())):
        offer.urls.append(source)
    return offer

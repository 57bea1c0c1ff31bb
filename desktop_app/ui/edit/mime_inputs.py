"""What a drop or the clipboard offers as input: local picture files, image URLs, raw images."""

from __future__ import annotations

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


def _remote(url: QUrl) -> str | None:
    return url.toString() if url.scheme() in ("http", "https") else None


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
    return offer

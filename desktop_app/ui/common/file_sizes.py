"""Sizes as people read them: "6 KB", "3.2 MB", and a picture's one-line description."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale

if TYPE_CHECKING:
    from desktop_app.core.imaging.prep import ImageInfo


def human_file_size(size: int) -> str:
    """``size`` bytes in the unit that reads best ("812 bytes", "6 KB", "3.2 MB", "1.4 GB").

    Decimal units, as file managers on every platform show them; the number is written
    the locale's way (QLocale's default follows the window's language).
    """
    return QLocale().formattedDataSize(
        size, 1 if size >= 1_000_000 else 0, QLocale.DataSizeFormat.DataSizeSIFormat
    )


def describe_input(info: ImageInfo, path: Path) -> str:
    """ "photo.jpg / 4000 × 3000 px · JPEG · 3.2 MB", in the window's language."""
    text = QCoreApplication.translate("MainWindow", "{name}\n{w} × {h} px · {format} · {size}")
    return text.format(
        name=path.name,
        w=info.width,
        h=info.height,
        format=info.format,
        size=human_file_size(info.file_size),
    )

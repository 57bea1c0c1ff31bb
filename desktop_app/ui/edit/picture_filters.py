"""The file-type filters of the Open and Save As dialogs, from the formats the core reads and
writes (:mod:`desktop_app.core.imaging.formats`, :mod:`desktop_app.core.imaging.export`)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

# Save As: (label, suffixes), the first suffix is the one a bare name gets.
_SAVE_TYPES = (
    ("PNG image", ("*.png",)),
    ("JPEG image", ("*.jpg", "*.jpeg")),
    ("WebP image", ("*.webp",)),
    ("AVIF image", ("*.avif",)),
    ("TIFF image", ("*.tif", "*.tiff")),
)


def open_pictures_filter() -> str:
    """``Images (*.png *.jpg … *.heic *.avif *.psd …);;All files (*)`` in the UI language."""
    from desktop_app.core.imaging.formats import OPEN_SUFFIXES

    patterns = " ".join(f"*{suffix}" for suffix in OPEN_SUFFIXES)
    images = QCoreApplication.translate("MainWindow", "Images")
    everything = QCoreApplication.translate("MainWindow", "All files")
    return f"{images} ({patterns});;{everything} (*)"


def save_picture_filter() -> str:
    """``PNG image (*.png);;JPEG image (*.jpg *.jpeg);;…`` for every format export writes."""
    labels = {
        "PNG image": QCoreApplication.translate("MainWindow", "PNG image"),
        "JPEG image": QCoreApplication.translate("MainWindow", "JPEG image"),
        "WebP image": QCoreApplication.translate("MainWindow", "WebP image"),
        "AVIF image": QCoreApplication.translate("MainWindow", "AVIF image"),
        "TIFF image": QCoreApplication.translate("MainWindow", "TIFF image"),
    }
    return ";;".join(f"{labels[label]} ({' '.join(globs)})" for label, globs in _SAVE_TYPES)

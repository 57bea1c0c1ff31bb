"""Banner titles for each kind of failure, worded for a designer (translated by the UI)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop_app.core.errors import ErrorKind

_TITLES = {
    ErrorKind.BAD_INPUT: "This can't be used",
    ErrorKind.AUTH: "The token was not accepted",
    ErrorKind.QUOTA: "Out of credit",
    ErrorKind.MODEL_UNAVAILABLE: "This model is not available",
    ErrorKind.RATE_LIMITED: "The provider is busy",
    ErrorKind.REFUSED: "No image this time",
    ErrorKind.SERVER: "The provider had a problem",
    ErrorKind.NETWORK: "Connection problem",
    ErrorKind.BAD_RESPONSE: "The answer could not be read",
    ErrorKind.CANCELLED: "Cancelled",
}


def error_title(kind: ErrorKind) -> str:
    return QCoreApplication.translate("ErrorTitles", _TITLES[kind])

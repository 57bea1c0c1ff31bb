"""Errors in the window's language: a banner title per kind and a sentence per problem.

The wording lives in :mod:`desktop_app.error_catalogue` (shared with the command line);
this module runs it through Qt's translator, so a language switch changes it live. The
provider's own words (``RetouchError.reason``) are never translated: they are shown as is.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop_app import error_catalogue
from desktop_app.core.errors import ErrorKind, RetouchError


def _translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def error_title(kind: ErrorKind, problem: str = "") -> str:
    """The banner title for ``kind``, e.g. "Connection problem" ("No picture yet" for the
    ``no_picture`` problem)."""
    return error_catalogue.error_title(kind, _translate, problem)


def error_title_of(error: RetouchError) -> str:
    """The banner title for ``error``: by its problem where that has a title, else its kind."""
    return error_title(error.kind, str((error.params or {}).get("problem", "")))


def error_message(error: RetouchError) -> str:
    """What went wrong, for the banner: by problem, else by kind, else the core's English."""
    return error_catalogue.error_text(error, _translate)


def error_details(error: RetouchError) -> str:
    """The Details text: the core's English sentence too when the banner says it otherwise.

    A bug report then carries the specific English wording, whatever the window's language.
    """
    shown = error_message(error)
    parts = [error.message if error.message != shown else "", error.details]
    return "\n\n".join(part for part in parts if part)

"""What the user reads when something fails: a title per kind and a sentence per problem.

The core says *what* went wrong (:class:`~desktop_app.core.errors.RetouchError` ``kind`` and,
where it knows more, ``params["problem"]`` with named values); this catalogue says it in
words. The English texts are Qt translation sources, marked with ``QT_TRANSLATE_NOOP`` so
``pyside6-lupdate`` collects them into ``resources/translations/*.ts``. The window translates
them with Qt's translator (:mod:`desktop_app.ui.edit.error_texts`), the command line with the same
``.ts`` catalogue read without Qt (:mod:`desktop_app.cli.messages`), so both say the same.

No Qt here: the command line imports this module.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from desktop_app.core.errors import ErrorKind, RetouchError

log = logging.getLogger(__name__)

TITLES_CONTEXT = "ErrorTitles"
MESSAGES_CONTEXT = "ErrorMessages"

# (context, English source) -> the text in the current language.
Translate = Callable[[str, str], str]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark ``text`` for translation in ``context`` and return it unchanged."""
    return text


TITLES: dict[ErrorKind, str] = {
    ErrorKind.BAD_INPUT: QT_TRANSLATE_NOOP("ErrorTitles", "This can't be used"),
    ErrorKind.AUTH: QT_TRANSLATE_NOOP("ErrorTitles", "The token was not accepted"),
    ErrorKind.QUOTA: QT_TRANSLATE_NOOP("ErrorTitles", "Out of credit"),
    ErrorKind.MODEL_UNAVAILABLE: QT_TRANSLATE_NOOP("ErrorTitles", "This model is not available"),
    ErrorKind.RATE_LIMITED: QT_TRANSLATE_NOOP("ErrorTitles", "The provider is busy"),
    ErrorKind.REFUSED: QT_TRANSLATE_NOOP("ErrorTitles", "No image this time"),
    ErrorKind.SERVER: QT_TRANSLATE_NOOP("ErrorTitles", "The provider had a problem"),
    ErrorKind.NETWORK: QT_TRANSLATE_NOOP("ErrorTitles", "Connection problem"),
    ErrorKind.BAD_RESPONSE: QT_TRANSLATE_NOOP("ErrorTitles", "The answer could not be read"),
    ErrorKind.CANCELLED: QT_TRANSLATE_NOOP("ErrorTitles", "Cancelled"),
}

# Titles for problems the general title of their kind misdescribes: "This can't be used" is
# no title for "there is no picture yet".
PROBLEM_TITLES: dict[str, str] = {
    "no_picture": QT_TRANSLATE_NOOP("ErrorTitles", "No picture yet"),
    "no_prompt": QT_TRANSLATE_NOOP("ErrorTitles", "Nothing to change yet"),
}

# Used when the core names no problem and a translation exists; in English the core's own,
# more specific sentence is shown instead.
KIND_MESSAGES: dict[ErrorKind, str] = {
    ErrorKind.BAD_INPUT: QT_TRANSLATE_NOOP(
        "ErrorMessages", "This picture or setting can't be used. Check it and try again."
    ),
    ErrorKind.AUTH: QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "The provider did not accept the API token. Check the token in Settings.",
    ),
    ErrorKind.QUOTA: QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "Your provider account is out of credit. Top it up on the provider's site, then try again.",
    ),
    ErrorKind.MODEL_UNAVAILABLE: QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "This token cannot use the chosen model. Pick another model in Settings or check "
        "your provider plan.",
    ),
    ErrorKind.RATE_LIMITED: QT_TRANSLATE_NOOP(
        "ErrorMessages", "The provider is busy right now. Wait a moment and try again."
    ),
    ErrorKind.REFUSED: QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "The provider did not return an image. Its reason is shown below; change the prompt "
        "or try again.",
    ),
    ErrorKind.SERVER: QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "The provider had a problem with this request. Nothing was saved; try again in a moment.",
    ),
    ErrorKind.NETWORK: QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "The connection to the provider failed. Check your internet connection, the proxy "
        "and the base URL in Settings.",
    ),
    ErrorKind.BAD_RESPONSE: QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "The provider's answer could not be read. Nothing was saved; try again.",
    ),
    ErrorKind.CANCELLED: QT_TRANSLATE_NOOP(
        "ErrorMessages", "Cancelled. Nothing was saved from this job."
    ),
}

# ``params["problem"]`` -> sentence; the other params fill the {placeholders}.
PROBLEM_MESSAGES: dict[str, str] = {
    # core.image_prep (params: name, problem and the named values)
    "missing": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "Retouch Studio can't find “{name}”. It may have been moved, renamed or deleted.",
    ),
    "folder": QT_TRANSLATE_NOOP("ErrorMessages", "“{name}” is a folder, not an image."),
    "no_permission": QT_TRANSLATE_NOOP(
        "ErrorMessages", "Retouch Studio isn't allowed to read “{name}”. Check its permissions."
    ),
    "unreadable": QT_TRANSLATE_NOOP("ErrorMessages", "Retouch Studio couldn't open “{name}”."),
    "empty": QT_TRANSLATE_NOOP(
        "ErrorMessages", "“{name}” is empty (0 bytes), so there is no picture in it."
    ),
    "not_an_image": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "“{name}” is not an image Retouch Studio can read. Use a JPEG, PNG, WebP, HEIC, AVIF, "
        "PSD, TIFF, BMP or GIF file.",
    ),
    "psd_no_composite": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "“{name}” is a Photoshop document saved without a flattened picture. In Photoshop, "
        "turn on Preferences › File Handling › Maximize PSD Compatibility and save it again, "
        "or export it as PNG.",
    ),
    "unsupported_format": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "“{name}” is in a format Retouch Studio can't read ({format}). Export it as JPEG or "
        "PNG and try again.",
    ),
    "damaged": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "“{name}” is a damaged or incomplete {format} file, so Retouch Studio can't read it. "
        "Try exporting it again.",
    ),
    "too_large": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "“{name}” is too large: {megapixels} megapixels ({width} × {height}). Retouch Studio "
        "accepts up to {limit_megapixels} megapixels; scale it down and try again.",
    ),
    "too_large_to_open": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "“{name}” is too large for Retouch Studio to open. Scale it down and try again.",
    ),
    "out_of_memory": QT_TRANSLATE_NOOP(
        "ErrorMessages", "“{name}” is too large to process with the memory available."
    ),
    "cannot_fit": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "“{name}” can't be made small enough to send ({limit_mb} MB at most), even at reduced "
        "quality and size.",
    ),
    # a bug: the window's last resort (ui.edit_runner, ui.main_window)
    "unexpected": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "Something unexpected went wrong. Your picture is safe; try again, and if it "
        "repeats, send the details to us.",
    ),
    # core.credentials
    "no_token": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "No API token is set. Enter your token in Settings, set RETOUCH_API_KEY, or try the "
        "offline demo provider.",
    ),
    # core.relay (client, downloader, result hosts)
    "model_deadline": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "Stopped waiting: the model did not finish its answer within {seconds} seconds, the "
        "overall limit for one request. Nothing was saved from this request; try again later.",
    ),
    "upload_deadline": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "Stopped waiting: the upload did not finish within {seconds} seconds, the overall "
        "limit for one request. Nothing was saved; check the connection and try again.",
    ),
    "disk_full": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "The result could not be saved: the disk is full ({folder}). Free some space, then "
        "run the edit again.",
    ),
    "cannot_save": QT_TRANSLATE_NOOP(
        "ErrorMessages", "The result could not be saved in {folder}. Check the folder."
    ),
    "result_host_refused": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "The result could not be downloaded: the provider pointed to a local or private "
        "network address, which Retouch Studio does not fetch from.",
    ),
    "secret_too_long": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "This secret has {length} characters; Windows Credential Manager keeps at most "
        "{limit}. Set it for a run with RETOUCH_API_KEY instead.",
    ),
    # core.http_errors (params: problem, status / host / seconds)
    "token_rejected": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "The provider did not accept your API token. Check the token in Settings.",
    ),
    "access_refused": QT_TRANSLATE_NOOP(
        "ErrorMessages", "The provider refused access for this token."
    ),
    "out_of_credit": KIND_MESSAGES[ErrorKind.QUOTA],
    "model_unavailable": KIND_MESSAGES[ErrorKind.MODEL_UNAVAILABLE],
    "rate_limited": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "The provider is busy right now (too many requests). Wait a moment and try again.",
    ),
    "content_rules": QT_TRANSLATE_NOOP(
        "ErrorMessages", "The provider refused this request under its content rules."
    ),
    "not_a_relay": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "The provider address does not answer like an image relay (HTTP 404). Check the base "
        "URL in Settings.",
    ),
    "request_too_large": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "The provider says the request is too large. Lower the largest upload side in "
        "Settings and try again.",
    ),
    "request_rejected": QT_TRANSLATE_NOOP(
        "ErrorMessages", "The provider rejected the request (HTTP {status})."
    ),
    "server_error": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "The provider's server had a problem (HTTP {status}). Nothing was saved; press Try "
        "again in a moment.",
    ),
    "connect_timeout": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "Could not connect to {host} in time. Check your internet connection or proxy.",
    ),
    "cannot_connect": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "Cannot reach the provider at {host}. Check your internet connection and the base URL "
        "in Settings.",
    ),
    "read_timeout": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "The provider did not answer within {seconds} seconds. The model may be overloaded; "
        "try again later or raise the wait time in Settings.",
    ),
    "upload_stalled": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "The upload to the provider stalled. Check your connection and try again.",
    ),
    "connection_broken": QT_TRANSLATE_NOOP(
        "ErrorMessages",
        "The connection to the provider broke before the answer arrived. Try again.",
    ),
}


def _identity(_context: str, text: str) -> str:
    return text


def error_title(kind: ErrorKind, translate: Translate = _identity, problem: str = "") -> str:
    """The short title for ``kind`` (or its ``problem``, where it has its own) in the current
    language."""
    return translate(TITLES_CONTEXT, PROBLEM_TITLES.get(problem) or TITLES[kind])


def error_text(error: RetouchError, translate: Translate = _identity) -> str:
    """``error`` in words of the current language.

    A sentence for the core's ``problem`` comes first (filled with its params); else, when a
    translation exists, the sentence for the kind; else the core's own English ``message``,
    which is the most specific English there is. The provider's ``reason`` is never
    reworded: callers show it as is.
    """
    params = error.params or {}
    template = PROBLEM_MESSAGES.get(str(params.get("problem", "")))
    if template and (params.get("name") or "{name}" not in template):
        values = {key: "" if value is None else value for key, value in params.items()}
        try:
            return translate(MESSAGES_CONTEXT, template).format_map(values)
        except (KeyError, IndexError, ValueError):
            # A translation with a placeholder the core does not send: say it in English.
            log.warning("error text for %r does not fit its params", params.get("problem"))
    general = KIND_MESSAGES[error.kind]
    translated = translate(MESSAGES_CONTEXT, general)
    return translated if translated != general else error.message

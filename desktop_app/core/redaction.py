"""Keep secrets out of every text that leaves the process: messages, details, logs, reprs.

Secrets are registered once (when a token is read) and every outgoing text goes through
:func:`redact`. A logging filter applies the same rule to every log record.
"""

from __future__ import annotations

import logging
import re
import threading

MASK = "***"
_MIN_SECRET_LENGTH = 4

_lock = threading.Lock()
_secrets: set[str] = set()

# Whatever we were told, a bearer header or an sk- style key is never printed as is.
_BEARER = re.compile(r"(?i)(bearer\s+)[^\s\"',;]+")
_KEY_LIKE = re.compile(r"\bsk-[A-Za-z0-9_\-]{8,}")


def register_secret(secret: str | None) -> None:
    """Remember ``secret`` so that :func:`redact` masks it from now on."""
    if secret and len(secret) >= _MIN_SECRET_LENGTH:
        with _lock:
            _secrets.add(secret)


def redact(text: str) -> str:
    """Return ``text`` with every registered secret, bearer value and key-like string masked."""
    if not text:
        return text
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, MASK)
    text = _BEARER.sub(lambda m: m.group(1) + MASK, text)
    return _KEY_LIKE.sub(MASK, text)


def mask_for_display(secret: str) -> str:
    """A recognisable but useless form of a token, e.g. ``sk-a…f9c2`` for status lines."""
    if len(secret) <= 8:
        return MASK
    return f"{secret[:3]}…{secret[-4:]}"


class RedactingFilter(logging.Filter):
    """Logging filter that redacts the formatted message of every record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def install_log_redaction(logger: logging.Logger | None = None) -> None:
    """Attach :class:`RedactingFilter` to every handler of ``logger`` (the root by default)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())

"""Text from the network, made harmless for a terminal before the command line prints it.

A relay's words (refusal reasons, error messages, model text, file names it chose) may carry
escape sequences: OSC 52 writes the clipboard, OSC 0 the window title, CSI clears the screen.
Every C0 control but newline and tab, DEL, every C1 control (U+0080 to U+009F, which some
terminals obey like ESC) and the bidirectional overrides that reorder what a line seems to say
are shown as a visible ``\\x1b``-style escape instead. ``--json`` output escapes the same
characters as ``\\u009b`` (``json.dumps`` leaves C1 and bidi characters raw with
``ensure_ascii=False``).
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

# C0 without \t and \n, DEL, C1, and the bidi embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: object) -> str:
    """``text`` with every control character a terminal could obey shown as an escape."""
    return _UNSAFE.sub(_visible, str(text))


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def json_line(value: Any) -> str:
    """One line of JSON (UTF-8 text kept readable) with no control character left raw.

    ``json.dumps`` already escapes C0 inside strings; what it leaves raw can only appear
    inside strings, where ``\\uXXXX`` is the same value for any JSON reader.
    """
    return _UNSAFE_IN_JSON.sub(_json_escape, json.dumps(value, ensure_ascii=False))


class TerminalSafeFormatter(logging.Formatter):
    """Log lines (which may quote the relay) with their control characters made visible."""

    def format(self, record: logging.LogRecord) -> str:
        return terminal_safe(super().format(record))

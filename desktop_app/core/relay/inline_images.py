"""Large inline images lifted out of an answer's bytes before its JSON is decoded.

An answer's text mixes emoji with data-URL images of tens of MB. Python stores a string with
one emoji at four bytes per character, so decoding such an answer made two copies (the
body and the message content) four times the size of the answer: a 38 MB answer peaked
near 470 MB. The base64 runs are cut out of the raw bytes first and stand in the JSON as a
short marker; each is put back, as plain ASCII, only into the one result URL that holds it.
"""

from __future__ import annotations

import re

# Only runs worth the trouble: a small inline image costs nothing either way. One character
# class, no group: the regex engine keeps no state per character of a 40 MB run.
_RUN = re.compile(rb"(data:image/[A-Za-z0-9.+-]{1,20};base64,)([A-Za-z0-9+/=]{65536,})")
_MARKER = re.compile(r"@retouch-inline-(\d+)@")


class InlineImages:
    """The base64 runs lifted from one answer, by the index their marker names."""

    def __init__(self) -> None:
        self._runs: list[memoryview] = []  # views into the answer's bytes: no copies

    def lift(self, raw: bytes) -> bytes:
        """``raw`` with every long data-URL payload replaced by a marker."""
        # JSON that escapes "/" as "\/" (PHP relays) is decoded the ordinary way.
        if b"base64," not in raw or b"\\/" in raw:
            return raw
        view = memoryview(raw)
        pieces: list[bytes] = []
        last = 0
        for match in _RUN.finditer(raw):
            start, end = match.span(2)
            pieces += [raw[last:start], b"@retouch-inline-%d@" % len(self._runs)]
            self._runs.append(view[start:end])
            last = end
        return b"".join([*pieces, raw[last:]]) if self._runs else raw

    def restore(self, text: str) -> str:
        """``text`` (a result URL) with its marker replaced by the payload it stands for."""
        if not self._runs or "@retouch-inline-" not in text:
            return text

        def payload(match: re.Match[str]) -> str:
            index = int(match[1])
            if index >= len(self._runs):
                return match[0]
            return str(self._runs[index], "ascii")

        return _MARKER.sub(payload, text)

    def summarised(self, text: str) -> str:
        """``text`` (the answer's words) with each marker saying what stood there."""
        if not self._runs:
            return text

        def summary(match: re.Match[str]) -> str:
            index = int(match[1])
            size = len(self._runs[index]) if index < len(self._runs) else 0
            return f"…{size} characters…"

        return _MARKER.sub(summary, text)

"""What a relay's answer may cost this machine: bytes, results, pixels, time, nesting.

The relay is a third party. Whatever it sends, reading it must stay bounded in memory, on
disk and in time, and end in a clear error rather than a traceback. The numbers live here so
the client, the downloader, the history and the window apply the same ones.
"""

from __future__ import annotations

import json
from typing import Any

# A chat answer may carry data-URL images, but one far beyond a few results is not an answer:
# decoding JSON with emoji costs four bytes per character, so the cap bounds memory too.
MAX_ANSWER_BYTES = 40 * 1024 * 1024
# The model list of "Test connection" is a few kB even on relays offering hundreds of models.
MAX_MODEL_LIST_BYTES = 2 * 1024 * 1024
# Results kept from one answer (the most the app ever asks for in one request).
MAX_RESULTS_PER_REQUEST = 10
# A result may be a large picture, not a decompression bomb: 64 MP is 8000 x 8000.
MAX_RESULT_PIXELS = 64_000_000
# The whole model stage (upload, generation, answer), whatever the idle read timeout says:
# a relay trickling a byte every few seconds never trips an idle timeout.
DEFAULT_MODEL_DEADLINE = 600.0
# What the history keeps of an answer's text (a refusal can be megabytes of junk).
MAX_STORED_TEXT = 16 * 1024


class TooDeep(ValueError):
    """JSON nested deeper than the parser can follow."""


def load_json(text: str | bytes) -> Any:
    """``json.loads`` that turns absurd nesting into a ``ValueError`` like any bad JSON.

    Raises:
        ValueError: the text is not JSON, or (:class:`TooDeep`) nested beyond recursion.
    """
    try:
        return json.loads(text)
    except RecursionError:
        raise TooDeep("The JSON is nested too deeply to read") from None


def too_many_pixels(width: int, height: int) -> bool:
    """Whether a result of ``width`` x ``height`` is over :data:`MAX_RESULT_PIXELS`."""
    return width * height > MAX_RESULT_PIXELS


def pixel_limit_text(width: int, height: int) -> str:
    """The sentence explaining a refused picture size."""
    return (
        f"the picture is {width} × {height} pixels, more than the "
        f"{MAX_RESULT_PIXELS // 1_000_000} megapixels a result may have."
    )


def bounded_text(text: str, limit: int = MAX_STORED_TEXT) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n… ({len(text) - limit} more characters not kept)"

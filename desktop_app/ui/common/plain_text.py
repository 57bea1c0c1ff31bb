"""Tooltips that show text as written, never as HTML.

Qt guesses whether a tooltip is rich text (``Qt.mightBeRichText``), so a relay's message
such as ``<h1>Click <a href=...>here</a></h1>`` would render as a large heading with a link.
Every tooltip that can hold text from the network (provider messages, file names a relay
chose, the user's own prompts) goes through :func:`plain_tooltip`: escaped and wrapped, it
is rich text that displays exactly the original characters, line breaks included.
"""

from __future__ import annotations

import html


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip that Qt shows literally (empty stays empty: no tooltip)."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"

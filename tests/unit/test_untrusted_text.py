"""Text from an untrusted relay: terminal-safe, JSON-safe, readable, bounded (issue 14)."""

from __future__ import annotations

import json

import pytest

from desktop_app.cli.safe_text import json_line, terminal_safe
from desktop_app.core.relay.endpoint import is_loopback
from desktop_app.core.relay.http_errors import body_excerpt
from desktop_app.core.relay.limits import TooDeep, bounded_text, load_json
from desktop_app.core.relay.response_parser import parse_completion
from desktop_app.demo.hostile import ESCAPES


def test_terminal_safe_shows_every_control_and_keeps_lines():
    shown = terminal_safe(f"a{ESCAPES}\tb\nc\r")
    assert all(ch not in shown for ch in "\x1b\x07\x9b\u202e\r")
    assert "\\x1b]52;" in shown and "\\x9b" in shown and "\\u202e" in shown
    assert "\tb\nc" in shown


def test_json_lines_escape_c1_and_bidi_but_keep_the_value():
    line = json_line({"reason": ESCAPES + " 中文"})
    assert all(ch not in line for ch in "\x1b\x07\x9b\u202e")
    assert "中文" in line  # readable UTF-8 stays
    assert json.loads(line) == {"reason": ESCAPES + " 中文"}


def test_binary_bodies_are_described_and_text_controls_escaped():
    assert body_excerpt(b"\x89PNG\r\n\x1a\n" + bytes(64)).startswith("(72 bytes of binary data")
    assert body_excerpt(b"<p>\x1b[2Jhi</p>") == "<p>\\x1b[2Jhi</p>"


def test_deep_json_is_a_value_error():
    with pytest.raises(TooDeep):
        load_json("[" * 100_000 + "]" * 100_000)
    with pytest.raises(Exception, match="could not read") as caught:
        parse_completion(b'{"choices": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    assert caught.value.kind == "bad_response"


def test_bounded_text_says_what_was_left_out():
    assert bounded_text("abc", 5) == "abc"
    assert bounded_text("x" * 10, 4) == "xxxx\n… (6 more characters not kept)"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("[::1]", True),
        ("localhost.localdomain", False),
        ("ip6-localhost", False),
    ],
)
def test_only_localhost_counts_as_loopback_by_name(host, loopback):
    assert is_loopback(host) is loopback

"""What the demo relay's HTTP handler knows of the relay it serves, and what it records.

The handler (:mod:`desktop_app.demo.http_handler`) sees the provider only through
:class:`RelayState`, so the two modules do not import each other.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from typing import Protocol

from PIL import Image

from desktop_app.demo.scenarios import Job, Reply


@dataclass(frozen=True)
class RecordedRequest:
    """One chat request as the provider received it."""

    path: str
    headers: dict[str, str]  # lower-cased names
    body: dict | None  # parsed JSON, None if not a JSON object
    size: int  # bytes of the raw body


@dataclass(frozen=True)
class StoredImage:
    """A result kept for the fake CDN."""

    data: bytes
    mime: str
    fault: str | None  # a cdn_* scenario played on every fetch of this result


class RelayState(Protocol):
    """What the handler needs of the relay it serves (:class:`DemoProvider` implements it)."""

    latency: float
    stopping: threading.Event

    @property
    def base_url(self) -> str: ...
    def track(self, connection: socket.socket, open_: bool) -> None: ...
    def record_chat(self, request: RecordedRequest) -> None: ...
    def chat_started(self) -> None: ...
    def chat_ended(self) -> None: ...
    def record_cdn(self, path: str) -> None: ...
    def next_queued(self) -> str | None: ...
    def auth_failure(self, authorization: str | None) -> Reply | None: ...
    def stored(self, name: str) -> StoredImage | None: ...
    def generate(
        self, job: Job, scenario: str, source: Image.Image | None, ratio: float, raw_prompt: str
    ) -> None: ...

"""Streamed answers: server-sent events turned back into the body a plain answer would have.

Both readers take the HTTP 200 response of a request sent with ``stream: true``. A relay that
ignores ``stream`` and answers JSON is read as it is; otherwise the events are gathered into
the equivalent JSON body, so :func:`desktop_app.core.relay.response_parser.parse_completion`
reads streamed and plain answers alike. Along the way they report what the relay says about
progress (chat) or the partial pictures it sends (Images API).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.relay.client import MAX_ANSWER_BYTES
from desktop_app.core.relay.client import _read_capped as read_capped

MAX_STREAM_BYTES = MAX_ANSWER_BYTES
_CHUNK_HEAD = ("id", "model", "created", "usage")  # kept from the chunks for the whole answer

# The relays' progress lines: "🕐 排队中", "⚡ 生成中", "🏃 进度 12..36..72", "✅ 生成完成".
_QUEUED = re.compile(r"排队中|queu", re.IGNORECASE)
_GENERATING = re.compile(r"生成中|generating", re.IGNORECASE)
_DONE = re.compile(r"生成完成|generation complete", re.IGNORECASE)
_PROGRESS = re.compile(r"(?:进度|progress)([^\n]*)", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w/])(\d{1,3})(?![\w/])")


@dataclass(frozen=True)
class RelayProgress:
    """What a streamed chat answer says so far: a stage word and a percentage if any."""

    stage: str  # "queued", "generating" or "finishing"
    percent: int | None = None


def chat_progress(text: str) -> RelayProgress | None:
    """The latest progress the assembled chat ``text`` reports, or None before any marker."""
    if _DONE.search(text):
        return RelayProgress("finishing", 100)
    percent = None
    for match in _PROGRESS.finditer(text):
        numbers = [int(n) for n in _NUMBER.findall(match[1].split("](", 1)[0]) if int(n) <= 100]
        if numbers:
            percent = numbers[-1]
    if percent is not None:
        return RelayProgress("generating", percent)
    if _GENERATING.search(text):
        return RelayProgress("generating", None)
    if _QUEUED.search(text):
        return RelayProgress("queued", None)
    return None


def is_event_stream(response: httpx.Response) -> bool:
    return "text/event-stream" in response.headers.get("content-type", "").lower()


async def read_all(response: httpx.Response, cap: int = MAX_STREAM_BYTES) -> bytes:
    """The whole body, refusing one larger than ``cap``."""
    return await read_capped(response, cap)


def _too_large(cap: int) -> RetouchError:
    return RetouchError(
        ErrorKind.BAD_RESPONSE,
        "The provider sent an answer far larger than any image answer; it was not read.",
        f"over {cap} bytes",
    )


async def sse_events(
    response: httpx.Response, cap: int = MAX_STREAM_BYTES
) -> AsyncIterator[tuple[str, str]]:
    """(event type, data) of each server-sent event; multi-line data joined by newlines."""
    event, data, size = "", [], 0
    async for line in response.aiter_lines():
        size += len(line) + 1
        if size > cap:
            raise _too_large(cap)
        if not line:
            if data:
                yield event, "\n".join(data)
            event, data = "", []
        elif line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].lstrip())
    if data:
        yield event, "\n".join(data)


async def json_events(response: httpx.Response) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """(event type, JSON object) of each event, to the end of the stream.

    ``[DONE]`` and data that is not a JSON object are skipped, never a reason to stop: read to
    the end, httpx's own readers finish and close cleanly.
    """
    async for event, data in sse_events(response):
        payload = _load(data) if data.strip() != "[DONE]" else None
        if payload is not None:
            yield event, payload


def _load(data: str) -> dict[str, Any] | None:
    try:
        value = json.loads(data)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


class ChatStreamReader:
    """Reads a streamed chat completion; ``on_progress`` hears each new progress marker."""

    def __init__(self, on_progress: Callable[[RelayProgress], None] | None = None) -> None:
        self._on_progress = on_progress

    async def __call__(self, response: httpx.Response) -> bytes:
        if not is_event_stream(response):
            return await read_all(response)
        pieces: list[str] = []
        head: dict[str, Any] = {}
        finish: str | None = None
        last: RelayProgress | None = None
        error: bytes | None = None
        async for _, chunk in json_events(response):
            if "error" in chunk and "choices" not in chunk:
                error = error or json.dumps(chunk, ensure_ascii=False).encode("utf-8")
            head.update({k: chunk[k] for k in _CHUNK_HEAD if chunk.get(k)})
            for choice in chunk.get("choices") or []:
                if not isinstance(choice, dict):
                    continue
                delta = choice.get("delta") or {}
                if isinstance(delta, dict) and isinstance(delta.get("content"), str):
                    pieces.append(delta["content"])
                finish = choice.get("finish_reason") or finish
            progress = chat_progress("".join(pieces))
            if progress is not None and progress != last and self._on_progress:
                self._on_progress(progress)
            last = progress or last
        if error is not None:  # the relay's error, read by parse_completion
            return error
        if not pieces and not head:
            return b""
        body = {
            "id": head.get("id", ""),
            "object": "chat.completion",
            "created": head.get("created", int(time.time())),
            "model": head.get("model"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "".join(pieces)},
                    "finish_reason": finish,
                }
            ],
            "usage": head.get("usage") or {},
        }
        return json.dumps(body, ensure_ascii=False).encode("utf-8")


class ImagesStreamReader:
    """Reads a streamed Images API answer; ``on_partial(index, png_bytes)`` gets each preview."""

    def __init__(self, on_partial: Callable[[int, bytes], None] | None = None) -> None:
        self._on_partial = on_partial
        self.previews = 0

    async def __call__(self, response: httpx.Response) -> bytes:
        if not is_event_stream(response):
            return await read_all(response)
        results: list[dict[str, Any]] = []
        extras: dict[str, Any] = {}
        error: bytes | None = None
        async for event, payload in json_events(response):
            kind = str(payload.get("type") or event)
            if "error" in payload and not kind.endswith(("partial_image", "completed")):
                error = error or json.dumps(payload, ensure_ascii=False).encode("utf-8")
            if kind.endswith("partial_image"):
                self._partial(payload)
            elif kind.endswith("completed"):
                item = {"b64_json": payload.get("b64_json")}
                if isinstance(payload.get("revised_prompt"), str):
                    item["revised_prompt"] = payload["revised_prompt"]
                results.append(item)
                for key in ("size", "quality", "background", "output_format", "usage"):
                    if payload.get(key):
                        extras[key] = payload[key]
        if error is not None:
            return error
        if not results:
            return b""
        body = {"created": int(time.time()), "data": results, **extras}
        return json.dumps(body, ensure_ascii=False).encode("utf-8")

    def _partial(self, payload: dict[str, Any]) -> None:
        self.previews += 1
        if self._on_partial is None or not isinstance(payload.get("b64_json"), str):
            return
        try:
            picture = base64.b64decode(payload["b64_json"], validate=False)
        except (binascii.Error, ValueError):
            return
        index = payload.get("partial_image_index")
        self._on_partial(index if isinstance(index, int) else self.previews - 1, picture)

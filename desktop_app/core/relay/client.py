"""The relay client: one chat-completion request with an image, sent safely.

Retries are deliberately narrow because every request that reaches the model may be billed:
only HTTP 429 (honouring ``Retry-After``) and failures that provably happened before the
request left this machine (connection refused, DNS, TLS handshake, connect timeout).
Never 5xx, read timeouts or moderation answers. Cancelling the awaiting task closes the
connection, so the relay sees the client go away.
"""

from __future__ import annotations

import asyncio
import dataclasses
import email.utils
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.relay.endpoint import (
    chat_completions_url,
    host_of,
    models_url,
    validate_base_url,
)
from desktop_app.core.relay.http_errors import error_from_status, error_from_transport
from desktop_app.core.relay.limits import (
    DEFAULT_MODEL_DEADLINE,
    MAX_ANSWER_BYTES,
    MAX_MODEL_LIST_BYTES,
    load_json,
)

log = logging.getLogger(__name__)

UPLOAD_CHUNK = 256 * 1024
MAX_RETRY_AFTER = 60.0


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait before sending again."""

    rate_limited_attempts: int = 3
    connect_attempts: int = 2
    backoff: tuple[float, ...] = (1.0, 2.0, 4.0)

    def delay(self, attempt: int) -> float:
        return self.backoff[min(attempt, len(self.backoff) - 1)]


@dataclass(frozen=True)
class RelayAnswer:
    """The raw 200 answer, for :func:`desktop_app.core.relay.response_parser.parse_completion`."""

    body: bytes
    elapsed: float
    attempts: int
    sent_bytes: int


@dataclass
class UploadCallbacks:
    """Hooks the pipeline uses to tell "uploading" from "waiting for the model"."""

    on_progress: Callable[[int, int], None] | None = None
    on_sent: Callable[[], None] | None = None
    on_retry: Callable[[str, float], None] | None = None


# Reads a 200 answer's body as it streams in (see desktop_app.core.relay.streaming).
AnswerReader = Callable[[httpx.Response], Awaitable[bytes]]


def build_chat_body(
    model: str, prompt_text: str, image_urls: Sequence[str], max_tokens: int | None = None
) -> dict[str, Any]:
    """The request body exactly as the provider documents it: one text part, then the images."""
    content: list[dict[str, Any]] = [{"type": "text", "text": prompt_text}]
    content += [{"type": "image_url", "image_url": {"url": url}} for url in image_urls]
    body: dict[str, Any] = {"model": model, "messages": [{"role": "user", "content": content}]}
    if max_tokens:
        body["max_tokens"] = max_tokens
    return body


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    return max(0.0, min(seconds, MAX_RETRY_AFTER))


class RelayClient:
    """Sends chat-completion requests to one relay with one token.

    Args:
        http: the shared ``httpx.AsyncClient`` (created inside the running loop by the caller).
        base_url: the provider base URL, validated (HTTPS unless loopback).
        token: the bearer token; it goes into the Authorization header and nowhere else.
        read_timeout: how long the relay may stay silent.
        deadline: how long one request may take in all, upload and answer included.
        sleep: injectable for tests of the retry policy.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        base_url: str,
        token: str,
        read_timeout: float = 300.0,
        connect_timeout: float = 15.0,
        write_timeout: float = 120.0,
        deadline: float = DEFAULT_MODEL_DEADLINE,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._http = http
        self._url = chat_completions_url(base_url)
        self._base_url = validate_base_url(base_url)
        self._models_url = models_url(base_url)
        self._host = host_of(self._url)
        self._token = token
        self._read_timeout = read_timeout
        self._timeout = httpx.Timeout(
            connect=connect_timeout, read=read_timeout, write=write_timeout, pool=connect_timeout
        )
        self._deadline = deadline
        self._retry = retry or RetryPolicy()
        self._sleep = sleep

    def __repr__(self) -> str:  # the token must not show up in debug output
        return f"RelayClient(url={self._url!r})"

    def _headers(self, content_type: str = "application/json") -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self._token}",
            "Content-Type": content_type,
            "Accept": "application/json",
        }

    async def complete(
        self,
        body: dict[str, Any],
        callbacks: UploadCallbacks | None = None,
        *,
        reader: AnswerReader | None = None,
    ) -> RelayAnswer:
        """POST ``body`` and return the 200 answer, retrying only where no charge can occur.

        ``reader`` reads a 200 answer as it streams in (a request sent with ``stream``).
        """
        return await self.post("chat/completions", json_payload(body), callbacks, reader=reader)

    async def post(
        self,
        path: str,
        payload: bytes,
        callbacks: UploadCallbacks | None = None,
        *,
        content_type: str = "application/json",
        reader: AnswerReader | None = None,
    ) -> RelayAnswer:
        """POST ``payload`` to ``{base}/{path}``, with :meth:`complete`'s retry rules."""
        hooks = callbacks or UploadCallbacks()
        url = f"{self._base_url}/{path}"
        started = time.monotonic()
        rate_limited = connect_failed = 0
        while True:
            try:
                status, raw, headers = await self._send_within_deadline(
                    url, payload, hooks, content_type, reader
                )
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                # Nothing reached the relay: safe to send again.
                if connect_failed >= self._retry.connect_attempts:
                    raise error_from_transport(exc, self._host, self._read_timeout) from None
                delay = self._retry.delay(connect_failed)
                connect_failed += 1
                self._announce_retry(hooks, f"Could not connect to {self._host}", delay)
                await self._sleep(delay)
                continue
            except httpx.TransportError as exc:
                raise error_from_transport(exc, self._host, self._read_timeout) from None
            if status == 429 and rate_limited < self._retry.rate_limited_attempts:
                delay = parse_retry_after(headers.get("retry-after"))
                delay = self._retry.delay(rate_limited) if delay is None else delay
                rate_limited += 1
                self._announce_retry(hooks, "The provider is busy", delay)
                await self._sleep(delay)
                continue
            if status != 200:
                raise error_from_status(status, raw, headers.get("content-type", ""))
            attempts = rate_limited + connect_failed + 1
            return RelayAnswer(raw, time.monotonic() - started, attempts, len(payload))

    @staticmethod
    def _announce_retry(hooks: UploadCallbacks, why: str, delay: float) -> None:
        log.info("%s; retrying in %.1f s", why, delay)
        if hooks.on_retry:
            hooks.on_retry(why, delay)

    async def _send_within_deadline(
        self,
        url: str,
        payload: bytes,
        hooks: UploadCallbacks,
        content_type: str,
        reader: AnswerReader | None,
    ) -> tuple[int, bytes, httpx.Headers]:
        sent = False
        outer_on_sent = hooks.on_sent

        def on_sent() -> None:
            nonlocal sent
            sent = True
            if outer_on_sent:
                outer_on_sent()

        try:
            async with asyncio.timeout(self._deadline):
                return await self._send_once(
                    url, payload, dataclasses.replace(hooks, on_sent=on_sent), content_type, reader
                )
        except TimeoutError:
            what = "the model did not finish its answer" if sent else "the upload did not finish"
            raise RetouchError(
                ErrorKind.NETWORK,
                f"Stopped waiting: {what} within {self._deadline:.0f} seconds, the overall "
                "limit for one request (model_deadline in the settings file). Nothing was "
                "saved from this request; try again later.",
                f"deadline of {self._deadline:.0f} s reached while "
                + ("waiting for the model" if sent else "uploading"),
                params={
                    "problem": "model_deadline" if sent else "upload_deadline",
                    "seconds": round(self._deadline),
                },
            ) from None

    async def _send_once(
        self,
        url: str,
        payload: bytes,
        hooks: UploadCallbacks,
        content_type: str,
        reader: AnswerReader | None,
    ) -> tuple[int, bytes, httpx.Headers]:
        headers = self._headers(content_type) | {"Content-Length": str(len(payload))}
        if reader is not None:
            headers["Accept"] = "text/event-stream, application/json"
        request = self._http.build_request(
            "POST",
            url,
            content=_chunks(payload, hooks),
            headers=headers,
            timeout=self._timeout,
        )
        response = await self._http.send(request, stream=True)
        try:
            if reader is not None and response.status_code == 200:
                raw = await reader(response)
            else:
                raw = await _read_capped(response, MAX_ANSWER_BYTES)
        finally:
            await response.aclose()
        return response.status_code, raw, response.headers

    async def list_models(self) -> list[str]:
        """The model ids the relay offers this token (a cheap call: no generation)."""
        try:
            async with asyncio.timeout(self._read_timeout + self._timeout.connect):
                request = self._http.build_request(
                    "GET", self._models_url, headers=self._headers(), timeout=self._timeout
                )
                response = await self._http.send(request, stream=True)
                try:
                    raw = await _read_capped(response, MAX_MODEL_LIST_BYTES)
                finally:
                    await response.aclose()
        except httpx.TransportError as exc:
            raise error_from_transport(exc, self._host, self._read_timeout) from None
        except TimeoutError:
            raise RetouchError(
                ErrorKind.NETWORK,
                f"The provider at {self._host} did not send its model list in time.",
                "overall deadline of the model list reached",
                params={"problem": "read_timeout", "seconds": round(self._read_timeout)},
            ) from None
        if response.status_code != 200:
            raise error_from_status(
                response.status_code, raw, response.headers.get("content-type", "")
            )
        try:
            entries = load_json(raw).get("data", [])
            return [str(entry["id"]) for entry in entries if isinstance(entry, dict)]
        except (ValueError, AttributeError, KeyError, TypeError) as exc:
            raise RetouchError(
                ErrorKind.BAD_RESPONSE,
                "The provider's model list could not be read.",
                f"{type(exc).__name__}: {exc}",
            ) from None


def json_payload(body: dict[str, Any]) -> bytes:
    """A JSON request body as relays expect it: UTF-8, compact."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


async def _chunks(payload: bytes, hooks: UploadCallbacks) -> AsyncIterator[bytes]:
    """Yield the body in pieces so upload progress is visible and "sent" is a real moment."""
    total = len(payload)
    view = memoryview(payload)
    for offset in range(0, total, UPLOAD_CHUNK):
        chunk = bytes(view[offset : offset + UPLOAD_CHUNK])
        yield chunk
        if hooks.on_progress:
            hooks.on_progress(min(offset + len(chunk), total), total)
    if hooks.on_sent:
        hooks.on_sent()


async def _read_capped(response: httpx.Response, cap: int) -> bytes:
    parts: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > cap:
            raise RetouchError(
                ErrorKind.BAD_RESPONSE,
                "The provider sent an answer far larger than any image answer; it was not read.",
                f"over {cap} bytes",
            )
        parts.append(chunk)
    return b"".join(parts)

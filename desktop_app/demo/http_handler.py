"""The demo relay's HTTP side: routing, request checks, answers, CDN and stalls.

:class:`desktop_app.demo.provider.RelayState` owns the state (queue, recordings, stored
pictures); this module speaks HTTP/1.1 for it, one handler thread per connection.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import select
import socket
import ssl
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from desktop_app.core.ratios import ratio_of_size, tagged_ratio
from desktop_app.demo import edit, hostile, region_answer, scenarios
from desktop_app.demo.images_routes import ImagesRoutes, stream_refusal
from desktop_app.demo.recording import RecordedRequest
from desktop_app.demo.relay_state import RelayState
from desktop_app.demo.scenarios import SCENARIOS, Job, Reply

logger = logging.getLogger("desktop_app.demo.provider")

POLL_SECONDS = 0.05  # how often waits look for stop() or a client that hung up
MAX_BODY_BYTES = 64 * 1024 * 1024  # relays refuse bodies of tens of MB; so do we
MODELS: tuple[str, ...] = ("gpt-4o-image-vip", "gpt-4o-image", "gpt-4o-all", "sora_image")
_STREAM_CHUNK = 64 * 1024
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_MARKER = re.compile(r"\[demo:\s*([A-Za-z0-9_]+)\s*\]", re.IGNORECASE)
_CDN_PATH = re.compile(r"^/cdn/(?:download/)?(\d{8})/([0-9a-f]{8,32})\.(png|webp)$")
_DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


class RelayServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # stop() must not wait for handlers stuck in a client's socket

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[RequestHandler],
        provider: RelayState,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.provider = provider
        self.tls = tls
        super().__init__(address, handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()
        if self.tls is not None:
            # The handshake happens in the handler's thread, at its first read: a client that
            # refuses the certificate fails only its own connection.
            connection = self.tls.wrap_socket(
                connection, server_side=True, do_handshake_on_connect=False
            )
        return connection, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The default prints a traceback to stderr; clients hanging up are routine here.
        logger.debug("demo provider: error serving %s", client_address, exc_info=True)


class RequestHandler(ImagesRoutes, BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so Content-Length must always be right
    server_version = "DemoRelay/1.0"
    timeout = 120  # idle keep-alive connections do not pin a thread for ever
    server: RelayServer

    def version_string(self) -> str:
        return self.server_version  # no Python version: a relay would not advertise one

    @property
    def provider(self) -> RelayState:
        return self.server.provider

    def setup(self) -> None:
        super().setup()
        # Streamed answers go out as many small writes; with Nagle's algorithm each one
        # after the first waits for the client's delayed ACK (~40 ms). Real relays (nginx's
        # tcp_nodelay) send them at once.
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.provider.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.provider.track(self.connection, False)

    def handle(self) -> None:
        try:
            super().handle()
        except OSError as error:
            logger.debug("demo provider: client went away: %r", error)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("demo provider %s: " + format, self.address_string(), *args)

    # --- routing --------------------------------------------------------------------------

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        try:
            if path.startswith("/cdn/"):
                self._cdn(path)
            elif path == "/v1/models":
                self._models()
            elif fault := hostile.models_fault(path):
                hostile.serve_models(self, fault)
            elif path.startswith("/v1/"):
                self._send(_invalid_url("GET", path))
            elif path in ("/", "/index.html"):
                self._send(_home(self.provider))
            else:
                self._send(scenarios.not_found_html(path))
        except _DISCONNECTS:
            raise
        except Exception:
            self._bug()

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        try:
            if path.endswith("/chat/completions"):
                self.provider.chat_started()
                try:
                    self._chat(path)
                finally:
                    self.provider.chat_ended()
            elif "/images/" in path:
                self._images(path)
            else:
                self._read_body()  # keeps the keep-alive connection in step
                self._send(_invalid_url("POST", path))
        except _DISCONNECTS:
            raise
        except Exception:
            self._bug()

    # --- chat -----------------------------------------------------------------------------

    def _chat(self, path: str) -> None:
        raw = self._read_body()
        if raw is None:
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        body = _parse_json(raw)
        self.provider.record_chat(RecordedRequest(path, headers, body, len(raw)))
        if path != "/v1/chat/completions":
            self._send(_invalid_url("POST", path))
            return
        reply = self.provider.auth_failure(self.headers.get("Authorization"))
        if reply is not None:
            self._send(reply)
            return
        reply, prompt = _validate(body)
        if reply is not None or body is None:
            self._send(reply or scenarios.invalid_request("no body"))
            return
        scenario = self.provider.next_queued()
        if scenario is None:
            marker = _MARKER.search(prompt)
            scenario = marker[1].lower() if marker else region_answer.default_scenario(prompt)
            if scenario not in SCENARIOS:
                self._send(
                    scenarios.invalid_request(
                        f"unknown demo scenario {scenario!r} in the prompt; known: "
                        + ", ".join(SCENARIOS)
                    )
                )
                return
        self._play(scenario, body, prompt)

    def _play(self, scenario: str, body: dict, prompt: str) -> None:
        stream = body.get("stream") is True and scenario != "stream_ignored"
        if scenario == "stream_refused" and stream:
            self._send(stream_refusal())
            return
        images = _image_urls(body)
        source = edit.decode_data_url(images[0]) if images else None  # as the model reads it
        if not self._before_answer(scenario):
            return
        ratio = edit.requested_ratio_value(prompt, source)
        reported = tagged_ratio(prompt) or str(ratio_of_size(*edit.snap_size(ratio)))
        if scenario == "ratio_differs":
            # The relay "understood" another ratio, and the model followed it.
            reported = "1:1" if reported != "1:1" else "2:3"
            ratio = 1.0 if reported == "1:1" else 2 / 3
        job = Job(model=body["model"], prompt=edit.clean_prompt(prompt), ratio=reported)
        if scenario in hostile.HOSTILE_ANSWER_SCENARIOS:
            hostile.play(self, scenario, job, source, ratio, prompt)
            return
        if scenario in scenarios.FAILURE_SCENARIOS:
            echo = scenario == "http_401_echo"
            authorization = self.headers.get("Authorization")
            self._send(
                scenarios.key_echo(authorization) if echo else scenarios.failure(scenario, job)
            )
            return
        self.provider.generate(job, scenario, source, ratio, prompt)
        reply = scenarios.answer(scenario, job, input_images=len(images))
        if stream:
            self._stream_chat(reply)
        else:
            self._send(reply)

    def _models(self) -> None:
        reply = self.provider.auth_failure(self.headers.get("Authorization"))
        if reply is None:
            created = int(time.time())
            data = [
                {"id": model, "object": "model", "created": created, "owned_by": "custom"}
                for model in MODELS
            ]
            reply = Reply(200, json.dumps({"object": "list", "data": data}).encode())
        self._send(reply)

    # --- CDN ------------------------------------------------------------------------------

    def _cdn(self, path: str) -> None:
        self.provider.record_cdn(path)
        match = _CDN_PATH.match(path)
        stored = self.provider.stored(f"{match[2]}.{match[3]}") if match else None
        if stored is None:
            self._send(scenarios.not_found_html(path))
            return
        fault = stored.fault
        if fault == "cdn_slow" and not self._wait(scenarios.CDN_STALL_SECONDS):
            self._drop()
            return
        if fault == "cdn_oversize":
            self._stream_junk(scenarios.OVERSIZE_BYTES, chunked=False)
            return
        if fault == "cdn_oversize_chunked":
            self._stream_junk(scenarios.CHUNKED_TOTAL_BYTES, chunked=True)
            return
        reply = scenarios.cdn_fault(fault, path, stored.data) if fault else None
        self._send(
            reply or Reply(200, stored.data, stored.mime, (("Cache-Control", "max-age=86400"),))
        )

    def _stream_junk(self, total: int, *, chunked: bool) -> None:
        """An "image" far over any sane cap: a PNG signature, then zeros, until told to stop."""
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(total))
        self.end_headers()
        first = _PNG_SIGNATURE + bytes(_STREAM_CHUNK - len(_PNG_SIGNATURE))
        zeros = bytes(_STREAM_CHUNK)
        sent = 0
        try:
            while sent < total:
                if self.provider.stopping.is_set():
                    self.close_connection = True  # the body is incomplete: never reuse
                    return
                piece = (first if sent == 0 else zeros)[: total - sent]
                if chunked:
                    self.wfile.write(b"%X\r\n%s\r\n" % (len(piece), piece))
                else:
                    self.wfile.write(piece)
                sent += len(piece)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except OSError as error:
            # The client hit its size cap and hung up, which is the point of this scenario.
            self.close_connection = True
            logger.debug("demo provider: oversize stream cut after %d bytes: %r", sent, error)

    # --- plumbing -------------------------------------------------------------------------

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def _read_body(self) -> bytes | None:
        """The request body; None when it was refused (413) and the connection is closing.

        Marks the request's arrival: the model's latency counts from here, so the relay's
        own parsing and decoding happen within it rather than after it.
        """
        self.arrived = time.monotonic()
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self._read_chunked()
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY_BYTES:
            self._refuse_body(max(length, 0))
            return None
        return self.rfile.read(length) if length else b""

    def _read_chunked(self) -> bytes | None:
        parts: list[bytes] = []
        total = 0
        while True:
            size = int(self.rfile.readline(1024).split(b";")[0].strip() or b"0", 16)
            total += size
            if total > MAX_BODY_BYTES:
                self._refuse_body(total)
                return None
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            self.rfile.readline(8)

    def _refuse_body(self, size: int) -> None:
        self.provider.record_chat(
            RecordedRequest(
                urlsplit(self.path).path,
                {k.lower(): v for k, v in self.headers.items()},
                None,
                size,
            )
        )
        self.close_connection = True  # the unread body makes the connection unusable
        reply = scenarios.api_error(
            413, "请求体过大 (request entity too large)", "request_too_large"
        )
        self._send(Reply(reply.status, reply.body, reply.content_type, (("Connection", "close"),)))

    def _wait(self, seconds: float) -> bool:
        """Sleep ``seconds``; False as soon as the provider stops or the client hangs up."""
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            if self.provider.stopping.wait(min(remaining, POLL_SECONDS)):
                return False
            if self._client_gone():
                return False
        return not self.provider.stopping.is_set()

    def _client_gone(self) -> bool:
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            if isinstance(self.connection, ssl.SSLSocket):
                # TLS cannot be peeked; after the request, anything readable is a close.
                return bool(readable)
            # Readable with nothing to read is an orderly close from the client.
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True

    def _drop(self) -> None:
        """Close the connection without a word, as a crashed upstream or proxy does."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _bug(self) -> None:
        logger.exception("demo provider: unexpected error for %s %s", self.command, self.path)
        self.close_connection = True
        with contextlib.suppress(OSError):
            self._send(scenarios.api_error(500, "demo provider internal error", "demo_bug"))


def _parse_json(raw: bytes) -> dict | None:
    try:
        parsed = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return parsed if isinstance(parsed, dict) else None


def _validate(body: dict | None) -> tuple[Reply | None, str]:
    """Check a chat request the way a relay does; returns (400 reply or None, prompt text)."""
    if body is None:
        return scenarios.invalid_request(
            "We could not parse the JSON body of your request. (HINT: This likely means you "
            "aren't using your HTTP library correctly.)"
        ), ""
    model = body.get("model")
    if not isinstance(model, str) or not model.strip():
        return scenarios.invalid_request("you must provide a model parameter", "model"), ""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages or not isinstance(messages[0], dict):
        return scenarios.invalid_request("'messages' is a required property", "messages"), ""
    content = messages[0].get("content")
    if not isinstance(content, list):
        return scenarios.invalid_request(
            "messages[0].content must be a list of a text part and image_url parts",
            "messages[0].content",
        ), ""
    texts: list[str] = []
    for index, part in enumerate(content):
        kind = part.get("type") if isinstance(part, dict) else None
        if kind == "text" and isinstance(part.get("text"), str):
            texts.append(part["text"])
        elif (
            kind == "image_url"
            and isinstance(part.get("image_url"), dict)
            and isinstance(part["image_url"].get("url"), str)
            and part["image_url"]["url"]
        ):
            continue
        else:
            return scenarios.invalid_request(
                f"Invalid content part at messages[0].content[{index}]: expected a text part "
                "or an image_url part with a url",
                f"messages[0].content[{index}]",
            ), ""
    if len(texts) != 1:
        return scenarios.invalid_request(
            f"messages[0].content must hold exactly one text part, not {len(texts)}",
            "messages[0].content",
        ), ""
    return None, texts[0]


def _image_urls(body: dict) -> list[str]:
    content = body["messages"][0]["content"]
    return [part["image_url"]["url"] for part in content if part.get("type") == "image_url"]


def _invalid_url(method: str, path: str) -> Reply:
    reply = scenarios.invalid_request(f"Invalid URL ({method} {path})")
    return Reply(404, reply.body, reply.content_type)


def _home(provider: RelayState) -> Reply:
    page = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Retouch Studio demo '
        f"provider</title></head><body><h1>Retouch Studio demo provider</h1><p>Base URL: "
        f"<code>{provider.base_url}</code></p><p>Scenarios (put <code>[demo:name]</code> in "
        f"a prompt): {', '.join(SCENARIOS)}</p></body></html>\n"
    )
    return Reply(200, page.encode(), "text/html; charset=utf-8")

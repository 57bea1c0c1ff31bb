"""The demo relay's Images API (``/images/edits``, ``/images/generations``) and streamed answers.

A mixin of :class:`desktop_app.demo.http_handler.RequestHandler`: it uses the handler's
plumbing (``_read_body``, ``_send``, ``_wait``, ``_drop``) and its provider. Requests are
recorded like chat requests, multipart parts included, so tests can assert exact bodies.
The same ``[demo:<scenario>]`` markers and injected scenarios apply, plus three of its own:
``stream_refused`` (a 400 naming ``stream`` when one is asked for), ``stream_ignored`` (a
plain JSON answer to a streaming request) and ``no_transparency``.
"""

from __future__ import annotations

import base64
import io
import json
import re
import time
from collections.abc import Callable
from typing import Any

from PIL import Image

from desktop_app.demo import edit, pictures, scenarios
from desktop_app.demo.recording import FormPart, RecordedRequest, parse_multipart
from desktop_app.demo.scenarios import FAILURE_SCENARIOS, SCENARIOS, Job, Reply

_MARKER = re.compile(r"\[demo:\s*([A-Za-z0-9_]+)\s*\]", re.IGNORECASE)
_SIZE = re.compile(r"^(\d{2,5})x(\d{2,5})$")
STREAM_PAUSE = 0.005  # between streamed pictures, so a client sees them arrive one by one
FORMATS = {"png": "PNG", "webp": "WEBP", "jpeg": "JPEG"}


def stream_refusal() -> Reply:
    """What a relay that cannot stream answers a request with ``stream: true``."""
    body = {
        "error": {
            "message": "Unsupported parameter: 'stream' is not supported for this model.",
            "type": "invalid_request_error",
            "param": "stream",
            "code": "unsupported_parameter",
        }
    }
    return Reply(400, json.dumps(body).encode())


def _wants_stream(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _size_of(value: object, source: Image.Image | None) -> tuple[int, int]:
    match = _SIZE.match(value) if isinstance(value, str) else None
    if match:
        return int(match[1]), int(match[2])
    ratio = source.width / source.height if source is not None else 1.0
    return edit.snap_size(ratio)


class ImagesRoutes:
    """Serves the Images API and streams chat answers; mixed into the request handler."""

    # Provided by the handler this is mixed into (http_handler, which imports this module).
    provider: Any
    headers: Any
    wfile: Any
    close_connection: bool
    arrived: float  # when the request's body was read: the model's latency counts from it
    _read_body: Callable[[], bytes | None]
    _send: Callable[[Reply], None]
    _wait: Callable[[float], bool]
    _drop: Callable[[], None]
    send_response: Callable[[int], None]
    send_header: Callable[[str, str], None]
    end_headers: Callable[[], None]

    # --- shared with the chat route -------------------------------------------------------

    def _before_answer(self, scenario: str) -> bool:
        """Play the transport part of ``scenario``; False when there is no one to answer."""
        if scenario == "drop_connection":
            self._drop()
            return False
        if scenario == "silent":
            self._wait(scenarios.SILENT_LIMIT_SECONDS)
            self._drop()
            return False
        if scenario in scenarios.IMMEDIATE_SCENARIOS:
            delay = 0.0
        elif scenario == "slow":
            delay = scenarios.SLOW_SECONDS
        else:  # the model's time, counted from the request's arrival
            delay = self.provider.latency - (time.monotonic() - self.arrived)
        if not self._wait(delay):
            self._drop()  # stopped, or the client cancelled: nobody to answer
            return False
        return True

    # --- Images API -----------------------------------------------------------------------

    def _images(self, path: str) -> None:
        raw = self._read_body()
        if raw is None:
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        content_type = headers.get("content-type", "")
        parts: tuple[FormPart, ...] = ()
        if content_type.startswith("multipart/form-data"):
            parts = parse_multipart(raw, content_type)
            body: dict[str, Any] | None = {p.name: p.text for p in parts if p.filename is None}
        else:
            body = _json_object(raw)
        self.provider.record_chat(RecordedRequest(path, headers, body, len(raw), parts))
        reply = self.provider.auth_failure(self.headers.get("Authorization"))
        if reply is None:
            reply = _check_images_request(path, body, parts)
        if reply is not None or body is None:
            self._send(reply or scenarios.invalid_request("no body"))
            return
        prompt = str(body["prompt"])
        scenario = self.provider.next_queued()
        if scenario is None:
            marker = _MARKER.search(prompt)
            scenario = marker[1].lower() if marker else "standard"
        if scenario not in SCENARIOS:
            scenario = "standard"
        stream = _wants_stream(body.get("stream"))
        if scenario == "stream_refused" and stream:
            self._send(stream_refusal())
            return
        if scenario == "no_transparency" and body.get("background") == "transparent":
            self._send(
                scenarios.invalid_request(
                    "Transparent background is not supported for this model.", "background"
                )
            )
            return
        if not self._before_answer(scenario):
            return
        job = Job(model=str(body["model"]), prompt=edit.clean_prompt(prompt), ratio="")
        if scenario in FAILURE_SCENARIOS:
            self._send(scenarios.failure(scenario, job))
            return
        self._answer_images(path, body, parts, stream and scenario != "stream_ignored")

    def _answer_images(
        self, path: str, body: dict[str, Any], parts: tuple[FormPart, ...], stream: bool
    ) -> None:
        source = next((p.picture() for p in parts if p.name in ("image[]", "image")), None)
        size = _size_of(body.get("size"), source)
        fmt = FORMATS.get(str(body.get("output_format") or "png"), "PNG")
        transparent = body.get("background") == "transparent"
        count = max(1, min(10, int(body.get("n") or 1)))
        prompt = str(body["prompt"])
        encoded = [
            _encode(pictures.at_size(source, prompt, size, variant, transparent), fmt)
            for variant in range(count)
        ]
        echoed = {
            "background": "transparent" if transparent else "opaque",
            "output_format": str(body.get("output_format") or "png"),
            "quality": str(body.get("quality") or "high"),
            "size": f"{size[0]}x{size[1]}",
        }
        usage = {
            "input_tokens": 50 + 40 * len(parts),
            "input_tokens_details": {"text_tokens": 50, "image_tokens": 40 * len(parts)},
            "output_tokens": 1056 * count,
            "total_tokens": 50 + 40 * len(parts) + 1056 * count,
        }
        revised = edit.clean_prompt(prompt)
        if not stream:
            data = [
                {"b64_json": base64.b64encode(d).decode(), "revised_prompt": revised}
                for d in encoded
            ]
            payload = {"created": int(time.time()), "data": data, **echoed, "usage": usage}
            self._send(Reply(200, json.dumps(payload).encode()))
            return
        kind = "image_edit" if path.endswith("/edits") else "image_generation"
        previews = max(0, min(3, int(body.get("partial_images") or 0)))
        self._sse_start()
        for index in range(previews):
            preview = pictures.preview_of(encoded[0], index, previews, fmt)
            self._image_event(f"{kind}.partial_image", preview, echoed, partial_image_index=index)
        for data in encoded:
            self._image_event(
                f"{kind}.completed", data, echoed, revised_prompt=revised, usage=usage
            )
        self._sse_end()

    def _image_event(
        self, kind: str, picture: bytes, echoed: dict[str, str], **extra: object
    ) -> None:
        payload = {
            "type": kind,
            "b64_json": base64.b64encode(picture).decode(),
            **echoed,
            "created_at": int(time.time()),
            **extra,
        }
        self._sse_event(kind, payload)

    # --- streamed chat --------------------------------------------------------------------

    def _stream_chat(self, reply: Reply) -> None:
        """Send a chat answer as ``chat.completion.chunk`` events, a few lines at a time."""
        whole = json.loads(reply.body) if reply.status == 200 else {}
        message = whole.get("choices", [{}])[0].get("message", {})
        if set(message) != {"role", "content"} or "data" in whole:
            # Errors, and pictures outside the text (message.images, data), come back whole.
            self._send(reply)
            return
        content = whole["choices"][0]["message"]["content"]
        head = {k: whole[k] for k in ("id", "created", "model")}
        head["object"] = "chat.completion.chunk"

        def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> dict:
            choice = {"index": 0, "delta": delta, "finish_reason": finish}
            return {**head, "choices": [choice], **extra}

        # The model's time is over: the pieces go out back to back, as relays that relay a
        # finished answer send them (a pause each would add ~75 ms to every answer).
        self._sse_start()
        self._sse_event("", chunk({"role": "assistant", "content": ""}), pause=0.0)
        for piece in re.split(r"(?<=\n\n)|(?<=\d\.\.)", content):
            if piece:
                self._sse_event("", chunk({"content": piece}), pause=0.0)
        self._sse_event("", chunk({}, "stop", usage=whole.get("usage")), pause=0.0)
        self._sse_raw(b"data: [DONE]\n\n")
        self._sse_end()

    # --- server-sent events ---------------------------------------------------------------

    def _sse_start(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def _sse_event(self, event: str, data: dict[str, Any], pause: float = STREAM_PAUSE) -> None:
        text = (f"event: {event}\n" if event else "") + f"data: {json.dumps(data)}\n\n"
        self._sse_raw(text.encode("utf-8"))
        if not self._wait(pause):
            raise ConnectionAbortedError("the client went away during the stream")

    def _sse_raw(self, data: bytes) -> None:
        self.wfile.write(b"%X\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _sse_end(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


def _encode(picture: Image.Image, fmt: str) -> bytes:
    if fmt != "JPEG":
        return edit.encode(picture, fmt)
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def _json_object(raw: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _check_images_request(
    path: str, body: dict[str, Any] | None, parts: tuple[FormPart, ...]
) -> Reply | None:
    """A 400 the way OpenAI words it, or None for a request the demo can answer."""
    if path not in ("/v1/images/edits", "/v1/images/generations"):
        reply = scenarios.invalid_request(f"Invalid URL (POST {path})")
        return Reply(404, reply.body, reply.content_type)
    if body is None:
        return scenarios.invalid_request("We could not parse the body of your request.")
    model = body.get("model")
    if not isinstance(model, str) or not model.strip():
        return scenarios.invalid_request("you must provide a model parameter", "model")
    if "response_format" in body and model.startswith("gpt-image"):
        return scenarios.invalid_request("Unknown parameter: 'response_format'.", "response_format")
    if not isinstance(body.get("prompt"), str) or not body["prompt"].strip():
        return scenarios.invalid_request("'prompt' is a required property", "prompt")
    if path.endswith("/edits") and not any(p.name in ("image[]", "image") for p in parts):
        return scenarios.invalid_request("'image' is a required property", "image")
    try:
        count = int(body.get("n") or 1)
    except (TypeError, ValueError):
        count = 0
    if not 1 <= count <= 10:
        return scenarios.invalid_request("'n' must be between 1 and 10", "n")
    if body.get("background") == "transparent" and body.get("output_format") == "jpeg":
        return scenarios.invalid_request(
            "Transparent background requires output_format png or webp.", "background"
        )
    return None

"""The OpenAI Images API route: ``/images/edits`` (multipart) and ``/images/generations`` (JSON).

Only the bodies and the reading of the answer's extras live here; sending, retries and the
error taxonomy are :class:`desktop_app.core.relay.client.RelayClient`'s, shared with the chat
route. ``response_format`` is never sent: ``gpt-image-*`` models answer it with HTTP 400.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

EDITS_PATH = "images/edits"
GENERATIONS_PATH = "images/generations"
MAX_IMAGES = 16
PARTIAL_IMAGES = 2
ECHOED = ("size", "quality", "background", "output_format")


@dataclass(frozen=True)
class ImageOptions:
    """The Images API parameters of one request; None fields are not sent.

    Attributes:
        size: ``"WxH"`` or ``"auto"``.
        quality: ``low``, ``medium``, ``high``, ``auto`` (newer models: ``xhigh``, ``max``).
        background: ``transparent``, ``opaque`` or ``auto``.
        n: how many pictures (1 to 10).
        output_format: ``png``, ``jpeg`` or ``webp``; transparency needs png or webp.
        input_fidelity: ``high`` or ``low``, edits only; not every model takes it.
        stream: ask for server-sent events with ``partial_images`` previews.
    """

    size: str | None = None
    quality: str | None = None
    background: str | None = None
    n: int = 1
    output_format: str = "png"
    input_fidelity: str | None = None
    stream: bool = False
    partial_images: int = PARTIAL_IMAGES

    def without_stream(self) -> ImageOptions:
        return ImageOptions(
            self.size,
            self.quality,
            self.background,
            self.n,
            self.output_format,
            self.input_fidelity,
        )


@dataclass(frozen=True)
class UploadFile:
    """One picture of an edit: its file name, bytes and MIME type."""

    name: str
    data: bytes
    mime: str


def _fields(model: str, prompt: str, options: ImageOptions, *, edit: bool) -> list[tuple]:
    fields: list[tuple[str, Any]] = [("model", model), ("prompt", prompt)]
    for name in ("size", "quality", "background"):
        value = getattr(options, name)
        if value:
            fields.append((name, value))
    fields += [("n", options.n), ("output_format", options.output_format)]
    if edit and options.input_fidelity:
        fields.append(("input_fidelity", options.input_fidelity))
    if options.stream:
        fields += [("stream", True), ("partial_images", options.partial_images)]
    return fields


def generation_body(model: str, prompt: str, options: ImageOptions) -> dict[str, Any]:
    """The JSON body of ``POST {base}/images/generations``."""
    return dict(_fields(model, prompt, options, edit=False))


def _form_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def edit_multipart(
    model: str,
    prompt: str,
    images: Sequence[UploadFile],
    options: ImageOptions,
    mask: UploadFile | None = None,
) -> tuple[bytes, str]:
    """The ``multipart/form-data`` body of ``POST {base}/images/edits`` and its content type.

    Parts, in order: ``model``, ``prompt``, one ``image[]`` per picture, ``mask`` when given,
    then the options.
    """
    boundary = "retouch-" + secrets.token_hex(12)
    fields = _fields(model, prompt, options, edit=True)
    files = [("image[]", image) for image in images]
    if mask is not None:
        files.append(("mask", mask))
    out = bytearray()

    def part(headers: str, data: bytes) -> None:
        out.extend(f"--{boundary}\r\n{headers}\r\n\r\n".encode())
        out.extend(data)
        out.extend(b"\r\n")

    for name, value in fields[:2]:
        part(f'Content-Disposition: form-data; name="{name}"', _form_value(value).encode())
    for name, upload in files:
        disposition = f'Content-Disposition: form-data; name="{name}"; filename="{upload.name}"'
        part(f"{disposition}\r\nContent-Type: {upload.mime}", upload.data)
    for name, value in fields[2:]:
        part(f'Content-Disposition: form-data; name="{name}"', _form_value(value).encode())
    out.extend(f"--{boundary}--\r\n".encode())
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def answer_extras(raw: bytes) -> tuple[str | None, dict[str, str]]:
    """The first ``revised_prompt`` and the echoed size/quality/background/output_format."""
    try:
        data = json.loads(raw)
    except ValueError:
        return None, {}
    if not isinstance(data, dict):
        return None, {}
    revised = None
    items = data.get("data")
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("revised_prompt"), str):
            revised = item["revised_prompt"]
            break
    echoed = {key: data[key] for key in ECHOED if isinstance(data.get(key), str)}
    return revised, echoed

"""What the demo relay keeps of each request, so tests can assert exactly what was sent."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image


@dataclass(frozen=True)
class FormPart:
    """One part of a ``multipart/form-data`` body."""

    name: str
    filename: str | None
    content_type: str | None
    data: bytes

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", "replace")

    def picture(self) -> Image.Image | None:
        """The part's picture as RGB, or None when it is not one."""
        try:
            with Image.open(io.BytesIO(self.data)) as opened:
                return opened.convert("RGB")
        except (OSError, ValueError):
            return None


@dataclass(frozen=True)
class RecordedRequest:
    """One POST as the provider received it (chat or Images API)."""

    path: str
    headers: dict[str, str]  # lower-cased names
    body: dict | None  # parsed JSON (or a form's text fields), None if neither
    size: int  # bytes of the raw body
    parts: tuple[FormPart, ...] = ()  # a multipart body's parts, in order


def parse_multipart(raw: bytes, content_type: str) -> tuple[FormPart, ...]:
    """The parts of a ``multipart/form-data`` body (empty when it cannot be read)."""
    boundary = ""
    for param in content_type.split(";")[1:]:
        key, _, value = param.strip().partition("=")
        if key.lower() == "boundary":
            boundary = value.strip('"')
    if not boundary:
        return ()
    parts: list[FormPart] = []
    for chunk in raw.split(b"--" + boundary.encode())[1:]:
        if chunk.startswith(b"--"):
            break
        # Each part is CRLF, its headers, a blank line, its bytes, CRLF (then the boundary).
        head, _, data = chunk.removeprefix(b"\r\n").removesuffix(b"\r\n").partition(b"\r\n\r\n")
        fields: dict[str, str] = {}
        content = None
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            if name.lower() == "content-disposition":
                for item in value.split(";")[1:]:
                    key, _, val = item.strip().partition("=")
                    fields[key] = val.strip('"')
            elif name.lower() == "content-type":
                content = value.strip()
        parts.append(FormPart(fields.get("name", ""), fields.get("filename"), content, data))
    return tuple(parts)

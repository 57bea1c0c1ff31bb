"""Read the body of an HTTP-200 chat completion from an image relay.

Relays hide the result inside Markdown (see ``shared/api/provider-behaviour.md``): image
links, download twins, progress lines with a trap link, a ```json block with what the relay
understood. Some put the image in ``message.images`` or a ``b64_json`` field instead. This
module is pure: no I/O, no Qt, no HTTP, so every variant is unit-tested from text alone.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.ratios import reported_ratio
from desktop_app.core.redaction import redact
from desktop_app.core.relay.limits import MAX_RESULTS_PER_REQUEST, TooDeep, load_json

UNREADABLE = "The provider sent an answer Retouch Studio could not read."
NO_IMAGE = "The provider answered without an image."
_EXCERPT = 300
_MAX_REFUSAL = 1000

# Possessive quantifiers keep this linear even on multi-MB data URLs or unclosed links.
_LINK = re.compile(
    r'(!?)\[([^\[\]\n]*+)\]\([ \t]*+<?([^\s()<>]++)>?(?:[ \t]++"[^"\n]*+")?[ \t]*+\)'
)
_JSON_BLOCK = re.compile(r"```[ \t]*json[ \t]*\r?\n?(.*?)(?:```|\Z)", re.IGNORECASE | re.DOTALL)
# Fallbacks for a block that json.loads refuses (trailing commas, unescaped quotes...).
_RATIO_FIELD = re.compile(r"""["']?ratio["']?\s*[:：]\s*["']?([^"',}\n]+)""", re.IGNORECASE)
_N_FIELD = re.compile(r"""(?<!\w)["']?n["']?\s*[:：]\s*["']?(\d{1,3})\b""")
_TASK_ID = re.compile(
    r"^[ \t]*>?[ \t]*(?:gen_id|task_id|id)[ \t]*[:：][ \t]*`?([\w.-]+)`?", re.IGNORECASE | re.M
)
_DOWNLOAD_LABEL = re.compile(r"下载|download", re.IGNORECASE)
_PROGRESS_LABEL = re.compile(r"^[\d\s.%]+$")
_IMAGE_PATH = re.compile(r"\.(?:png|jpe?g|webp|gif)$", re.IGNORECASE)
_REQUEST_ID = re.compile(r"\s*[(（]\s*request id\s*[:：]\s*([^()（）]+?)\s*[)）]\s*$", re.I)
_PROGRESS_LINE = re.compile(
    r"排队|生成中|进度|生成完成|处理中|queu|generating|progress|generation complete|completed",
    re.IGNORECASE,
)
_FAILURE_LINE = re.compile(
    r"失败|原因|moderation|违反|违规|政策|无法|不能|拒绝|抱歉|繁忙|稍后|policy|violat|fail|"
    r"error|错误|refus|unable|cannot|can't|sorry|blocked|safety|lots of people|busy|try again",
    re.IGNORECASE,
)
_HAS_WORDS = re.compile(r"[^\W\d_]")
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


@dataclass(frozen=True)
class ParsedAnswer:
    """What the app needs from one completion; see ``parse_completion``."""

    text: str
    image_urls: tuple[str, ...]
    ratio: str | None
    expected_count: int | None
    model: str | None
    usage: dict[str, Any] = field(default_factory=dict)
    finish_reason: str | None = None
    task_id: str | None = None
    refusal: str | None = None
    dropped_results: int = 0  # results beyond MAX_RESULTS_PER_REQUEST, never fetched


def _excerpt(text: str) -> str:
    return text[:_EXCERPT] + ("…" if len(text) > _EXCERPT else "")


def _unreadable(problem: str, body: str) -> RetouchError:
    details = f"{problem}. Body starts with: {_excerpt(body)!r}" if body else problem + "."
    return RetouchError(ErrorKind.BAD_RESPONSE, UNREADABLE, details)


def _why_not_json(body: str, exc: ValueError) -> str:
    if isinstance(exc, TooDeep):
        return str(exc)
    stripped = body.strip()
    if stripped.startswith("<"):
        return "The body is an HTML or XML page, not JSON"
    # A JSON start that breaks at the very end or inside an open string was cut off in transit.
    unterminated = isinstance(exc, json.JSONDecodeError) and (
        exc.pos >= len(body.rstrip()) or exc.msg.startswith("Unterminated")
    )
    if stripped.startswith(("{", "[")) and unterminated:
        return "The JSON was cut off"
    return "The body is not JSON"


def provider_error_message(data: object) -> tuple[str, str]:
    """Read ``(message, request_id)`` from ``{"error": {...}}`` or ``{"code", "message"}``.

    The trailing ``(request id: X)`` new-api relays append is moved into ``request_id``.

    Args:
        data: any decoded JSON value (a non-200 body as well as a 200 one).

    Returns:
        The provider's message and request id, empty strings when absent.
    """
    if not isinstance(data, dict):
        return "", ""
    error = data.get("error")
    source: dict[Any, Any] = error if isinstance(error, dict) else data
    message = next(
        (v.strip() for v in (source.get("message"), source.get("msg")) if isinstance(v, str)), ""
    )
    if not message and isinstance(error, str):
        message = error.strip()
    if not message and isinstance(error, dict):
        # An error object without a message still names itself, e.g. "insufficient_user_quota".
        message = next((str(v) for v in (error.get("code"), error.get("type")) if v), "")
    request_id = next(
        (v for v in (source.get("request_id"), data.get("request_id")) if isinstance(v, str)), ""
    )
    if match := _REQUEST_ID.search(message):
        request_id = request_id or match[1]
        message = message[: match.start()].rstrip()
    return message, request_id


def _image_mime(data: bytes) -> str:
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "image/png"


def _b64_to_data_url(value: object) -> str | None:
    """Turn a ``b64_json`` value into a data URL, or None when it is not base64 at all."""
    if not isinstance(value, str) or not value.strip():
        return None
    if value.lstrip()[:5].lower() == "data:":
        return value.strip()
    payload = "".join(value.split())  # some encoders wrap lines
    try:
        head = base64.b64decode(payload[:24] + "=" * (-len(payload[:24]) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    return f"data:{_image_mime(head)};base64,{payload}"


class _Results:
    """Image URLs in order of first appearance, one per result, download twins preferred."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self._index: dict[object, int] = {}

    @staticmethod
    def _key(url: str) -> object:
        if url[:5].lower() == "data:":
            return url
        parts = urlsplit(url)
        return parts.netloc.lower(), parts.path.replace("/cdn/download/", "/cdn/", 1), parts.query

    def add(self, url: object) -> None:
        if not isinstance(url, str) or not (url := url.strip()) or not _acceptable(url):
            return
        key = self._key(url)
        index = self._index.get(key)
        if index is None:
            self._index[key] = len(self.urls)
            self.urls.append(url)
        elif _is_download(url) and not _is_download(self.urls[index]):
            self.urls[index] = url  # the download twin is the full-resolution file

    def add_item(self, item: object) -> None:
        """An entry of ``message.images`` / ``data``: a string, ``{url}``, ``{image_url}``..."""
        if isinstance(item, str):
            self.add(item)
        elif isinstance(item, dict):
            inner = item.get("image_url")
            self.add(inner.get("url") if isinstance(inner, dict) else inner)
            self.add(item.get("url"))
            self.add(_b64_to_data_url(item.get("b64_json")))


def _is_download(url: str) -> bool:
    return url[:5].lower() != "data:" and "/cdn/download/" in urlsplit(url).path


def _dropped_host(url: str) -> bool:
    # The progress trap and the relay's own preview pages are never results.
    host = (urlsplit(url).hostname or "").lower()
    return host.endswith(("videos.openai.com", "asyncdata.net"))


def _acceptable(url: str) -> bool:
    if url[:11].lower() == "data:image/":
        return True
    parts = urlsplit(url)
    return (
        parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not _dropped_host(url)
    )


def _collect_markdown(text: str, results: _Results) -> None:
    for match in _LINK.finditer(text):
        bang, label, url = match.groups()
        # A plain link counts when labelled as a download or pointing at an image file,
        # unless its label is a bare number: that is a progress step, not a result.
        wanted = _DOWNLOAD_LABEL.search(label) or _IMAGE_PATH.search(urlsplit(url).path)
        if bang or (wanted and not _PROGRESS_LABEL.match(label)):
            results.add(url)


def _joined_text(parts: list[Any]) -> str:
    """The text of a content given as a list of parts (strings or ``{"type": "text"}``)."""
    texts = [
        p if isinstance(p, str) else p.get("text")
        for p in parts
        if isinstance(p, str) or (isinstance(p, dict) and p.get("type") == "text")
    ]
    return "\n".join(t for t in texts if isinstance(t, str) and t)


def _read_json_block(text: str) -> tuple[str | None, int | None]:
    """The relay's ``ratio`` and ``n`` from the ```json block; (None, None) when unreadable."""
    match = _JSON_BLOCK.search(text)
    if not match:
        return None, None
    block = match[1]
    try:
        data = load_json(block)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        ratio_match, n_match = _RATIO_FIELD.search(block), _N_FIELD.search(block)
        data = {"ratio": ratio_match and ratio_match[1], "n": n_match and n_match[1]}
    n = data.get("n")
    if isinstance(n, str) and n.strip().isdigit():
        n = int(n)
    count = n if isinstance(n, int) and not isinstance(n, bool) and n > 0 else None
    return reported_ratio(data.get("ratio")), count


def _refusal(text: str, message: dict[str, Any]) -> str:
    """The provider's reason for answering without an image, cleaned of decoration."""
    if isinstance(message.get("refusal"), str) and message["refusal"].strip():
        return message["refusal"].strip()
    lines: list[str] = []
    failures: list[str] = []
    for raw in _JSON_BLOCK.sub("", text).splitlines():
        if _TASK_ID.match(raw):
            continue
        line = _LINK.sub(lambda m: "" if _dropped_host(m[3]) else m[0], raw).strip(" \t>|")
        line = _shorten(line)  # a stray multi-MB blob must not slow the keyword search down
        if not _HAS_WORDS.search(line):
            continue
        if _FAILURE_LINE.search(line):
            failures.append(line)
        elif not _PROGRESS_LINE.search(line):
            lines.append(line)
    # The failure lines alone say it best; otherwise whatever is not decoration.
    return _shorten("\n".join(failures or lines) or text.strip() or NO_IMAGE)


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_REFUSAL else text[:_MAX_REFUSAL] + "…"


def parse_completion(raw: bytes | str) -> ParsedAnswer:
    """Parse the body of an HTTP-200 chat completion (or images-API answer).

    Args:
        raw: the response body, bytes or text.

    Returns:
        The parsed answer. No image is not an error here: ``refusal`` then says why.

    Raises:
        RetouchError: ``BAD_RESPONSE`` when the body is empty, not JSON, cut off, has no
            usable ``choices[0]`` nor images-API ``data``, or carries a provider error.
    """
    body = raw.decode("utf-8-sig", errors="replace") if isinstance(raw, bytes) else raw
    if not body.strip():
        raise _unreadable("The body was empty", "")
    try:
        data = load_json(body)
    except ValueError as exc:
        raise _unreadable(_why_not_json(body, exc), body) from None
    if not isinstance(data, dict):
        raise _unreadable(f"The JSON is a {type(data).__name__}, not an object", body)

    choices = data.get("choices")
    choice = choices[0] if isinstance(choices, list) and choices else None
    message = choice.get("message") if isinstance(choice, dict) else None
    if isinstance(choice, dict) and message is None and isinstance(choice.get("text"), str):
        message = {"content": choice["text"]}  # legacy completions shape
    message = message if isinstance(message, dict) else None

    results = _Results()
    content = message.get("content") if message else None
    parts = content if isinstance(content, list) else []
    text = content if isinstance(content, str) else _joined_text(parts)
    _collect_markdown(text, results)
    for part in parts:
        if isinstance(part, dict) and part.get("type") != "text":
            results.add_item(part)
    if message:
        images = message.get("images")
        for item in images if isinstance(images, list) else []:
            results.add_item(item)
        results.add(_b64_to_data_url(message.get("b64_json")))
    extra = data.get("data")  # images-API list; some relays wrap a single result in an object
    for item in extra if isinstance(extra, list) else [extra]:
        results.add_item(item)

    if message is None and not results.urls:
        provider_message, request_id = provider_error_message(data)
        if provider_message:
            raise RetouchError(
                ErrorKind.BAD_RESPONSE,
                f"The provider reported an error: {provider_message}",
                f"An error instead of a completion. Body starts with: {_excerpt(body)!r}",
                request_id=request_id,
            )
        raise _unreadable("The JSON has no usable choices[0]", body)

    ratio, count = _read_json_block(text)
    task = _TASK_ID.search(text)
    usage = data.get("usage")
    finish = choice.get("finish_reason") if isinstance(choice, dict) else None
    kept = results.urls[:MAX_RESULTS_PER_REQUEST]
    return ParsedAnswer(
        # A relay may echo the request, token included: its text is redacted like a message.
        text=redact(text),
        image_urls=tuple(kept),
        dropped_results=len(results.urls) - len(kept),
        ratio=ratio,
        expected_count=count,
        model=data["model"] if isinstance(data.get("model"), str) else None,
        usage=dict(usage) if isinstance(usage, dict) else {},
        finish_reason=finish if isinstance(finish, str) else None,
        task_id=task[1] if task else None,
        refusal=None if results.urls else redact(_refusal(text, message or {})),
    )

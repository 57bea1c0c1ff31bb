"""Turn a relay's non-200 answer or a transport failure into a :class:`RetouchError`.

Relays wrap errors in OpenAI-style JSON, a bare ``{"code", "message"}`` or a proxy's HTML
page; the words that decide the category (quota, model access, token) appear in English
and Chinese. The designer sees one plain sentence; the status and body excerpt go to details.
"""

from __future__ import annotations

import httpx

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.relay.limits import bounded_text, load_json
from desktop_app.core.relay.response_parser import provider_error_message

BODY_EXCERPT = 300

_QUOTA_MARKERS = (
    "insufficient_user_quota",
    "insufficient_quota",
    "用户额度不足",
    "余额不足",
    "额度不足",
    "quota",
    "balance",
)
_MODEL_MARKERS = (
    "model_not_found",
    "无可用渠道",
    "no available channel",
    "model not found",
    "does not exist",
)
_POLICY_MARKERS = (
    "moderation",
    "content policy",
    "content_policy",
    "违反",
    "内容政策",
    "safety system",
)


def _contains(text: str, markers: tuple[str, ...]) -> bool:
    lowered = text.lower()
    return any(marker in lowered for marker in markers)


def body_excerpt(raw: bytes) -> str:
    """The start of a body as readable text; binary shows as a byte count and hex."""
    text = raw[: BODY_EXCERPT * 4].decode("utf-8", "replace").strip()
    unreadable = sum(1 for char in text[:BODY_EXCERPT] if char == "\ufffd" or _is_control(char))
    if unreadable > len(text[:BODY_EXCERPT]) // 10:
        return f"({len(raw)} bytes of binary data, starting {raw[:16].hex(' ')})"
    shown = "".join(f"\\x{ord(c):02x}" if _is_control(c) else c for c in text[:BODY_EXCERPT])
    return shown + ("…" if len(text) > BODY_EXCERPT else "")


def _is_control(char: str) -> bool:
    return (char < " " and char not in "\n\t\r") or "\x7f" <= char <= "\x9f"


def error_from_status(status: int, raw: bytes, content_type: str = "") -> RetouchError:
    """The error for an HTTP ``status`` answer with body ``raw``."""
    try:
        data = load_json(raw) if raw.strip() else None
    except ValueError:
        data = None
    said, request_id = provider_error_message(data) if data is not None else ("", "")
    said, request_id = bounded_text(said, BODY_EXCERPT * 3), request_id[:200]
    haystack = f"{said} {body_excerpt(raw) if data is not None else ''}"
    details = f"HTTP {status} {content_type}".strip() + f"\n{body_excerpt(raw)}"
    provider_words = f" The provider said: {said}" if said else ""

    def error(kind: ErrorKind, message: str, problem: str) -> RetouchError:
        # ``problem`` and ``status`` let the UI and the CLI word the message in any language.
        return RetouchError(
            kind,
            message,
            details,
            reason=said,
            request_id=request_id,
            status=status,
            params={"problem": problem, "status": status},
        )

    if status == 401:
        return error(
            ErrorKind.AUTH,
            "The provider did not accept your API token. "
            "Check the token in Settings." + provider_words,
            "token_rejected",
        )
    if status == 402 or _contains(haystack, _QUOTA_MARKERS):
        return error(
            ErrorKind.QUOTA,
            "Your provider account is out of credit. "
            "Top it up on the provider's site, then try again." + provider_words,
            "out_of_credit",
        )
    if status == 403:
        return error(
            ErrorKind.AUTH,
            "The provider refused access for this token." + provider_words,
            "access_refused",
        )
    if _contains(haystack, _MODEL_MARKERS):
        return error(
            ErrorKind.MODEL_UNAVAILABLE,
            "This token cannot use the chosen model. "
            "Pick another model in Settings or check your provider plan." + provider_words,
            "model_unavailable",
        )
    if status == 429:
        return error(
            ErrorKind.RATE_LIMITED,
            "The provider is busy right now (too many "
            "requests). Wait a moment and try again." + provider_words,
            "rate_limited",
        )
    if status in (400, 422) and _contains(haystack, _POLICY_MARKERS):
        return error(
            ErrorKind.REFUSED,
            "The provider refused this request under its content rules." + provider_words,
            "content_rules",
        )
    if status == 404:
        return error(
            ErrorKind.SERVER,
            "The provider address does not answer like an image "
            "relay (HTTP 404). Check the base URL in Settings.",
            "not_a_relay",
        )
    if status == 413:
        return error(
            ErrorKind.SERVER,
            "The provider says the request is too large. Lower "
            "the largest upload side in Settings and try again.",
            "request_too_large",
        )
    if status < 500:
        return error(
            ErrorKind.SERVER,
            f"The provider rejected the request (HTTP {status})." + provider_words,
            "request_rejected",
        )
    return error(
        ErrorKind.SERVER,
        f"The provider's server had a problem (HTTP {status}). "
        "Nothing was saved; press Try again in a moment." + provider_words,
        "server_error",
    )


def error_from_transport(exc: httpx.TransportError, host: str, read_timeout: float) -> RetouchError:
    """The error for a failed connection, timeout or broken answer talking to ``host``."""
    details = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, httpx.ConnectTimeout):
        return RetouchError(
            ErrorKind.NETWORK,
            f"Could not connect to {host} in time. Check your internet connection or proxy.",
            details,
            params={"problem": "connect_timeout", "host": host},
        )
    if isinstance(exc, httpx.ConnectError | httpx.ProxyError):
        return RetouchError(
            ErrorKind.NETWORK,
            f"Cannot reach the provider at {host}. Check your "
            "internet connection and the base URL in Settings.",
            details,
            params={"problem": "cannot_connect", "host": host},
        )
    if isinstance(exc, httpx.ReadTimeout):
        return RetouchError(
            ErrorKind.NETWORK,
            f"The provider did not answer within "
            f"{read_timeout:.0f} seconds. The model may be overloaded; try again "
            "later or raise the wait time in Settings.",
            details,
            params={"problem": "read_timeout", "seconds": round(read_timeout)},
        )
    if isinstance(exc, httpx.WriteTimeout | httpx.WriteError):
        return RetouchError(
            ErrorKind.NETWORK,
            "The upload to the provider stalled. Check your connection and try again.",
            details,
            params={"problem": "upload_stalled"},
        )
    return RetouchError(
        ErrorKind.NETWORK,
        "The connection to the provider broke before the answer arrived. Try again.",
        details,
        params={"problem": "connection_broken"},
    )

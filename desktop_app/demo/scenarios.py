"""The scenario catalogue: every answer shape and failure the demo provider can play.

Kept in one piece: it is a catalogue, and one file is where a tester finds every
``[demo:name]`` the relay understands, its body builder beside its name.

Shapes and wording follow ``shared/api/provider-behaviour.md`` (what relays really send).
This module only builds bodies; the provider in :mod:`desktop_app.demo.provider` decides when
to play which and does the transport tricks (stalls, dropped connections, streamed CDN bodies).
"""

from __future__ import annotations

import base64
import email.utils
import json
import math
import secrets
import time
import uuid
from dataclasses import dataclass, field

from desktop_app.demo import hostile
from desktop_app.demo.hostile import HOSTILE_ANSWER_SCENARIOS, HOSTILE_CDN_SCENARIOS

# Answers with at least one image (HTTP 200). "standard" is what a request gets by default.
ANSWER_SCENARIOS: tuple[str, ...] = (
    "standard",
    "english",
    "two_results",
    "download_only",
    "bare_image",
    "alt_is_url",
    "old_lines",
    "data_url",
    "webp",
    "message_images",
    "b64_json",
    "model_differs",
    "ratio_differs",
    "region",  # the picture kept but moved and graded, changed in the hinted area
)
# Complete HTTP answers without a usable image (errors, refusals, unreadable bodies).
FAILURE_SCENARIOS: tuple[str, ...] = (
    "http_401",
    "http_401_echo",
    "http_402_quota",
    "http_403_quota",
    "http_503_model_not_found",
    "http_429",
    "http_429_date",
    "http_429_bare",
    "http_500",
    "http_502_html",
    "http_503_html",
    "http_504_html",
    "http_520_html",
    "http_524_html",
    "code_message_error",
    "refusal_input_moderation",
    "refusal_output_moderation",
    "refusal_policy",
    "busy",
    "not_json",
    "empty_body",
    "html_200",
    "no_choices",
    "truncated_json",
    "error_at_200",
)
# Transport behaviour of the chat request itself.
TRANSPORT_SCENARIOS: tuple[str, ...] = ("slow", "silent", "drop_connection")
# The chat answer is the standard one; fetching its result URLs misbehaves.
CDN_SCENARIOS: tuple[str, ...] = (
    "cdn_404",
    "cdn_403_expired",
    "cdn_html",
    "cdn_oversize",
    "cdn_oversize_chunked",
    "cdn_slow",
    "cdn_corrupt",
    *HOSTILE_CDN_SCENARIOS,
)
# Streaming and Images API behaviour (see desktop_app.demo.images_routes).
ROUTE_SCENARIOS: tuple[str, ...] = ("stream_refused", "stream_ignored", "no_transparency")
SCENARIOS: tuple[str, ...] = (
    *ANSWER_SCENARIOS,
    *ROUTE_SCENARIOS,
    *FAILURE_SCENARIOS,
    *TRANSPORT_SCENARIOS,
    *CDN_SCENARIOS,
    *HOSTILE_ANSWER_SCENARIOS,
)

# A relay rejects these before the model runs, so they come back at once, not after latency.
IMMEDIATE_SCENARIOS: frozenset[str] = frozenset(
    {
        "http_401",
        "http_401_echo",
        "http_402_quota",
        "http_403_quota",
        "http_503_model_not_found",
        "http_429",
        "http_429_date",
        "http_429_bare",
    }
)
SLOW_SECONDS = 3.0
SILENT_LIMIT_SECONDS = 600.0
CDN_STALL_SECONDS = 30.0
OVERSIZE_BYTES = 60 * 1024 * 1024
CHUNKED_TOTAL_BYTES = 64 * 1024 * 1024  # a little over the 60 MB claim, like a runaway stream


@dataclass(frozen=True)
class Reply:
    """One complete HTTP answer: status, body and extra headers (Content-Length is implied)."""

    status: int
    body: bytes
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Result:
    """One generated picture as the answer refers to it."""

    url: str  # <origin>/cdn/<date>/<id>.<ext>
    download_url: str  # <origin>/cdn/download/<date>/<id>.<ext>
    data: bytes
    mime: str

    @property
    def data_url(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass
class Job:
    """What the answer builders need to know about one chat request."""

    model: str
    prompt: str  # without the 尺寸 tag and demo markers
    ratio: str  # as the relay reports it in the ```json block
    results: list[Result] = field(default_factory=list)
    job_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    gen_id: str = field(default_factory=lambda: "gen_01" + secrets.token_hex(13)[:24])

    @property
    def n(self) -> int:
        """How many results the relay says it made (a failed job still asked for one)."""
        return len(self.results) or 1


def request_id() -> str:
    """A new-api style request id: a timestamp followed by random characters."""
    return time.strftime("%Y%m%d%H%M%S") + secrets.token_hex(9)[:18]


def _json(status: int, payload: object, headers: tuple[tuple[str, str], ...] = ()) -> Reply:
    return Reply(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), headers=headers)


def _html(status: int, page: str, headers: tuple[tuple[str, str], ...] = ()) -> Reply:
    return Reply(status, page.encode("utf-8"), "text/html; charset=utf-8", headers)


def api_error(
    status: int,
    message: str,
    code: str | None,
    kind: str = "new_api_error",
    headers: tuple[tuple[str, str], ...] = (),
) -> Reply:
    """An OpenAI-style error as new-api relays send it (message ends in the request id)."""
    body = {
        "error": {
            "message": f"{message} (request id: {request_id()})",
            "type": kind,
            "param": "",
            "code": code,
        }
    }
    return _json(status, body, headers)


def invalid_request(message: str, param: str | None = None) -> Reply:
    """HTTP 400 for a malformed request, worded like OpenAI's own validation errors."""
    body = {
        "error": {"message": message, "type": "invalid_request_error", "param": param, "code": None}
    }
    return _json(400, body)


def not_found_html(path: str) -> Reply:
    """The plain 404 page a CDN or a static file server answers."""
    return _html(
        404,
        "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
        "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n"
        f"<!-- {path} -->\r\n</body>\r\n</html>\r\n",
    )


# --- successful answers -----------------------------------------------------------------------

_TRAP = (
    "https://videos.openai.com/vg-assets/assets%2Ftask_01demo%2Fsrc_0.png"
    "?st=2026-03-11T08%3A00%3A00Z&se=2026-03-17T09%3A00%3A00Z&sp=r&sv=2024-08-04"
    "&sr=b&skoid=demo&sig=ZGVtby1zaWduYXR1cmU%3D"
)


def _json_block(job: Job) -> str:
    block = json.dumps(
        {"prompt": job.prompt, "ratio": job.ratio, "n": job.n}, ensure_ascii=False, indent=2
    )
    return f"```json\n{block}\n```"


def _asyncdata(job: Job, preview: str = "数据预览", source: str = "原始数据") -> str:
    base = "https://pro.asyncdata.net"
    return f">[{preview}]({base}/web/{job.job_id}) | [{source}]({base}/source/{job.job_id})"


def _content(name: str, job: Job) -> str:
    results = job.results
    head = f"{_json_block(job)}\n\n> ID: `{job.job_id}`\n{_asyncdata(job)}\n\n"
    progress_zh = f">🕐 排队中.\n\n>⚡ 生成中.....\n\n>🏃 进度 12..36..72..[100]({_TRAP})\n\n"
    pairs_zh = "\n\n".join(
        f"![{job.gen_id}]({r.url})\n\n[点击下载]({r.download_url})" for r in results
    )
    if name == "english":
        return (
            f"{_json_block(job)}\n\n> ID: `{job.job_id}`\n"
            f"{_asyncdata(job, 'Data preview', 'Raw data')}\n\n"
            ">🕐 Queuing...\n\n>⚡ Generating.....\n\n"
            f">🏃 Progress 7....13....57...[100]({_TRAP})\n\n"
            "> ✅ Generation complete\n\n\n"
            + "\n\n".join(
                f"![{job.gen_id}]({r.url})\n\n[Click to download]({r.download_url})"
                for r in results
            )
        )
    if name == "download_only":
        # As seen from 302.ai-style relays: the same link twice, nothing else to show.
        links = "\n\n".join(f"[Click to download]({r.download_url})" for r in results)
        return f">🕐 Queuing...\n\n>🏃 Progress 7....57...100\n\n{links}\n\n{links}"
    if name == "bare_image":
        return "\n\n".join(f"![图片]({r.url})" for r in results)
    if name == "alt_is_url":
        return (
            head
            + progress_zh
            + "> ✅ 生成完成\n\n"
            + "\n\n".join(f"![{r.url}]({r.url})" for r in results)
        )
    if name == "old_lines":
        return (
            f"{_json_block(job)}\n\n> gen_id: `{job.gen_id}`\n\n"
            + progress_zh
            + "> 生成完成 ✅\n\n"
            + pairs_zh
        )
    if name == "data_url":
        return (
            head
            + progress_zh
            + "> ✅ 生成完成\n\n"
            + "\n\n".join(f"![image]({r.data_url})" for r in results)
        )
    return head + progress_zh + "> ✅ 生成完成\n\n\n" + pairs_zh


def _usage(prompt: str, content: str, images: int) -> dict[str, int]:
    # Plausible numbers: text tokens plus a flat charge per input image, as vision models bill.
    prompt_tokens = 12 + len(prompt) + 765 * images
    completion_tokens = max(20, len(content) // 3)
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }


def _completion(
    model: str, content: str, usage: dict[str, int], **message_extra: object
) -> dict[str, object]:
    return {
        "id": "chatcmpl-" + secrets.token_hex(12),
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, **message_extra},
                "finish_reason": "stop",
            }
        ],
        "usage": usage,
    }


def answer(name: str, job: Job, input_images: int = 1) -> Reply:
    """The HTTP 200 answer of answer scenario ``name`` (or any cdn_* / slow one) for ``job``."""
    model = "sora_image" if name == "model_differs" else job.model
    if name == "message_images":
        content = "图片已生成。"
        images = [{"type": "image_url", "image_url": {"url": r.data_url}} for r in job.results]
        payload = _completion(
            model, content, _usage(job.prompt, content, input_images), images=images
        )
    elif name == "b64_json":
        content = "图片已生成。"
        payload = _completion(model, content, _usage(job.prompt, content, input_images))
        payload["data"] = [
            {"b64_json": base64.b64encode(r.data).decode("ascii"), "revised_prompt": job.prompt}
            for r in job.results
        ]
    else:
        content = _content(name, job)
        payload = _completion(model, content, _usage(job.prompt, content, input_images))
    return _json(200, payload)


# --- failures ---------------------------------------------------------------------------------

_NGINX_TITLES = {
    502: "502 Bad Gateway",
    503: "503 Service Temporarily Unavailable",
    504: "504 Gateway Time-out",
}
_CLOUDFLARE = {
    520: ("Web server is returning an unknown error", "520"),
    524: ("A timeout occurred", "524"),
}


def _nginx_page(status: int) -> Reply:
    title = _NGINX_TITLES[status]
    return _html(
        status,
        f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
        f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx/1.24.0"
        "</center>\r\n</body>\r\n</html>\r\n",
        (("Server", "nginx/1.24.0"),),
    )


def _cloudflare_page(status: int) -> Reply:
    title, code = _CLOUDFLARE[status]
    ray = secrets.token_hex(8)
    page = (
        '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8" />\n'
        f"<title>demo.relay | {code}: {title}</title>\n</head>\n<body>\n"
        f'<div id="cf-error-details"><h1><span>{title}</span> <span>Error code {code}</span>'
        f"</h1>\n<p>Visit cloudflare.com for more information.</p>\n"
        f"<p>Cloudflare Ray ID: <strong>{ray}</strong></p></div>\n</body>\n</html>\n"
    )
    return _html(status, page, (("Server", "cloudflare"), ("CF-RAY", f"{ray}-LAX")))


def _refusal(job: Job, reason: str) -> str:
    return (
        f"{_json_block(job)}\n\n> ID: `{job.job_id}`\n{_asyncdata(job)}\n\n"
        ">🕐 排队中.\n\n>⚡ 生成中...\n\n"
        f"> 生成失败 ❌\n> 失败原因：{reason}\n"
    )


def key_echo(authorization: str | None) -> Reply:
    """HTTP 401 that repeats the key it was sent, whole: a careless relay's error message."""
    key = (authorization or "").removeprefix("Bearer ").strip()
    return api_error(401, f"Incorrect API key provided: {key}", "invalid_api_key")


def failure(name: str, job: Job) -> Reply:
    """The complete HTTP answer of failure scenario ``name`` for ``job``."""
    if name == "http_401":
        return api_error(401, "无效的令牌", "invalid_api_key")
    if name in ("http_402_quota", "http_403_quota"):
        status = 402 if name == "http_402_quota" else 403
        return api_error(status, "用户额度不足, 剩余额度: ＄0.000000", "insufficient_user_quota")
    if name == "http_503_model_not_found":
        return api_error(
            503, f"当前分组 default 下对于模型 {job.model} 无可用渠道", "model_not_found"
        )
    if name == "http_429":
        return api_error(
            429,
            "当前分组上游负载已饱和，请稍后再试",
            "rate_limit_exceeded",
            headers=(("Retry-After", "1"),),
        )
    if name == "http_429_date":
        # HTTP dates have whole seconds: the next full second plus one is 1 to 2 s ahead.
        when = email.utils.formatdate(math.floor(time.time()) + 2, usegmt=True)
        return api_error(
            429,
            "当前分组上游负载已饱和，请稍后再试",
            "rate_limit_exceeded",
            headers=(("Retry-After", when),),
        )
    if name == "http_429_bare":  # no Retry-After: the client's own backoff applies
        return api_error(429, "当前分组上游负载已饱和，请稍后再试", "rate_limit_exceeded")
    if name == "http_500":
        return api_error(500, "upstream error: do request failed", "do_request_failed")
    if name.endswith("_html") and name.startswith("http_"):
        status = int(name.split("_")[1])
        return _nginx_page(status) if status in _NGINX_TITLES else _cloudflare_page(status)
    if name == "code_message_error":
        return _json(
            500, {"code": "upstream_error", "message": "生成图片失败，请稍后重试", "data": None}
        )
    if name == "refusal_input_moderation":
        content = _refusal(job, "input_moderation")
    elif name == "refusal_output_moderation":
        content = _refusal(job, "output_moderation")
    elif name == "refusal_policy":
        content = "抱歉，该请求违反了我们的内容政策，无法生成图片。请修改提示词后再试。"
    elif name == "busy":
        content = (
            f"{_json_block(job)}\n\n>🕐 排队中.\n\n"
            "> ⚠️ Lots of people are creating images right now, so this might take a "
            "bit. Please try again later.\n"
        )
    else:
        return _broken_200(name, job)
    return _json(200, _completion(job.model, content, _usage(job.prompt, content, 1)))


def _broken_200(name: str, job: Job) -> Reply:
    if name == "not_json":
        return Reply(
            200,
            b"upstream returned an unexpected answer, please retry",
            "text/plain; charset=utf-8",
        )
    if name == "empty_body":
        return Reply(200, b"")
    if name == "html_200":
        return _html(
            200,
            "<!DOCTYPE html>\n<html><head><title>Relay console</title></head>"
            "<body><h1>Welcome</h1><p>Please sign in to continue.</p>"
            "</body></html>\n",
        )
    if name == "no_choices":
        return _json(
            200,
            {
                "id": "chatcmpl-" + secrets.token_hex(12),
                "object": "chat.completion",
                "created": int(time.time()),
                "model": job.model,
                "usage": _usage(job.prompt, "", 1),
            },
        )
    if name == "truncated_json":
        whole = answer("standard", job).body
        return Reply(200, whole[: len(whole) // 2])
    if name == "error_at_200":
        return _json(
            200,
            {
                "error": {
                    "message": f"bad response status code 500 (request id: {request_id()})",
                    "type": "upstream_error",
                    "param": "",
                    "code": "bad_response_status_code",
                }
            },
        )
    raise ValueError(f"not a failure scenario: {name!r}")


# --- CDN faults -------------------------------------------------------------------------------


def cdn_fault(name: str, path: str, image: bytes) -> Reply | None:
    """The complete CDN answer of a fault, or None when the provider must stream or stall."""
    if name == "cdn_404":
        return not_found_html(path)
    if name == "cdn_403_expired":
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n'
            "  <Code>AccessDenied</Code>\n  <Message>Request has expired</Message>\n"
            "  <X-Amz-Expires>3600</X-Amz-Expires>\n"
            "  <Expires>2026-01-01T00:00:00Z</Expires>\n"
            f"  <ServerTime>{now}</ServerTime>\n"
            f"  <RequestId>{secrets.token_hex(8).upper()}</RequestId>\n</Error>\n"
        )
        return Reply(403, body.encode(), "application/xml")
    if name == "cdn_html":
        return _html(
            200,
            "<!DOCTYPE html>\n<html><head><title>Just a moment...</title></head>"
            "<body><p>Checking your browser before accessing the file.</p>"
            "</body></html>\n",
        )
    if name == "cdn_corrupt":
        return Reply(200, image[: max(16, len(image) // 3)], "image/png")
    hostile_reply = hostile.cdn_fault(name, path, image)
    return Reply(*hostile_reply) if hostile_reply else None

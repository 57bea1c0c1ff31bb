"""The demo relay turned hostile: answers a malicious or broken relay could send.

Scenarios here test that the app stays safe, not that it reads honest variants: escape
sequences aimed at the terminal, a token echoed back, thousands of results, a tiny file of
a gigantic picture, a refusal of tens of megabytes, JSON nested beyond recursion, binary
error pages, HTML in error messages, a byte trickled every half second, redirects into the
local network, and a model list that never ends. Played like the others, by
``[demo:<name>]`` in the prompt or ``DemoProvider.inject``; the model list ones by the base
URL ``<origin>/demo-<name>/v1``. ``result_at`` answers with the link given in the prompt as
``[demo-result:<url>]``.
"""

from __future__ import annotations

import functools
import json
import re
import struct
import time
import zlib
from typing import Any, NamedTuple


class Reply(NamedTuple):
    """An answer, shaped like :class:`desktop_app.demo.scenarios.Reply` (which imports this
    module, so it cannot be imported here)."""

    status: int
    body: bytes
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()


# Jobs are :class:`desktop_app.demo.scenarios.Job`; typed loosely for the same reason.
Job = Any

# Played instead of the model's answer (the results are generated and stored all the same).
HOSTILE_ANSWER_SCENARIOS: tuple[str, ...] = (
    "escapes_refusal",
    "echo_token",
    "many_results",
    "huge_refusal",
    "huge_data_url",
    "deep_json",
    "binary_error",
    "trickle",
    "result_at",
    "html_error",
)
# The answer is the standard one; fetching the result misbehaves.
HOSTILE_CDN_SCENARIOS: tuple[str, ...] = (
    "cdn_huge_pixels",
    "cdn_redirect_link_local",
    "cdn_redirect_same_host",
)
MODEL_LIST_SCENARIOS: tuple[str, ...] = ("models_endless", "models_deep", "models_html")

ESCAPES = (
    "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # OSC 52: write the clipboard
    "\x1b]0;pwned\x07"  # OSC 0: the window title
    "\x1b[2J\x1b[H"  # clear the screen
    "\x1b[31mred\x1b[0m"  # colours
    "\x9b31mC1-red\x9b0m"  # CSI as one C1 character
    "\u202egnp.exe"  # right-to-left override
)
MANY_RESULTS = 1000
HUGE_SIDE = 13370  # 179 MP in a PNG of a few hundred kB
HUGE_REFUSAL_BYTES = 30 * 1024 * 1024
HUGE_DATA_URL_BYTES = 63 * 1024 * 1024
DEEP_NESTING = 100_000
TRICKLE_SECONDS = 0.5
TRICKLE_LIMIT_SECONDS = 20.0  # then the rest at once: a client without a deadline finishes
ENDLESS_MODEL_LIST_BYTES = 160 * 1024 * 1024  # "endless" within a test's patience
LINK_LOCAL_TARGET = "http://169.254.169.254/latest/meta-data/iam/security-credentials/"
HTML_MESSAGE = (
    "<h1 style='font-size:72px'>Relay down</h1><a href='https://phish.example'>log in</a>"
)
_RESULT_MARKER = re.compile(r"\[demo-result:\s*([^\s\]]+)\s*\]")
_MODELS_PATH = re.compile(r"^/demo-(\w+)/v1/models$")
_CHUNK = 64 * 1024


def _chat_reply(job: Job, content: str) -> Reply:
    body = {
        "id": "chatcmpl-hostile",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": job.model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 800, "completion_tokens": 40, "total_tokens": 840},
    }
    return Reply(200, json.dumps(body, ensure_ascii=False).encode("utf-8"))


def _links(job: Job) -> str:
    return "\n\n".join(
        f"![{job.gen_id}]({r.url})\n\n[点击下载]({r.download_url})" for r in job.results
    )


def play(handler: Any, scenario: str, job: Job, source: Any, ratio: float, prompt: str) -> None:
    """Make the results of ``job`` as usual, then answer the hostile way ``scenario`` says."""
    handler.provider.generate(job, "standard", source, ratio, prompt)
    reply = answer(scenario, job, prompt, handler.headers.get("Authorization", ""))
    if scenario == "trickle":
        trickle(handler, reply)
    else:
        handler._send(reply)


def answer(scenario: str, job: Job, prompt: str, authorization: str) -> Reply:
    """The complete answer of hostile answer scenario ``scenario`` (results already made)."""
    progress = ">🕐 排队中.\n\n>⚡ 生成中.....\n\n"
    if scenario == "escapes_refusal":
        return _chat_reply(job, f"{progress}> 生成失败 ❌\n> 失败原因：{ESCAPES} input_moderation")
    if scenario == "echo_token":
        token = authorization.removeprefix("Bearer ").strip()
        echoed = f"> 调试信息: 收到的密钥 key={token} ({authorization})\n\n"
        return _chat_reply(job, progress + echoed + "> ✅ 生成完成\n\n" + _links(job))
    if scenario == "many_results":
        first = job.results[0]
        links = "\n".join(f"![{i}]({first.url}?copy={i})" for i in range(MANY_RESULTS))
        return _chat_reply(job, progress + "> ✅ 生成完成\n\n" + links)
    if scenario == "huge_refusal":
        junk = "违规内容" * (HUGE_REFUSAL_BYTES // 12)
        return _chat_reply(job, f"{progress}> 生成失败 ❌\n> 失败原因：{junk}")
    if scenario == "huge_data_url":
        payload = "iVBORw0KGgo" + "A" * HUGE_DATA_URL_BYTES
        return _chat_reply(
            job, f"{progress}> ✅ 生成完成\n\n![图片](data:image/png;base64,{payload})"
        )
    if scenario == "deep_json":
        deep = b"[" * DEEP_NESTING + b"]" * DEEP_NESTING
        return Reply(200, b'{"object": "chat.completion", "choices": ' + deep + b"}")
    if scenario == "binary_error":
        return Reply(502, job.results[0].data[:4096], "application/octet-stream")
    if scenario == "html_error":
        error = {"message": HTML_MESSAGE, "type": "upstream_error"}
        return Reply(500, json.dumps({"error": error}).encode())
    if scenario == "result_at":
        match = _RESULT_MARKER.search(prompt)
        target = match[1] if match else "http://127.0.0.1:1/missing.png"
        return _chat_reply(job, f"{progress}> ✅ 生成完成\n\n![结果]({target})")
    return _chat_reply(job, progress + "> ✅ 生成完成\n\n" + _links(job))  # trickle


def trickle(handler: Any, reply: Reply) -> None:
    """Send ``reply`` a byte every half second (the rest after a while), until hung up on."""
    handler.send_response(reply.status)
    handler.send_header("Content-Type", reply.content_type)
    handler.send_header("Content-Length", str(len(reply.body)))
    handler.end_headers()
    started = time.monotonic()
    sent = 0
    while sent < len(reply.body) and time.monotonic() - started < TRICKLE_LIMIT_SECONDS:
        handler.wfile.write(reply.body[sent : sent + 1])
        handler.wfile.flush()
        sent += 1
        if not handler._wait(TRICKLE_SECONDS):
            handler._drop()
            return
    handler.wfile.write(reply.body[sent:])


def cdn_fault(name: str, path: str, image: bytes) -> Reply | None:
    """The CDN's answer for a hostile CDN scenario (None: serve the picture)."""
    download = path.startswith("/cdn/download/")
    if name == "cdn_huge_pixels":
        return Reply(200, huge_png(), "image/png")
    if name == "cdn_redirect_link_local" and download:
        return Reply(302, b"", "text/plain", (("Location", LINK_LOCAL_TARGET),))
    if name == "cdn_redirect_same_host" and download:
        target = path.replace("/cdn/download/", "/cdn/", 1)
        return Reply(302, b"", "text/plain", (("Location", target),))
    return None


@functools.cache
def huge_png(side: int = HUGE_SIDE) -> bytes:
    """A valid grey PNG of ``side`` x ``side`` pixels, all black: a few hundred kB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    packer = zlib.compressobj(9)
    row = bytes(side + 1)  # filter byte 0, then the pixels
    idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def models_fault(path: str) -> str | None:
    """The model-list scenario a ``/demo-<name>/v1/models`` path asks for, if any."""
    match = _MODELS_PATH.match(path)
    return match[1] if match and match[1] in MODEL_LIST_SCENARIOS else None


def serve_models(handler: Any, name: str) -> None:
    """Answer ``GET .../models`` the hostile way ``name`` says."""
    if name == "models_deep":
        deep = b"[" * DEEP_NESTING + b"]" * DEEP_NESTING
        handler._send(Reply(200, b'{"object": "list", "data": ' + deep + b"}"))
    elif name == "models_html":
        handler._send(Reply(500, HTML_MESSAGE.encode(), "text/html"))
    else:
        _endless_models(handler)


def _endless_models(handler: Any) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    entry = b'{"id": "gpt-4o-image", "object": "model"},'
    piece = b'{"object": "list", "data": [' + entry * (_CHUNK // len(entry))
    sent = 0
    try:
        while sent < ENDLESS_MODEL_LIST_BYTES and not handler.provider.stopping.is_set():
            handler.wfile.write(b"%X\r\n%s\r\n" % (len(piece), piece))
            sent += len(piece)
            piece = entry * (_CHUNK // len(entry))
        handler.wfile.write(b"0\r\n\r\n")
    except OSError:
        pass  # the client reached its cap and hung up: the point of the scenario
    handler.close_connection = True

"""Unit tests for the response parser, built around what real image relays send."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.relay.response_parser import (
    ParsedAnswer,
    parse_completion,
    provider_error_message,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 16
JPEG_MAGIC = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 16
WEBP_MAGIC = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 16
GIF_MAGIC = b"GIF89a\x01\x00\x01\x00" + b"\x00" * 16

CDN = "https://pro.filesystem.site/cdn/20260311/e952b8c0.png"
CDN_DOWNLOAD = "https://pro.filesystem.site/cdn/download/20260311/e952b8c0.png"
TRAP = "https://videos.openai.com/vg-assets/assets%2Ftask_01%2Fsrc.png?st=2026&se=2026&sig=abc"

STANDARD_ZH = f"""```json
{{
  "prompt": "美化一下这种图片,加上 我爱中国 四个字",
  "ratio": "4:3",
  "n": 1
}}
```

> ID: `1a8e42cf-0000-4793-b743-afbe26d914db`
>[数据预览](https://pro.asyncdata.net/web/1a8e42cf-0000-4793-b743-afbe26d914db) | [原始数据](https://pro.asyncdata.net/source/1a8e42cf-0000-4793-b743-afbe26d914db)

>🕐 排队中.

>⚡ 生成中.....

>🏃 进度 12..36..72..[100]({TRAP})

> ✅ 生成完成


![gen_01kkd8nppjf1mvfzphde13awdh]({CDN})

[点击下载]({CDN_DOWNLOAD})
"""

ENGLISH = f"""```json
{{"prompt": "make the sky pink", "ratio": "3:2", "n": 1}}
```

> ID: `task_7f3a9c`
>🕐 Queuing...
>🏃 Progress 7....13....57...[100]({TRAP})
> ✅ Generation complete

![gen_01abc](https://cdn.example-relay.com/cdn/20260401/a1.webp)

[Click to download](https://cdn.example-relay.com/cdn/download/20260401/a1.webp)
"""

TWO_RESULTS = """```json
{"prompt": "two variants", "ratio": "1:1", "n": 2}
```

> ID: `b2c0ffee-1111-4793-b743-afbe26d914db`
> ✅ 生成完成

![gen_a](https://pro.filesystem.site/cdn/20260311/aaaa.png)

[点击下载](https://pro.filesystem.site/cdn/download/20260311/aaaa.png)

![gen_b](https://pro.filesystem.site/cdn/20260311/bbbb.png)

[点击下载](https://pro.filesystem.site/cdn/download/20260311/bbbb.png)
"""

DOWNLOAD_ONLY = """> 🏃 Progress 100%
> ✅ Generation complete

[Click to download](https://file.302.ai/gpt/imgs/20260112/3f9a0c1e2d.png)

[Click to download](https://file.302.ai/gpt/imgs/20260112/77b1aa09ce.png)
"""

ALIYUN = "https://bucket.oss-us-west-1.aliyuncs.com/sora/0f8e6c52-9d1b-4d7e-8a53-2b1f9b0c1d2e.png"
BARE_ALIYUN = f"![图片]({ALIYUN})"

OLD_STYLE = """> gen_id: `gen_01jz9x8w7v6u5t4s3r2q1p0n`
> 生成完成 ✅

![https://host.example/cdn/x.png](https://host.example/cdn/x.png)
"""


def completion(
    content: Any = "",
    *,
    model: str = "gpt-4o-image-vip",
    finish_reason: str | None = "stop",
    extra_message: dict[str, Any] | None = None,
    extra_body: dict[str, Any] | None = None,
) -> str:
    """A full chat-completion body around ``content``, as a relay sends it."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    message.update(extra_message or {})
    body: dict[str, Any] = {
        "id": "chatcmpl-8Jk2mQ3ZrV",
        "object": "chat.completion",
        "created": 1741680000,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": 1210, "completion_tokens": 388, "total_tokens": 1598},
    }
    body.update(extra_body or {})
    return json.dumps(body, ensure_ascii=False)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# --- the successful shapes -------------------------------------------------------------------


def test_standard_chinese_answer() -> None:
    answer = parse_completion(completion(STANDARD_ZH).encode("utf-8"))
    assert isinstance(answer, ParsedAnswer)
    assert answer.image_urls == (CDN_DOWNLOAD,)
    assert answer.ratio == "4:3"
    assert answer.expected_count == 1
    assert answer.task_id == "1a8e42cf-0000-4793-b743-afbe26d914db"
    assert answer.model == "gpt-4o-image-vip"
    assert answer.usage == {"prompt_tokens": 1210, "completion_tokens": 388, "total_tokens": 1598}
    assert answer.finish_reason == "stop"
    assert answer.refusal is None
    assert answer.text == STANDARD_ZH


def test_progress_trap_and_previews_never_become_results() -> None:
    answer = parse_completion(completion(STANDARD_ZH))
    assert not any("videos.openai.com" in url for url in answer.image_urls)
    assert not any("asyncdata.net" in url for url in answer.image_urls)


def test_english_wording_and_webp() -> None:
    answer = parse_completion(completion(ENGLISH))
    assert answer.image_urls == ("https://cdn.example-relay.com/cdn/download/20260401/a1.webp",)
    assert answer.ratio == "3:2"
    assert answer.task_id == "task_7f3a9c"


def test_two_results_keep_order_and_prefer_download_twins() -> None:
    answer = parse_completion(completion(TWO_RESULTS))
    assert answer.image_urls == (
        "https://pro.filesystem.site/cdn/download/20260311/aaaa.png",
        "https://pro.filesystem.site/cdn/download/20260311/bbbb.png",
    )
    assert answer.expected_count == 2
    assert answer.ratio == "1:1"


def test_download_twin_before_image_keeps_one_entry() -> None:
    content = f"[点击下载]({CDN_DOWNLOAD})\n\n![gen]({CDN})"
    assert parse_completion(completion(content)).image_urls == (CDN_DOWNLOAD,)


def test_download_links_only() -> None:
    answer = parse_completion(completion(DOWNLOAD_ONLY))
    assert answer.image_urls == (
        "https://file.302.ai/gpt/imgs/20260112/3f9a0c1e2d.png",
        "https://file.302.ai/gpt/imgs/20260112/77b1aa09ce.png",
    )
    assert answer.ratio is None
    assert answer.expected_count is None
    assert answer.task_id is None


def test_one_bare_image() -> None:
    answer = parse_completion(completion(BARE_ALIYUN))
    assert answer.image_urls == (ALIYUN,)
    assert answer.refusal is None


def test_old_lines_and_alt_text_equal_to_url() -> None:
    answer = parse_completion(completion(OLD_STYLE))
    assert answer.image_urls == ("https://host.example/cdn/x.png",)
    assert answer.task_id == "gen_01jz9x8w7v6u5t4s3r2q1p0n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[Download](https://a.example/f/123)", ("https://a.example/f/123",)),
        ("[download image](https://a.example/f/9)", ("https://a.example/f/9",)),
        ("[下载原图](https://a.example/f/7)", ("https://a.example/f/7",)),
        ("[CLICK TO DOWNLOAD](https://a.example/f/8)", ("https://a.example/f/8",)),
        (
            "[result](https://a.example/out.JPEG?sig=1&exp=2)",
            ("https://a.example/out.JPEG?sig=1&exp=2",),
        ),
        ("[result](https://a.example/out.gif#frag)", ("https://a.example/out.gif#frag",)),
        ("[docs](https://a.example/help)", ()),
        ("[100](https://cdn.example/cdn/step.png)", ()),
        ("[57 %](https://cdn.example/cdn/step.png)", ()),
        ("![x](ftp://a.example/x.png)", ()),
        ("![x](https://pro.asyncdata.net/web/abc.png)", ()),
        ('![x](https://a.example/x.png "title")', ("https://a.example/x.png",)),
        ("![x](<https://a.example/x.png>)", ("https://a.example/x.png",)),
    ],
)
def test_which_links_count(content: str, expected: tuple[str, ...]) -> None:
    assert parse_completion(completion(content)).image_urls == expected


def test_exact_duplicates_count_once() -> None:
    url = "https://a.example/out.png"
    content = f"![{url}]({url})\n[{url}]({url})\n[Download]({url})"
    assert parse_completion(completion(content)).image_urls == (url,)


def test_data_url_image_in_content() -> None:
    data_url = f"data:image/png;base64,{b64(PNG_MAGIC)}"
    answer = parse_completion(completion(f"> ✅ 生成完成\n\n![image]({data_url})"))
    assert answer.image_urls == (data_url,)


# How fast these parse is the ``parse`` benchmark's figure; here the timeout only stops a
# pattern gone non-linear, which would take minutes, from hanging the suite.
@pytest.mark.timeout(30)
def test_large_data_url_is_kept_whole() -> None:
    payload = b64(PNG_MAGIC + bytes(range(256)) * 12_000)  # ~4 MB of base64
    data_url = f"data:image/png;base64,{payload}"
    body = completion(f"{STANDARD_ZH}\n![big]({data_url})\n")
    answer = parse_completion(body)
    assert answer.image_urls == (CDN_DOWNLOAD, data_url)


@pytest.mark.parametrize(
    "content",
    [
        "![broken](data:image/png;base64," + "A" * 3_000_000,
        "[a](" * 200_000,
        "![a](https://x.example/" + "y" * 2_000_000 + " " * 100_000,
    ],
    ids=["unclosed-data-url", "many-open-links", "long-url-then-spaces"],
)
@pytest.mark.timeout(30)
def test_pathological_content_gives_no_image(content: str) -> None:
    answer = parse_completion(completion(content))
    assert answer.image_urls == ()


def test_message_images_in_every_shape() -> None:
    extra = {
        "images": [
            {"type": "image_url", "image_url": {"url": "https://img.example/1.png"}},
            {"url": "https://img.example/2.png"},
            "https://img.example/3.png",
            {"type": "image_url", "image_url": "https://img.example/4.png"},
            {"b64_json": b64(JPEG_MAGIC)},
            42,
        ]
    }
    answer = parse_completion(completion("图片已生成", extra_message=extra))
    assert answer.image_urls == (
        "https://img.example/1.png",
        "https://img.example/2.png",
        "https://img.example/3.png",
        "https://img.example/4.png",
        f"data:image/jpeg;base64,{b64(JPEG_MAGIC)}",
    )


def test_content_images_come_before_message_images() -> None:
    extra = {"images": [{"url": "https://img.example/later.png"}, {"url": CDN}]}
    answer = parse_completion(completion(STANDARD_ZH, extra_message=extra))
    assert answer.image_urls == (CDN_DOWNLOAD, "https://img.example/later.png")


@pytest.mark.parametrize(
    ("raw", "mime"),
    [
        (PNG_MAGIC, "image/png"),
        (JPEG_MAGIC, "image/jpeg"),
        (WEBP_MAGIC, "image/webp"),
        (GIF_MAGIC, "image/gif"),
        (b"\x00\x01unknown format bytes", "image/png"),
    ],
)
def test_b64_json_in_message_sniffs_the_mime(raw: bytes, mime: str) -> None:
    answer = parse_completion(completion(None, extra_message={"b64_json": b64(raw)}))
    assert answer.image_urls == (f"data:{mime};base64,{b64(raw)}",)
    assert answer.text == ""


def test_b64_json_in_body_data_and_wrapped_lines() -> None:
    encoded = b64(WEBP_MAGIC * 4)
    wrapped = "\n".join(encoded[i : i + 20] for i in range(0, len(encoded), 20))
    answer = parse_completion(completion("", extra_body={"data": [{"b64_json": wrapped}]}))
    assert answer.image_urls == (f"data:image/webp;base64,{encoded}",)


def test_invalid_b64_json_is_ignored() -> None:
    answer = parse_completion(completion("", extra_message={"b64_json": "not base64 at all!!"}))
    assert answer.image_urls == ()
    assert answer.refusal == "The provider answered without an image."


def test_images_api_body() -> None:
    body = {
        "created": 1741680000,
        "data": [
            {"url": "https://oaidalleapiprodscus.blob.core.windows.net/private/img-1.png?se=1"},
            {"b64_json": b64(PNG_MAGIC), "revised_prompt": "a cat"},
        ],
        "usage": {"total_tokens": 10},
    }
    answer = parse_completion(json.dumps(body))
    assert answer.image_urls == (
        "https://oaidalleapiprodscus.blob.core.windows.net/private/img-1.png?se=1",
        f"data:image/png;base64,{b64(PNG_MAGIC)}",
    )
    assert answer.text == ""
    assert answer.model is None
    assert answer.finish_reason is None
    assert answer.usage == {"total_tokens": 10}


def test_code_message_envelope_with_a_single_data_object() -> None:
    body = {"code": 0, "message": "success", "data": {"url": "https://a.example/r.png"}}
    assert parse_completion(json.dumps(body)).image_urls == ("https://a.example/r.png",)


def test_error_beside_usable_choices_is_ignored() -> None:
    body = json.loads(completion(BARE_ALIYUN))
    body["error"] = {"message": "stale warning"}
    assert parse_completion(json.dumps(body)).image_urls == (ALIYUN,)


def test_content_as_list_of_parts() -> None:
    content = [
        {"type": "text", "text": "> ✅ 生成完成"},
        {"type": "text", "text": "![gen](https://a.example/cdn/r.png)"},
        {"type": "image_url", "image_url": {"url": "https://a.example/cdn/other.png"}},
    ]
    answer = parse_completion(completion(content))
    assert answer.text == "> ✅ 生成完成\n![gen](https://a.example/cdn/r.png)"
    assert answer.image_urls == ("https://a.example/cdn/r.png", "https://a.example/cdn/other.png")


def test_model_that_came_back_is_reported() -> None:
    answer = parse_completion(completion(BARE_ALIYUN, model="sora_image"))
    assert answer.model == "sora_image"


def test_missing_usage_and_finish_reason() -> None:
    body = json.loads(completion(BARE_ALIYUN, finish_reason=None))
    del body["usage"]
    answer = parse_completion(json.dumps(body))
    assert answer.usage == {}
    assert answer.finish_reason is None


def test_utf8_bom_is_accepted() -> None:
    answer = parse_completion(b"\xef\xbb\xbf" + completion(BARE_ALIYUN).encode("utf-8"))
    assert len(answer.image_urls) == 1


# --- the ```json block -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("block", "ratio", "count"),
    [
        ('```json\n{"ratio": "4：3", "n": 1}\n```', "4:3", 1),
        ('```JSON\n{"ratio": "16:9", "n": "2"}\n```', "16:9", 2),
        ('```json\n{"ratio": "1024x1536", "n": 1}\n```', "2:3", 1),
        ('```json\n{"prompt": "a "quoted" word", "ratio": "3:2", "n": 2,}\n```', "3:2", 2),
        ("```json\n{'ratio': '2:3', 'n': 4}\n```", "2:3", 4),
        ('```json\n{"prompt": "cut off', None, None),
        ('```json\n{"ratio": 1.5, "n": true}\n```', None, None),
        ('```json\n["not", "an", "object"]\n```', None, None),
        ('```json\n{"ratio": "auto", "n": 0}\n```', None, None),
        ("no block at all", None, None),
    ],
)
def test_json_block(block: str, ratio: str | None, count: int | None) -> None:
    answer = parse_completion(completion(f"{block}\n\n![r](https://a.example/r.png)"))
    assert (answer.ratio, answer.expected_count) == (ratio, count)
    assert answer.image_urls == ("https://a.example/r.png",)


# --- no image: the refusal text ----------------------------------------------------------------

MODERATION = """```json
{"prompt": "…", "ratio": "1:1", "n": 1}
```

> ID: `9f2e0000-1111-2222-3333-444455556666`
>[数据预览](https://pro.asyncdata.net/web/9f2e) | [原始数据](https://pro.asyncdata.net/source/9f2e)

>🕐 排队中.

>⚡ 生成中.....

> 生成失败 ❌
> 失败原因：{reason}
"""


@pytest.mark.parametrize("reason", ["input_moderation", "output_moderation"])
def test_moderation_refusal_keeps_the_failure_lines(reason: str) -> None:
    answer = parse_completion(completion(MODERATION.replace("{reason}", reason)))
    assert answer.image_urls == ()
    assert answer.refusal == f"生成失败 ❌\n失败原因：{reason}"
    assert answer.task_id == "9f2e0000-1111-2222-3333-444455556666"


@pytest.mark.parametrize(
    ("content", "must_contain"),
    [
        (
            "> ⚡ 生成中.....\n\n抱歉，您的请求违反了我们的内容政策，无法生成该图片。",
            "违反了我们的内容政策",
        ),
        (
            "I'm unable to generate that image because it may violate our content policy.",
            "violate our content policy",
        ),
        (
            "> 🏃 Progress 13....57...[100](" + TRAP + ")\n"
            "Lots of people are creating images right now, so this might take a bit. "
            "We'll notify you when your image is ready.",
            "Lots of people are creating images right now",
        ),
        ("Here is a description of a pink sky instead of an image.", "pink sky"),
    ],
)
def test_refusal_contains_the_providers_words(content: str, must_contain: str) -> None:
    answer = parse_completion(completion(content))
    assert answer.image_urls == ()
    assert answer.refusal is not None
    assert must_contain in answer.refusal
    assert "videos.openai.com" not in answer.refusal
    assert "生成中" not in answer.refusal


def test_progress_only_falls_back_to_the_content() -> None:
    content = f">🕐 排队中.\n>🏃 进度 12..36..[100]({TRAP})"
    answer = parse_completion(completion(content))
    assert answer.refusal == content


@pytest.mark.parametrize("content", ["", None, "   \n"])
def test_empty_content_gives_a_generic_refusal(content: str | None) -> None:
    answer = parse_completion(completion(content))
    assert answer.image_urls == ()
    assert answer.refusal == "The provider answered without an image."


def test_message_refusal_field_is_used() -> None:
    answer = parse_completion(
        completion(None, extra_message={"refusal": "I can't help with that request."})
    )
    assert answer.refusal == "I can't help with that request."


def test_trap_link_alone_is_not_a_result() -> None:
    answer = parse_completion(completion(f"![preview]({TRAP})"))
    assert answer.image_urls == ()
    assert answer.refusal


# --- unreadable answers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "detail"),
    [
        (b"", "empty"),
        ("   \n\t ", "empty"),
        (
            "<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>",
            "HTML",
        ),
        (completion(STANDARD_ZH)[:180], "cut off"),
        ('{"id": "chatcmpl-1", "choices": [{"index": 0', "cut off"),
        ("data: {not json}", "not JSON"),
        ("[]", "list"),
        ('"image ready"', "str"),
        ("{}", "choices"),
        ('{"id": "chatcmpl-1", "object": "chat.completion", "model": "x"}', "choices"),
        ('{"choices": []}', "choices"),
        ('{"choices": [null]}', "choices"),
        ('{"choices": [{"index": 0, "finish_reason": "stop"}]}', "choices"),
        ('{"data": []}', "choices"),
    ],
)
def test_unreadable_bodies_raise_bad_response(raw: bytes | str, detail: str) -> None:
    with pytest.raises(RetouchError) as caught:
        parse_completion(raw)
    assert caught.value.kind is ErrorKind.BAD_RESPONSE
    assert caught.value.message == "The provider sent an answer Retouch Studio could not read."
    assert detail in caught.value.details


def test_details_carry_only_the_start_of_the_body() -> None:
    raw = "<html>" + "x" * 5000
    with pytest.raises(RetouchError) as caught:
        parse_completion(raw)
    assert "<html>xxx" in caught.value.details
    assert len(caught.value.details) < 400


def test_error_object_at_200_keeps_message_and_request_id() -> None:
    raw = json.dumps(
        {
            "error": {
                "message": "当前分组上游负载已饱和，请稍后再试 (request id: 2026031112000012345)",
                "type": "new_api_error",
                "code": "upstream_saturated",
            }
        },
        ensure_ascii=False,
    )
    with pytest.raises(RetouchError) as caught:
        parse_completion(raw)
    error = caught.value
    assert error.kind is ErrorKind.BAD_RESPONSE
    assert error.message == "The provider reported an error: 当前分组上游负载已饱和，请稍后再试"
    assert error.request_id == "2026031112000012345"
    assert "new_api_error" in error.details


def test_code_message_shape_at_200() -> None:
    with pytest.raises(RetouchError) as caught:
        parse_completion('{"code": "model_not_found", "message": "无可用渠道"}')
    assert caught.value.message == "The provider reported an error: 无可用渠道"
    assert caught.value.request_id == ""


# --- provider_error_message --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"error": {"message": "用户额度不足 (request id: abc123)", "type": "new_api_error"}},
            ("用户额度不足", "abc123"),
        ),
        (
            {"error": {"message": "Invalid API key（request id: R-9）", "code": "invalid_api_key"}},
            ("Invalid API key", "R-9"),
        ),
        (
            {"error": {"code": "insufficient_user_quota", "message": ""}},
            ("insufficient_user_quota", ""),
        ),
        ({"error": "未提供令牌"}, ("未提供令牌", "")),
        (
            {"code": 500, "message": "upstream error", "request_id": "q-1"},
            ("upstream error", "q-1"),
        ),
        ({"code": "x", "msg": "余额不足"}, ("余额不足", "")),
        ({"error": {"message": 12}}, ("", "")),
        ({}, ("", "")),
        ([], ("", "")),
        (None, ("", "")),
        ("plain text", ("", "")),
        (42, ("", "")),
    ],
)
def test_provider_error_message(data: object, expected: tuple[str, str]) -> None:
    assert provider_error_message(data) == expected

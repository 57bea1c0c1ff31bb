import json

import httpx
import pytest

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.relay.client import build_chat_body, parse_retry_after
from desktop_app.core.relay.endpoint import is_loopback, secure_download_url, validate_base_url
from desktop_app.core.relay.http_errors import error_from_status, error_from_transport


@pytest.mark.parametrize(
    "url",
    [
        "https://api.quickrouter.ai/v1/",
        "http://127.0.0.1:8080/v1",
        "http://localhost/v1",
        "http://[::1]:9/v1",
    ],
)
def test_accepted_base_urls(url):
    assert validate_base_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://api.quickrouter.ai/v1",
        "http://10.0.0.5/v1",
        "ftp://x/v1",
        "api.quickrouter.ai/v1",
        "",
    ],
)
def test_refused_base_urls(url):
    with pytest.raises(RetouchError) as caught:
        validate_base_url(url)
    assert caught.value.kind is ErrorKind.BAD_INPUT


def test_loopback_and_download_upgrade():
    assert is_loopback("127.0.0.2") and is_loopback("[::1]") and not is_loopback("10.0.0.1")
    assert secure_download_url("http://cdn.example/x.png") == "https://cdn.example/x.png"
    assert secure_download_url("http://127.0.0.1:5/cdn/x.png").startswith("http://")


def test_body_is_exactly_the_documented_shape():
    body = build_chat_body("gpt-4o-image-vip", "美化 尺寸[4:3]", ["data:image/png;base64,AAA"])
    assert body == {
        "model": "gpt-4o-image-vip",
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "美化 尺寸[4:3]"},
                    {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAA"}},
                ],
            }
        ],
    }
    assert build_chat_body("m", "t", [], max_tokens=50)["max_tokens"] == 50


def test_retry_after_seconds_and_http_date():
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("9999") == 60.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(" 2.5 ") == 2.5
    assert parse_retry_after("") is None and parse_retry_after(None) is None
    assert parse_retry_after("-4") == 0.0  # never a negative wait
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412500.0) == 0.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412400.0) == 60.0


def _body(message, code="", kind="new_api_error"):
    return json.dumps({"error": {"message": message, "type": kind, "code": code}}).encode()


@pytest.mark.parametrize(
    ("status", "body", "kind"),
    [
        (401, _body("无效的令牌 (request id: 2026A)", "invalid_api_key"), ErrorKind.AUTH),
        (403, _body("用户额度不足", "insufficient_user_quota"), ErrorKind.QUOTA),
        (402, _body("余额不足"), ErrorKind.QUOTA),
        (403, _body("forbidden"), ErrorKind.AUTH),
        (
            503,
            _body("当前分组 default 下对于模型 x 无可用渠道", "model_not_found"),
            ErrorKind.MODEL_UNAVAILABLE,
        ),
        (429, _body("当前分组上游负载已饱和，请稍后再试"), ErrorKind.RATE_LIMITED),
        (400, _body("input_moderation: content policy"), ErrorKind.REFUSED),
        (500, b'{"code": "upstream_error", "message": "upstream failed"}', ErrorKind.SERVER),
        (502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", ErrorKind.SERVER),
        (524, b"<!DOCTYPE html><title>A timeout occurred</title>", ErrorKind.SERVER),
        (404, b"<html>not found</html>", ErrorKind.SERVER),
    ],
)
def test_status_classification(status, body, kind):
    error = error_from_status(status, body, "application/json")
    assert error.kind is kind
    assert error.status == status
    assert f"HTTP {status}" in error.details
    assert "Traceback" not in error.message


def test_provider_words_and_request_id_are_kept():
    error = error_from_status(401, _body("无效的令牌 (request id: 20260311ABC)"))
    assert "无效的令牌" in error.message and error.request_id == "20260311ABC"


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (httpx.ConnectError("refused"), "Cannot reach"),
        (httpx.ConnectTimeout("t"), "in time"),
        (httpx.ReadTimeout("t"), "did not answer within 300"),
        (httpx.RemoteProtocolError("x"), "broke"),
    ],
)
def test_transport_failures_are_network_errors(exc, words):
    error = error_from_transport(exc, "relay.example", 300)
    assert error.kind is ErrorKind.NETWORK and words in error.message

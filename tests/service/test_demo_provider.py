"""The demo provider over real HTTP on loopback: answer shapes, scenarios, auth, recording, stop."""

from __future__ import annotations

import base64
import email.utils
import io
import json
import re
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from PIL import Image, ImageChops

from desktop_app.demo import SCENARIOS, DemoProvider, RecordedRequest, edit
from desktop_app.demo.hostile import HOSTILE_ANSWER_SCENARIOS, HOSTILE_CDN_SCENARIOS
from tests.helpers.images import encoded, photo

PROMPT = "美化一下这种图片,加上 我爱中国 四个字 尺寸[4:3]"
IMAGE_LINK = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
DOWNLOAD_LINK = re.compile(r"\[(?:点击下载|Click to download)\]\(([^)\s]+)\)")
MB60 = 60 * 1024 * 1024


def _data_url(width: int = 64, height: int = 48) -> str:
    return "data:image/png;base64," + base64.b64encode(encoded(photo(width, height))).decode()


INPUT_URL = _data_url()


def chat_body(prompt: str = PROMPT, image_url: str = INPUT_URL, model: str = "gpt-4o-image-vip"):
    content = [
        {"type": "text", "text": prompt},
        {"type": "image_url", "image_url": {"url": image_url}},
    ]
    return {"model": model, "messages": [{"role": "user", "content": content}]}


@pytest.fixture
def provider() -> Iterator[DemoProvider]:
    with DemoProvider() as running:
        yield running


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    # trust_env=False: a proxy set in the environment must not get between us and loopback.
    with httpx.Client(trust_env=False, timeout=10) as session:
        yield session


def post_chat(
    client: httpx.Client, provider: DemoProvider, body: object = None, **kw
) -> httpx.Response:
    return client.post(f"{provider.base_url}/chat/completions", json=body or chat_body(), **kw)


def content_of(response: httpx.Response) -> str:
    return response.json()["choices"][0]["message"]["content"]


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


# --- the standard answer ----------------------------------------------------------------------


def test_default_answer_has_image_download_twin_progress_trap_and_json_block(provider, client):
    response = post_chat(client, provider)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert int(response.headers["content-length"]) == len(response.content)
    payload = response.json()
    assert payload["object"] == "chat.completion"
    assert payload["model"] == "gpt-4o-image-vip"
    assert payload["id"].startswith("chatcmpl-")
    assert isinstance(payload["created"], int)
    assert payload["choices"][0]["finish_reason"] == "stop"
    usage = payload["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"] > 0
    content = content_of(response)
    block = json.loads(re.search(r"```json\n(.*?)\n```", content, re.S)[1])
    assert block == {"prompt": "美化一下这种图片,加上 我爱中国 四个字", "ratio": "4:3", "n": 1}
    assert re.search(r"^> ID: `[0-9a-f-]{36}`$", content, re.M)
    assert "https://pro.asyncdata.net/web/" in content
    assert "排队中" in content
    assert "生成中" in content
    assert "> ✅ 生成完成" in content
    assert re.search(r"进度 [\d.]+\[100\]\(https://videos\.openai\.com/vg-assets/", content)
    images = IMAGE_LINK.findall(content)
    downloads = DOWNLOAD_LINK.findall(content)
    assert len(images) == 1
    assert len(downloads) == 1
    alt, image_url = images[0]
    assert alt.startswith("gen_")
    assert re.fullmatch(rf"{provider.origin}/cdn/\d{{8}}/[0-9a-f]+\.png", image_url)
    assert downloads[0] == image_url.replace("/cdn/", "/cdn/download/")

    for url in (image_url, downloads[0]):
        fetched = client.get(url)
        assert fetched.status_code == 200
        assert fetched.headers["content-type"] == "image/png"
        assert int(fetched.headers["content-length"]) == len(fetched.content)
        result = decode(fetched.content)
        assert result.format == "PNG"
        assert result.size == (1536, 1024)  # 4:3 snaps to the native 3:2, as with real relays


@pytest.mark.parametrize(
    ("prompt", "size", "expected"),
    [
        ("加上 你好 两个字 尺寸[3:4]", (40, 40), (1024, 1536)),
        ("make it pop 尺寸[1:1]", (64, 32), (1024, 1024)),
        ("make it pop", (64, 32), (1536, 1024)),  # no tag: the input's ratio
        ("make it pop", (30, 60), (1024, 1536)),
    ],
)
def test_result_size_snaps_to_native_sizes(provider, client, prompt, size, expected):
    response = post_chat(client, provider, chat_body(prompt, _data_url(*size)))
    (url,) = DOWNLOAD_LINK.findall(content_of(response))
    assert decode(client.get(url).content).size == expected


def test_drawn_text_changes_pixels_beyond_the_filter(provider, client):
    response = post_chat(client, provider)
    (url,) = DOWNLOAD_LINK.findall(content_of(response))
    result = decode(client.get(url).content).convert("RGB")

    source = edit.decode_data_url(INPUT_URL)
    filtered_only = edit.apply_look(edit.fit_cover(source, result.size))
    difference = (
        ImageChops.difference(result, filtered_only)
        .convert("L")
        .point(lambda v: 255 if v > 40 else 0)
    )
    changed = sum(difference.histogram()[255:]) / (result.width * result.height)
    assert 0.005 < changed < 0.5  # the caption, not a different picture
    top, bottom = difference.getbbox()[1], difference.getbbox()[3]
    assert top > result.height // 2
    assert bottom <= result.height
    # And the filter itself is visible: the result is not the plain (scaled) input.
    plain = edit.fit_cover(source, result.size)
    assert ImageChops.difference(plain, filtered_only).getbbox() is not None


def test_unreadable_input_image_gets_a_generated_picture(provider, client):
    body = chat_body("加上 'Hi' 尺寸[2:3]", image_url="https://example.com/photo.png")
    response = post_chat(client, provider, body)
    (url,) = DOWNLOAD_LINK.findall(content_of(response))
    assert decode(client.get(url).content).size == (1024, 1536)


@pytest.mark.parametrize(
    ("prompt", "caption"),
    [
        ("美化一下这种图片,加上 我爱中国 四个字 尺寸[4:3]", "我爱中国"),
        ("加上「春」字", "春"),
        ('add the words "Hello there" at the bottom', "Hello there"),
        ("make it warmer and brighter please, thanks a lot 尺寸[1:1]", "make it warmer and b"),
        ("尺寸[1:1] [demo:standard]", edit.DEFAULT_CAPTION),
    ],
)
def test_caption_extraction(prompt, caption):
    assert edit.caption_for(prompt) == caption


# --- scenarios --------------------------------------------------------------------------------

Check = Callable[[httpx.Response, DemoProvider, httpx.Client], None]


def _images(response: httpx.Response) -> list[str]:
    return [url for _, url in IMAGE_LINK.findall(content_of(response))]


def _error(status: int, code: str, words: str) -> Check:
    def check(response, provider, client):
        assert response.status_code == status
        error = response.json()["error"]
        assert error["type"] == "new_api_error"
        assert error["code"] == code
        assert words in error["message"]
        assert "(request id: " in error["message"]

    return check


def _html(status: int, words: str) -> Check:
    def check(response, provider, client):
        assert response.status_code == status
        assert response.headers["content-type"].startswith("text/html")
        assert words in response.text

    return check


def _refusal(words: str) -> Check:
    def check(response, provider, client):
        assert response.status_code == 200
        content = content_of(response)
        assert words in content
        assert not IMAGE_LINK.findall(content)
        assert not DOWNLOAD_LINK.findall(content)

    return check


def _fetch_result(response: httpx.Response, client: httpx.Client, **kw) -> httpx.Response:
    (url,) = DOWNLOAD_LINK.findall(content_of(response))
    return client.get(url, **kw)


def check_standard(response, provider, client):
    assert response.status_code == 200
    assert len(_images(response)) == 1
    assert "生成完成" in content_of(response)
    assert decode(_fetch_result(response, client).content).size == (1536, 1024)


def check_english(response, provider, client):
    content = content_of(response)
    for words in (
        "Queuing...",
        "Progress 7",
        "[100](https://videos.openai.com/",
        "Generation complete",
    ):
        assert words in content
    (url,) = DOWNLOAD_LINK.findall(content)
    assert "[Click to download](" in content
    assert "点击下载" not in content
    assert client.get(url).status_code == 200


def check_two_results(response, provider, client):
    content = content_of(response)
    assert '"n": 2' in content
    images, downloads = _images(response), DOWNLOAD_LINK.findall(content)
    assert len(images) == 2
    assert len(downloads) == 2
    assert len(set(images)) == 2
    first, second = (client.get(url).content for url in downloads)
    assert decode(first).size == decode(second).size
    assert first != second


def check_download_only(response, provider, client):
    content = content_of(response)
    assert not IMAGE_LINK.findall(content)
    downloads = DOWNLOAD_LINK.findall(content)
    assert downloads
    assert "[Click to download](" in content
    assert decode(client.get(downloads[0]).content).format == "PNG"


def check_bare_image(response, provider, client):
    content = content_of(response).strip()
    ((alt, url),) = IMAGE_LINK.findall(content)
    assert alt == "图片"
    assert content == f"![图片]({url})"
    assert client.get(url).status_code == 200


def check_alt_is_url(response, provider, client):
    ((alt, url),) = IMAGE_LINK.findall(content_of(response))
    assert alt == url
    assert url.startswith(f"{provider.origin}/cdn/")


def check_old_lines(response, provider, client):
    content = content_of(response)
    assert re.search(r"^> gen_id: `gen_\w+`$", content, re.M)
    assert "> 生成完成 ✅" in content
    assert "> ✅ 生成完成" not in content
    assert len(_images(response)) == 1


def check_data_url(response, provider, client):
    ((alt, url),) = IMAGE_LINK.findall(content_of(response))
    assert alt == "image"
    assert url.startswith("data:image/png;base64,")
    assert decode(base64.b64decode(url.split(",", 1)[1])).size == (1536, 1024)


def check_webp(response, provider, client):
    (url,) = DOWNLOAD_LINK.findall(content_of(response))
    assert url.endswith(".webp")
    fetched = client.get(url)
    assert fetched.headers["content-type"] == "image/webp"
    assert decode(fetched.content).format == "WEBP"


def check_message_images(response, provider, client):
    message = response.json()["choices"][0]["message"]
    assert not IMAGE_LINK.findall(message["content"])
    url = message["images"][0]["image_url"]["url"]
    assert url.startswith("data:image/png;base64,")
    assert decode(base64.b64decode(url.split(",", 1)[1])).format == "PNG"


def check_b64_json(response, provider, client):
    payload = response.json()
    assert payload["choices"][0]["message"]["content"]
    assert decode(base64.b64decode(payload["data"][0]["b64_json"])).format == "PNG"


def check_model_differs(response, provider, client):
    assert response.json()["model"] == "sora_image"
    assert len(_images(response)) == 1


def check_ratio_differs(response, provider, client):
    assert '"ratio": "1:1"' in content_of(response)
    assert decode(_fetch_result(response, client).content).size == (1024, 1024)


def check_region(response, provider, client):
    picture = decode(_fetch_result(response, client).content).convert("RGB")
    # The change is a panel in the middle; the rest is the input, moved and graded.
    assert picture.getpixel((picture.width // 2, picture.height * 41 // 100)) == (250, 200, 40)


def check_429(response, provider, client):
    _error(429, "rate_limit_exceeded", "当前分组上游负载已饱和，请稍后再试")(
        response, provider, client
    )
    assert response.headers["retry-after"] == "1"


def check_429_bare(response, provider, client):
    _error(429, "rate_limit_exceeded", "当前分组上游负载已饱和")(response, provider, client)
    assert "retry-after" not in response.headers


def check_429_date(response, provider, client):
    _error(429, "rate_limit_exceeded", "当前分组上游负载已饱和")(response, provider, client)
    when = email.utils.parsedate_to_datetime(response.headers["retry-after"]).timestamp()
    assert 0.5 <= when - time.time() <= 2.5


def check_500(response, provider, client):
    assert response.status_code == 500
    assert response.json()["error"]["message"]


def check_code_message(response, provider, client):
    assert response.status_code == 500
    payload = response.json()
    assert "error" not in payload
    assert payload["code"]
    assert payload["message"]


def check_not_json(response, provider, client):
    assert response.status_code == 200
    assert response.content
    with pytest.raises(json.JSONDecodeError):
        response.json()


def check_empty_body(response, provider, client):
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == "0"


def check_no_choices(response, provider, client):
    payload = response.json()
    assert response.status_code == 200
    assert "choices" not in payload
    assert payload["id"]


def check_truncated_json(response, provider, client):
    assert response.status_code == 200
    assert int(response.headers["content-length"]) == len(response.content)
    assert response.content.startswith(b'{"id": "chatcmpl-')
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content.decode("utf-8", "replace"))


def check_error_at_200(response, provider, client):
    assert response.status_code == 200
    assert response.json()["error"]["message"]


def check_cdn_404(response, provider, client):
    check_standard_shape(response)
    fetched = _fetch_result(response, client)
    assert fetched.status_code == 404
    assert fetched.headers["content-type"].startswith("text/html")


def check_cdn_403(response, provider, client):
    check_standard_shape(response)
    fetched = _fetch_result(response, client)
    assert fetched.status_code == 403
    assert "<Message>Request has expired</Message>" in fetched.text


def check_cdn_html(response, provider, client):
    fetched = _fetch_result(response, client)
    assert fetched.status_code == 200
    assert fetched.headers["content-type"].startswith("text/html")


def check_cdn_oversize(response, provider, client):
    (url,) = DOWNLOAD_LINK.findall(content_of(response))
    with client.stream("GET", url) as fetched:
        assert fetched.status_code == 200
        assert fetched.headers["content-length"] == str(MB60)
        received = 0
        for chunk in fetched.iter_raw():
            received += len(chunk)
            if received > 1024 * 1024:
                break  # a client with a cap hangs up; the provider must take that quietly
    assert received > 1024 * 1024


def check_cdn_oversize_chunked(response, provider, client):
    (url,) = DOWNLOAD_LINK.findall(content_of(response))
    with client.stream("GET", url) as fetched:
        assert "content-length" not in fetched.headers
        assert fetched.headers["transfer-encoding"] == "chunked"
        received = sum(len(chunk) for chunk in fetched.iter_raw())
    assert received > MB60


def check_cdn_slow(response, provider, client):
    with pytest.raises(httpx.ReadTimeout):  # not a byte within the read timeout
        _fetch_result(response, client, timeout=httpx.Timeout(5, read=0.3))


def check_cdn_corrupt(response, provider, client):
    fetched = _fetch_result(response, client)
    assert fetched.status_code == 200
    assert fetched.headers["content-type"] == "image/png"
    assert fetched.content.startswith(b"\x89PNG")
    with pytest.raises(OSError, match="truncated"):
        decode(fetched.content)


def check_standard_shape(response: httpx.Response) -> None:
    assert response.status_code == 200
    assert len(_images(response)) == 1


CHECKS: dict[str, Check] = {
    "standard": check_standard,
    "english": check_english,
    "two_results": check_two_results,
    "download_only": check_download_only,
    "bare_image": check_bare_image,
    "alt_is_url": check_alt_is_url,
    "old_lines": check_old_lines,
    "data_url": check_data_url,
    "webp": check_webp,
    "message_images": check_message_images,
    "b64_json": check_b64_json,
    "model_differs": check_model_differs,
    "ratio_differs": check_ratio_differs,
    "region": check_region,
    "http_401": _error(401, "invalid_api_key", "无效的令牌"),
    "http_401_echo": _error(401, "invalid_api_key", "Incorrect API key provided: "),
    "http_402_quota": _error(402, "insufficient_user_quota", "用户额度不足"),
    "http_403_quota": _error(403, "insufficient_user_quota", "用户额度不足"),
    "http_503_model_not_found": _error(503, "model_not_found", "无可用渠道"),
    "http_429": check_429,
    "http_429_date": check_429_date,
    "http_429_bare": check_429_bare,
    "http_500": check_500,
    "http_502_html": _html(502, "502 Bad Gateway"),
    "http_503_html": _html(503, "503 Service"),
    "http_504_html": _html(504, "504 Gateway Time-out"),
    "http_520_html": _html(520, "Error code 520"),
    "http_524_html": _html(524, "Error code 524"),
    "code_message_error": check_code_message,
    "refusal_input_moderation": _refusal("失败原因：input_moderation"),
    "refusal_output_moderation": _refusal("失败原因：output_moderation"),
    "refusal_policy": _refusal("内容政策"),
    "busy": _refusal("Lots of people are creating images right now"),
    "not_json": check_not_json,
    "empty_body": check_empty_body,
    "html_200": _html(200, "<html>"),
    "no_choices": check_no_choices,
    "truncated_json": check_truncated_json,
    "error_at_200": check_error_at_200,
    "cdn_404": check_cdn_404,
    "cdn_403_expired": check_cdn_403,
    "cdn_html": check_cdn_html,
    "cdn_oversize": check_cdn_oversize,
    "cdn_oversize_chunked": check_cdn_oversize_chunked,
    "cdn_slow": check_cdn_slow,
    "cdn_corrupt": check_cdn_corrupt,
}
# Played over the transport, tested separately below.
TRANSPORT = {"slow", "silent", "drop_connection"}
# Played against the app itself: tests/service/test_hostile_relay.py and test_hostile_limits.py.
HOSTILE = {*HOSTILE_ANSWER_SCENARIOS, *HOSTILE_CDN_SCENARIOS}
# Streaming and Images API behaviour: tests/service/test_routes_over_http.py.
ROUTES = {"stream_refused", "stream_ignored", "no_transparency"}


def test_every_scenario_is_checked():
    assert set(CHECKS) | TRANSPORT | HOSTILE | ROUTES == set(SCENARIOS)
    assert len(SCENARIOS) == len(set(SCENARIOS))


@pytest.mark.parametrize("scenario", list(CHECKS))
def test_scenario_shape(provider, client, scenario):
    provider.inject(scenario)
    response = post_chat(client, provider)
    CHECKS[scenario](response, provider, client)


def test_the_echo_scenario_repeats_the_whole_key(provider, client):
    provider.inject("http_401_echo")
    response = post_chat(client, provider, headers={"Authorization": "Bearer relay_0a1b2c3d"})
    assert (
        "Incorrect API key provided: relay_0a1b2c3d (request id: "
        in (response.json()["error"]["message"])
    )


def test_failure_bodies_keep_the_connection_usable(provider, client):
    # Keep-alive: a correct Content-Length on every answer lets one connection carry them all.
    for scenario in ("http_502_html", "empty_body", "truncated_json", "http_429", "standard"):
        provider.inject(scenario)
        post_chat(client, provider)
    response = post_chat(client, provider)
    assert response.status_code == 200


def test_slow_answers_after_three_seconds(provider, client):
    provider.inject("slow", times=2)
    with pytest.raises(httpx.ReadTimeout):  # nothing yet after two seconds
        post_chat(client, provider, timeout=httpx.Timeout(5, read=2.0))
    response = post_chat(client, provider, timeout=httpx.Timeout(5, read=30))
    assert response.status_code == 200
    assert _images(response)


def test_drop_connection_closes_without_an_answer(provider, client):
    provider.inject("drop_connection")
    with pytest.raises(httpx.RemoteProtocolError):
        post_chat(client, provider)
    assert len(provider.chat_requests) == 1
    assert post_chat(client, provider).status_code == 200  # the next request is fine


def test_silent_sends_nothing_until_the_client_gives_up(provider, client):
    provider.inject("silent")
    with pytest.raises(httpx.ReadTimeout):
        post_chat(client, provider, timeout=httpx.Timeout(5, read=0.4))
    assert post_chat(client, provider).status_code == 200


def test_stop_is_prompt_with_a_silent_handler_pending(client):
    provider = DemoProvider(latency=30).start()
    provider.inject("silent")
    outcomes: list[object] = []

    def call(body: dict) -> None:
        try:
            outcomes.append(post_chat(client_for_thread, provider, body))
        except httpx.HTTPError as error:
            outcomes.append(error)

    with httpx.Client(trust_env=False, timeout=60) as client_for_thread:
        threads = [threading.Thread(target=call, args=(chat_body(),)) for _ in range(2)]
        for thread in threads:  # one silent, one waiting out a 30 s latency
            thread.start()
        deadline = time.monotonic() + 5
        while len(provider.chat_requests) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(provider.chat_requests) == 2
        provider.stop()
        for thread in threads:  # answered (with an error) long before the 30 s latency
            thread.join(timeout=10)
            assert not thread.is_alive()
    assert all(isinstance(outcome, httpx.HTTPError) for outcome in outcomes)
    with pytest.raises(httpx.ConnectError):
        client.get(f"{provider.base_url}/models")


def test_latency_delays_the_answer(client):
    with DemoProvider(latency=1.0) as provider:
        with pytest.raises(httpx.ReadTimeout):  # the model is still "working"
            post_chat(client, provider, timeout=httpx.Timeout(5, read=0.3))
        provider.latency = 0.0
        assert post_chat(client, provider).status_code == 200


# --- auth, models, validation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "status", "words"),
    [
        ({}, 401, "未提供令牌"),
        ({"Authorization": "Bearer wrong"}, 401, "无效的令牌"),
        ({"Authorization": "sk-secret"}, 401, "无效的令牌"),
        ({"Authorization": "Bearer sk-secret"}, 200, None),
    ],
)
def test_token_is_required_when_set(client, headers, status, words):
    with DemoProvider(token="sk-secret") as provider:
        response = post_chat(client, provider, headers=headers)
        models = client.get(f"{provider.base_url}/models", headers=headers)
    assert response.status_code == status
    assert models.status_code == status
    if words:
        error = response.json()["error"]
        assert words in error["message"]
        assert error["code"] == "invalid_api_key"
        assert error["type"] == "new_api_error"


def test_any_authorization_is_accepted_without_a_token(provider, client):
    assert post_chat(client, provider, headers={"Authorization": "Bearer anything"}).is_success
    assert client.get(f"{provider.base_url}/models").is_success


def test_models_lists_image_models(provider, client):
    response = client.get(f"{provider.base_url}/models")
    payload = response.json()
    assert payload["object"] == "list"
    ids = [model["id"] for model in payload["data"]]
    assert ids[:2] == ["gpt-4o-image-vip", "gpt-4o-image"]


def _with_content(content: object) -> dict:
    return {"model": "gpt-4o-image-vip", "messages": [{"role": "user", "content": content}]}


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"not json", id="not-json"),
        pytest.param(b"[1, 2]", id="not-an-object"),
        pytest.param({"messages": chat_body()["messages"]}, id="no-model"),
        pytest.param({"model": "gpt-4o-image-vip"}, id="no-messages"),
        pytest.param({"model": "gpt-4o-image-vip", "messages": []}, id="empty-messages"),
        pytest.param(_with_content("just text"), id="string-content"),
        pytest.param(
            _with_content([{"type": "image_url", "image_url": {"url": INPUT_URL}}]), id="no-text"
        ),
        pytest.param(
            _with_content([{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]),
            id="two-texts",
        ),
        pytest.param(
            _with_content([{"type": "text", "text": "a"}, {"type": "image_url"}]), id="no-url"
        ),
        pytest.param(
            _with_content([{"type": "text", "text": "a"}, {"type": "audio"}]), id="unknown-part"
        ),
    ],
)
def test_malformed_requests_get_an_openai_style_400(provider, client, body):
    provider.inject("http_500")  # a request the relay refuses never reaches the model
    response = client.post(
        f"{provider.base_url}/chat/completions",
        content=body if isinstance(body, bytes) else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert error["message"]
    assert post_chat(client, provider).status_code == 500  # the queued scenario is still there


def test_unknown_paths(provider, client):
    assert client.post(f"{provider.origin}/chat/completions", json=chat_body()).status_code == 404
    assert client.get(f"{provider.base_url}/nothing").status_code == 404
    missing = client.get(f"{provider.origin}/cdn/20260311/0123456789abcdef.png")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert client.get(f"{provider.origin}/cdn/whatever").status_code == 404


# --- scripting and recording ------------------------------------------------------------------


def test_requests_are_recorded(provider, client):
    body = chat_body()
    response = post_chat(
        client, provider, body, headers={"Authorization": "Bearer sk-abc", "X-Trace": "1"}
    )
    client.post(f"{provider.base_url}/chat/completions", content=b"{oops")
    (url,) = DOWNLOAD_LINK.findall(content_of(response))
    client.get(url)
    client.get(f"{provider.origin}/cdn/20260311/ffffffffffffffff.png")

    first, second = provider.chat_requests
    assert isinstance(first, RecordedRequest)
    assert first.path == "/v1/chat/completions"
    assert first.body == body
    assert first.headers["authorization"] == "Bearer sk-abc"
    assert first.headers["x-trace"] == "1"
    assert first.size == int(first.headers["content-length"]) > 0
    assert second.body is None
    assert second.size == 5
    assert provider.cdn_requests == [
        url.removeprefix(provider.origin),
        "/cdn/20260311/ffffffffffffffff.png",
    ]

    copy = provider.chat_requests
    copy.clear()
    assert len(provider.chat_requests) == 2  # the property hands out a copy
    provider.inject("http_500", times=3)
    provider.clear()
    assert provider.chat_requests == []
    assert provider.cdn_requests == []
    assert post_chat(client, provider).status_code == 200  # the queue went too


def test_prompt_marker_triggers_a_scenario(provider, client):
    response = post_chat(client, provider, chat_body("加上 'x' [demo:http_500] 尺寸[1:1]"))
    assert response.status_code == 500
    assert post_chat(client, provider).status_code == 200


def test_queued_scenario_wins_over_the_prompt_marker(provider, client):
    provider.inject("http_429")
    assert post_chat(client, provider, chat_body("x [demo:http_500]")).status_code == 429
    assert post_chat(client, provider, chat_body("x [demo:http_500]")).status_code == 500


def test_unknown_prompt_marker_is_a_400(provider, client):
    response = post_chat(client, provider, chat_body("x [demo:no_such_thing]"))
    assert response.status_code == 400
    assert "no_such_thing" in response.json()["error"]["message"]


def test_inject_times_applies_in_order_then_reverts(provider, client):
    provider.inject("http_503_model_not_found", times=2)
    provider.inject("http_429")
    statuses = [post_chat(client, provider).status_code for _ in range(4)]
    assert statuses == [503, 503, 429, 200]
    assert len(provider.chat_requests) == 4


def test_inject_rejects_unknown_scenarios(provider):
    with pytest.raises(ValueError, match="unknown demo scenario"):
        provider.inject("http_418")
    with pytest.raises(ValueError, match="at least 1"):
        provider.inject("standard", times=0)


def test_urls_and_context_manager():
    provider = DemoProvider()
    with pytest.raises(RuntimeError):
        _ = provider.base_url
    with provider as running:
        assert running is provider
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/v1", provider.base_url)
        assert provider.base_url == provider.origin + "/v1"

"""The whole edit path over real HTTP against the demo provider: variants and failures."""

from __future__ import annotations

import asyncio
import base64
import io

import httpx
import pytest
from PIL import Image

from desktop_app.core.edit_job import EditRequest, Stage
from desktop_app.core.editing import EditService
from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.relay.client import RelayClient, build_chat_body
from desktop_app.core.relay.downloader import MAX_RESULT_BYTES, STREAM_CHUNK
from desktop_app.core.relay.transport import open_http_client
from desktop_app.core.settings import Settings
from tests.service.conftest import FAST_RETRY, PROMPT, leftovers


def sent_image(provider, index: int = 0) -> Image.Image:
    """The image the provider received in its last request."""
    body = provider.chat_requests[-1].body
    url = body["messages"][0]["content"][1 + index]["image_url"]["url"]
    header, _, payload = url.partition(",")
    image = Image.open(io.BytesIO(base64.b64decode(payload)))
    image.info["mime"] = header[5:].split(";")[0]
    return image


def test_a_photo_comes_back_edited_and_saved(run_edit, photo, out_dir, demo_provider):
    result, reports = run_edit([photo])
    assert result.outputs == (out_dir / "photo-edit-1.png",)
    saved = result.outputs[0].read_bytes()
    served = httpx.get(demo_provider.origin + demo_provider.cdn_requests[-1]).content
    assert saved == served  # the bytes as delivered, not re-encoded
    assert [r.stage for r in reports][:1] == [Stage.PREPARING]
    assert {Stage.UPLOADING, Stage.WAITING, Stage.DOWNLOADING, Stage.DONE} <= {
        r.stage for r in reports
    }
    assert result.ratio_requested == "4:3" and result.ratio_reported == "4:3"
    assert (result.results[0].width, result.results[0].height) == (1536, 1024)
    assert result.ratio_mismatch
    assert result.usage.get("total_tokens")
    assert set(result.timings) >= {"preparing", "uploading", "waiting", "downloading", "total"}


def test_the_request_is_what_a_real_relay_gets(run_edit, photo, demo_provider):
    run_edit([photo], token="sk-test-1234567890")
    request = demo_provider.chat_requests[-1]
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-test-1234567890"
    assert request.headers["content-type"] == "application/json"
    assert int(request.headers["content-length"]) == request.size
    assert request.body["model"] == "gpt-4o-image-vip" and "max_tokens" not in request.body
    text, image = request.body["messages"][0]["content"]
    assert text == {"type": "text", "text": f"{PROMPT} 尺寸[4:3]"}
    assert image["image_url"]["url"].startswith("data:image/jpeg;base64,")


def test_auto_sends_no_ratio_tag(run_edit, photo, demo_provider):
    result, _ = run_edit([photo], ratio="auto")
    assert "尺寸" not in demo_provider.chat_requests[-1].body["messages"][0]["content"][0]["text"]
    assert not result.ratio_mismatch


@pytest.mark.parametrize(
    ("scenario", "count", "extension"),
    [
        ("standard", 1, ".png"),
        ("english", 1, ".png"),
        ("two_results", 2, ".png"),
        ("download_only", 1, ".png"),
        ("bare_image", 1, ".png"),
        ("alt_is_url", 1, ".png"),
        ("old_lines", 1, ".png"),
        ("data_url", 1, ".png"),
        ("webp", 1, ".webp"),
        ("message_images", 1, ".png"),
        ("b64_json", 1, ".png"),
    ],
)
def test_every_answer_variant_gives_its_results(
    run_edit, photo, demo_provider, out_dir, scenario, count, extension
):
    demo_provider.inject(scenario)
    result, _ = run_edit([photo])
    assert len(result.outputs) == count
    assert [p.name for p in result.outputs] == [
        f"photo-edit-{n}{extension}" for n in range(1, count + 1)
    ]
    assert all(Image.open(p).size[0] > 0 for p in result.outputs)
    assert leftovers(out_dir) == sorted(result.outputs)


def test_the_model_that_answered_is_reported(run_edit, photo, demo_provider):
    demo_provider.inject("model_differs")
    assert run_edit([photo])[0].model == "sora_image"


def test_the_ratio_the_relay_understood_is_reported(run_edit, photo, demo_provider):
    demo_provider.inject("ratio_differs")
    result, _ = run_edit([photo])
    assert result.ratio_reported != result.ratio_requested == "4:3"


FAILURES = [
    ("http_401", ErrorKind.AUTH, 1),
    ("http_401_echo", ErrorKind.AUTH, 1),
    ("http_402_quota", ErrorKind.QUOTA, 1),
    ("http_403_quota", ErrorKind.QUOTA, 1),
    ("http_503_model_not_found", ErrorKind.MODEL_UNAVAILABLE, 1),
    ("http_500", ErrorKind.SERVER, 1),
    ("code_message_error", ErrorKind.SERVER, 1),
    ("http_502_html", ErrorKind.SERVER, 1),
    ("http_503_html", ErrorKind.SERVER, 1),
    ("http_504_html", ErrorKind.SERVER, 1),
    ("http_520_html", ErrorKind.SERVER, 1),
    ("http_524_html", ErrorKind.SERVER, 1),
    ("refusal_input_moderation", ErrorKind.REFUSED, 1),
    ("refusal_output_moderation", ErrorKind.REFUSED, 1),
    ("refusal_policy", ErrorKind.REFUSED, 1),
    ("busy", ErrorKind.REFUSED, 1),
    ("not_json", ErrorKind.BAD_RESPONSE, 1),
    ("empty_body", ErrorKind.BAD_RESPONSE, 1),
    ("html_200", ErrorKind.BAD_RESPONSE, 1),
    ("no_choices", ErrorKind.BAD_RESPONSE, 1),
    ("truncated_json", ErrorKind.BAD_RESPONSE, 1),
    ("error_at_200", ErrorKind.BAD_RESPONSE, 1),
    ("drop_connection", ErrorKind.NETWORK, 1),
    ("cdn_404", ErrorKind.BAD_RESPONSE, 1),
    ("cdn_403_expired", ErrorKind.BAD_RESPONSE, 1),
    ("cdn_html", ErrorKind.BAD_RESPONSE, 1),
    ("cdn_corrupt", ErrorKind.BAD_RESPONSE, 1),
    ("cdn_oversize", ErrorKind.BAD_RESPONSE, 1),
    ("cdn_oversize_chunked", ErrorKind.BAD_RESPONSE, 1),
]


@pytest.mark.parametrize(("scenario", "kind", "sent"), FAILURES)
def test_every_failure_is_named_sent_once_and_leaves_nothing(
    run_edit, photo, demo_provider, out_dir, scenario, kind, sent
):
    demo_provider.inject(scenario)
    with pytest.raises(RetouchError) as caught:
        run_edit([photo])
    error = caught.value
    assert error.kind is kind, error.details
    assert len(demo_provider.chat_requests) == sent  # never an automatic paid retry
    assert leftovers(out_dir) == []
    assert error.message and "Traceback" not in error.message and "{" not in error.message


@pytest.mark.parametrize(
    ("scenario", "words"),
    [
        ("refusal_input_moderation", "input_moderation"),
        ("refusal_output_moderation", "output_moderation"),
        ("refusal_policy", "内容政策"),
        ("busy", ""),
    ],
)
def test_a_refusal_carries_the_providers_reason(run_edit, photo, demo_provider, scenario, words):
    demo_provider.inject(scenario)
    with pytest.raises(RetouchError) as caught:
        run_edit([photo])
    assert caught.value.reason and words in caught.value.reason


@pytest.mark.parametrize("scenario", ["cdn_oversize", "cdn_oversize_chunked"])
def test_an_oversize_result_is_stopped_by_the_cap(run_edit, photo, demo_provider, scenario):
    # Without the cap the whole 60 MB arrives and then fails to decode: the same error kind,
    # so only the cap's own message and the bytes it let in tell the two apart.
    demo_provider.inject(scenario)
    with pytest.raises(RetouchError) as caught:
        run_edit([photo])
    assert "larger than 50 MB" in caught.value.message
    counted = int(caught.value.details.removesuffix(" bytes"))
    if scenario == "cdn_oversize":  # refused on its declared length, before the body
        assert counted == 60 * 1024 * 1024
    else:  # counted while streaming: stopped within one chunk past the cap
        assert MAX_RESULT_BYTES < counted <= MAX_RESULT_BYTES + STREAM_CHUNK


def test_rate_limiting_is_retried_after_the_servers_delay(run_edit, photo, demo_provider):
    demo_provider.inject("http_429")
    result, reports = run_edit([photo])
    assert len(demo_provider.chat_requests) == 2 and result.outputs
    assert any("retrying" in r.note for r in reports)


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [("http_429", lambda wait: wait == 1.0), ("http_429_date", lambda wait: 0.5 < wait <= 2.0)],
    ids=["seconds", "http-date"],
)
def test_rate_limiting_waits_as_long_as_retry_after_says(demo_provider, scenario, expected):
    # FAST_RETRY's own backoff (0.05 s, 0.1 s) is what a client ignoring the header would wait.
    waits: list[float] = []

    async def recorded_sleep(seconds: float) -> None:
        waits.append(seconds)

    async def go():
        async with open_http_client() as http:
            client = RelayClient(
                http,
                base_url=demo_provider.base_url,
                token="t",
                retry=FAST_RETRY,
                sleep=recorded_sleep,
            )
            return await client.complete(build_chat_body("gpt-4o-image", PROMPT, []))

    demo_provider.inject(scenario, times=2)
    answer = asyncio.run(go())
    assert answer.attempts == 3 and len(demo_provider.chat_requests) == 3
    assert len(waits) == 2 and all(expected(wait) for wait in waits), waits


def test_rate_limiting_gives_up_after_three_retries(run_edit, photo, demo_provider, out_dir):
    demo_provider.inject("http_429_date", times=4)
    with pytest.raises(RetouchError) as caught:
        run_edit([photo])
    assert caught.value.kind is ErrorKind.RATE_LIMITED
    assert len(demo_provider.chat_requests) == 4


def test_a_silent_provider_hits_the_read_timeout_once(run_edit, photo, demo_provider, out_dir):
    demo_provider.inject("silent")
    with pytest.raises(RetouchError) as caught:
        run_edit([photo], read_timeout=10.0)
    assert caught.value.kind is ErrorKind.NETWORK and "10 seconds" in caught.value.message
    assert len(demo_provider.chat_requests) == 1 and leftovers(out_dir) == []


def test_a_stalled_download_times_out(run_edit, photo, demo_provider, out_dir):
    demo_provider.inject("cdn_slow")
    with pytest.raises(RetouchError) as caught:
        run_edit([photo], download_timeout=5.0)
    assert caught.value.kind is ErrorKind.NETWORK
    assert leftovers(out_dir) == []


def test_an_unreachable_relay_is_retried_then_reported(photo, out_dir):
    settings = Settings(base_url="http://127.0.0.1:9/v1")  # the discard port: nothing listens

    async def go():
        async with open_http_client() as http:
            service = EditService(settings, "t", http=http, retry=FAST_RETRY)
            await service.edit(EditRequest((photo,), PROMPT, output_dir=out_dir))

    with pytest.raises(RetouchError) as caught:
        asyncio.run(go())
    assert caught.value.kind is ErrorKind.NETWORK and "127.0.0.1" in caught.value.message


def test_cancelling_while_the_model_works_stops_at_once(demo_provider, photo, out_dir):
    demo_provider.latency = 30.0
    settings = Settings(base_url=demo_provider.base_url)

    async def go():
        async with open_http_client() as http:
            service = EditService(settings, "t", http=http)
            waiting = asyncio.Event()
            task = asyncio.create_task(
                service.edit(
                    EditRequest((photo,), PROMPT, output_dir=out_dir),
                    lambda p: waiting.set() if p.stage is Stage.WAITING else None,
                )
            )
            await asyncio.wait_for(waiting.wait(), 10)
            # "Sent" is the client's view; the server records the request a moment later.
            for _ in range(200):
                if demo_provider.chat_requests:
                    break
                await asyncio.sleep(0.02)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await asyncio.wait_for(task, 2)

    asyncio.run(go())
    assert leftovers(out_dir) == []
    assert len(demo_provider.chat_requests) == 1

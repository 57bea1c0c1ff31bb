"""The relay client on its own, over real HTTP to the demo relay: what goes out (headers,
size, progress), which failures are sent again and after how long (recorded, not slept),
the deadline, and the model list. The edit pipeline's tests reach the client through a whole
edit; these pin its own promises and run in a fraction of the time."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time

import pytest

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.relay.client import (
    UPLOAD_CHUNK,
    RelayClient,
    RetryPolicy,
    UploadCallbacks,
    build_chat_body,
    json_payload,
)
from desktop_app.core.relay.limits import MAX_ANSWER_BYTES, MAX_MODEL_LIST_BYTES
from desktop_app.core.relay.transport import open_http_client
from desktop_app.demo import DemoProvider
from desktop_app.demo.http_handler import MODELS

TOKEN = "relay_5c2e9a7b41d3f806"  # no known prefix: only the client's own care hides it
PROMPT = "美化一下这种图片,加上 我爱中国 四个字"
QUICK = RetryPolicy(backoff=(0.25, 0.5, 0.75))
UNREACHABLE = "http://127.0.0.1:9/v1"  # the discard port: nothing listens


class Recorder:
    """The client's sleeps and every callback, in order."""

    def __init__(self) -> None:
        self.events: list[tuple] = []

    async def sleep(self, seconds: float) -> None:
        self.events.append(("sleep", seconds))

    def callbacks(self) -> UploadCallbacks:
        return UploadCallbacks(
            on_progress=lambda done, total: self.events.append(("progress", done, total)),
            on_sent=lambda: self.events.append(("sent",)),
            on_retry=lambda why, delay: self.events.append(("retry", why, delay)),
        )

    def of(self, kind: str) -> list[tuple]:
        return [event[1:] for event in self.events if event[0] == kind]


def run(base_url: str, call, recorder: Recorder | None = None, **options):
    """``call(client)`` on a client of ``base_url`` whose sleeps ``recorder`` records."""
    recorder = recorder or Recorder()

    async def go():
        async with open_http_client() as http:
            client = RelayClient(
                http, base_url=base_url, token=TOKEN, sleep=recorder.sleep, **options
            )
            return await call(client)

    return asyncio.run(go())


def failure_of(base_url: str, call, recorder: Recorder | None = None, **options) -> RetouchError:
    with pytest.raises(RetouchError) as caught:
        run(base_url, call, recorder, **options)
    return caught.value


def chat(callbacks: UploadCallbacks | None = None, prompt: str = PROMPT, **kwargs):
    return lambda client: client.complete(
        build_chat_body("gpt-4o-image", prompt, []), callbacks, **kwargs
    )


def test_the_request_carries_the_token_and_its_exact_size_and_the_answer_comes_back_whole(
    demo_provider,
):
    body = build_chat_body("gpt-4o-image", PROMPT, [])
    payload = json_payload(body)
    assert payload == json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    assert PROMPT.encode("utf-8") in payload

    before = time.monotonic()
    answer = run(demo_provider.base_url, chat())
    took = time.monotonic() - before

    assert 0 < answer.elapsed <= took  # measured around the request, not against a limit
    (request,) = demo_provider.chat_requests
    assert request.body == body and request.size == len(payload)
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["accept"] == "application/json"
    assert request.headers["content-length"] == str(len(payload))
    assert json.loads(answer.body)["choices"][0]["message"]["role"] == "assistant"
    assert (answer.attempts, answer.sent_bytes) == (1, len(payload))


def test_the_token_stays_out_of_the_clients_repr():
    async def describe():
        async with open_http_client() as http:
            return repr(RelayClient(http, base_url="https://relay.example/v1", token=TOKEN))

    assert asyncio.run(describe()) == "RelayClient(url='https://relay.example/v1/chat/completions')"


def test_upload_progress_is_told_per_piece_and_sent_after_the_last(demo_provider):
    recorder = Recorder()
    prompt = "x" * (2 * UPLOAD_CHUNK + 1000)
    total = len(json_payload(build_chat_body("gpt-4o-image", prompt, [])))

    run(demo_provider.base_url, chat(recorder.callbacks(), prompt), recorder)

    assert recorder.events == [
        ("progress", UPLOAD_CHUNK, total),
        ("progress", 2 * UPLOAD_CHUNK, total),
        ("progress", total, total),
        ("sent",),
    ]
    assert demo_provider.chat_requests[0].size == total


def test_a_streamed_answer_is_read_by_the_given_reader_and_asked_for_as_events(demo_provider):
    async def reader(response):
        return b"read: " + await response.aread()

    answer = run(demo_provider.base_url, chat(reader=reader))

    assert answer.body.startswith(b"read: {")
    assert demo_provider.chat_requests[0].headers["accept"] == "text/event-stream, application/json"


def test_rate_limiting_waits_as_the_header_says_and_tells_each_retry(demo_provider, caplog):
    recorder = Recorder()
    demo_provider.inject("http_429", times=2)

    with caplog.at_level(logging.INFO, logger="desktop_app.core.relay.client"):
        answer = run(demo_provider.base_url, chat(recorder.callbacks()), recorder, retry=QUICK)

    assert [r.getMessage() for r in caplog.records if r.name.endswith("relay.client")] == [
        "The provider is busy; retrying in 1.0 s"
    ] * 2

    assert answer.attempts == 3 and len(demo_provider.chat_requests) == 3
    busy = ("retry", "The provider is busy", 1.0)
    assert [e for e in recorder.events if e[0] in ("retry", "sleep")] == [
        busy,
        ("sleep", 1.0),
        busy,
        ("sleep", 1.0),
    ]


def test_rate_limiting_waits_until_the_http_date_the_header_gives(demo_provider):
    recorder = Recorder()
    demo_provider.inject("http_429_date")  # the next full second plus one: 1 to 2 s ahead

    run(demo_provider.base_url, chat(), recorder, retry=QUICK)

    ((wait,),) = recorder.of("sleep")
    assert 0.5 < wait <= 2.0, wait


def test_rate_limiting_without_a_retry_after_waits_the_policys_backoff(demo_provider):
    recorder = Recorder()
    demo_provider.inject("http_429_bare", times=3)

    answer = run(demo_provider.base_url, chat(), recorder, retry=QUICK)

    assert answer.attempts == 4 and recorder.of("sleep") == [(0.25,), (0.5,), (0.75,)]


def test_rate_limiting_gives_up_after_the_policys_retries(demo_provider):
    recorder = Recorder()
    demo_provider.inject("http_429", times=3)
    policy = RetryPolicy(rate_limited_attempts=2, backoff=(0.25,))

    error = failure_of(demo_provider.base_url, chat(), recorder, retry=policy)

    assert error.kind is ErrorKind.RATE_LIMITED and error.params["status"] == 429
    assert len(demo_provider.chat_requests) == 3 and recorder.of("sleep") == [(1.0,), (1.0,)]


def test_an_unreachable_relay_is_tried_three_times_with_the_default_backoff():
    recorder = Recorder()

    error = failure_of(UNREACHABLE, chat(recorder.callbacks()), recorder)

    assert error.kind is ErrorKind.NETWORK and "127.0.0.1" in error.message
    why = "Could not connect to 127.0.0.1"
    assert [e for e in recorder.events if e[0] in ("retry", "sleep")] == [
        ("retry", why, 1.0),
        ("sleep", 1.0),
        ("retry", why, 2.0),
        ("sleep", 2.0),
    ]
    assert recorder.of("sent") == []


def test_the_retry_policy_keeps_its_last_wait_for_every_later_attempt():
    policy = RetryPolicy()
    assert [policy.delay(n) for n in range(5)] == [1.0, 2.0, 4.0, 4.0, 4.0]
    assert (policy.rate_limited_attempts, policy.connect_attempts) == (3, 2)
    assert [QUICK.delay(n) for n in range(4)] == [0.25, 0.5, 0.75, 0.75]


@pytest.mark.parametrize(
    ("scenario", "kind"),
    [
        ("http_500", ErrorKind.SERVER),
        ("http_502_html", ErrorKind.SERVER),
        ("http_401", ErrorKind.AUTH),
        ("drop_connection", ErrorKind.NETWORK),
    ],
)
def test_failures_after_the_request_left_are_never_sent_again(demo_provider, scenario, kind):
    recorder = Recorder()
    demo_provider.inject(scenario)

    error = failure_of(demo_provider.base_url, chat(recorder.callbacks()), recorder, retry=QUICK)

    assert error.kind is kind
    assert len(demo_provider.chat_requests) == 1 and recorder.of("sleep") == []
    assert recorder.of("sent") == [()]
    if scenario == "drop_connection":
        assert error.details.startswith("RemoteProtocolError: ")
        assert error.params == {"problem": "connection_broken"}


def test_a_silent_relay_ends_at_the_read_timeout_and_is_not_asked_again(demo_provider):
    recorder = Recorder()
    demo_provider.inject("silent")

    error = failure_of(
        demo_provider.base_url, chat(), recorder, read_timeout=0.6, deadline=5.0, retry=QUICK
    )

    assert error.message.startswith("The provider did not answer within 1 seconds.")
    assert error.params == {"problem": "read_timeout", "seconds": 1}
    assert len(demo_provider.chat_requests) == 1 and recorder.of("sleep") == []


def test_a_large_answer_under_the_cap_comes_back_whole(demo_provider):
    demo_provider.inject("huge_refusal")  # 30 MB: in many pieces, under the 40 MB cap
    answer = run(demo_provider.base_url, chat())
    assert len(answer.body) > 30 * 1024 * 1024
    assert json.loads(answer.body)["choices"][0]["message"]["role"] == "assistant"


def test_an_error_answer_keeps_its_status_its_type_and_the_providers_words(demo_provider):
    demo_provider.inject("http_502_html")
    error = failure_of(demo_provider.base_url, chat())
    assert error.params == {"problem": error.params["problem"], "status": 502}
    assert error.details.startswith("HTTP 502 text/html")

    demo_provider.inject("http_401")
    error = failure_of(demo_provider.base_url, chat())
    assert error.details.startswith("HTTP 401 application/json") and "无效的令牌" in error.message


def test_a_model_that_does_not_finish_in_time_ends_at_the_deadline(demo_provider):
    demo_provider.latency = 30.0
    recorder = Recorder()

    error = failure_of(demo_provider.base_url, chat(recorder.callbacks()), recorder, deadline=0.6)

    assert error.kind is ErrorKind.NETWORK
    assert error.message == (
        "Stopped waiting: the model did not finish its answer within 1 seconds, the overall "
        "limit for one request (model_deadline in the settings file). Nothing was saved from "
        "this request; try again later."
    )
    assert error.details == "deadline of 1 s reached while waiting for the model"
    assert error.params == {"problem": "model_deadline", "seconds": 1}
    assert recorder.of("sent") == [()] and recorder.of("sleep") == []


def test_an_upload_nobody_reads_ends_at_the_deadline_as_an_upload_failure():
    # A listening socket that never accepts: the connection opens (the kernel queues it) and
    # the upload stops once the socket buffers are full.
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        recorder = Recorder()
        payload = b"{" + b" " * (64 * 1024 * 1024) + b"}"

        error = failure_of(
            f"http://127.0.0.1:{port}/v1",
            lambda client: client.post("chat/completions", payload, recorder.callbacks()),
            recorder,
            deadline=0.6,
        )

    assert error.message.startswith("Stopped waiting: the upload did not finish within 1 seconds")
    assert error.details == "deadline of 1 s reached while uploading"
    assert error.params == {"problem": "upload_deadline", "seconds": 1}
    assert recorder.of("sent") == []


def test_an_answer_larger_than_any_image_answer_is_not_read_past_the_cap(demo_provider):
    demo_provider.inject("huge_data_url")  # a 63 MB answer
    error = failure_of(demo_provider.base_url, chat())
    assert error.kind is ErrorKind.BAD_RESPONSE
    assert error.message == (
        "The provider sent an answer far larger than any image answer; it was not read."
    )
    assert error.details == f"over {MAX_ANSWER_BYTES} bytes"


def test_an_upload_that_stalls_past_the_write_timeout_is_said_to_have_stalled():
    with socket.create_server(("127.0.0.1", 0)) as server:  # accepts nothing, reads nothing
        recorder = Recorder()
        error = failure_of(
            f"http://127.0.0.1:{server.getsockname()[1]}/v1",
            lambda client: client.post("chat/completions", b" " * (64 * 1024 * 1024)),
            recorder,
            write_timeout=0.6,
            deadline=5.0,  # only a broken write timeout lets it run that long
            retry=QUICK,
        )
    assert error.message == (
        "The upload to the provider stalled. Check your connection and try again."
    )
    assert error.params == {"problem": "upload_stalled"} and recorder.of("sleep") == []


def test_the_model_list_is_what_the_relay_offers_this_token():
    with DemoProvider(token=TOKEN) as relay:
        assert run(relay.base_url, lambda client: client.list_models()) == list(MODELS)


def test_a_refused_or_unreadable_model_list_is_a_clear_error(demo_provider):
    with DemoProvider(token="another-token") as relay:
        error = failure_of(relay.base_url, lambda client: client.list_models())
    assert error.kind is ErrorKind.AUTH and error.params["status"] == 401
    assert error.details.startswith("HTTP 401 application/json")

    error = failure_of(
        f"{demo_provider.origin}/demo-models_html/v1", lambda client: client.list_models()
    )
    assert error.kind is ErrorKind.SERVER and error.details.startswith("HTTP 500 text/html")

    error = failure_of(
        f"{demo_provider.origin}/demo-models_deep/v1", lambda client: client.list_models()
    )
    assert error.kind is ErrorKind.BAD_RESPONSE
    assert error.message == "The provider's model list could not be read."
    assert error.details == "TooDeep: The JSON is nested too deeply to read"

    error = failure_of(UNREACHABLE, lambda client: client.list_models())
    assert error.kind is ErrorKind.NETWORK and "127.0.0.1" in error.message

    error = failure_of(
        f"{demo_provider.origin}/demo-models_endless/v1", lambda client: client.list_models()
    )
    assert error.kind is ErrorKind.BAD_RESPONSE
    assert error.details == f"over {MAX_MODEL_LIST_BYTES} bytes"


def test_a_model_list_that_never_comes_ends_at_the_read_timeout():
    with socket.create_server(("127.0.0.1", 0)) as server:  # listens, never answers
        error = failure_of(
            f"http://127.0.0.1:{server.getsockname()[1]}/v1",
            lambda client: client.list_models(),
            read_timeout=0.6,
        )
    assert error.message.startswith("The provider did not answer within 1 seconds.")
    assert error.params == {"problem": "read_timeout", "seconds": 1}

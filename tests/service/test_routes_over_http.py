"""Both routes over real HTTP to the demo relay: exact request bodies, streaming, sizes,
transparency, previews and the fallbacks for relays that do not stream."""

from __future__ import annotations

import asyncio
import dataclasses
import io
from pathlib import Path

import pytest
from PIL import Image

from desktop_app.core.edit_job import EditHooks, EditRequest
from desktop_app.core.editing import EditService
from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.relay.transport import open_http_client
from desktop_app.core.settings import Settings, with_provider_changes
from tests.helpers.images import save_photo
from tests.service.conftest import FAST_RETRY, PROMPT

TOKEN = "sk-routes-0123456789"


@dataclasses.dataclass
class Run:
    result: object
    reports: list
    events: list
    stream_refused: bool


@pytest.fixture
def run_job(demo_provider, out_dir):
    """Run one job on a route; returns a :class:`Run` (or raises the job's error)."""

    def run(
        inputs=(),
        *,
        api="chat",
        model="gpt-image-1",
        jobs=1,
        profile=None,
        **request_fields,
    ) -> Run:
        settings = Settings(base_url=demo_provider.base_url, model=model)
        settings = with_provider_changes(settings, api=api, **(profile or {}))
        request = EditRequest(
            inputs=tuple(inputs),
            prompt=request_fields.pop("prompt", PROMPT),
            output_dir=out_dir,
            **request_fields,
        )
        reports: list = []
        events: list = []
        hooks = EditHooks(
            on_saved=lambda saved: events.append(("saved", saved.path)),
            on_preview=lambda index, data: events.append(("preview", index, data)),
        )

        async def go():
            async with open_http_client() as http:
                service = EditService(settings, TOKEN, http=http, retry=FAST_RETRY)
                result = None
                for _ in range(jobs):
                    result = await service.edit(request, reports.append, hooks=hooks)
                return result, service.stream_refused

        result, refused = asyncio.run(go())
        return Run(result, reports, events, refused)

    return run


def _requests(provider, suffix: str):
    return [r for r in provider.chat_requests if r.path.endswith(suffix)]


# --- create from a prompt -------------------------------------------------------------------


def test_create_on_the_chat_route_sends_one_text_part(run_job, demo_provider, out_dir):
    run = run_job(ratio="3:2", profile={"stream": False})
    (request,) = demo_provider.chat_requests
    assert request.path == "/v1/chat/completions"
    assert request.body == {
        "model": "gpt-image-1",
        "messages": [
            {"role": "user", "content": [{"type": "text", "text": f"{PROMPT} 尺寸[3:2]"}]}
        ],
    }
    (output,) = run.result.outputs
    assert output.parent == out_dir and output.name.startswith("retouch-")
    assert output.name.endswith("-1.png") and len(output.stem.split("-")) == 4
    assert Image.open(output).size == (1536, 1024)


def test_create_on_the_images_route_posts_json_generations(run_job, demo_provider):
    run = run_job(api="images", size="1536x1024", quality="high", count=2)
    (request,) = demo_provider.chat_requests
    assert request.path == "/v1/images/generations"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.body == {
        "model": "gpt-image-1",
        "prompt": PROMPT,
        "size": "1536x1024",
        "quality": "high",
        "n": 2,
        "output_format": "png",
        "stream": True,
        "partial_images": 2,
    }
    result = run.result
    assert [Image.open(p).size for p in result.outputs] == [(1536, 1024)] * 2
    assert result.api == "images" and result.revised_prompt == PROMPT
    assert result.applied == {
        "background": "opaque",
        "output_format": "png",
        "quality": "high",
        "size": "1536x1024",
    }
    assert result.usage["output_tokens"] == 2112
    assert result.to_json()["previews_received"] == 2


def test_edit_on_the_images_route_sends_exact_multipart_parts(run_job, demo_provider, photo):
    second = photo.with_name("second.png")
    Image.new("RGBA", (300, 200), (10, 200, 30, 128)).save(second)  # alpha stays PNG
    run_job(
        [photo, second],
        api="images",
        model="gpt-image-1.5",
        size="1024x1536",
        background="opaque",
        input_fidelity="high",
        profile={"stream": False},
    )
    (request,) = demo_provider.chat_requests
    assert request.path == "/v1/images/edits"
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    layout = [(p.name, p.filename, p.content_type) for p in request.parts]
    assert layout == [
        ("model", None, None),
        ("prompt", None, None),
        ("image[]", "image-1.jpg", "image/jpeg"),
        ("image[]", "image-2.png", "image/png"),
        ("size", None, None),
        ("background", None, None),
        ("n", None, None),
        ("output_format", None, None),
        ("input_fidelity", None, None),
    ]
    assert request.body == {
        "model": "gpt-image-1.5",
        "prompt": PROMPT,
        "size": "1024x1536",
        "background": "opaque",
        "n": "1",
        "output_format": "png",
        "input_fidelity": "high",
    }
    assert Image.open(io.BytesIO(request.parts[2].data)).size == (640, 480)


def test_input_fidelity_and_response_format_are_not_sent_unless_set(run_job, demo_provider, photo):
    run_job([photo], api="images", profile={"stream": False})
    names = [part.name for part in demo_provider.chat_requests[0].parts]
    assert "input_fidelity" not in names and "response_format" not in names
    assert "size" not in names  # auto ratio, no size: the model decides


# --- streaming ------------------------------------------------------------------------------


def test_chat_streams_with_the_relays_progress(run_job, demo_provider, photo):
    run = run_job([photo], ratio="4:3")
    assert demo_provider.chat_requests[0].body["stream"] is True
    relay = [(r.fraction, r.note) for r in run.reports if r.note]
    assert relay[0] == (None, "queued")
    fractions = [f for f, note in relay if note == "generating" and f is not None]
    assert fractions == [0.12, 0.36, 0.72, 1.0]
    assert relay[-1] == (1.0, "finishing")
    assert "生成完成" in run.result.text and len(run.result.outputs) == 1


def test_a_relay_refusing_stream_is_asked_again_once_and_remembered(run_job, demo_provider):
    demo_provider.inject("stream_refused")
    run = run_job(jobs=2)
    first, second, third = demo_provider.chat_requests
    assert first.body["stream"] is True
    assert "stream" not in second.body and "stream" not in third.body
    assert run.stream_refused
    # The second job was sent without streaming at once: nothing left to warn about.
    assert not any("does not stream" in warning for warning in run.result.warnings)
    assert run.result.outputs


def test_a_stream_refusal_on_the_images_route_falls_back_too(run_job, demo_provider):
    demo_provider.inject("stream_refused")
    run = run_job(api="images")
    first, second = demo_provider.chat_requests
    assert first.body["stream"] is True and "stream" not in second.body
    assert any("does not stream" in warning for warning in run.result.warnings)
    assert run.result.previews_received == 0 and len(run.result.outputs) == 1


@pytest.mark.parametrize("api", ["chat", "images"])
def test_a_json_answer_to_a_streaming_request_works(run_job, demo_provider, api):
    demo_provider.inject("stream_ignored")
    run = run_job(api=api)
    assert len(demo_provider.chat_requests) == 1
    assert len(run.result.outputs) == 1 and run.result.previews_received == 0


def test_previews_arrive_before_the_final_picture(run_job, demo_provider):
    run = run_job(api="images", size="1024x1024")
    kinds = [event[0] for event in run.events]
    assert kinds == ["preview", "preview", "saved"]
    assert [event[1] for event in run.events[:2]] == [0, 1]
    preview = Image.open(io.BytesIO(run.events[0][2]))
    assert preview.size == (256, 256)
    previews = [r for r in run.reports if r.note.startswith("preview")]
    assert [r.note for r in previews] == ["preview 1 of 2", "preview 2 of 2"]
    assert [r.preview for r in previews] == [event[2] for event in run.events[:2]]


# --- sizes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "asked", "sent", "rounded"),
    [
        ("gpt-image-1", "1920x1080", "1536x1024", True),
        ("gpt-image-1", "1024x1536", "1024x1536", False),
        ("gpt-image-2", "1920x1080", "1920x1088", True),
        ("gpt-image-2", "4K", "3840x2160", False),
        ("some-relay-model", "1920x1080", "1920x1080", False),
    ],
)
def test_sizes_follow_each_models_rule(run_job, demo_provider, model, asked, sent, rounded):
    run = run_job(api="images", model=model, size=asked, ratio="16:9")
    assert demo_provider.chat_requests[0].body["size"] == sent
    width, height = (int(side) for side in sent.split("x"))
    assert Image.open(run.result.outputs[0]).size == (width, height)
    said = [r.note for r in run.reports if "cannot make" in r.note]
    assert bool(said) == rounded
    assert run.result.size_requested == asked


def test_a_size_that_is_not_one_is_refused_before_sending(run_job, demo_provider):
    with pytest.raises(RetouchError) as caught:
        run_job(api="images", size="wide")
    assert caught.value.kind == ErrorKind.BAD_INPUT
    assert demo_provider.chat_requests == []


def test_the_chat_route_uses_the_profiles_marker_and_max_tokens(run_job, demo_provider):
    run = run_job(
        size="1920x1080", profile={"ratio_template": "【{w}:{h}】", "completion_limit": 500}
    )
    body = demo_provider.chat_requests[0].body
    assert body["messages"][0]["content"][0]["text"] == f"{PROMPT} 【16:9】"
    assert body["max_tokens"] == 500
    # The demo relay knows only 尺寸[W:H], so it made its default square: said, not hidden.
    assert "Asked for 1920x1080 but the provider delivered 1024x1024." in run.result.warnings


# --- transparency ---------------------------------------------------------------------------


def _alpha_at(path: Path) -> tuple[str, int, int]:
    with Image.open(path) as image:
        assert image.format == "PNG"
        rgba = image.convert("RGBA")
        corner = rgba.getpixel((3, 3))[3]
        centre = rgba.getpixel((rgba.width // 2, rgba.height // 2))[3]
        return image.mode, corner, centre


def test_transparency_on_the_images_route(run_job, demo_provider):
    run = run_job(api="images", background="transparent", size="1024x1024")
    body = demo_provider.chat_requests[0].body
    assert body["background"] == "transparent" and body["output_format"] == "png"
    assert _alpha_at(run.result.outputs[0]) == ("RGBA", 0, 255)


@pytest.mark.parametrize(("key", "hex_code"), [("green", "#00FF00"), ("magenta", "#FF00FF")])
def test_transparency_on_the_chat_route_removes_the_key_colour(
    run_job, demo_provider, key, hex_code
):
    run = run_job(background="transparent", key_colour=key, ratio="1:1")
    text = demo_provider.chat_requests[0].body["messages"][0]["content"][0]["text"]
    assert hex_code in text and text.startswith(f"{PROMPT} 尺寸[1:1]")
    (output,) = run.result.outputs
    assert output.suffix == ".png"
    assert _alpha_at(output) == ("RGBA", 0, 255)
    with Image.open(output) as image:
        alphas = {count_and_value[1] for count_and_value in image.getchannel("A").getcolors()}
    assert len(alphas) > 2  # soft edges, not a hard cut


def test_a_model_refusing_transparency_says_so(run_job, demo_provider):
    demo_provider.inject("no_transparency")
    with pytest.raises(RetouchError) as caught:
        run_job(api="images", background="transparent")
    assert caught.value.kind == ErrorKind.REFUSED
    assert "cannot make a transparent background" in caught.value.message
    assert len(demo_provider.chat_requests) == 1


# --- failures on the images route -----------------------------------------------------------


@pytest.mark.parametrize(
    ("scenario", "kind", "requests"),
    [
        ("http_401", ErrorKind.AUTH, 1),
        ("http_403_quota", ErrorKind.QUOTA, 1),
        ("http_500", ErrorKind.SERVER, 1),  # a retry could be charged twice
        ("http_502_html", ErrorKind.SERVER, 1),
    ],
)
def test_images_route_errors_use_the_same_taxonomy(
    run_job, demo_provider, out_dir, scenario, kind, requests
):
    demo_provider.inject(scenario)
    with pytest.raises(RetouchError) as caught:
        run_job(api="images")
    assert caught.value.kind == kind
    assert len(demo_provider.chat_requests) == requests
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_images_route_retries_a_rate_limit(run_job, demo_provider):
    demo_provider.inject("http_429")
    run = run_job(api="images")
    assert len(demo_provider.chat_requests) == 2 and len(run.result.outputs) == 1


def test_a_painted_region_goes_to_the_images_route_as_its_mask_part(
    run_job, demo_provider, tmp_path
):
    source = save_photo(tmp_path / "wide.png", 3000, 2000)
    mask = Image.new("L", (3000, 2000))
    mask.paste(255, (1300, 900, 1600, 1100))

    run_job([source], api="images", mask=mask, feather=8)

    (request,) = _requests(demo_provider, "/images/edits")
    parts = {part.name: part for part in request.parts}
    sent = Image.open(io.BytesIO(parts["image[]"].data))
    sent_mask = Image.open(io.BytesIO(parts["mask"].data))
    assert parts["mask"].content_type == "image/png"
    assert sent.size == sent_mask.size and sent.size[0] < 3000  # the crop, not the picture
    alpha = sent_mask.getchannel("A")
    assert alpha.getextrema() == (0, 255)
    # Transparent (change) in the painted area at the crop's middle, opaque at its corner.
    middle = (sent.size[0] // 2, sent.size[1] // 2)
    assert alpha.getpixel(middle) == 0 and alpha.getpixel((2, 2)) == 255

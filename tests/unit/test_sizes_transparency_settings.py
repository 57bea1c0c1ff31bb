"""Sizes per model rule, key-colour removal, the profile's new fields, stream parsing."""

from __future__ import annotations

import json

import pytest
from PIL import Image, ImageDraw

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.imaging.transparency import key_instruction, remove_key_colour
from desktop_app.core.ratios import compose_prompt
from desktop_app.core.relay.images_api import ImageOptions, UploadFile, edit_multipart
from desktop_app.core.relay.streaming import RelayProgress, chat_progress
from desktop_app.core.settings import (
    Settings,
    load_settings,
    save_settings,
    settings_path,
    with_provider_changes,
)
from desktop_app.core.sizes import fits_rule, parse_size, plan_size, rule_for_model

# --- sizes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "rule"),
    [
        ("gpt-image-1", "fixed"),
        ("gpt-image-1.5", "fixed"),
        ("gpt-image-1-mini", "fixed"),
        ("gpt-image-2", "flexible"),
        ("gpt-4o-image-vip", "any"),
    ],
)
def test_the_models_name_picks_its_size_rule(model, rule):
    assert rule_for_model(model) == rule
    assert rule_for_model(model, "any") == "any"  # a profile may pin another


@pytest.mark.parametrize(
    ("text", "ratio", "pixels"),
    [
        ("1920x1080", "auto", (1920, 1080)),
        ("1920×1080", "auto", (1920, 1080)),
        ("1K", "auto", (1024, 1024)),
        ("2k", "16:9", (2048, 1152)),
        ("4K", "9:16", (2160, 3840)),
        ("auto", "4:3", None),
        (None, "4:3", None),
    ],
)
def test_sizes_are_read(text, ratio, pixels):
    assert parse_size(text, ratio)[1] == pixels


@pytest.mark.parametrize("text", ["wide", "0x100", "100", "99999x10"])
def test_what_is_not_a_size_is_bad_input(text):
    with pytest.raises(RetouchError) as caught:
        parse_size(text)
    assert caught.value.kind == ErrorKind.BAD_INPUT


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ("100x100", (816, 816)),  # below the smallest picture: grown
        ("5000x1000", (3840, 1280)),  # beyond 3:1 and 3840: narrowed and shrunk
        ("8000x8000", (2880, 2880)),  # too many pixels
        ("1920x1080", (1920, 1088)),  # sides multiples of 16
    ],
)
def test_flexible_models_get_the_nearest_size_they_can_make(asked, expected):
    plan = plan_size(asked, "auto", "gpt-image-2")
    assert (plan.width, plan.height) == expected
    assert fits_rule(*expected, "flexible")
    assert asked in plan.note and f"{expected[0]}x{expected[1]}" in plan.note


def test_a_ratio_without_size_asks_for_that_shape():
    assert plan_size(None, "2:3", "gpt-image-1").sent == "1024x1536"
    flexible = plan_size(None, "16:9", "gpt-image-2")
    assert flexible.sent == "1088x608" and not flexible.note  # just above the fewest pixels
    assert plan_size(None, "auto", "gpt-image-2").sent == "auto"


def test_the_ratio_marker_is_a_template():
    assert compose_prompt("猫", "16:9", "【{w}:{h}】") == "猫 【16:9】"
    assert compose_prompt("猫 【4:3】", "16:9", "【{w}:{h}】") == "猫 【4:3】"
    assert compose_prompt("猫", "16:9") == "猫 尺寸[16:9]"


# --- transparency ---------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "colour"), [("green", (0, 255, 0)), ("magenta", (255, 0, 255))])
def test_the_key_colour_goes_with_soft_edges_and_no_spill(key, colour):
    big = Image.new("RGB", (400, 400), colour)
    ImageDraw.Draw(big).ellipse((100, 100, 300, 300), fill=(200, 120, 60))
    image = big.resize((100, 100), Image.Resampling.LANCZOS)
    keyed = remove_key_colour(image, key)
    assert keyed.mode == "RGBA"
    assert keyed.getpixel((2, 2))[3] == 0
    assert keyed.getpixel((50, 50)) == (200, 120, 60, 255)
    edge = [keyed.getpixel((x, x)) for x in range(20, 40)]  # across the rim, diagonally
    assert any(0 < pixel[3] < 255 for pixel in edge)  # anti-aliased, not a hard cut
    for red, green, blue, alpha in edge:
        if alpha:  # no key colour left on the subject's rim
            high = (green,) if key == "green" else (red, blue)
            low = (red, blue) if key == "green" else (green,)
            assert min(high) <= max(low) + 1
    assert colour == (0, 255, 0) or "#FF00FF" in key_instruction(key)


# --- settings -------------------------------------------------------------------------------


def test_an_old_settings_file_loads_unchanged(isolated_dirs):
    old = {"base_url": "https://relay.example/v1", "model": "sora_image", "read_timeout": 600}
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(json.dumps(old), encoding="utf-8")
    loaded = load_settings()
    assert (loaded.base_url, loaded.model, loaded.read_timeout) == (*old.values(),)
    profile = loaded.provider
    assert (profile.api, profile.ratio_template, profile.completion_limit, profile.stream) == (
        "chat",
        "尺寸[{w}:{h}]",
        0,
        True,
    )


def test_the_api_is_per_profile_and_round_trips(isolated_dirs):
    settings = with_provider_changes(Settings(), api="images", completion_limit=800, stream=False)
    save_settings(settings)
    assert load_settings().provider.api == "images"
    assert load_settings() == settings
    with pytest.raises(RetouchError):
        with_provider_changes(Settings(), api="carrier-pigeon")


def test_retouch_api_overrides_and_odd_values_fall_back(isolated_dirs, monkeypatch):
    monkeypatch.setenv("RETOUCH_API", "images")
    assert load_settings().provider.api == "images"
    monkeypatch.setenv("RETOUCH_API", "fax")
    assert load_settings().provider.api == "chat"
    stored = {"profiles": {"default": {"api": "fax", "ratio_template": "no placeholders"}}}
    odd = Settings.from_json(stored).provider
    assert (odd.api, odd.ratio_template) == ("chat", "尺寸[{w}:{h}]")


# --- streaming and multipart ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        (">🕐 排队中.\n", RelayProgress("queued")),
        (">🕐 Queuing...\n>⚡ Generating.....", RelayProgress("generating")),
        (">🏃 进度 12..36..", RelayProgress("generating", 36)),
        (">🏃 Progress 7....13....57...[100](https://videos.openai.com/x)", None),
        ("> ✅ 生成完成", RelayProgress("finishing", 100)),
    ],
)
def test_chat_progress_markers(text, expected):
    if expected is None and text.startswith(">🏃 Progress"):
        assert chat_progress(text) == RelayProgress("generating", 100)
    else:
        assert chat_progress(text) == expected


def test_the_multipart_body_is_well_formed():
    image = UploadFile("a.png", b"\x89PNG-bytes\r\n\r\nmore", "image/png")
    body, content_type = edit_multipart("gpt-image-1", "提示", [image], ImageOptions(n=2))
    boundary = content_type.split("boundary=")[1]
    assert body.startswith(f"--{boundary}\r\n".encode())
    assert body.endswith(f"--{boundary}--\r\n".encode())
    assert b'name="image[]"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n' in body
    assert "提示".encode() in body and b"response_format" not in body

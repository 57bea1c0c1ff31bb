"""``retouch-studio edit`` as scripts use it: a real process, real HTTP, exit codes, JSON."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers.cli import run_cli, start_cli
from tests.service.conftest import PROMPT, leftovers

TOKEN = "relay_cli_secret_0123456789abcdef"  # no sk- prefix: masked only if registered


def edit(
    *args: str | Path, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return run_cli("edit", *args, env=env, timeout=timeout)


def test_demo_edits_a_photo_offline(photo):
    run = edit(photo, "--prompt", PROMPT, "--ratio", "4:3", "--demo", "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["outputs"] == [str(photo.parent / "photo-edit-1.png")]
    assert Image.open(data["outputs"][0]).size == (1536, 1024)
    assert data["ratio_requested"] == "4:3" and data["ratio_reported"] == "4:3"
    assert {"model", "text", "usage"} <= data.keys() and "生成完成" in data["text"]
    assert "asked for 4:3" in run.stderr  # the ratio mismatch is said, not hidden
    assert "Waiting for the model" in run.stderr


def test_results_never_overwrite_and_go_to_output(photo, tmp_path):
    first = edit(photo, "--prompt", "x", "--demo")
    second = edit(photo, "--prompt", "x", "--demo", "--output", tmp_path / "o")
    third = edit(photo, "--prompt", "x", "--demo")
    assert [r.returncode for r in (first, second, third)] == [0, 0, 0]
    assert first.stdout.strip() == str(photo.parent / "photo-edit-1.png")
    assert second.stdout.strip() == str(tmp_path / "o" / "photo-edit-1.png")
    assert third.stdout.strip() == str(photo.parent / "photo-edit-2.png")


def test_a_real_relay_gets_the_token_from_the_environment(photo, demo_provider):
    run = edit(
        photo,
        "--prompt",
        PROMPT,
        "--ratio",
        "4:3",
        "--base-url",
        demo_provider.base_url,
        "--model",
        "gpt-4o-image",
        env={"RETOUCH_API_KEY": TOKEN},
    )
    assert run.returncode == 0, run.stderr
    request = demo_provider.chat_requests[-1]
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.body["model"] == "gpt-4o-image"
    assert request.body["messages"][0]["content"][0]["text"].endswith(" 尺寸[4:3]")


@pytest.mark.parametrize(
    ("args", "kind"),
    [(["--ratio", "wide"], "bad_input"), (["--base-url", "http://relay.example/v1"], "bad_input")],
)
def test_bad_usage_exits_2_with_nothing_sent(photo, demo_provider, args, kind):
    run = edit(photo, "--prompt", "x", *args, "--json", env={"RETOUCH_API_KEY": TOKEN})
    assert run.returncode == 2
    assert json.loads(run.stdout)["error"]["kind"] == kind
    assert demo_provider.chat_requests == []


@pytest.mark.parametrize("name", ["missing.jpg", "empty.jpg", "notes.txt"])
def test_unusable_inputs_exit_2(tmp_path, demo_provider, name):
    path = tmp_path / name
    if name == "empty.jpg":
        path.write_bytes(b"")
    elif name == "notes.txt":
        path.write_text("not a picture")
    run = edit(
        path,
        "--prompt",
        "x",
        "--base-url",
        demo_provider.base_url,
        "--json",
        env={"RETOUCH_API_KEY": TOKEN},
    )
    assert run.returncode == 2, run.stderr
    assert json.loads(run.stdout)["error"]["kind"] == "bad_input"
    assert demo_provider.chat_requests == []
    assert "Traceback" not in run.stderr


def test_no_token_exits_3_and_explains(photo):
    run = edit(
        photo,
        "--prompt",
        "x",
        "--json",
        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"},
    )
    assert run.returncode == 3
    error = json.loads(run.stdout)["error"]
    assert error["kind"] == "auth" and "token" in error["message"]


@pytest.mark.parametrize(
    ("scenario", "code", "kind"),
    [
        ("http_401", 3, "auth"),
        ("http_403_quota", 3, "quota"),
        ("http_503_model_not_found", 3, "model_unavailable"),
        ("refusal_policy", 4, "refused"),
        ("busy", 4, "refused"),
        ("http_502_html", 5, "server"),
        ("truncated_json", 5, "bad_response"),
        ("cdn_404", 5, "bad_response"),
        ("drop_connection", 5, "network"),
    ],
)
def test_failures_map_to_the_documented_exit_codes(photo, demo_provider, scenario, code, kind):
    demo_provider.inject(scenario)
    run = edit(
        photo,
        "--prompt",
        "x",
        "--base-url",
        demo_provider.base_url,
        "--json",
        env={"RETOUCH_API_KEY": TOKEN},
    )
    assert run.returncode == code, run.stderr
    assert json.loads(run.stdout)["error"]["kind"] == kind
    assert [p.name for p in leftovers(photo.parent)] == ["photo.jpg"]


def test_interrupt_exits_130_and_leaves_nothing(photo, demo_provider):
    demo_provider.latency = 30
    process = start_cli(
        "edit",
        photo,
        "--prompt",
        "x",
        "--base-url",
        demo_provider.base_url,
        "--json",
        env={"RETOUCH_API_KEY": TOKEN},
    )
    deadline = time.monotonic() + 20
    while not demo_provider.chat_requests and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    stdout, _ = process.communicate(timeout=10)
    assert process.returncode == 130
    assert json.loads(stdout)["error"]["kind"] == "cancelled"
    assert [p.name for p in leftovers(photo.parent)] == ["photo.jpg"]


def test_the_token_is_never_printed_logged_or_written(photo, demo_provider, isolated_dirs):
    """Run successes and every kind of failure verbosely, then grep everything for the token."""
    env = {"RETOUCH_API_KEY": TOKEN}

    def verbose_edit(base_url: str, *extra: str) -> subprocess.CompletedProcess[str]:
        return edit(photo, "--prompt", "x", "--base-url", base_url, "--verbose", *extra, env=env)

    runs = [verbose_edit(demo_provider.base_url, "--json")]
    for scenario in ("http_401", "http_500", "error_at_200", "not_json", "cdn_404"):
        demo_provider.inject(scenario)
        runs.append(verbose_edit(demo_provider.base_url, "--json"))
    runs.append(verbose_edit("http://127.0.0.1:9/v1"))
    assert runs[0].returncode == 0
    assert [r.returncode for r in runs[1:]] == [3, 5, 5, 5, 5, 5]
    for run in runs:
        assert TOKEN not in run.stdout and TOKEN not in run.stderr
    written = [
        p
        for folder in (photo.parent, isolated_dirs["config"], isolated_dirs["data"])
        for p in leftovers(folder)
    ]
    for path in written:
        assert TOKEN.encode() not in path.read_bytes(), path

"""``retouch-studio create`` and the route options of ``edit``: real processes, real HTTP."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers.cli import run_cli

TOKEN = "sk-cli-create-0123456789abcdef"
NAME = re.compile(r"^retouch-\d{8}-\d{6}-\d+\.png$")


def create(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    if cwd is None:
        return run_cli("create", *args, env=env)
    # Results land in the current folder: run from ``cwd`` with the worktree importable.
    root = str(Path(__file__).resolve().parents[2])
    environment = {**os.environ, "PYTHONPATH": root, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "create", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env=environment,
        stdin=subprocess.DEVNULL,
    )


def test_create_from_a_prompt_lands_in_the_current_folder(tmp_path):
    first = create("--prompt", "一只狐狸", "--demo", "--json", cwd=tmp_path)
    second = create("--prompt", "一只狐狸", "--demo", "--json", cwd=tmp_path)
    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    outputs = [json.loads(run.stdout)["outputs"][0] for run in (first, second)]
    assert outputs[0] != outputs[1]  # never overwriting
    for output in outputs:
        path = Path(output)
        assert path.parent == tmp_path and NAME.match(path.name), path
        assert Image.open(path).size == (1024, 1024)
    data = json.loads(first.stdout)
    assert {"outputs", "model", "text", "usage", "sizes", "warnings", "timings"} <= data.keys()
    assert data["api"] == "chat" and data["previews_received"] == 0
    assert "Waiting for the model 12% (generating)" in first.stderr


def test_create_on_the_images_route_with_previews(tmp_path):
    run = create(
        "--prompt",
        "a fox",
        "--api",
        "images",
        "--model",
        "gpt-image-1",
        "--size",
        "1536x1024",
        "--variations",
        "2",
        "--background",
        "transparent",
        "--output",
        tmp_path,
        "--demo",
        "--json",
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert len(data["outputs"]) == 2 and data["previews_received"] == 2
    assert data["api"] == "images" and data["size_requested"] == "1536x1024"
    assert data["background"] == "transparent" and data["applied"]["background"] == "transparent"
    for output in data["outputs"]:
        with Image.open(output) as image:
            assert image.mode == "RGBA" and image.size == (1536, 1024)
            assert image.getpixel((2, 2))[3] == 0 and image.getpixel((768, 512))[3] == 255
    assert "preview 1 of 2" in run.stderr and "preview 2 of 2" in run.stderr


def test_variations_on_the_chat_route_are_several_jobs(tmp_path):
    run = create("--prompt", "x", "--variations", "2", "--output", tmp_path, "--demo", "--json")
    assert run.returncode == 0, run.stderr
    jobs = json.loads(run.stdout)["jobs"]
    assert len(jobs) == 2 and all(job["input"] is None and job["inputs"] == [] for job in jobs)
    assert len({job["outputs"][0] for job in jobs}) == 2


def test_a_real_relay_gets_one_text_part(tmp_path, demo_provider):
    run = create(
        "--prompt",
        "一只狐狸",
        "--ratio",
        "16:9",
        "--base-url",
        demo_provider.base_url,
        "--output",
        tmp_path,
        env={"RETOUCH_API_KEY": TOKEN},
    )
    assert run.returncode == 0, run.stderr
    (request,) = demo_provider.chat_requests
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.body["messages"][0]["content"] == [
        {"type": "text", "text": "一只狐狸 尺寸[16:9]"}
    ]
    assert request.body["stream"] is True


def test_retouch_api_picks_the_images_route(tmp_path, demo_provider):
    run = create(
        "--prompt",
        "a fox",
        "--base-url",
        demo_provider.base_url,
        "--output",
        tmp_path,
        env={"RETOUCH_API_KEY": TOKEN, "RETOUCH_API": "images"},
    )
    assert run.returncode == 0, run.stderr
    assert [r.path for r in demo_provider.chat_requests] == ["/v1/images/generations"]


def test_a_refused_stream_is_remembered_in_the_profile(tmp_path, demo_provider, isolated_dirs):
    demo_provider.inject("stream_refused")
    args = ("--prompt", "x", "--base-url", demo_provider.base_url, "--output", tmp_path)
    env = {"RETOUCH_API_KEY": TOKEN}
    first = create(*args, env=env)
    second = create(*args, env=env)
    assert (first.returncode, second.returncode) == (0, 0), first.stderr
    assert "does not stream" in first.stderr
    assert [("stream" in r.body) for r in demo_provider.chat_requests] == [True, False, False]
    stored = json.loads((isolated_dirs["config"] / "settings.json").read_text("utf-8"))
    assert stored["profiles"]["default"]["stream"] is False


def test_edit_on_the_images_route(photo, demo_provider):
    run = run_cli(
        "edit",
        photo,
        "--prompt",
        "warmer",
        "--api",
        "images",
        "--size",
        "1024x1024",
        "--base-url",
        demo_provider.base_url,
        "--json",
        env={"RETOUCH_API_KEY": TOKEN},
    )
    assert run.returncode == 0, run.stderr
    (request,) = demo_provider.chat_requests
    assert request.path == "/v1/images/edits"
    assert [p.name for p in request.parts][:3] == ["model", "prompt", "image[]"]
    data = json.loads(run.stdout)
    assert data["outputs"] == [str(photo.parent / "photo-edit-1.png")]
    assert data["sizes"] == [[1024, 1024]] and data["previews_received"] == 2


@pytest.mark.parametrize(
    ("args", "code", "kind"),
    [
        (["--size", "huge"], 2, "bad_input"),
        (["--variations", "11"], 2, "bad_input"),
        (["--ratio", "wide"], 2, "bad_input"),
        (["--prompt", "  "], 2, "bad_input"),
        (["--prompt", "x [demo:http_401]"], 3, "auth"),
        (["--prompt", "x [demo:refusal_input_moderation]"], 4, "refused"),
        (["--prompt", "x [demo:http_500]", "--api", "images"], 5, "server"),
    ],
)
def test_exit_codes_and_json_errors(tmp_path, args, code, kind):
    prompt = [] if "--prompt" in args else ["--prompt", "x"]
    run = create(*prompt, *args, "--output", tmp_path, "--demo", "--json")
    assert run.returncode == code, run.stderr
    assert json.loads(run.stdout)["error"]["kind"] == kind
    assert "Traceback" not in run.stderr


def test_an_unknown_api_is_a_usage_error(tmp_path):
    run = create("--prompt", "x", "--api", "fax", "--demo")
    assert run.returncode == 2 and "invalid choice" in run.stderr

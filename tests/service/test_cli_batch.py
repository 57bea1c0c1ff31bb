"""``retouch-studio edit`` with several jobs, and ``retouch-studio history``: real processes."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.helpers.cli import run_cli, start_cli
from tests.helpers.images import save_photo
from tests.service.conftest import PROMPT

TOKEN = "relay_cli_batch_0123456789abcdef"


def run(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env={"RETOUCH_API_KEY": TOKEN}, timeout=timeout)


@pytest.fixture
def shots(tmp_path) -> list[Path]:
    return [save_photo(tmp_path / "in" / f"shot-{n}.jpg", 200 + 10 * n, 150) for n in range(5)]


def images_per_request(provider) -> list[int]:
    return [
        sum(1 for part in r.body["messages"][0]["content"] if part["type"] == "image_url")
        for r in provider.chat_requests
    ]


def history() -> list[dict]:
    listing = run("history", "--json", "--limit", "0")
    assert listing.returncode == 0, listing.stderr
    return json.loads(listing.stdout)


def test_several_inputs_are_one_job_each_in_one_json_object(shots, demo_provider):
    done = run(
        "edit", *shots[:3], "--prompt", PROMPT, "--base-url", demo_provider.base_url, "--json"
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert list(data) == ["jobs"] and len(data["jobs"]) == 3
    for shot, job in zip(shots, data["jobs"], strict=False):
        assert job["input"] == str(shot) and job["inputs"] == [str(shot)]
        assert job["outputs"] == [str(shot.parent / f"{shot.stem}-edit-1.png")]
        assert {"model", "text", "usage", "ratio_requested", "ratio_reported"} <= job.keys()
        assert len(job["job_id"]) == 32
    assert images_per_request(demo_provider) == [1, 1, 1]
    recorded = {job["id"]: job for job in history()}
    assert {job["job_id"] for job in data["jobs"]} == set(recorded)
    assert all(job["status"] == "done" for job in recorded.values())


def test_together_sends_one_request_and_keeps_the_single_job_object(shots, demo_provider):
    done = run(
        "edit",
        *shots[:3],
        "--together",
        "--prompt",
        PROMPT,
        "--ratio",
        "4:3",
        "--base-url",
        demo_provider.base_url,
        "--json",
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert "jobs" not in data and "job_id" not in data, "exactly the issue-3 object"
    assert data["outputs"] == [str(shots[0].parent / "shot-0-edit-1.png")]
    assert images_per_request(demo_provider) == [3]
    (job,) = history()
    assert len(job["inputs"]) == 3 and job["source_names"] == [s.name for s in shots[:3]]


def test_variations_run_each_input_n_times(shots, demo_provider):
    done = run(
        "edit",
        shots[0],
        "--variations",
        "3",
        "--prompt",
        "x",
        "--base-url",
        demo_provider.base_url,
        "--json",
    )
    assert done.returncode == 0, done.stderr
    outputs = sorted(
        Path(p).name for job in json.loads(done.stdout)["jobs"] for p in job["outputs"]
    )
    assert outputs == ["shot-0-edit-1.png", "shot-0-edit-2.png", "shot-0-edit-3.png"]
    assert len(demo_provider.chat_requests) == 3


def test_failures_do_not_stop_the_others_and_the_first_decides_the_exit_code(shots, demo_provider):
    for scenario in ("standard", "http_502_html", "http_403_quota"):
        demo_provider.inject(scenario)
    done = run(
        "edit",
        *shots[:4],
        "--concurrency",
        "1",
        "--prompt",
        "x",
        "--base-url",
        demo_provider.base_url,
        "--json",
    )
    assert done.returncode == 5, done.stderr  # shot-1's server error comes first
    jobs = json.loads(done.stdout)["jobs"]
    assert ["error" in job for job in jobs] == [False, True, True, False]
    assert jobs[1]["error"]["kind"] == "server" and jobs[2]["error"]["kind"] == "quota"
    assert jobs[1]["input"] == str(shots[1]) and jobs[1]["job_id"]
    assert "2 of 4 jobs did not succeed" in done.stderr
    statuses = {job["id"]: job["status"] for job in history()}
    assert [statuses[job["job_id"]] for job in jobs] == ["done", "failed", "failed", "done"]


def test_plain_output_lists_every_result_in_order(shots, demo_provider):
    done = run("edit", *shots[:2], "--prompt", "x", "--base-url", demo_provider.base_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(s.parent / f"{s.stem}-edit-1.png") for s in shots[:2]]
    assert "[1/2] shot-0.jpg: Waiting for the model" in done.stderr


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--variations", "0"], "Variations"),
        (["--together"], "At most 4"),
        (["--concurrency", "9"], "Concurrency"),
    ],
)
def test_impossible_flags_exit_2_with_nothing_sent(shots, demo_provider, args, problem):
    done = run(
        "edit", *shots, *args, "--prompt", "x", "--base-url", demo_provider.base_url, "--json"
    )
    assert done.returncode == 2
    assert json.loads(done.stdout)["error"]["kind"] == "bad_input"
    assert problem in done.stderr
    assert demo_provider.chat_requests == []


def test_a_single_job_goes_into_the_history_too(shots, demo_provider):
    done = run(
        "edit",
        shots[0],
        "--prompt",
        PROMPT,
        "--ratio",
        "4:3",
        "--base-url",
        demo_provider.base_url,
        "--json",
    )
    assert done.returncode == 0, done.stderr
    (job,) = history()
    assert job["status"] == "done" and job["prompt"] == PROMPT and job["ratio"] == "4:3"
    assert job["outputs"] == json.loads(done.stdout)["outputs"]
    assert job["host"] == f"127.0.0.1:{demo_provider.port}"
    table = run("history")
    assert table.returncode == 0 and job["id"][:8] in table.stdout and "done" in table.stdout
    assert "我爱中国" in table.stdout
    assert run("history", "--search", "nothing-like-this").stdout == ""


def test_ctrl_c_cancels_every_job_and_exits_130(shots, demo_provider):
    demo_provider.latency = 30
    process = start_cli(
        "edit",
        *shots[:3],
        "--prompt",
        "x",
        "--base-url",
        demo_provider.base_url,
        "--json",
        env={"RETOUCH_API_KEY": TOKEN},
    )
    deadline = time.monotonic() + 20
    while len(demo_provider.chat_requests) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=15)  # well before the model's 30 s
    assert process.returncode == 130, stderr
    jobs = json.loads(stdout)["jobs"]
    assert [job["error"]["kind"] for job in jobs] == ["cancelled"] * 3
    recorded = history()
    assert len(recorded) == 2 and {job["status"] for job in recorded} == {"cancelled"}
    assert sorted(p.name for p in shots[0].parent.iterdir()) == sorted(s.name for s in shots)

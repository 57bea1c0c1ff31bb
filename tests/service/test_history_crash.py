"""Kill the app mid-job and mid-download (SIGKILL), restart: nothing finished is lost.

Real processes over real HTTP: ``retouch-studio edit`` against the demo provider, killed
without warning, then ``retouch-studio history --json`` in a new process.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers.cli import run_cli
from tests.helpers.images import save_photo
from tests.service.conftest import PROMPT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

TOKEN = "relay_crash_test_0123456789"


def cli(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env={"RETOUCH_API_KEY": TOKEN}, timeout=timeout)


def start_edit(photo: Path, base_url: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "desktop_app", "edit", str(photo), "--prompt", PROMPT]
    return subprocess.Popen(
        [*command, "--base-url", base_url, "--json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "RETOUCH_API_KEY": TOKEN},
    )


def wait_for(condition, what: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=10) == -signal.SIGKILL


def statuses(db: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return [row[0] for row in conn.execute("SELECT status FROM jobs")]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_killed_jobs_are_marked_interrupted_and_earlier_results_survive(
    tmp_path, demo_provider, isolated_dirs
):
    data = isolated_dirs["data"]
    db = data / "history.sqlite3"
    photos = [save_photo(tmp_path / "in" / f"shot-{n}.jpg", 320, 240 + n) for n in range(4)]

    # Earlier work: one job, then a batch of two.
    relay = ("--base-url", demo_provider.base_url, "--json")
    first = cli("edit", photos[0], "--prompt", PROMPT, "--ratio", "4:3", *relay)
    batch = cli("edit", photos[1], photos[2], "--prompt", "加上 春 字", *relay)
    assert first.returncode == 0 and batch.returncode == 0, first.stderr + batch.stderr
    earlier = json.loads(first.stdout)["outputs"] + [
        path for job in json.loads(batch.stdout)["jobs"] for path in job["outputs"]
    ]
    before = {path: digest(Path(path)) for path in earlier}

    # Killed while the model works: the row exists before the request left. The relay
    # reads the history the moment the request arrives, before it answers anything.
    at_arrival: list[list[str]] = []
    demo_provider.on_chat = lambda request: at_arrival.append(sorted(statuses(db)))
    demo_provider.latency = 30
    process = start_edit(photos[3], demo_provider.base_url)
    wait_for(lambda: at_arrival, "the request")
    demo_provider.on_chat = None
    assert at_arrival == [["done", "done", "done", "running"]]
    kill(process)

    # Killed while the result downloads (the CDN stalls after the answer).
    demo_provider.latency = 0
    demo_provider.inject("cdn_slow")
    process = start_edit(photos[0], demo_provider.base_url)
    wait_for(lambda: demo_provider.cdn_requests, "the download")
    wait_for(lambda: list(photos[0].parent.glob(".retouch-job-*.part")), "the temp file", 5)
    kill(process)
    # That edit's start already marked the first killed job; nobody looked since.
    assert sorted(statuses(db)) == ["done", "done", "done", "interrupted", "running"]

    listing = cli("history", "--json", "--limit", "0")
    assert listing.returncode == 0, listing.stderr
    jobs = {job["id"]: job for job in json.loads(listing.stdout)}
    assert len(jobs) == 5

    # Every earlier result is intact and still listed as done.
    done = [job for job in jobs.values() if job["status"] == "done"]
    assert sorted(p for job in done for p in job["outputs"]) == sorted(before)
    for path, sha in before.items():
        assert digest(Path(path)) == sha
        with Image.open(path) as image:
            image.load()

    # Both killed jobs are interrupted; the second kept the answer it had received.
    killed = {
        job["source_names"][0]: job for job in jobs.values() if job["status"] == "interrupted"
    }
    assert sorted(killed) == ["shot-0.jpg", "shot-3.jpg"]
    mid_job, mid_download = killed["shot-3.jpg"], killed["shot-0.jpg"]
    assert all(job["outputs"] == [] for job in killed.values())
    assert all(job["error"]["kind"] == "interrupted" for job in killed.values())
    assert mid_job["stage"] == "waiting" and mid_job["usage"] == {}
    assert mid_download["usage"]["total_tokens"] > 0, "the answer had been kept"
    for job in jobs.values():
        assert set(job) >= {"id", "created", "prompt", "ratio", "model", "status"}
        assert all(Path(p).is_absolute() and Path(p).exists() for p in job["inputs"])

    # The database is consistent and points only at files that exist.
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        outputs = [Path(row[0]) for row in conn.execute("SELECT path FROM job_outputs")]
        text = conn.execute("SELECT text FROM jobs WHERE id = ?", (mid_download["id"],))
        assert "生成完成" in text.fetchone()[0]
    assert outputs and all(path.exists() for path in outputs)

    # No temp file is left behind: the half download is gone, no lock of a dead process.
    temps = [p for root in (tmp_path, data) for p in root.rglob("*.part")]
    assert temps == []
    assert list((data / "sessions").iterdir()) == []
    assert all(TOKEN.encode() not in p.read_bytes() for p in data.rglob("*") if p.is_file())

    # Listing again changes nothing.
    again = cli("history", "--json", "--limit", "0")
    assert json.loads(again.stdout) == json.loads(listing.stdout)

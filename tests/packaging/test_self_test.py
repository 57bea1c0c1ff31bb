"""``retouch-studio --self-test`` from source, in a subprocess, as CI runs it on the bundle."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def run_app(args: list[str], env: dict[str, str], timeout: float = 90):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def summary_of(stdout: str) -> dict:
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1, stdout
    return json.loads(lines[0])


@pytest.fixture
def app_env(isolated_dirs) -> dict[str, str]:
    """Offscreen, no token, the null keyring, and the test's own settings folders."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("RETOUCH_API_KEY", None)
    return env


def test_self_test_runs_one_demo_job_and_saves_a_decodable_result(app_env, isolated_dirs):
    done = run_app(["-m", "desktop_app", "--self-test"], app_env)

    assert done.returncode == 0, done.stderr
    summary = summary_of(done.stdout)
    assert summary["self_test"] == "passed"
    assert summary["frozen"] is False and summary["isolated"] is False
    assert summary["qt_platform"] == "offscreen"
    assert {"jpeg", "png", "webp"} <= set(summary["image_formats"])
    assert "SecretService" in summary["keyring_backends"]
    assert summary["sample"] == "sample-landscape.jpg"
    assert set(summary["format_samples"]) == {"sample-iphone.heic", "sample-web.avif"}
    (result,) = (Path(p) for p in summary["results"])
    assert result.is_relative_to(isolated_dirs["data"])  # honours RETOUCH_DATA_DIR
    assert result.is_file()
    from PIL import Image

    with Image.open(result) as picture:
        picture.load()
        assert list(picture.size) == summary["result_sizes"][0]
    assert 0 < summary["window_shown_s"] < summary["total_s"] < 60


def test_self_test_uses_and_removes_temporary_folders_when_none_are_set(app_env, tmp_path):
    home = tmp_path / "home"
    env = {k: v for k, v in app_env.items() if k not in ("RETOUCH_DATA_DIR", "RETOUCH_CONFIG_DIR")}
    env.update(
        HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".data")
    )

    done = run_app(["-m", "desktop_app", "--self-test"], env)

    assert done.returncode == 0, done.stderr
    summary = summary_of(done.stdout)
    assert summary["isolated"] is True
    assert not Path(summary["results"][0]).exists()  # the temporary folder is gone
    assert not home.exists() or not any(home.rglob("*retouch*"))  # the user's folders untouched


def test_a_failing_job_exits_1_with_the_reason(app_env):
    code = (
        "import sys; from desktop_app.cli.self_test import run_self_test; "
        "sys.exit(run_self_test(prompt='warmer [demo:http_500]'))"
    )

    done = run_app(["-c", code], app_env)

    assert done.returncode == 1
    summary = summary_of(done.stdout)
    assert summary["self_test"] == "failed"
    assert "HTTP 500" in summary["error"]
    assert "self-test failed: the edit failed" in done.stderr


def test_self_test_is_offered_in_help(app_env):
    done = run_app(["-m", "desktop_app", "--help"], app_env, timeout=30)

    assert done.returncode == 0
    assert "--self-test" in done.stdout

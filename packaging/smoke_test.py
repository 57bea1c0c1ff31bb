"""Smoke-test a built bundle: the frozen ``--self-test`` and a headless ``edit --demo``, offline.

    python packaging/smoke_test.py [--launcher PATH] [--deb-root DIR] [--offline auto|on|off]

``--launcher`` defaults to ``dist/retouch-studio/retouch-studio`` (``.exe`` on Windows).
``--deb-root`` is a folder a .deb was unpacked into (``dpkg-deb -x``): its layout is checked
(launcher symlink, .desktop file, hicolor icons) and its ``usr/bin/retouch-studio`` is tested.

Both runs get no token (``RETOUCH_API_KEY`` unset, keyring's null backend), temporary settings
folders and ``QT_QPA_PLATFORM=offscreen``. Offline: on Linux, when ``unshare --net`` works
(root in CI), each run gets a network namespace with only loopback; elsewhere the proxy
variables point at a closed local port, so any request that is not to 127.0.0.1 fails.
``--offline on`` fails when the namespace cannot be had. Exit code 0 when everything passed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "retouch-studio"
EXE = f"{APP_ID}.exe" if sys.platform == "win32" else APP_ID
DEFAULT_LAUNCHER = ROOT / "dist" / APP_ID / EXE
SAMPLE = Path("resources") / "samples" / "sample-landscape.jpg"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
PROMPT = "Warmer light; add the words 'smoke test'"
NAMESPACE = ["unshare", "--net", "--", "sh", "-c", 'ip link set lo up && exec "$0" "$@"']


class SmokeFailure(Exception):
    pass


def network_namespace_works() -> bool:
    if not sys.platform.startswith("linux") or not (shutil.which("unshare") and shutil.which("ip")):
        return False
    probe = subprocess.run([*NAMESPACE, "true"], capture_output=True, check=False)
    return probe.returncode == 0


def check_deb_root(root: Path) -> Path:
    """The unpacked .deb has the launcher, .desktop file and icons; returns the launcher."""
    launcher = root / "usr" / "bin" / APP_ID
    expected = [
        root / "opt" / APP_ID / APP_ID,
        root / "usr" / "share" / "applications" / f"{APP_ID}.desktop",
        root / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        *(
            root / "usr" / "share" / "icons" / "hicolor" / f"{s}x{s}" / "apps" / f"{APP_ID}.png"
            for s in ICON_SIZES
        ),
    ]
    missing = [str(path.relative_to(root)) for path in expected if not path.is_file()]
    if missing:
        raise SmokeFailure(f"the .deb lacks {', '.join(missing)}")
    target = (root / "opt" / APP_ID / APP_ID).resolve()
    if not launcher.is_symlink() or launcher.resolve() != target:
        raise SmokeFailure(f"{launcher} is not a link to /opt/{APP_ID}/{APP_ID}")
    if not os.access(launcher, os.X_OK):
        raise SmokeFailure(f"{launcher} is not executable")
    return launcher


def find_sample(launcher: Path) -> Path:
    """The sample shipped in the bundle (falls back to the repository's copy)."""
    bundle = launcher.resolve().parent
    for candidate in (bundle / "_internal" / SAMPLE, ROOT / SAMPLE):
        if candidate.is_file():
            return candidate
    raise SmokeFailure(f"no sample picture in {bundle} or {ROOT}")


class Runner:
    """Runs the launcher with a clean, token-free, offline environment; times each run."""

    def __init__(self, launcher: Path, workdir: Path, offline: str) -> None:
        self.launcher = launcher
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("RETOUCH_")  # no token, URL, model or folders of the caller
        }
        self.env.update(
            QT_QPA_PLATFORM="offscreen",
            PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
        )
        self.workdir = workdir
        self.prefix: list[str] = []
        if offline != "off" and network_namespace_works():
            self.prefix = NAMESPACE
            self.offline = "network namespace (loopback only)"
        elif offline == "on":
            raise SmokeFailure("--offline on: unshare --net is not available here")
        else:
            closed = "http://127.0.0.1:9"  # the discard port; nothing listens there
            self.env.update(HTTP_PROXY=closed, HTTPS_PROXY=closed, ALL_PROXY=closed)
            self.env.update(NO_PROXY="127.0.0.1,localhost")
            self.offline = "proxy variables to a closed port"
        self.timings: dict[str, float] = {}

    def run(self, name: str, args: list[str], env: dict[str, str] | None = None) -> str:
        started = time.monotonic()
        result = subprocess.run(
            [*self.prefix, str(self.launcher), *args],
            env=env or self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        self.timings[name] = round(time.monotonic() - started, 2)
        if result.returncode != 0:
            sys.stderr.write(result.stderr[-4000:])
            raise SmokeFailure(f"{name} exited with {result.returncode}: {result.stdout[-2000:]}")
        return result.stdout

    def self_test(self) -> dict[str, Any]:
        # No RETOUCH_*_DIR: the self-test makes (and removes) its own temporary folders.
        summary = _last_json(self.run("self-test", ["--self-test"]))
        if summary.get("self_test") != "passed" or summary.get("frozen") is not True:
            raise SmokeFailure(f"the frozen self-test did not pass: {summary}")
        return summary

    def edit(self, sample: Path) -> dict[str, Any]:
        output = self.workdir / "edit-results"
        env = dict(
            self.env,
            RETOUCH_DATA_DIR=str(self.workdir / "data"),
            RETOUCH_CONFIG_DIR=str(self.workdir / "config"),
        )
        args = ["edit", str(sample), "--prompt", PROMPT, "--demo", "--json", "--output"]
        answer = _last_json(self.run("edit --demo", [*args, str(output)], env))
        outputs = [Path(p) for p in answer.get("outputs", [])]
        if not outputs or not all(p.is_file() and p.stat().st_size > 0 for p in outputs):
            raise SmokeFailure(f"edit --demo saved no result: {answer}")
        return answer


def _last_json(stdout: str) -> dict[str, Any]:
    for line in reversed(stdout.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise SmokeFailure(f"no JSON line in the output: {stdout[-2000:]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launcher", type=Path, help=f"default: {DEFAULT_LAUNCHER}")
    parser.add_argument("--deb-root", type=Path, help="a folder a .deb was unpacked into")
    parser.add_argument("--offline", choices=("auto", "on", "off"), default="auto")
    options = parser.parse_args(argv)
    try:
        launcher = options.launcher or DEFAULT_LAUNCHER
        if options.deb_root:
            launcher = options.launcher or check_deb_root(options.deb_root)
            print(f"deb layout ok: {options.deb_root}")
        if not launcher.is_file():
            raise SmokeFailure(f"no launcher at {launcher}: run python packaging/build.py")
        with tempfile.TemporaryDirectory(prefix="retouch-smoke-") as workdir:
            runner = Runner(launcher, Path(workdir), options.offline)
            print(f"testing {launcher} offline via {runner.offline}")
            version = runner.run("--version", ["--version"]).strip()
            summary = runner.self_test()
            answer = runner.edit(find_sample(launcher))
    except SmokeFailure as failure:
        print(f"smoke test failed: {failure}", file=sys.stderr)
        return 1
    print(f"{version}: --self-test passed ({summary['qt_platform']}, job {summary['job_s']} s)")
    print(f"edit --demo passed: {answer['sizes']} in {answer['timings']}")
    print("timings (s): " + ", ".join(f"{k} {v}" for k, v in runner.timings.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

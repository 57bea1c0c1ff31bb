"""What the benchmark modules share: the run context, medians, test pictures, a demo relay.

Nothing here measures; it only prepares. Pictures are generated once per ``python -m
benchmarks`` run into its work folder and reused by every module.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROMPT = "美化一下这种图片,加上 我爱中国 四个字"

# The benchmark photo: 24 MP, noisy like a detailed photo, about 10 MB as JPEG quality 90.
PHOTO_SIZE = (6000, 4000)
PHOTO_NOISE = 30.0
PHOTO_QUALITY = 90


@dataclass(frozen=True)
class Context:
    """How a benchmark module should run.

    Attributes:
        quick: the ``--quick`` flag: fewer runs, smaller pictures where the cost matters.
        workdir: this run's scratch folder (pictures, results, settings), removed at the end.
    """

    quick: bool
    workdir: Path

    def runs(self, full: int, quick: int) -> int:
        return quick if self.quick else full


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def timed(function: Callable[[], object]) -> float:
    """Seconds one call of ``function`` takes."""
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def child_env(workdir: Path, **extra: str) -> dict[str, str]:
    """Environment for processes the benchmarks start: this checkout, offscreen, isolated.

    ``PYTHONPATH`` pins this checkout (an editable install elsewhere must not win), settings
    and results go to ``workdir``, and no real keyring or token is touched. Bytecode is
    cached (under ``workdir``, not in the checkout) even where ``PYTHONDONTWRITEBYTECODE`` is
    set: an installed or frozen app never compiles its modules at start-up, so a benchmark
    that did would time the compiler.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for name in ("RETOUCH_API_KEY", "RETOUCH_BASE_URL", "RETOUCH_MODEL"):
        env.pop(name, None)
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])),
        QT_QPA_PLATFORM="offscreen",
        RETOUCH_CONFIG_DIR=str(workdir / "config"),
        RETOUCH_DATA_DIR=str(workdir / "data"),
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
        PYTHONPYCACHEPREFIX=str(workdir / "bytecode"),
    )
    env.update(extra)
    return env


def isolate_this_process(workdir: Path) -> None:
    """Apply :func:`child_env`'s settings to the current process (before the app is imported)."""
    for name, value in child_env(workdir).items():
        if os.environ.get(name) != value:
            os.environ[name] = value
    for name in ("RETOUCH_API_KEY", "RETOUCH_BASE_URL", "RETOUCH_MODEL"):
        os.environ.pop(name, None)


# --- pictures ------------------------------------------------------------------------------


def photo_jpeg(workdir: Path, size: tuple[int, int] = PHOTO_SIZE) -> Path:
    """A photo-like JPEG of ``size`` (cached in ``workdir``); 24 MP is about 10 MB."""
    path = workdir / "pictures" / f"photo-{size[0]}x{size[1]}.jpg"
    if not path.exists():
        from tests.helpers.images import noisy_photo

        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        noisy_photo(*size, sigma=PHOTO_NOISE).save(partial, "JPEG", quality=PHOTO_QUALITY)
        partial.replace(path)
    return path


def huge_jpeg(workdir: Path, size: tuple[int, int]) -> Path:
    """A large gradient JPEG (e.g. 100 MP), cached; quick to write, full size to decode."""
    path = workdir / "pictures" / f"huge-{size[0]}x{size[1]}.jpg"
    if not path.exists():
        from tests.helpers.images import big_jpeg

        big_jpeg(path.with_suffix(".part"), *size).replace(path)
    return path


def megapixels(size: tuple[int, int]) -> str:
    return f"{size[0] * size[1] / 1e6:.0f} MP"


# --- the demo relay in its own process -----------------------------------------------------


@contextlib.contextmanager
def demo_relay(workdir: Path, latency: float = 0.0, *, fixed_model: bool = False) -> Iterator[str]:
    """Run ``python -m desktop_app.demo`` in a child process; yields its base URL.

    A separate process keeps the relay's own work (decoding, rendering, PNG encoding) off
    the measured process, as a real relay would be. ``fixed_model`` runs
    :mod:`benchmarks.relay` instead, whose answers take ``latency`` and almost nothing more.
    """
    module = "benchmarks.relay" if fixed_model else "desktop_app.demo"
    process = subprocess.Popen(
        [sys.executable, "-m", module, "--latency", str(latency)],
        cwd=REPO,
        env=child_env(workdir),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        if not base_url.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"the demo relay did not start (said {base_url!r})")
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- memory --------------------------------------------------------------------------------


def proc_status_kib(field: str) -> int:
    """A ``kB`` line of ``/proc/self/status`` (``VmHWM`` is the peak RSS, ``VmRSS`` now)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field} (Linux only)")

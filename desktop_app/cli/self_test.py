"""``retouch-studio --self-test``: the real window runs one demo edit; used to smoke-test bundles.

The self-test starts the GUI as :func:`desktop_app.ui.app.run_app` does (QApplication, the
qasync loop, the main window on the built-in demo provider), opens the bundled sample picture,
types a prompt, presses Run and waits for the result. It then checks the result file decodes
(with Pillow and with Qt), that Qt's image format plugins, keyring's backends and the HEIC and
AVIF decoders were shipped (a bundled sample of each is opened offline),
prints one JSON line on stdout and exits 0; on failure it prints the reason on stderr (and a
JSON line with ``"self_test": "failed"``) and exits 1. No token, no network: the demo provider
listens on 127.0.0.1 only.

Unless ``RETOUCH_DATA_DIR`` and ``RETOUCH_CONFIG_DIR`` are set, both point to a temporary folder
that is removed afterwards, so a smoke test never touches the user's settings or results.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Coroutine, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

from desktop_app import __version__
from desktop_app.resources_path import resource_path

SAMPLE = ("samples", "sample-landscape.jpg")
# Opened offline through the same preparation an upload gets: proves libheif and libavif are
# in the bundle and load.
FORMAT_SAMPLES = {"HEIF": "sample-iphone.heic", "AVIF": "sample-web.avif"}
PROMPT = 'Warmer evening light, more contrast; add the words "Self test"'
TIMEOUT_SECONDS = 60.0
# Qt plugins the bundle must carry (png is built into QtGui; the others are plugins).
REQUIRED_IMAGE_FORMATS = ("png", "jpeg", "webp", "gif", "ico")
# The platform's keyring backend and what it imports lazily (missing them in a bundle would
# only show when a token is saved).
_PLATFORM_KEYRING_MODULES = {
    "win32": ("keyring.backends.Windows", "win32ctypes.pywin32"),
    "darwin": ("keyring.backends.macOS", "keyring.backends.macOS.api"),
}
_LINUX_KEYRING_MODULES = ("keyring.backends.SecretService", "secretstorage", "jeepney")
_DIR_VARIABLES = ("RETOUCH_DATA_DIR", "RETOUCH_CONFIG_DIR")


class SelfTestError(Exception):
    """A check failed; the message says which, in words for the person reading CI output."""


@contextlib.contextmanager
def isolated_dirs() -> Iterator[Path | None]:
    """Point the unset ones of ``RETOUCH_DATA_DIR``/``RETOUCH_CONFIG_DIR`` at a temp folder."""
    missing = [name for name in _DIR_VARIABLES if not os.environ.get(name)]
    if not missing:
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="retouch-self-test-"))
    try:
        for name in missing:
            folder = name.removeprefix("RETOUCH_").removesuffix("_DIR").lower()
            os.environ[name] = str(root / folder)
        yield root
    finally:
        for name in missing:
            os.environ.pop(name, None)
        shutil.rmtree(root, ignore_errors=True)


def run_self_test(prompt: str = PROMPT, timeout: float = TIMEOUT_SECONDS) -> int:
    """Run the GUI self-test; returns the exit code (0 passed, 1 failed).

    Args:
        prompt: what to ask the demo provider (its ``[demo:<scenario>]`` markers work, which
            is how the tests make it fail).
        timeout: seconds the whole run may take, from the window showing to the result.
    """
    started = time.perf_counter()
    summary: dict[str, Any] = {"self_test": "failed", "version": __version__}

    async def exercise(window: Any) -> dict[str, Any]:
        return await _exercise(window, prompt, started)

    try:
        with isolated_dirs() as temp_root:
            summary["isolated"] = temp_root is not None
            summary.update(_run_window(exercise, timeout))
    except SelfTestError as failure:
        return _fail(summary, str(failure), started)
    except Exception as exc:  # a crash must still end in a clear line, not a hang
        traceback.print_exc(file=sys.stderr)
        return _fail(summary, f"unexpected {type(exc).__name__}: {exc}", started)
    summary["self_test"] = "passed"
    summary["total_s"] = round(time.perf_counter() - started, 3)
    _emit(json.dumps(summary, ensure_ascii=False))
    return 0


def _fail(summary: dict[str, Any], reason: str, started: float) -> int:
    summary["error"] = reason
    summary["total_s"] = round(time.perf_counter() - started, 3)
    _emit(json.dumps(summary, ensure_ascii=False))
    _emit(f"self-test failed: {reason}", sys.stderr)
    return 1


def _emit(line: str, stream: TextIO | None = None) -> None:
    """One line, flushed at once (a benchmark or CI log reads it while we run)."""
    stream = stream or sys.stdout
    if stream is not None:  # a windowed Windows process may have no stdout
        stream.write(line + "\n")
        stream.flush()


Exercise = Callable[[Any], Coroutine[Any, Any, dict[str, Any]]]


def _run_window(exercise: Exercise, timeout: float, demo: bool = True) -> dict[str, Any]:
    """Open the main window like ``run_app`` and run ``exercise(window)`` on its loop."""
    from desktop_app.ui.app import _configure_logging, create_application
    from desktop_app.ui.main_window import MainWindow

    _configure_logging()
    app = create_application()
    from desktop_app.ui.window.qt_asyncio_loop import QtAsyncioLoop

    loop = QtAsyncioLoop(app)
    asyncio.set_event_loop(loop)
    from desktop_app.core.settings import data_dir, load_settings

    settings = load_settings()
    # Results beside the bundled sample would land in the app's own folder: keep them in
    # the self-test's data folder (a temporary one unless the caller set it).
    settings.output_dir = settings.output_dir or str(data_dir() / "results")
    window = MainWindow(demo=demo, settings=settings)
    window.show()

    async def main() -> dict[str, Any]:
        try:
            return await asyncio.wait_for(exercise(window), timeout)
        except TimeoutError as exc:
            raise SelfTestError(f"timed out after {timeout:.0f} s") from exc
        finally:
            # Shut down before closing: closing the last window quits the app, which would
            # stop the loop while shutdown() still awaits (qasync pitfall).
            await window.shutdown()
            window.close()

    try:
        with loop:
            return loop.run_until_complete(main())
    finally:
        asyncio.set_event_loop(None)


async def wait_until_exposed(window: Any) -> None:
    """Return once ``window`` is on screen (exposed) and its first frame is painted.

    Polls every 2 ms (the caller bounds the wait): simpler than an event filter on a native
    window that may not exist yet, and precise enough for a startup benchmark.
    """
    while True:
        handle = window.windowHandle()
        if handle is not None and handle.isExposed():
            break
        await asyncio.sleep(0.002)
    await asyncio.sleep(0)  # the expose event paints synchronously; let it finish


async def _exercise(window: Any, prompt: str, started: float) -> dict[str, Any]:
    from PySide6.QtGui import QGuiApplication

    clock = time.perf_counter
    await wait_until_exposed(window)
    shown = clock() - started
    facts: dict[str, Any] = {
        "frozen": bool(getattr(sys, "frozen", False)),
        "qt_platform": QGuiApplication.platformName(),
        "image_formats": _check_image_formats(),
        "keyring_backends": _check_keyring_backends(),
        "format_samples": _check_format_samples(),
        "window_shown_s": round(shown, 3),
    }
    sample = sample_path()
    _check_qt_decodes(sample)
    await window.openPath(sample)
    if window.inputPath() != sample:
        raise SelfTestError(f"the sample did not open: {window.banner().message() or 'no reason'}")

    outcome: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

    def succeeded(result: Any) -> None:
        if not outcome.done():
            outcome.set_result(result)

    def failed(error: Any) -> None:
        if not outcome.done():
            reason = f" ({error.reason})" if getattr(error, "reason", "") else ""
            outcome.set_exception(SelfTestError(f"the edit failed: {error.message}{reason}"))

    window.runner.succeeded.connect(succeeded)
    window.runner.failed.connect(failed)
    window.editPanel().prompt.setText(prompt)
    job_started = clock()
    window.editPanel().runRequested.emit()  # what the Run button and Ctrl+Enter do
    if not window.runner.isBusy():
        raise SelfTestError(f"Run did not start a job: {window.banner().message() or 'no reason'}")
    result = await outcome
    job = clock() - job_started
    while not window.resultPaths():  # noqa: ASYNC110 - the window shows results in a task
        await asyncio.sleep(0.02)
    outputs = [Path(p) for p in result.outputs]
    if not outputs or window.resultPaths() != outputs:
        raise SelfTestError(f"the window shows {window.resultPaths()}, the job saved {outputs}")
    sizes = [_check_result_file(path) for path in outputs]
    facts.update(
        {
            "sample": sample.name,
            "prompt": prompt,
            "job_s": round(job, 3),
            "results": [str(path) for path in outputs],
            "result_sizes": sizes,
            "model": result.model,
        }
    )
    return facts


def sample_path() -> Path:
    """The bundled sample: from the resources folder, else from the source checkout."""
    shipped = resource_path(*SAMPLE)
    # An editable install made from another checkout can point desktop_app.resources there.
    beside = Path(__file__).resolve().parent.parent / "resources" / Path(*SAMPLE)
    for candidate in (shipped, beside):
        if candidate.is_file():
            return candidate
    raise SelfTestError(f"the bundled sample is missing: {shipped}")


def _check_image_formats() -> list[str]:
    from PySide6.QtGui import QImageReader

    available = sorted({bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()})
    missing = [name for name in REQUIRED_IMAGE_FORMATS if name not in available]
    if missing:
        raise SelfTestError(f"Qt cannot read {', '.join(missing)} (image format plugins missing)")
    return available


def _check_format_samples() -> dict[str, list[int]]:
    from desktop_app.core.errors import RetouchError
    from desktop_app.core.imaging.prep import prepare_image

    sizes: dict[str, list[int]] = {}
    for fmt, name in FORMAT_SAMPLES.items():
        path = sample_path().with_name(name)
        try:
            prepared = prepare_image(path, max_long_side=128)
        except RetouchError as error:
            raise SelfTestError(f"the {fmt} sample does not open: {error.message}") from error
        if prepared.source.format != fmt:
            raise SelfTestError(f"{name} opened as {prepared.source.format}, not {fmt}")
        sizes[name] = [prepared.width, prepared.height]
    return sizes


def _check_keyring_backends() -> list[str]:
    """keyring's backends must be discoverable and the platform's importable (never called)."""
    names = sorted({ep.name for ep in metadata.entry_points(group="keyring.backends")})
    if not names:
        raise SelfTestError("keyring finds no backends (its package metadata was not bundled)")
    for module in _PLATFORM_KEYRING_MODULES.get(sys.platform, _LINUX_KEYRING_MODULES):
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise SelfTestError(f"the keyring backend needs {module}, which is missing") from exc
    return names


def _check_qt_decodes(path: Path) -> tuple[int, int]:
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    if image.isNull():
        raise SelfTestError(f"Qt cannot decode {path.name}")
    return image.width(), image.height()


def _check_result_file(path: Path) -> list[int]:
    from PIL import Image

    if not path.is_file() or path.stat().st_size == 0:
        raise SelfTestError(f"the result file is missing or empty: {path}")
    try:
        with Image.open(path) as image:
            image.load()
            size = image.size
    except OSError as exc:
        raise SelfTestError(f"the result does not decode: {path}: {exc}") from exc
    if _check_qt_decodes(path) != size:
        raise SelfTestError(f"Qt and Pillow disagree on the size of {path.name}")
    return list(size)

"""Screenshots of the real window at each state, for the README and for reviewing the UI.

Run under a real (virtual) screen so fonts and styles are what a person sees:

    xvfb-run -s "-screen 0 1280x800x24" python packaging/screenshots.py [OUT_DIR]
        [--lang en|zh_CN] [--dark] [--only result,...]

It first shows the window as every new user meets it, without a token and without the demo
(``first-run``), then drives it against the built-in demo provider: empty, picture loaded,
running, result, error, a painted region and its pasted-back result. Nothing is sent
anywhere; data and settings go to a temporary folder and no keyring is read.

``--lang`` and ``--dark`` show the window in that language and in the dark scheme (forced
even where the platform has none); the files are then named ``<state>-<lang>-<scheme>.png``,
e.g. ``result-zh_CN-dark.png``. ``--only`` keeps just the named states.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
from pathlib import Path

SAMPLE_PROMPT = "美化一下这种图片,加上 我爱中国 四个字"
REGION_PROMPT = "在这里放一个热气球"
WINDOW_SIZE = (1280, 800)  # the smallest screen the window must read whole on


async def _capture_first_run(window, out: Path, suffix: str) -> None:
    """The window without a token and without the demo: the welcome panel."""
    from PySide6.QtWidgets import QWidget

    window.resize(*WINDOW_SIZE)
    window.show()
    panel = window.findChild(QWidget, "firstRunPanel")
    try:
        for _ in range(100):  # the token check runs off the GUI thread
            await asyncio.sleep(0.05)
            if panel.isVisible():
                break
        await asyncio.sleep(0.5)  # laid out and painted
        window.grab().save(str(out / f"first-run{suffix}.png"))
        print(out / f"first-run{suffix}.png")
    finally:
        await window.shutdown()
        window.close()


async def _capture(
    window, out: Path, sample: Path, suffix: str = "", only: frozenset[str] = frozenset()
) -> None:
    async def shot(name: str) -> None:
        # The loop delivers Qt's events while it sleeps; processEvents() here would run
        # other tasks inside this one.
        await asyncio.sleep(0.5)
        if only and name not in only:
            return
        window.grab().save(str(out / f"{name}{suffix}.png"))
        print(out / f"{name}{suffix}.png")

    async def run_job(running_shot: str | None) -> None:
        finished = asyncio.Event()
        window.runner.busyChanged.connect(lambda busy: None if busy else finished.set())
        window.menus().action("run").trigger()
        if running_shot:
            await asyncio.sleep(1.2)
            await shot(running_shot)
        await finished.wait()

    await shot("empty")
    await window.openPath(sample)
    window.editPanel().prompt.setText(SAMPLE_PROMPT)
    window.editPanel().ratio.setRatio("4:3")
    await shot("loaded")
    await run_job("running")
    await asyncio.sleep(0.5)
    await shot("result")
    window.beforeAfterView().setMode("split")
    await shot("result-split")
    window.beforeAfterView().setMode("difference")
    await asyncio.sleep(1.0)
    await shot("result-difference")
    window.beforeAfterView().setMode("side_by_side")
    window.demoProvider().inject("refusal_input_moderation")
    window.demoProvider().latency = 0.0
    await run_job(None)
    await shot("error")
    # A region edit: the area painted on the Before view, then the edit pasted back into
    # the original at its own size.
    await window.openPath(sample)
    window.editPanel().prompt.setText(REGION_PROMPT)
    await _paint_region(window)
    await shot("mask")
    await run_job(None)
    await asyncio.sleep(0.5)
    await shot("region-result")


async def _paint_region(window) -> None:
    """Mark an ellipse in the middle of the picture, as a brush would, and show the tools."""
    from PIL import Image, ImageDraw
    from PySide6.QtWidgets import QToolButton

    from desktop_app.ui.mask.mask_handoff import restore_mask
    from desktop_app.ui.mask.mask_toolbar import MaskToolbar

    toolbar = window.findChild(MaskToolbar)
    size = toolbar.document().size()
    width, height = size.width(), size.height()
    mask = Image.new("L", (width, height))
    box = (width * 0.38, height * 0.3, width * 0.62, height * 0.62)
    ImageDraw.Draw(mask).ellipse(box, fill=255)
    await restore_mask(toolbar, mask)
    window.findChild(QToolButton, "maskButton").setChecked(True)


def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Screenshots of the window at each state.")
    parser.add_argument("out", nargs="?", default="packaging/screenshots", type=Path)
    parser.add_argument("--lang", choices=("en", "zh_CN"), help="the window's language")
    parser.add_argument("--dark", action="store_true", help="the dark colour scheme")
    parser.add_argument("--only", default="", help="comma-separated states to keep")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    options = _options(argv)
    out = options.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="retouch-shots-"))
    os.environ.setdefault("RETOUCH_DATA_DIR", str(scratch / "data"))
    os.environ.setdefault("RETOUCH_CONFIG_DIR", str(scratch / "config"))
    # The first run as a new user sees it: no token from the environment or the keyring.
    os.environ.pop("RETOUCH_API_KEY", None)
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

    from PySide6.QtCore import Qt

    from desktop_app.core.settings import load_settings
    from desktop_app.resources_path import resource_path
    from desktop_app.ui.app import create_application
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.window.appearance import set_color_scheme
    from desktop_app.ui.window.qt_asyncio_loop import QtAsyncioLoop

    # A copy: results are saved beside the picture, never into the repository.
    sample = scratch / "sample-landscape.jpg"  # a photo: grain and detail to align on
    shutil.copyfile(resource_path("samples", "sample-landscape.jpg"), sample)
    app = create_application()
    if options.dark:
        set_color_scheme(app, Qt.ColorScheme.Dark)
    loop = QtAsyncioLoop(app)
    asyncio.set_event_loop(loop)
    settings = load_settings()
    if options.lang:
        settings.language = options.lang
    suffix = ""
    if options.lang or options.dark:
        suffix = f"-{options.lang or 'en'}-{'dark' if options.dark else 'light'}"
    only = frozenset(name for name in options.only.split(",") if name)

    async def run() -> None:
        if not only or "first-run" in only:
            await _capture_first_run(MainWindow(settings=settings), out, suffix)
        window = MainWindow(demo=True, settings=settings)
        window.resize(*WINDOW_SIZE)
        window.show()
        try:
            await _capture(window, out, sample, suffix, only)
        finally:
            await window.shutdown()

    with loop:
        loop.run_until_complete(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())

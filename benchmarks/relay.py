"""``python -m benchmarks.relay --latency S``: the demo relay as a model of fixed latency.

The demo relay renders a visible edit of every input (decode, colour work, text, PNG
encode: a few hundred ms of CPU) after its ``latency``. For the batch benchmark the model's
time must be exactly ``latency``, and that CPU work would also compete with the app on a
2-core machine, so here the rendered and encoded result is memoised: every request after
the first for the same input size and prompt answers in ``latency`` plus parsing. The HTTP
protocol, the answer and the result download stay exactly the demo relay's.
"""

from __future__ import annotations

import argparse
import functools
import sys
import threading

from PIL import Image

from desktop_app.demo import DemoProvider, edit


def memoise_rendering() -> None:
    """Make ``edit.render`` and ``edit.encode`` answer from a cache keyed by their inputs."""
    render, encode = edit.render, edit.encode
    rendered: dict[tuple[object, ...], Image.Image] = {}
    lock = threading.Lock()

    @functools.wraps(render)
    def cached_render(source: Image.Image | None, prompt: str, ratio: float, variant: int = 0):
        key = (None if source is None else source.size, prompt, ratio, variant)
        with lock:
            if key not in rendered:
                rendered[key] = render(source, prompt, ratio, variant)
            return rendered[key]

    encoded: dict[tuple[int, str], bytes] = {}  # by id(): Pillow images are unhashable

    @functools.wraps(encode)
    def cached_encode(image: Image.Image, fmt: str = "PNG") -> bytes:
        key = (id(image), fmt)
        with lock:
            if key not in encoded:
                encoded[key] = encode(image, fmt)
            return encoded[key]

    edit.render = cached_render
    edit.encode = cached_encode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relay")
    parser.add_argument("--latency", type=float, default=1.0)
    options = parser.parse_args(argv)
    memoise_rendering()
    with DemoProvider(latency=options.latency) as provider:
        sys.stdout.write(f"{provider.base_url}\n")
        sys.stdout.flush()
        threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Pictures that arrive other than as a local file: a dropped web image, a pasted bitmap.

They are saved into the data folder first, so an input is always a file on disk that
history and "Try again" can point at.
"""

from __future__ import annotations

from concurrent.futures import Executor
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx

from desktop_app.core.errors import RetouchError, bad_input
from desktop_app.core.relay.downloader import ResultDownloader
from desktop_app.core.settings import data_dir


def inputs_dir() -> Path:
    return data_dir() / "inputs"


def pasted_image_path(now: datetime | None = None) -> Path:
    """Where a pasted bitmap is kept: ``inputs/pasted-20261126-101500.png`` (never reused)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = inputs_dir()
    candidate = folder / f"pasted-{stamp}.png"
    n = 2
    while candidate.exists():
        candidate = folder / f"pasted-{stamp}-{n}.png"
        n += 1
    return candidate


async def fetch_remote_input(
    http: httpx.AsyncClient, url: str, executor: Executor | None = None
) -> Path:
    """Save a dragged-in web image (or a ``data:`` URL) into the inputs folder; BAD_INPUT if
    it is unusable."""
    inline = url.startswith("data:")  # pasted picture data or an <img> from a web page
    stem = "pasted" if inline else Path(unquote(urlsplit(url).path)).stem[:60] or "web-image"
    folder = inputs_dir()
    # The user chose this address, so its host may be local like a relay's; where it
    # redirects to is checked like any result link.
    downloader = ResultDownloader(http, executor=executor, timeout=60.0, relay_url=url)
    try:
        saved = await downloader.save(url, folder, lambda n, ext: folder / f"{stem}-{n}{ext}")
    except RetouchError as error:
        where = "The pasted picture" if inline else f"The picture at {urlsplit(url).hostname}"
        raise bad_input(
            f"{where} could not be used.",
            f"{error.message}\n{error.details}",
            url=url[:60] if inline else url,
        ) from None
    return saved.path

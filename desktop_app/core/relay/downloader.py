"""Fetch each result and keep it: the bytes exactly as delivered, saved atomically.

Result links expire after hours or days, so the file is what counts. Each download streams
into a hidden temp file beside its destination, under its own timeout and a size cap, is
checked to really be an image (CDNs answer 404 pages, expired-signature XML or HTML with
status 200), and only then gets its final, never-overwriting name.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import errno
import os
import re
import warnings
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote_to_bytes, urljoin

import httpx
from PIL import Image, UnidentifiedImageError

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.files import publish_without_overwrite, temp_file_beside
from desktop_app.core.imaging.formats import register_plugins
from desktop_app.core.relay.endpoint import host_of
from desktop_app.core.relay.http_errors import body_excerpt
from desktop_app.core.relay.limits import pixel_limit_text, too_many_pixels
from desktop_app.core.relay.result_hosts import MAX_REDIRECTS, REDIRECT_STATUSES, ResultHosts

MAX_RESULT_BYTES = 50 * 1024 * 1024
DATA_URL_PIECE = 4 * 1024 * 1024  # characters decoded at a time; a multiple of 4
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
DISK_FULL_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
STREAM_CHUNK = 64 * 1024
EXTENSIONS = {
    "PNG": ".png",
    "JPEG": ".jpg",
    "WEBP": ".webp",
    "GIF": ".gif",
    "BMP": ".bmp",
    "TIFF": ".tif",
    "MPO": ".jpg",
    "AVIF": ".avif",
    "HEIF": ".heic",
    "PSD": ".psd",
}


@dataclass(frozen=True)
class SavedResult:
    """One result on disk."""

    path: Path
    format: str
    width: int
    height: int
    size: int
    source_url: str


def _download_error(
    message: str, details: str, kind: ErrorKind = ErrorKind.BAD_RESPONSE, status: int | None = None
) -> RetouchError:
    return RetouchError(
        kind, "The result image could not be downloaded: " + message, details, status=status
    )


def identify_image(path: Path) -> tuple[str, int, int]:
    """Check ``path`` is a whole, readable image; returns (format, width, height).

    A PNG is checked chunk by chunk (every CRC, through the end marker), which proves the
    bytes arrived whole and unaltered in ~1 ms; other formats are decoded fully, since their
    truncation shows only then. A full decode of every 1536 px PNG cost ~45 ms per result.
    """
    head = b""
    register_plugins()  # a dropped web picture may be HEIC
    try:
        with warnings.catch_warnings():
            # Our own pixel limit is lower than Pillow's; its warning would only be noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
        with image:
            fmt, width, height = (image.format or "PNG"), image.width, image.height
            if too_many_pixels(width, height):
                raise _download_error(pixel_limit_text(width, height), f"{fmt} {width}×{height}")
            if fmt == "PNG":
                image.verify()
            else:
                image.load()
            return fmt, width, height
    except Image.DecompressionBombError as exc:
        raise _download_error(
            "the picture has far more pixels than a result may have.", str(exc)
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, IndexError) as exc:
        with contextlib.suppress(OSError):
            head = path.read_bytes()[:600]
        raise _download_error(
            "what arrived is not a readable image.",
            f"{type(exc).__name__}: {exc}\n{body_excerpt(head)}",
        ) from None


def decode_data_url(url: str) -> bytes:
    """The bytes of a ``data:`` URL (base64 or percent-encoded)."""
    header, _, payload = url.partition(",")
    try:
        if header.endswith(";base64"):
            return base64.b64decode(payload, validate=False)
        return unquote_to_bytes(payload)
    except (binascii.Error, ValueError) as exc:
        raise _download_error("the inline image is damaged.", str(exc)) from None


class ResultDownloader:
    """Downloads results into a folder, naming them ``name_for(n, extension)``.

    Args:
        http: the shared client; no Authorization header is ever sent to a CDN.
        executor: where decoding checks run, off the event loop.
        timeout: for each download, from request to last byte.
        relay_url: the relay's base URL (or an address the user chose), the one host that
            may be on this computer or the local network
            (see :mod:`desktop_app.core.relay.result_hosts`).
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        executor: Executor | None = None,
        timeout: float = 120.0,
        connect_timeout: float = 15.0,
        max_bytes: int = MAX_RESULT_BYTES,
        relay_url: str | None = None,
    ) -> None:
        self._http = http
        self._hosts = ResultHosts(relay_url)
        self._executor = executor
        self._timeout = timeout
        self._connect_timeout = connect_timeout
        self._max_bytes = max_bytes

    async def save(
        self,
        url: str,
        folder: Path,
        name_for: Callable[[int, str], Path],
        *,
        temp_prefix: str = ".retouch-",
        first: int = 1,
    ) -> SavedResult:
        """Fetch ``url`` (http(s) or data:) into ``folder`` and return where it landed.

        The bytes stream into a hidden ``<temp_prefix>*.part`` file in ``folder`` first; the
        final name is the first free ``name_for(n, ...)`` for n from ``first``.
        """
        try:
            return await self._save(url, folder, name_for, temp_prefix, first)
        except TimeoutError:
            raise _download_error(
                f"the image server did not deliver within {self._timeout:.0f} seconds.",
                url_for_details(url),
                ErrorKind.NETWORK,
            ) from None
        except OSError as exc:  # the disk, never the network (httpx raises its own errors)
            raise _saving_error(exc, folder) from None

    async def _save(
        self,
        url: str,
        folder: Path,
        name_for: Callable[[int, str], Path],
        temp_prefix: str,
        first: int,
    ) -> SavedResult:
        fd, tmp = temp_file_beside(folder, prefix=temp_prefix)
        try:
            with os.fdopen(fd, "wb") as sink:
                if url.startswith("data:"):
                    self._write_data_url(url, sink)
                else:
                    async with asyncio.timeout(self._timeout):
                        await self._stream_into(url, sink)
            loop = asyncio.get_running_loop()
            fmt, width, height = await loop.run_in_executor(self._executor, identify_image, tmp)
            extension = EXTENSIONS.get(fmt, ".png")
            size = tmp.stat().st_size
            final = await loop.run_in_executor(
                self._executor,
                publish_without_overwrite,
                tmp,
                lambda n: name_for(n, extension),
                first,
            )
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
        return SavedResult(final, fmt, width, height, size, url_for_details(url))

    def _write_data_url(self, url: str, sink: BinaryIO) -> None:
        """Decode a data URL into ``sink`` piece by piece (a 40 MB URL, not 3 copies of it)."""
        header = url[: url.find(",")]
        start = len(header) + 1
        if not (header.endswith(";base64") and _BASE64.fullmatch(url, start)):
            data = decode_data_url(url)
            self._check_size(len(data))
            sink.write(data)
            return
        written = 0
        for offset in range(start, len(url), DATA_URL_PIECE):
            try:
                piece = base64.b64decode(url[offset : offset + DATA_URL_PIECE])
            except (binascii.Error, ValueError) as exc:
                raise _download_error("the inline image is damaged.", str(exc)) from None
            written += len(piece)
            self._check_size(written)
            sink.write(piece)

    def _check_size(self, size: int) -> None:
        if size > self._max_bytes:
            raise _download_error(
                f"it is larger than {self._max_bytes // (1024 * 1024)} MB.", f"{size} bytes"
            )

    async def _stream_into(self, url: str, sink: object) -> None:
        # Redirects are followed here, not by httpx, so every hop meets the same rules.
        for _hop in range(MAX_REDIRECTS + 1):
            url = await self._hosts.checked(url)
            location = await self._fetch_into(url, sink)
            if location is None:
                return
            url = urljoin(url, location)
        raise _download_error("the image server redirected too many times.", url)

    async def _fetch_into(self, url: str, sink: object) -> str | None:
        """Stream ``url`` into ``sink``; returns the target of a redirect instead."""
        timeout = httpx.Timeout(self._timeout, connect=self._connect_timeout)
        try:
            async with self._http.stream(
                "GET", url, timeout=timeout, follow_redirects=False, headers={"Accept": "image/*"}
            ) as response:
                location = response.headers.get("location")
                if response.status_code in REDIRECT_STATUSES and location:
                    return location
                if response.status_code != 200:
                    head = await response.aread() if response.num_bytes_downloaded == 0 else b""
                    raise _download_error(
                        f"the image server answered HTTP {response.status_code}"
                        + (" (the link has expired)." if response.status_code == 403 else "."),
                        f"{url_for_details(url)}\n{body_excerpt(head[:2000])}",
                        status=response.status_code,
                    )
                declared = response.headers.get("content-length")
                if declared and declared.isdigit():
                    self._check_size(int(declared))
                received = 0
                async for chunk in response.aiter_bytes(STREAM_CHUNK):
                    received += len(chunk)
                    self._check_size(received)
                    sink.write(chunk)  # type: ignore[attr-defined]
                return None
        except httpx.TransportError as exc:
            raise _download_error(
                f"the connection to {host_of(url)} failed.",
                f"{type(exc).__name__}: {exc}",
                ErrorKind.NETWORK,
            ) from None


def _saving_error(exc: OSError, folder: Path) -> RetouchError:
    if exc.errno in DISK_FULL_ERRORS:
        return RetouchError(
            ErrorKind.BAD_RESPONSE,
            f"The result could not be saved: the disk is full ({folder}). "
            "Free some space, then download it again from the history.",
            f"{type(exc).__name__}: [Errno {exc.errno}] {exc.strerror}",
            params={"problem": "disk_full", "folder": str(folder)},
        )
    return RetouchError(
        ErrorKind.BAD_RESPONSE,
        f"The result could not be saved in {folder}: {exc.strerror or exc}.",
        f"{type(exc).__name__}: {exc}",
        params={"problem": "cannot_save", "folder": str(folder)},
    )


def url_for_details(url: str) -> str:
    """A URL short enough for an error's details (data URLs are megabytes long)."""
    return url[:60] + "…" if url.startswith("data:") else url

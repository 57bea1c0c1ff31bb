"""The downloader's checks without a network: data URLs, the size cap, the image check, saving.

Results that come inline (``data:`` URLs) go through the same cap, image check and
never-overwriting publish as downloaded ones; these tests drive the real ResultDownloader with
them. Downloads over HTTP are covered against the demo relay in tests/service.
"""

from __future__ import annotations

import asyncio
import base64
import errno
import io
import os
import struct
import threading
import warnings
import zlib
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote_from_bytes

import httpx
import pytest
from PIL import Image

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.relay.downloader import (
    DATA_URL_PIECE,
    ResultDownloader,
    SavedResult,
    _saving_error,
    decode_data_url,
    url_for_details,
)

PREFIX = "The result image could not be downloaded: "


def picture(fmt: str = "PNG", size: tuple[int, int] = (3, 2), noise: bool = False) -> bytes:
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (200, 40, 10))
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` (header only: nothing to decode)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def base64_url(data: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode()


def save(
    url: str,
    folder: Path,
    *,
    max_bytes: int | None = None,
    executor: Executor | None = None,
    name_for: Callable[[int, str], Path] | None = None,
    **save_options,
) -> SavedResult:
    async def run() -> SavedResult:
        async with httpx.AsyncClient() as http:
            options = {} if max_bytes is None else {"max_bytes": max_bytes}
            downloader = ResultDownloader(http, executor=executor, **options)
            return await downloader.save(
                url,
                folder,
                name_for or (lambda n, ext: folder / f"result-{n}{ext}"),
                **save_options,
            )

    return asyncio.run(run())


class CountingExecutor(ThreadPoolExecutor):
    """A thread pool that counts the work given to it."""

    def __init__(self) -> None:
        super().__init__(max_workers=1, thread_name_prefix="image-work")
        self.submitted = 0

    def submit(self, fn, /, *args, **kwargs):
        self.submitted += 1
        return super().submit(fn, *args, **kwargs)


def refusal(url: str, folder: Path, **options) -> RetouchError:
    with pytest.raises(RetouchError) as caught:
        save(url, folder, **options)
    return caught.value


def test_an_inline_png_is_kept_byte_for_byte_with_what_it_is(tmp_path):
    data = picture("PNG", (3, 2))
    url = base64_url(data)
    saved = save(url, tmp_path)
    assert saved == SavedResult(tmp_path / "result-1.png", "PNG", 3, 2, len(data), url[:60] + "…")
    assert saved.path.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["result-1.png"]


def test_an_inline_jpeg_gets_its_own_extension_and_the_first_free_number(tmp_path):
    (tmp_path / "result-3.jpg").write_bytes(b"someone else's")
    data = picture("JPEG", (4, 5))
    saved = save(base64_url(data, "image/jpeg"), tmp_path, first=3)
    assert (saved.path.name, saved.format, saved.width, saved.height) == (
        "result-4.jpg",
        "JPEG",
        4,
        5,
    )
    assert saved.path.read_bytes() == data
    assert (tmp_path / "result-3.jpg").read_bytes() == b"someone else's"


def test_a_percent_encoded_inline_image_is_decoded(tmp_path):
    data = picture("PNG")
    saved = save("data:image/png," + quote_from_bytes(data), tmp_path)
    assert saved.path.read_bytes() == data
    assert decode_data_url("data:image/png," + quote_from_bytes(data)) == data
    assert decode_data_url(base64_url(data)) == data


def test_a_large_inline_image_is_decoded_piece_by_piece_whole(tmp_path):
    data = picture("PNG", (1000, 1100), noise=True)
    assert len(base64.b64encode(data)) > DATA_URL_PIECE  # two pieces at least
    saved = save(base64_url(data), tmp_path)
    assert saved.path.read_bytes() == data
    assert (saved.width, saved.height, saved.size) == (1000, 1100, len(data))


def test_the_cap_lets_exactly_its_size_through_and_stops_one_byte_more(tmp_path):
    data = picture("PNG")
    assert save(base64_url(data), tmp_path, max_bytes=len(data)).size == len(data)
    error = refusal(base64_url(data), tmp_path, max_bytes=len(data) - 1)
    assert error.message == PREFIX + "it is larger than 0 MB."
    assert error.details == f"{len(data)} bytes"
    error = refusal("data:image/png," + quote_from_bytes(data), tmp_path, max_bytes=len(data) - 1)
    assert error.details == f"{len(data)} bytes"


def test_the_cap_counts_every_piece_and_names_its_size(tmp_path):
    data = b"\0" * (3 * 1024 * 1024 + 10)
    error = refusal(base64_url(data), tmp_path, max_bytes=3 * 1024 * 1024 + 9)
    assert error.kind is ErrorKind.BAD_RESPONSE
    assert error.message == PREFIX + "it is larger than 3 MB."
    assert error.details == f"{len(data)} bytes"
    assert list(tmp_path.iterdir()) == []


def test_damaged_base64_is_said_plainly(tmp_path):
    error = refusal("data:image/png;base64,abcde", tmp_path)
    assert error.kind is ErrorKind.BAD_RESPONSE
    assert error.message == PREFIX + "the inline image is damaged."
    assert "base64" in error.details.lower()
    assert list(tmp_path.iterdir()) == []


def test_damaged_base64_that_needs_the_whole_decode_is_said_plainly(tmp_path):
    error = refusal("data:image/png;base64,abcde!", tmp_path)
    assert error.message == PREFIX + "the inline image is damaged."
    assert "base64" in error.details.lower()


def test_base64_wrapped_in_lines_or_with_commas_in_the_text_is_decoded(tmp_path):
    data = picture("PNG", (30, 30), noise=True)
    encoded = base64.b64encode(data).decode()
    wrapped = "\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76))
    saved = save("data:image/png;base64," + wrapped, tmp_path)
    assert saved.path.read_bytes() == data
    assert decode_data_url("data:text/plain,a,b") == b"a,b"


def test_the_temp_file_is_hidden_beside_the_result_and_tagged_by_the_caller(tmp_path):
    seen: list[list[str]] = []

    def name_for(n: int, extension: str) -> Path:
        seen.append(sorted(p.name for p in tmp_path.iterdir()))
        return tmp_path / f"result-{n}{extension}"

    save(base64_url(picture()), tmp_path, name_for=name_for)
    save(base64_url(picture()), tmp_path, name_for=name_for, temp_prefix=".job-42-")
    assert seen[0][0].startswith(".retouch-") and seen[0][0].endswith(".part")
    assert [n for n in seen[-1] if n.startswith(".job-42-") and n.endswith(".part")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result-1.png", "result-2.png"]


def test_the_image_check_and_the_publishing_run_in_the_given_executor(tmp_path):
    threads: list[str] = []

    def name_for(n: int, extension: str) -> Path:
        threads.append(threading.current_thread().name)
        return tmp_path / f"result-{n}{extension}"

    with CountingExecutor() as executor:
        save(base64_url(picture()), tmp_path, executor=executor, name_for=name_for)
    assert executor.submitted == 2
    assert threads and all(name.startswith("image-work") for name in threads)


def test_a_format_without_an_extension_of_its_own_is_saved_as_png(tmp_path):
    data = picture("PPM")
    saved = save("data:image/x-portable-pixmap;base64," + base64.b64encode(data).decode(), tmp_path)
    assert (saved.format, saved.path.name) == ("PPM", "result-1.png")
    assert saved.path.read_bytes() == data


def test_a_full_disk_is_told_apart_from_other_saving_errors(tmp_path):
    error = _saving_error(OSError(errno.ENOSPC, "No space left on device"), tmp_path)
    assert error.kind is ErrorKind.BAD_RESPONSE
    assert error.message == (
        f"The result could not be saved: the disk is full ({tmp_path}). "
        "Free some space, then download it again from the history."
    )
    assert error.details == "OSError: [Errno 28] No space left on device"
    assert error.params == {"problem": "disk_full", "folder": str(tmp_path)}


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        (b"<html>Signature expired</html>", "Signature expired"),
        (picture("JPEG", (40, 40))[:300], "(300 bytes of binary data"),
        (picture("JPEG", (64, 64), noise=True)[:-100], "(600 bytes of binary data"),
        (picture("PNG", (40, 40))[:-20], "binary data"),
    ],
)
def test_what_is_not_a_whole_image_is_refused_with_its_start(tmp_path, data, shown):
    error = refusal(base64_url(data), tmp_path)
    assert error.message == PREFIX + "what arrived is not a readable image."
    assert shown in error.details
    assert error.details.startswith(("UnidentifiedImageError: ", "OSError: ", "SyntaxError: "))
    assert list(tmp_path.iterdir()) == []


def test_a_percent_encoded_answer_that_looks_like_base64_is_not_decoded_as_base64(tmp_path):
    error = refusal("data:text/html,Expired", tmp_path)
    assert error.message == PREFIX + "what arrived is not a readable image."
    assert error.details.endswith("Expired")


def test_a_picture_over_the_pixel_limit_is_refused_before_decoding(tmp_path):
    error = refusal(base64_url(png_header_only(8001, 8000)), tmp_path)
    assert error.message == (
        PREFIX + "the picture is 8001 × 8000 pixels, more than the 64 megapixels a result may have."
    )
    assert error.details == "PNG 8001×8000"


def test_pillows_own_size_warning_is_neither_raised_nor_shown(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        error = refusal(base64_url(png_header_only(10000, 10000)), tmp_path)
    assert error.details == "PNG 10000×10000"


def test_a_decompression_bomb_is_refused_in_plain_words(tmp_path):
    error = refusal(base64_url(png_header_only(20000, 20000)), tmp_path)
    assert error.message == PREFIX + "the picture has far more pixels than a result may have."
    assert "400000000 pixels" in error.details


def test_a_folder_that_cannot_exist_is_a_saving_error_naming_it(tmp_path):
    (tmp_path / "a-file").write_text("x")
    folder = tmp_path / "a-file" / "results"
    with pytest.raises(RetouchError) as caught:
        save(base64_url(picture()), folder)
    error = caught.value
    assert error.kind is ErrorKind.BAD_RESPONSE
    assert error.message == f"The result could not be saved in {folder}: Not a directory."
    assert error.details.startswith("NotADirectoryError: ")
    assert error.params == {"problem": "cannot_save", "folder": str(folder)}


def test_only_data_urls_are_shortened_for_details():
    long_data = "data:image/png;base64," + "A" * 100
    assert url_for_details(long_data) == long_data[:60] + "…"
    https = "https://cdn.example/" + "a" * 100
    assert url_for_details(https) == https


def test_a_png_without_picture_data_is_refused_not_a_traceback(tmp_path):
    # A header and an end but no IDAT chunk: Pillow raises IndexError while loading it.
    error = refusal(base64_url(png_header_only(40, 30)), tmp_path)
    assert error.message == PREFIX + "what arrived is not a readable image."
    assert list(tmp_path.iterdir()) == []

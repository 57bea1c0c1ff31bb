"""Awkward pictures through the whole pipeline: refused before sending, or sent right."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from desktop_app.core.errors import ErrorKind, RetouchError
from tests.helpers import images
from tests.service.conftest import leftovers

REFUSED = {
    "zero-byte.jpg": lambda: b"",
    "notes.jpg": lambda: b"just some text, not a picture\n",
    "truncated.jpg": images.truncated_jpeg,
    "corrupt.png": lambda: b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 40,
    "photo.heic": images.fake_heic,
    "bomb.png": images.bomb_png,
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_unusable_pictures_are_refused_before_anything_is_sent(
    run_edit, demo_provider, tmp_path, out_dir, name
):
    path = images.write(tmp_path / name, REFUSED[name]())
    with pytest.raises(RetouchError) as caught:
        run_edit([path])
    assert caught.value.kind is ErrorKind.BAD_INPUT
    assert name in caught.value.message or caught.value.params.get("name") == name
    assert demo_provider.chat_requests == []
    assert leftovers(out_dir) == []


def _sent_image(provider) -> tuple[str, Image.Image]:
    url = provider.chat_requests[-1].body["messages"][0]["content"][1]["image_url"]["url"]
    header, _, payload = url.partition(",")
    return header, Image.open(io.BytesIO(base64.b64decode(payload)))


ACCEPTED = {
    "cmyk.jpg": (images.cmyk_jpeg, "image/jpeg", None),
    "sixteen-bit.png": (images.png16_gray, "image/jpeg", None),
    "palette.png": (lambda: images.palette_png(transparent=False), "image/jpeg", None),
    "alpha.png": (images.rgba_png, "image/png", None),
    "rotated.jpg": (lambda: images.exif_rotated_jpeg(400, 200, 6), "image/jpeg", (200, 400)),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_odd_but_valid_pictures_are_sent_as_srgb(run_edit, demo_provider, tmp_path, name):
    make, mime, size = ACCEPTED[name]
    path = images.write(tmp_path / name, make())
    result, _ = run_edit([path])
    assert result.outputs
    header, sent = _sent_image(demo_provider)
    assert header == f"data:{mime};base64"
    assert sent.mode in ("RGB", "RGBA")
    if size:
        assert sent.size == size  # EXIF orientation applied before sending


def test_a_100_megapixel_photo_is_downscaled_for_the_upload(run_edit, demo_provider, tmp_path):
    path = images.big_jpeg(tmp_path / "huge.jpg")
    result, _ = run_edit([path])
    _, sent = _sent_image(demo_provider)
    assert max(sent.size) == 2048
    assert result.upload_bytes < path.stat().st_size / 8

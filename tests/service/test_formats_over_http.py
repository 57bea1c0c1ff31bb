"""HEIC, AVIF, PSD, animated WebP and 16-bit TIFF through the whole pipeline over HTTP.

What the demo relay received is decoded and checked: 8-bit sRGB JPEG or PNG, upright,
transparency kept where the picture has it.
"""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from desktop_app.core.errors import ErrorKind, RetouchError
from tests.helpers import images
from tests.helpers import picture_formats as formats
from tests.service.conftest import leftovers

RED, BLUE, GREEN = (220, 30, 30), (30, 60, 220), (30, 160, 60)


def received(provider) -> tuple[str, Image.Image]:
    """The MIME type and decoded picture of the last request's image part."""
    url = provider.chat_requests[-1].body["messages"][0]["content"][1]["image_url"]["url"]
    header, _, payload = url.partition(",")
    image = Image.open(io.BytesIO(base64.b64decode(payload)))
    image.load()
    return header.removeprefix("data:").removesuffix(";base64"), image


def close(actual, expected, tolerance: int = 16) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(actual, expected, strict=False))


def with_clear_top(image: Image.Image) -> Image.Image:
    rgba = image.convert("RGBA")
    rgba.paste((0, 0, 0, 0), (0, 0, rgba.width, 12))
    return rgba


def swapped_profile() -> bytes:
    return images.rgb_icc_profile(images.SWAPPED_RED_GREEN_PRIMARIES)


def test_an_iphone_heic_arrives_upright_in_srgb(run_edit, demo_provider, tmp_path):
    # Stored sideways with orientation 6 and a profile whose red is sRGB's green.
    picture = images.halves(400, 200)
    data = formats.heic(picture, orientation=6, icc_profile=swapped_profile())
    path = images.write(tmp_path / "IMG_0001.HEIC", data)

    result, _ = run_edit([path])

    mime, sent = received(demo_provider)
    assert result.outputs and mime == "image/jpeg" and sent.mode == "RGB"
    assert sent.size == (200, 400)
    assert "icc_profile" not in sent.info  # plain sRGB, no profile to interpret
    top, bottom = sent.getpixel((100, 40)), sent.getpixel((100, 360))
    assert top[1] > 150 and top[0] < 100  # left half (red in the profile) is on top, green
    assert bottom[2] > 150  # blue stays blue under the swap


def test_an_avif_with_transparency_arrives_as_png_with_alpha(run_edit, demo_provider, tmp_path):
    data = formats.avif(with_clear_top(Image.new("RGB", (300, 200), GREEN)), orientation=3)
    path = images.write(tmp_path / "web.avif", data)

    run_edit([path])

    mime, sent = received(demo_provider)
    assert mime == "image/png" and sent.mode == "RGBA" and sent.size == (300, 200)
    assert sent.getpixel((150, 195))[3] == 0  # turned 180°: the clear strip is at the bottom
    assert close(sent.getpixel((150, 50)), (*GREEN, 255))


def test_a_layered_psd_sends_its_composite(run_edit, demo_provider, tmp_path):
    composite = with_clear_top(images.halves(240, 160))
    layers = [
        (images.photo(240, 160), (0, 0)),
        (Image.new("RGBA", (60, 40), (0, 255, 0, 120)), (20, 30)),
    ]
    path = images.write(tmp_path / "poster.psd", formats.psd(composite, layers))

    run_edit([path])

    mime, sent = received(demo_provider)
    assert mime == "image/png" and sent.mode == "RGBA" and sent.size == (240, 160)
    assert sent.getpixel((120, 4))[3] == 0
    assert close(sent.getpixel((40, 100)), (*RED, 255))
    assert close(sent.getpixel((200, 100)), (*BLUE, 255))


def test_a_psd_without_composite_is_refused_before_sending(
    run_edit, demo_provider, tmp_path, out_dir
):
    layers = [(images.photo(120, 80), (0, 0))]
    data = formats.psd(images.photo(120, 80), layers, real_composite=False)
    path = images.write(tmp_path / "layers-only.psd", data)

    with pytest.raises(RetouchError) as caught:
        run_edit([path])

    assert caught.value.kind is ErrorKind.BAD_INPUT
    assert caught.value.params["problem"] == "psd_no_composite"
    assert "layers-only.psd" in caught.value.message and "Maximize" in caught.value.message
    assert demo_provider.chat_requests == [] and leftovers(out_dir) == []


def test_an_animated_webp_sends_its_first_frame_and_says_so(run_edit, demo_provider, tmp_path):
    frames = [with_clear_top(Image.new("RGB", (160, 120), RED))]
    frames += [Image.new("RGBA", (160, 120), (*colour, 255)) for colour in (BLUE, GREEN)]
    path = images.write(tmp_path / "sticker.webp", formats.animated("WEBP", frames))

    result, _ = run_edit([path])

    mime, sent = received(demo_provider)
    assert mime == "image/png" and sent.getpixel((80, 4))[3] == 0
    assert close(sent.getpixel((80, 80)), (*RED, 255))
    assert "“sticker.webp” has 3 frames; only the first is used." in result.warnings
    assert result.to_json()["warnings"][0].startswith("“sticker.webp” has 3 frames")


def test_a_16_bit_tiff_arrives_as_8_bit_srgb(run_edit, demo_provider, tmp_path):
    path = images.write(tmp_path / "scan.tif", formats.tiff16(images.halves(320, 240)))

    result, _ = run_edit([path])

    mime, sent = received(demo_provider)
    assert mime == "image/jpeg" and sent.mode == "RGB" and sent.size == (320, 240)
    assert close(sent.getpixel((60, 120)), RED) and close(sent.getpixel((260, 120)), BLUE)
    assert result.warnings == ()


def test_a_16_bit_psd_arrives_as_8_bit_srgb(run_edit, demo_provider, tmp_path):
    data = formats.psd(images.halves(320, 240), depth=16, rle=True)
    path = images.write(tmp_path / "master-16bit.psd", data)

    run_edit([path])

    mime, sent = received(demo_provider)
    assert mime == "image/jpeg" and sent.mode == "RGB" and sent.size == (320, 240)
    assert close(sent.getpixel((60, 120)), RED) and close(sent.getpixel((260, 120)), BLUE)

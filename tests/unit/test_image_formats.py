"""HEIC, AVIF, PSD, animations, multi-page and 16-bit TIFF: opened like JPEG and PNG."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.imaging.prep import (
    first_frame_notice,
    inspect_image,
    load_display_image,
    prepare_image,
)
from tests.helpers import images
from tests.helpers import picture_formats as formats

RED, BLUE = (220, 30, 30), (30, 60, 220)


def close(actual, expected, tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(actual, expected, strict=False))


@pytest.mark.parametrize("encode", [formats.heic, formats.avif], ids=["heic", "avif"])
def test_heic_and_avif_are_shown_upright(encode) -> None:
    data = encode(images.halves(400, 200), orientation=6)  # red left, blue right

    info = inspect_image(data)
    picture = load_display_image(data)

    assert (info.width, info.height) == (200, 400) == picture.size
    assert close(picture.getpixel((100, 40)), RED) and close(picture.getpixel((100, 360)), BLUE)


@pytest.mark.parametrize("encode", [formats.heic, formats.avif], ids=["heic", "avif"])
def test_heic_and_avif_colour_profiles_are_converted_to_srgb(encode) -> None:
    profile = images.rgb_icc_profile(images.SWAPPED_RED_GREEN_PRIMARIES)
    data = encode(Image.new("RGB", (64, 48), (200, 40, 40)), icc_profile=profile)

    picture = load_display_image(data)

    red, green, _ = picture.getpixel((32, 24))
    assert green > 150 and red < 100  # the profile's red primary is sRGB's green


@pytest.mark.parametrize("encode", [formats.heic, formats.avif], ids=["heic", "avif"])
def test_heic_and_avif_keep_transparency(encode) -> None:
    picture = Image.new("RGBA", (64, 48), (30, 160, 60, 255))
    picture.paste((0, 0, 0, 0), (0, 0, 32, 48))

    prepared = prepare_image(encode(picture))

    assert prepared.mime == "image/png" and prepared.source.has_alpha


def test_a_layered_psd_gives_its_stored_composite_with_alpha() -> None:
    composite = images.halves(120, 80).convert("RGBA")
    composite.paste((0, 0, 0, 0), (0, 0, 120, 10))
    overlay = Image.new("RGBA", (40, 20), (0, 255, 0, 90))
    layers = [(images.photo(120, 80), (0, 0)), (overlay, (5, 5))]

    prepared = prepare_image(formats.psd(composite, layers))
    sent = Image.open(io.BytesIO(prepared_bytes(prepared)))

    assert prepared.source.format == "PSD" and prepared.source.frames == 1
    assert sent.mode == "RGBA" and sent.getpixel((60, 2))[3] == 0
    assert close(sent.getpixel((20, 50)), RED) and close(sent.getpixel((100, 50)), BLUE)


def test_a_psd_profile_is_converted_to_srgb() -> None:
    profile = images.rgb_icc_profile(images.SWAPPED_RED_GREEN_PRIMARIES)
    data = formats.psd(Image.new("RGB", (32, 32), (200, 40, 40)), icc_profile=profile)

    red, green, _ = load_display_image(data).getpixel((16, 16))

    assert green > 150 and red < 100


@pytest.mark.parametrize(
    "options", [{"real_composite": False}, {"image_data": False}], ids=["blank", "none"]
)
def test_a_psd_without_composite_is_refused_with_what_to_do(tmp_path: Path, options) -> None:
    layers = [(images.photo(64, 48), (0, 0))]
    data = formats.psd(images.photo(64, 48), layers, **options)
    path = images.write(tmp_path / "poster.psd", data)

    with pytest.raises(RetouchError) as caught:
        inspect_image(path)

    error = caught.value
    assert error.kind is ErrorKind.BAD_INPUT and error.params["problem"] == "psd_no_composite"
    assert "poster.psd" in error.message and "Maximize PSD Compatibility" in error.message


@pytest.mark.parametrize("fmt", ["WEBP", "GIF", "AVIF"])
def test_animations_give_their_first_frame_and_say_so(fmt: str) -> None:
    frames = [Image.new("RGB", (64, 48), colour) for colour in (RED, BLUE, (20, 200, 20))]
    data = formats.animated(fmt, frames)

    info = inspect_image(data)
    picture = load_display_image(data)

    assert info.frames == 3
    assert close(picture.getpixel((32, 24)), RED, 16)
    notice = first_frame_notice(info, "loop.gif")
    assert notice == "“loop.gif” has 3 frames; only the first is used."


def test_a_multi_page_tiff_gives_its_first_page() -> None:
    pages = [images.photo(80, 60), Image.new("RGB", (80, 60), BLUE)]
    data = images.encoded(pages[0], "TIFF", save_all=True, append_images=pages[1:])

    info = inspect_image(data)

    assert info.frames == 2
    assert "2 pages" in (first_frame_notice(info, "scan.tif") or "")
    assert first_frame_notice(inspect_image(images.encoded(pages[0], "TIFF")), "one.tif") is None


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_sixteen_bit_tiff_becomes_8_bit_srgb(mode: str) -> None:
    source = images.halves(64, 48).convert(mode)

    picture = load_display_image(formats.tiff16(source))

    assert picture.mode == "RGB"  # an opaque alpha channel is dropped
    assert close(picture.getpixel((10, 10)), RED, 2) and close(picture.getpixel((54, 10)), BLUE, 2)


def test_heic_support_is_registered_on_first_use_not_at_import() -> None:
    script = (
        "import sys; import desktop_app.core.imaging.prep, desktop_app.core.imaging.export;"
        "print('pi_heif' in sys.modules or 'pillow_heif' in sys.modules)"
    )
    repo = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=repo, capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "False"


def prepared_bytes(prepared) -> bytes:
    import base64

    return base64.b64decode(prepared.data_url.partition(",")[2])


@pytest.mark.parametrize("rle", [False, True], ids=["raw", "packbits"])
@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L", "CMYK"])
def test_a_16_bit_psd_composite_is_read(mode: str, rle: bool) -> None:
    source = images.halves(120, 80)
    if mode == "RGBA":
        source = source.convert("RGBA")
        source.paste((0, 0, 0, 0), (0, 0, 120, 10))
    else:
        source = source.convert(mode)

    info = inspect_image(formats.psd(source, depth=16, rle=rle))
    picture = load_display_image(formats.psd(source, depth=16, rle=rle))

    assert (info.format, info.width, info.height) == ("PSD", 120, 80)
    assert picture.mode == ("RGBA" if mode == "RGBA" else "RGB")
    expected = source.convert("RGB").getpixel((20, 40)), source.convert("RGB").getpixel((100, 40))
    assert close(picture.getpixel((20, 40)), expected[0], 3)
    assert close(picture.getpixel((100, 40)), expected[1], 3)
    if mode == "RGBA":
        assert picture.getpixel((60, 5))[3] == 0


def test_a_cut_off_16_bit_psd_is_called_damaged() -> None:
    data = formats.psd(images.photo(64, 48), depth=16)

    with pytest.raises(RetouchError) as caught:
        load_display_image(data[: len(data) - 500])

    assert caught.value.params["problem"] == "damaged" and "PSD" in caught.value.message


def test_without_a_heif_decoder_heic_is_refused_by_name(monkeypatch) -> None:
    data = formats.heic(images.photo(64, 48))
    inspect_image(data)  # registers the decoder, which is then taken away
    monkeypatch.delitem(Image.OPEN, "HEIF")

    with pytest.raises(RetouchError) as caught:
        inspect_image(data)

    assert caught.value.params["problem"] == "unsupported_format"
    assert caught.value.params["format"] == "HEIC" and "HEIC photo" in caught.value.message

"""Image preparation: checks, colour, orientation, size limits and encoding of what is sent."""

from __future__ import annotations

import base64
import io
import subprocess
import sys
import textwrap
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFile, ImageStat

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.imaging import prep as image_prep
from desktop_app.core.imaging.prep import (
    MAX_DATA_URL_BYTES,
    MAX_SOURCE_PIXELS,
    SUPPORTED_FORMATS,
    ImageInfo,
    PreparedImage,
    inspect_image,
    load_display_image,
    prepare_image,
)
from tests.helpers import images

ALL_ENTRY_POINTS = (inspect_image, prepare_image, load_display_image)


def decode(prepared: PreparedImage) -> Image.Image:
    """Decode a data URL back into an image, checking the prefix and reported sizes."""
    prefix = f"data:{prepared.mime};base64,"
    assert prepared.data_url.startswith(prefix)
    data = base64.b64decode(prepared.data_url[len(prefix) :], validate=True)
    assert len(data) == prepared.encoded_size
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == {"image/jpeg": "JPEG", "image/png": "PNG"}[prepared.mime]
    assert image.size == (prepared.width, prepared.height)
    return image


def mean(image: Image.Image, box: tuple[int, int, int, int] | None = None) -> tuple[float, ...]:
    """Average colour of ``image`` (or of ``box``), per band."""
    return tuple(ImageStat.Stat(image.crop(box) if box else image).mean)


def assert_close(actual: tuple[float, ...], expected: tuple[float, ...], tolerance: float = 6):
    assert all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True)), (
        actual,
        expected,
    )


def assert_bad_input(error: RetouchError, *words: str, problem: str) -> None:
    """BAD_INPUT, a plain message naming the problem, technical text kept out of it."""
    assert error.kind is ErrorKind.BAD_INPUT
    message = error.message.lower()
    for word in words:
        assert word.lower() in message, error.message
    for technical in ("traceback", "error:", "exception", "pil", "oserror", "syntaxerror"):
        assert technical not in message, error.message
    assert error.params["problem"] == problem
    assert "name" in error.params


# --- inspect_image --------------------------------------------------------------------------


def test_inspect_reads_the_header(tmp_path: Path) -> None:
    path = images.save_photo(tmp_path / "photo.jpg", 640, 480, quality=90)

    info = inspect_image(path)

    assert info == ImageInfo("JPEG", 640, 480, "RGB", path.stat().st_size, has_alpha=False)
    assert info.megapixels == pytest.approx(0.3072)


def test_inspect_accepts_bytes_and_reports_alpha() -> None:
    info = inspect_image(images.rgba_png(40, 30))

    assert (info.format, info.width, info.height, info.mode) == ("PNG", 40, 30, "RGBA")
    assert info.has_alpha


@pytest.mark.parametrize("orientation", [6, 8])
def test_inspect_reports_the_shown_size_for_rotated_photos(orientation: int) -> None:
    info = inspect_image(images.exif_rotated_jpeg(400, 200, orientation))

    assert (info.width, info.height) == (200, 400)


@pytest.mark.parametrize(
    ("factory", "mode"),
    [
        (lambda: images.cmyk_jpeg(), "CMYK"),
        (lambda: images.png16_gray(), "I;16"),
        (lambda: images.palette_png(), "P"),
        (lambda: images.animated_gif(), "P"),
    ],
)
def test_inspect_reports_the_file_mode(factory, mode: str) -> None:
    assert inspect_image(factory()).mode == mode


def test_inspect_does_not_decode_pixels(monkeypatch: pytest.MonkeyPatch) -> None:
    # 225 MP: above Pillow's own bomb limit (about 179 MP) but under ours, so it must pass
    # without DecompressionBombError or DecompressionBombWarning, and without decoding.
    monkeypatch.setattr(ImageFile.ImageFile, "load", _no_decoding)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        info = inspect_image(images.bomb_png(15_000, 15_000))

    assert (info.width, info.height) == (15_000, 15_000)
    assert MAX_SOURCE_PIXELS >= 15_000 * 15_000


def test_supported_formats_are_pillow_names() -> None:
    assert {"JPEG", "PNG", "WEBP", "BMP", "TIFF", "GIF", "MPO"} <= SUPPORTED_FORMATS


# --- bad input ------------------------------------------------------------------------------


def _no_decoding(self: ImageFile.ImageFile) -> None:
    raise AssertionError("pixels were decoded")


@pytest.mark.parametrize("entry", ALL_ENTRY_POINTS)
def test_missing_file(tmp_path: Path, entry) -> None:
    with pytest.raises(RetouchError) as caught:
        entry(tmp_path / "gone.jpg")

    assert_bad_input(caught.value, "gone.jpg", "can't find", problem="missing")
    assert str(tmp_path) in caught.value.details
    assert caught.value.params["name"] == "gone.jpg"


@pytest.mark.parametrize("entry", ALL_ENTRY_POINTS)
def test_zero_byte_file(tmp_path: Path, entry) -> None:
    path = images.write(tmp_path / "empty.png", b"")

    with pytest.raises(RetouchError) as caught:
        entry(path)

    assert_bad_input(caught.value, "empty.png", "empty", problem="empty")


@pytest.mark.parametrize("name", ["notes.txt", "photo.jpg"])
@pytest.mark.parametrize("entry", ALL_ENTRY_POINTS)
def test_text_file_is_not_an_image(tmp_path: Path, entry, name: str) -> None:
    path = images.write(tmp_path / name, images.TEXT_FILE)

    with pytest.raises(RetouchError) as caught:
        entry(path)

    assert_bad_input(
        caught.value, name, "is not an image Retouch Studio can read", problem="not_an_image"
    )


def test_folder_is_not_an_image(tmp_path: Path) -> None:
    with pytest.raises(RetouchError) as caught:
        inspect_image(tmp_path)

    assert_bad_input(caught.value, "folder", problem="folder")


@pytest.mark.parametrize("fmt", sorted(images.UNSUPPORTED_SAMPLES))
@pytest.mark.parametrize("entry", ALL_ENTRY_POINTS)
def test_unsupported_formats_are_named(tmp_path: Path, entry, fmt: str) -> None:
    # A neutral file name: the format must come from the bytes.
    path = images.write(tmp_path / "drop.bin", images.UNSUPPORTED_SAMPLES[fmt])

    with pytest.raises(RetouchError) as caught:
        entry(path)

    assert_bad_input(caught.value, "drop.bin", fmt, "JPEG or PNG", problem="unsupported_format")
    assert caught.value.params["format"] == fmt


def test_a_cut_off_heic_from_bytes_is_called_damaged() -> None:
    with pytest.raises(RetouchError) as caught:
        prepare_image(images.fake_heic())

    assert_bad_input(caught.value, "this image", "damaged", "HEIC", problem="damaged")


def test_camera_raw_is_refused_by_name(tmp_path: Path) -> None:
    # Raw files are TIFF inside; opening one as TIFF would send its tiny preview.
    path = images.save_photo(tmp_path / "DSC_0001.NEF", 64, 48, fmt="TIFF")

    with pytest.raises(RetouchError) as caught:
        prepare_image(path)

    assert_bad_input(caught.value, "camera RAW", "NEF", problem="unsupported_format")


@pytest.mark.parametrize("entry", ALL_ENTRY_POINTS)
def test_decompression_bomb_is_refused_from_the_header(
    tmp_path: Path, entry, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = images.write(tmp_path / "bomb.png", images.bomb_png(40_000, 40_000))
    assert path.stat().st_size < 1_000
    monkeypatch.setattr(ImageFile.ImageFile, "load", _no_decoding)

    with pytest.raises(RetouchError) as caught:
        entry(path)

    assert_bad_input(
        caught.value, "bomb.png", "too large", "1,600 megapixels", "250", problem="too_large"
    )
    assert caught.value.params["megapixels"] == 1600.0
    assert caught.value.params["limit_megapixels"] == 250
    assert (caught.value.params["width"], caught.value.params["height"]) == (40_000, 40_000)


@pytest.mark.parametrize("entry", ALL_ENTRY_POINTS)
def test_frame_larger_than_pillow_allows_is_too_large(entry) -> None:
    with pytest.raises(RetouchError) as caught:
        entry(images.gif_with_huge_frame())

    assert_bad_input(caught.value, "too large", problem="too_large_to_open")


@pytest.mark.parametrize("entry", [prepare_image, load_display_image])
def test_truncated_jpeg_is_damaged_not_a_crash(tmp_path: Path, entry) -> None:
    path = images.write(tmp_path / "half.jpg", images.truncated_jpeg())
    assert inspect_image(path).format == "JPEG"  # the header is intact

    with pytest.raises(RetouchError) as caught:
        entry(path)

    assert_bad_input(caught.value, "half.jpg", "damaged", "JPEG", problem="damaged")
    assert "truncated" in caught.value.details


def test_truncated_png_is_damaged() -> None:
    data = images.encoded(images.noisy_photo(200, 150), "PNG")

    with pytest.raises(RetouchError) as caught:
        prepare_image(data[: len(data) // 2])

    assert_bad_input(caught.value, "damaged", "PNG", problem="damaged")


def test_corrupt_header_is_damaged() -> None:
    data = images.encoded(images.photo(64, 48), "PNG")
    broken = data[:16] + b"\xff" * 40  # signature intact, IHDR garbage

    with pytest.raises(RetouchError) as caught:
        inspect_image(broken)

    assert_bad_input(caught.value, "damaged", "PNG", problem="damaged")


# --- colour ---------------------------------------------------------------------------------


def test_cmyk_without_profile_comes_out_red() -> None:
    image = decode(prepare_image(images.cmyk_jpeg((0, 255, 255, 0))))

    assert image.mode == "RGB"
    red, green, blue = mean(image)
    assert red > 200 and green < 60 and blue < 60


def test_cmyk_with_profile_uses_the_profile() -> None:
    profile = images.cmyk_icc_profile()

    red = mean(decode(prepare_image(images.cmyk_jpeg((0, 255, 255, 0), icc_profile=profile))))
    cyan = mean(decode(prepare_image(images.cmyk_jpeg((255, 0, 0, 0), icc_profile=profile))))
    naive_cyan = mean(decode(prepare_image(images.cmyk_jpeg((255, 0, 0, 0)))))

    assert red[0] > 200 and red[1] < 60 and red[2] < 60
    assert_close(cyan, images.CMYK_INKS[0], tolerance=8)  # the ink, not (0, 255, 255)
    assert naive_cyan[1] > 240


def test_sixteen_bit_grey_is_scaled_not_clipped() -> None:
    white = decode(prepare_image(images.png16_gray(value=65535)))
    middle = decode(prepare_image(images.png16_gray(value=32896)))
    dark = decode(prepare_image(images.png16_gray(value=2570)))

    assert white.mode == "RGB"
    assert_close(mean(white), (255, 255, 255), tolerance=1)
    assert_close(mean(middle), (128, 128, 128), tolerance=2)
    assert_close(mean(dark), (10, 10, 10), tolerance=2)


def test_forty_eight_bit_rgb_png() -> None:
    image = decode(prepare_image(images.png16_rgb(color=(65535, 32896, 0))))

    assert_close(mean(image), (255, 128, 0), tolerance=3)


@pytest.mark.parametrize(
    ("mode", "value", "expected"),
    [("I", 65535, 255), ("I", 32896, 128), ("I", 200, 200), ("F", 1.0, 255), ("F", 0.5, 128)],
)
def test_32_bit_tiff_is_scaled_over_its_range(mode: str, value: float, expected: int) -> None:
    image = Image.new(mode, (32, 24), value)
    image.putpixel((0, 0), 0)
    data = images.encoded(image, "TIFF")

    shown = load_display_image(data)

    assert shown.mode == "RGB"
    assert_close(shown.getpixel((16, 12)), (expected, expected, expected), tolerance=1)


def test_profiled_rgb_is_converted_to_srgb() -> None:
    data = images.rgb_jpeg_with_profile((255, 0, 0), images.rgb_icc_profile())

    red, green, blue = mean(decode(prepare_image(data)))

    assert green > 200 and red < 60 and blue < 60  # this profile's "red" primary is green


def test_srgb_profile_keeps_colours() -> None:
    data = images.rgb_jpeg_with_profile((200, 120, 40), images.srgb_icc_profile())

    assert_close(mean(decode(prepare_image(data))), (200, 120, 40), tolerance=3)


def test_broken_profile_is_ignored() -> None:
    data = images.rgb_jpeg_with_profile((200, 120, 40), b"not really a profile" * 10)

    assert_close(mean(decode(prepare_image(data))), (200, 120, 40), tolerance=3)


def test_palette_with_transparency_becomes_png_with_alpha() -> None:
    prepared = prepare_image(images.palette_png(transparent=True))
    image = decode(prepared)

    assert prepared.mime == "image/png"
    assert image.mode == "RGBA"
    assert image.getpixel((5, 5))[3] == 0
    assert image.getpixel((60, 40)) == (30, 60, 220, 255)


def test_palette_without_transparency_becomes_jpeg() -> None:
    prepared = prepare_image(images.palette_png(transparent=False))
    image = decode(prepared)

    assert prepared.mime == "image/jpeg"
    assert_close(image.getpixel((40, 20)), (220, 30, 30), tolerance=8)


@pytest.mark.parametrize(
    ("mode", "mime"), [("L", "image/jpeg"), ("LA", "image/png"), ("1", "image/jpeg")]
)
def test_grey_and_bilevel(mode: str, mime: str) -> None:
    source = Image.new(mode, (40, 30), 255 if mode != "LA" else (200, 128))
    prepared = prepare_image(images.encoded(source, "PNG"))
    image = decode(prepared)

    assert prepared.mime == mime
    assert image.mode in ("RGB", "RGBA")
    expected = (255, 255, 255) if mode != "LA" else (200, 200, 200, 128)
    assert_close(image.getpixel((20, 15)), expected, tolerance=2)


# --- orientation, alpha and format choice -----------------------------------------------------


@pytest.mark.parametrize(("orientation", "top"), [(6, (220, 30, 30)), (8, (30, 60, 220))])
def test_exif_orientation_is_applied(orientation: int, top: tuple[int, int, int]) -> None:
    prepared = prepare_image(images.exif_rotated_jpeg(400, 200, orientation))
    image = decode(prepared)

    assert (prepared.width, prepared.height) == (200, 400)
    assert_close(mean(image, (20, 20, 180, 180)), top, tolerance=10)
    assert not image.getexif().get(0x0112)  # not applied twice by the receiver


def test_exif_orientation_with_downscale() -> None:
    prepared = prepare_image(images.exif_rotated_jpeg(4000, 2000, 6), max_long_side=1000)

    assert (prepared.width, prepared.height) == (500, 1000)
    assert_close(mean(decode(prepared), (50, 50, 450, 450)), (220, 30, 30), tolerance=10)


def test_real_transparency_is_sent_as_png() -> None:
    prepared = prepare_image(images.rgba_png(64, 48, transparent=True))
    image = decode(prepared)

    assert prepared.mime == "image/png"
    assert image.mode == "RGBA"
    assert image.getpixel((5, 5))[3] == 0
    assert image.getpixel((60, 40))[3] == 255


def test_opaque_alpha_channel_is_sent_as_jpeg() -> None:
    prepared = prepare_image(images.rgba_png(64, 48, transparent=False))

    assert prepared.mime == "image/jpeg"
    assert decode(prepared).mode == "RGB"


def test_animated_gif_sends_the_first_frame() -> None:
    image = decode(prepare_image(images.animated_gif()))

    assert_close(mean(image), (220, 30, 30), tolerance=10)


def test_mpo_sends_the_first_frame() -> None:
    frames = [images.halves(64, 48), Image.new("RGB", (64, 48), (0, 200, 0))]
    data = images.encoded(frames[0], "MPO", save_all=True, append_images=frames[1:])

    image = load_display_image(data)

    assert_close(mean(image, (0, 0, 30, 48)), (220, 30, 30), tolerance=10)


@pytest.mark.parametrize(
    ("fmt", "suffix"),
    [("WEBP", "webp"), ("BMP", "bmp"), ("TIFF", "tif"), ("PNG", "png"), ("GIF", "gif")],
)
def test_other_supported_formats(tmp_path: Path, fmt: str, suffix: str) -> None:
    path = images.save_photo(tmp_path / f"photo.{suffix}", 300, 200, fmt=fmt)

    prepared = prepare_image(path, max_long_side=150)

    assert prepared.source.format == fmt
    assert (prepared.width, prepared.height) == (150, 100)
    decode(prepared)


# --- size -----------------------------------------------------------------------------------


def test_long_side_is_limited_and_aspect_kept(tmp_path: Path) -> None:
    path = images.save_photo(tmp_path / "wide.jpg", 3000, 1000, quality=90)

    prepared = prepare_image(path, max_long_side=1024)

    assert (prepared.width, prepared.height) == (1024, 341)
    assert prepared.source.width == 3000
    image = decode(prepared)
    # The content is scaled, not cropped: the red ellipse stays where it was, proportionally.
    assert_close(image.getpixel((384, 128)), (220, 60, 40), tolerance=25)


def test_small_images_are_not_enlarged() -> None:
    prepared = prepare_image(images.encoded(images.photo(300, 200), "PNG"), max_long_side=2048)

    assert (prepared.width, prepared.height) == (300, 200)
    assert prepared.mime == "image/jpeg"


def test_default_long_side_is_2048_for_a_large_photo(tmp_path: Path) -> None:
    path = tmp_path / "large.jpg"
    images.noisy_photo(3000, 2000).save(path, "JPEG", quality=90)

    prepared = prepare_image(path)

    assert (prepared.width, prepared.height) == (2048, 1365)
    assert len(prepared.data_url) <= MAX_DATA_URL_BYTES


def test_banded_downscale_matches_a_plain_resize() -> None:
    source = images.photo(3000, 2000)
    reference = source.resize((2048, 1365), Image.Resampling.BICUBIC)

    shown = load_display_image(images.encoded(source, "PNG"), max_long_side=2048)

    assert shown.size == (2048, 1365)
    assert max(high for _, high in ImageChops.difference(shown, reference).getextrema()) <= 3


def test_parallel_calls_do_not_mix_up_pictures() -> None:
    colours = [(220, 30, 30), (30, 200, 60), (240, 200, 20), (120, 40, 160)]
    sources = [images.encoded(images.halves(2400, 1600, left=c), "PNG") for c in colours]

    with ThreadPoolExecutor(4) as pool:
        shown = list(pool.map(lambda data: load_display_image(data, 2048), sources))

    for colour, image in zip(colours, shown, strict=True):
        assert image.size == (2048, 1365)
        assert_close(mean(image, (0, 0, 1000, 1365)), colour, tolerance=2)
        assert_close(mean(image, (1048, 0, 2048, 1365)), (30, 60, 220), tolerance=2)


def test_over_the_limit_steps_down_until_it_fits() -> None:
    data = images.encoded(images.noisy_photo(1200, 800), "PNG")
    roomy = prepare_image(data)
    limit = len(roomy.data_url) // 4

    prepared = prepare_image(data, max_data_url_bytes=limit)

    assert len(prepared.data_url) <= limit
    assert prepared.mime == "image/jpeg"
    image = decode(prepared)
    assert image.width / image.height == pytest.approx(1.5, abs=0.01)


def test_transparent_image_over_the_limit_is_scaled_down() -> None:
    noisy = images.noisy_photo(800, 600).convert("RGBA")
    noisy.putpixel((0, 0), (0, 0, 0, 0))
    data = images.encoded(noisy, "PNG")

    prepared = prepare_image(data, max_data_url_bytes=400_000)

    assert prepared.mime == "image/png"
    assert len(prepared.data_url) <= 400_000
    assert prepared.width < 800
    assert decode(prepared).mode == "RGBA"


def test_impossible_limit_is_bad_input() -> None:
    with pytest.raises(RetouchError) as caught:
        prepare_image(images.encoded(images.noisy_photo(600, 400), "PNG"), max_data_url_bytes=500)

    assert_bad_input(caught.value, "small enough", problem="cannot_fit")


# --- load_display_image ---------------------------------------------------------------------


def test_display_image_is_oriented_and_reduced() -> None:
    image = load_display_image(images.exif_rotated_jpeg(800, 400, 6), max_long_side=200)

    assert image.mode == "RGB"
    assert image.size == (100, 200)
    assert_close(mean(image, (10, 10, 90, 90)), (220, 30, 30), tolerance=10)


def test_display_image_full_size_and_alpha() -> None:
    image = load_display_image(images.rgba_png(64, 48))

    assert image.mode == "RGBA"
    assert image.size == (64, 48)


def test_display_image_of_cmyk_is_rgb() -> None:
    assert load_display_image(images.cmyk_jpeg()).mode == "RGB"


# --- very large inputs ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def hundred_megapixels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return images.big_jpeg(tmp_path_factory.mktemp("big") / "100mp.jpg", 12_000, 8_400)


def test_hundred_megapixel_photo_is_prepared(hundred_megapixels: Path) -> None:
    info = inspect_image(hundred_megapixels)
    prepared = prepare_image(hundred_megapixels)

    assert info.megapixels == pytest.approx(100.8)
    assert (prepared.width, prepared.height) == (2048, 1434)
    image = decode(prepared)
    assert_close(image.getpixel((1024, 5)), (0, 90, 255), tolerance=12)  # gradient's top


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_hundred_megapixel_photo_stays_well_under_a_gib(hundred_megapixels: Path) -> None:
    # A fresh process, and VmHWM (its own peak resident memory): ru_maxrss would include the
    # peak of this test process, which carries over a fork and exec.
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from desktop_app.core.imaging.prep import prepare_image
        prepare_image(Path({str(hundred_megapixels)!r}))
        status = Path("/proc/self/status").read_text()
        print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
        """
    )
    repo = Path(image_prep.__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=repo, capture_output=True, text=True, check=True
    )

    peak_kib = int(result.stdout.strip())
    assert peak_kib < 512 * 1024

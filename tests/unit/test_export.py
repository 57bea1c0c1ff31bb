"""Export: formats, metadata that reads back (Chinese included), ICC profiles, ratio fixes."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from desktop_app.core.errors import RetouchError
from desktop_app.core.history.exports import export_all
from desktop_app.core.history.records import JobRecord, JobStatus, OutputFile
from desktop_app.core.imaging.export import (
    ExportOptions,
    export_image,
    fit_to_ratio,
    match_source_size,
)
from desktop_app.core.imaging.metadata import ImageMetadata, read_metadata
from tests.helpers.images import rgb_icc_profile, save_photo

PROMPT = "美化一下这种图片,加上 我爱中国 四个字"
META = ImageMetadata(
    prompt=PROMPT, model="gpt-4o-image-vip", ratio="4:3", source_name="产品照片 01.jpg"
)


@pytest.fixture
def result(tmp_path) -> Path:
    """A delivered result: 1536×1024 PNG, pure red on the left, blue on the right."""
    image = Image.new("RGB", (1536, 1024), (255, 0, 0))
    image.paste((0, 0, 255), (768, 0, 1536, 1024))
    path = tmp_path / "photo-edit-1.png"
    image.save(path)
    return path


@pytest.fixture
def source(tmp_path) -> Path:
    """The original input: 800×600 JPEG tagged with a wide-gamut-like (swapped) profile."""
    path = tmp_path / "src" / "产品照片 01.jpg"
    path.parent.mkdir()
    Image.new("RGB", (800, 600), (90, 120, 150)).save(path, icc_profile=rgb_icc_profile())
    return path


# --- metadata round trips -------------------------------------------------------------------


def test_png_text_chunks_carry_the_prompt_in_unicode(result, tmp_path):
    target = export_image(result, tmp_path / "out.png", ExportOptions(metadata=META))
    with Image.open(target) as image:
        text = image.text
        xmp = image.info.get("xmp")
    assert text["Description"] == PROMPT
    assert text["Software"].startswith("Retouch Studio")
    assert "gpt-4o-image-vip" in text["Comment"] and "产品照片 01.jpg" in text["Comment"]
    assert json.loads(text["retouch-studio"])["prompt"] == PROMPT
    assert PROMPT in (xmp.decode() if isinstance(xmp, bytes) else xmp)
    assert b"iTXt" in target.read_bytes() and PROMPT.encode("utf-8") in target.read_bytes()
    assert read_metadata(target) == META


@pytest.mark.parametrize(
    ("suffix", "fmt"), [(".jpg", "JPEG"), (".webp", "WEBP"), (".avif", "AVIF"), (".tif", "TIFF")]
)
def test_exif_and_xmp_carry_the_prompt(result, tmp_path, suffix, fmt):
    target = export_image(result, tmp_path / f"out{suffix}", ExportOptions(metadata=META))
    with Image.open(target) as image:
        assert image.format == fmt
        exif = image.getexif()
        exif.get_ifd(ExifTags.IFD.Exif)
        xmp = image.info["xmp"]
    description = exif[0x010E]
    assert description.encode("latin-1").decode("utf-8") == PROMPT  # UTF-8, as exiftool reads
    assert exif[0x0131].startswith("Retouch Studio")
    comment = exif.get_ifd(ExifTags.IFD.Exif)[0x9286]
    assert comment.startswith(b"UNICODE\0")
    encoding = "utf-16-le" if exif.endian == "<" else "utf-16-be"
    assert json.loads(comment[8:].decode(encoding)) == META.to_json()
    assert exif[0x9C9C].decode("utf-16-le").rstrip("\0") == PROMPT
    xmp_text = xmp.decode("utf-8") if isinstance(xmp, bytes) else xmp
    assert PROMPT in xmp_text and "dc:description" in xmp_text and "4:3" in xmp_text
    assert read_metadata(target) == META


def test_metadata_is_read_back_from_xmp_alone(tmp_path):
    from desktop_app.core.imaging.metadata import xmp_packet

    target = tmp_path / "xmp-only.jpg"
    Image.new("RGB", (8, 8)).save(target, xmp=xmp_packet(META))
    assert read_metadata(target) == META


def test_a_picture_without_metadata_reads_as_none(result):
    assert read_metadata(result) is None


# --- colour profile -------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".webp", ".avif", ".tif"])
def test_the_source_profile_is_carried_over_and_the_colours_follow(
    result, source, tmp_path, suffix
):
    options = ExportOptions(metadata=META, source_picture=source)
    target = export_image(result, tmp_path / f"out{suffix}", options)
    with Image.open(target) as image:
        assert image.info["icc_profile"] == rgb_icc_profile()
        red = image.convert("RGB").getpixel((10, 10))
    # The test profile swaps the red and green primaries: sRGB red is stored as "green".
    assert red[1] > 200 and red[0] < 40, red
    assert read_metadata(target) == META


def test_no_source_profile_means_none_is_invented(result, tmp_path):
    plain = save_photo(tmp_path / "plain.jpg", 64, 48)
    target = export_image(result, tmp_path / "out.jpg", ExportOptions(source_picture=plain))
    with Image.open(target) as image:
        assert not image.info.get("icc_profile")
        assert image.getpixel((10, 10))[0] > 230


# --- ratio honesty --------------------------------------------------------------------------


def test_fit_to_ratio_crops_or_pads_to_the_exact_ratio():
    image = Image.new("RGB", (1536, 1024), (200, 10, 10))
    cropped = fit_to_ratio(image, "4:3", "crop")
    padded = fit_to_ratio(image, "4:3", "pad")
    tall = fit_to_ratio(image, "9:16", "crop")
    assert cropped.size == (1365, 1024)
    assert padded.size == (1536, 1152)
    assert padded.getpixel((10, 10)) == (255, 255, 255)
    assert padded.getpixel((768, 576)) == (200, 10, 10)
    assert tall.size == (576, 1024)
    alpha = fit_to_ratio(Image.new("RGBA", (100, 100), (1, 2, 3, 255)), "2:1", "pad")
    assert alpha.size == (200, 100) and alpha.getpixel((0, 0))[3] == 0
    with pytest.raises(RetouchError):
        fit_to_ratio(image, "wide", "crop")


def test_match_source_size_scales_towards_the_source():
    image = Image.new("RGB", (1365, 1024))
    assert match_source_size(image, (4000, 3000)).size == (4000, 3000)
    other_shape = match_source_size(Image.new("RGB", (1536, 1024)), (800, 600))
    width, height = other_shape.size
    assert abs(width / height - 1.5) < 0.01 and abs(width * height - 480_000) < 2_000


def test_export_fits_and_matches_the_source_size(result, source, tmp_path):
    options = ExportOptions(source_picture=source, fit="4:3", match_source_size=True)
    target = export_image(result, tmp_path / "fitted.webp", options)
    with Image.open(target) as image:
        assert image.size == (800, 600)


# --- compatibility and export all -----------------------------------------------------------


def test_plain_export_keeps_the_bytes_when_the_format_stays(result, tmp_path):
    copy = export_image(result, tmp_path / "copy.png")
    assert copy.read_bytes() == result.read_bytes()
    jpeg = export_image(result, tmp_path / "copy.jpg")
    with Image.open(jpeg) as image:
        assert image.format == "JPEG" and image.size == (1536, 1024)
    with pytest.raises(RetouchError, match=r"\.png"):
        export_image(result, tmp_path / "copy.gif")


def test_export_all_writes_every_result_with_its_jobs_metadata(result, source, tmp_path):
    second = tmp_path / "photo-edit-2.png"
    second.write_bytes(result.read_bytes())
    job = JobRecord(
        id="a" * 32,
        created=datetime(2026, 3, 1, tzinfo=UTC),
        prompt=PROMPT,
        ratio="4:3",
        model="gpt-4o-image-vip",
        status=JobStatus.DONE,
        inputs=(source,),
        source_names=(source.name,),
        outputs=(OutputFile(result, 1536, 1024, "PNG"), OutputFile(second, 1536, 1024, "PNG")),
    )
    loose = save_photo(tmp_path / "loose.png", 30, 20)
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "photo-edit-1.jpg").write_bytes(b"already here")
    written = export_all([job, loose], folder, format="JPEG")
    assert [p.name for p in written] == ["photo-edit-1-2.jpg", "photo-edit-2.jpg", "loose.jpg"]
    assert (folder / "photo-edit-1.jpg").read_bytes() == b"already here"
    assert read_metadata(written[0]) == META and read_metadata(written[1]) == META
    assert read_metadata(written[2]) is None
    with Image.open(written[0]) as image:
        assert image.info["icc_profile"] == rgb_icc_profile()


@pytest.mark.parametrize("suffix", [".jpg", ".webp", ".avif"])
def test_quality_applies_to_the_lossy_formats(tmp_path, suffix):
    from tests.helpers.images import noisy_photo

    detailed = tmp_path / "detailed.png"
    noisy_photo(256, 192).save(detailed)
    sizes = [
        export_image(detailed, tmp_path / f"q{q}{suffix}", ExportOptions(quality=q)).stat().st_size
        for q in (30, 95)
    ]
    assert sizes[0] < sizes[1]


def test_a_heic_source_lends_its_profile(result, tmp_path):
    from tests.helpers.picture_formats import heic

    source = tmp_path / "IMG_0001.heic"
    source.write_bytes(heic(Image.new("RGB", (64, 48), "white"), icc_profile=rgb_icc_profile()))
    target = export_image(result, tmp_path / "out.png", ExportOptions(source_picture=source))
    with Image.open(target) as image:
        assert image.info["icc_profile"] == rgb_icc_profile()

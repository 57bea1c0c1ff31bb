"""Region edits over real HTTP: crop sent, model picture kept, composite at the input's size."""

from __future__ import annotations

import asyncio

import pytest
from PIL import Image, ImageCms, ImageDraw

from desktop_app.core.edit_job import EditRequest
from desktop_app.core.editing import EditService
from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.imaging.mask import feather_mask
from desktop_app.core.relay.transport import open_http_client
from desktop_app.core.settings import Settings
from desktop_app.demo import region_answer
from tests.helpers.images import textured_photo
from tests.helpers.pixels import mean_difference, same_where, selection
from tests.helpers.relay_requests import received_picture
from tests.service.conftest import FAST_RETRY

PROMPT = "把中间换成一块黄色的牌子"


def blob_mask(size, *boxes):
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    for box in boxes:
        draw.ellipse(box, fill=255)
    return mask


def run_region(provider, out_dir, path, mask, **changes):
    settings = Settings(base_url=provider.base_url)
    request = EditRequest(inputs=(path,), prompt=PROMPT, output_dir=out_dir, mask=mask, **changes)

    async def go():
        async with open_http_client() as http:
            service = EditService(settings, "demo", http=http, retry=FAST_RETRY)
            return await service.edit(request)

    return asyncio.run(go())


@pytest.mark.parametrize(
    ("size", "blob"),
    [
        ((1600, 1200), (600, 450, 950, 750)),
        ((900, 700), (350, 250, 560, 430)),
        ((3000, 2000), (1300, 800, 1700, 1150)),
    ],
)
def test_the_composite_keeps_every_pixel_outside_the_feathered_mask(
    demo_provider, tmp_path, size, blob
):
    source = textured_photo(*size)
    path = tmp_path / "in" / "scene.png"
    path.parent.mkdir()
    source.save(path)
    mask = blob_mask(size, blob)
    result = run_region(demo_provider, tmp_path / "out", path, mask, feather=20)

    assert result.outputs == (tmp_path / "out" / "scene-edit-1.png",)
    assert [r.path.name for r in result.model_results] == ["scene-edit-1-model.png"]
    with Image.open(result.outputs[0]) as composite:
        assert composite.format == "PNG" and composite.size == size
        after = composite.convert("RGB")
    soft = feather_mask(mask, 20)
    assert same_where(after, source, selection(soft, 0))
    assert mean_difference(after, source, selection(soft, 255)) > 20
    report = result.to_json()
    assert report["raw_outputs"] == [str(result.model_results[0].path.resolve())]
    assert report["composite"]["size"] == list(size)
    assert report["composite"]["alignment"]["confidence"] >= 0.35
    assert not result.warnings


def test_a_small_mask_on_a_big_photo_sends_the_region_at_native_scale(demo_provider, tmp_path):
    path = tmp_path / "big.png"
    textured_photo(6000, 4000).save(path, compress_level=1)
    mask = blob_mask((6000, 4000), (2700, 1800, 3300, 2200))  # 600 x 400
    result = run_region(demo_provider, tmp_path / "out", path, mask)

    left, top, right, bottom = result.composite.sent_crop
    assert received_picture(demo_provider).size == (right - left, bottom - top)  # 1:1
    assert right - left < 2048 and left <= 2700 - 256 and right >= 3300 + 256
    prompt = demo_provider.chat_requests[-1].body["messages"][0]["content"][0]["text"]
    assert prompt.startswith(PROMPT) and "area from" in prompt and "尺寸[" in prompt
    with Image.open(result.outputs[0]) as composite:
        assert composite.size == (6000, 4000)


def test_a_reframed_and_shifted_answer_is_aligned_within_two_pixels(demo_provider, tmp_path):
    path = tmp_path / "wide.png"
    textured_photo(2048, 1536).save(path)
    # Two blobs in opposite corners: the whole 4:3 picture goes, the answer comes back 3:2.
    mask = blob_mask((2048, 1536), (60, 60, 260, 220), (1800, 1300, 1990, 1480))
    result = run_region(demo_provider, tmp_path / "out", path, mask)

    assert result.composite.sent_crop is None
    assert received_picture(demo_provider).size == (2048, 1536)
    assert (result.model_results[0].width, result.model_results[0].height) == (1536, 1024)
    found = result.composite.alignment
    true_dx, true_dy = region_answer.SHIFT[0] * 2048, region_answer.SHIFT[1] * 1536
    for x, y in ((-1024, -768), (1024, 768), (-1024, 768), (1024, -768), (0, 0)):
        # where a corner of the sent picture lands, found versus true, in sent pixels
        error_x = (found.scale - region_answer.SCALE) * x + found.dx - true_dx
        error_y = (found.scale - region_answer.SCALE) * y + found.dy - true_dy
        assert abs(error_x) <= 2 and abs(error_y) <= 2


def test_a_jpeg_keeps_its_profile_and_exif_in_a_high_quality_jpeg(demo_provider, tmp_path):
    path = tmp_path / "shot.jpg"
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    textured_photo(1600, 1200).save(path, quality=92, icc_profile=profile, exif=exif.tobytes())
    result = run_region(
        demo_provider, tmp_path / "out", path, blob_mask((1600, 1200), (700, 500, 900, 700))
    )
    with Image.open(result.outputs[0]) as composite:
        assert composite.format == "JPEG" and composite.size == (1600, 1200)
        assert composite.info.get("icc_profile") == profile
        assert composite.getexif().get(0x010F) == "TestCam"
    assert result.outputs[0].name == "shot-edit-1.jpg"


def test_an_empty_mask_sends_nothing(demo_provider, tmp_path):
    path = tmp_path / "p.png"
    textured_photo(400, 300).save(path)
    with pytest.raises(RetouchError) as caught:
        run_region(demo_provider, tmp_path / "out", path, Image.new("L", (400, 300), 0))
    assert caught.value.kind == ErrorKind.BAD_INPUT
    assert demo_provider.chat_requests == []


def test_without_paste_back_the_model_picture_is_the_result(demo_provider, tmp_path):
    path = tmp_path / "p.png"
    textured_photo(1600, 1200).save(path)
    mask = blob_mask((1600, 1200), (700, 500, 900, 700))
    result = run_region(demo_provider, tmp_path / "out", path, mask, paste_back=False)
    assert received_picture(demo_provider).size == (1600, 1200)  # the whole picture
    assert result.outputs[0].name == "p-edit-1.png" and result.composite is None
    assert result.to_json()["raw_outputs"] == [str(result.outputs[0].resolve())]
    assert (result.results[0].width, result.results[0].height) != (1600, 1200)


def test_a_second_region_edit_gets_the_next_number_for_both_files(demo_provider, tmp_path):
    path = tmp_path / "p.png"
    textured_photo(1200, 900).save(path)
    mask = blob_mask((1200, 900), (500, 400, 700, 550))
    run_region(demo_provider, tmp_path / "out", path, mask)
    second = run_region(demo_provider, tmp_path / "out", path, mask)
    assert second.outputs[0].name == "p-edit-2.png"
    assert second.model_results[0].path.name == "p-edit-2-model.png"

"""The difference map: what counts as changed, where, and how much (no Qt needed)."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from desktop_app.core.imaging.difference import DiffResult, difference_overlay
from tests.helpers.images import photo


def _with_square(image: Image.Image, box: tuple[int, int, int, int]) -> Image.Image:
    edited = image.copy()
    ImageDraw.Draw(edited).rectangle(box, fill=(10, 240, 30))
    return edited


def test_identical_pictures_have_no_change() -> None:
    picture = photo(640, 480)

    result = difference_overlay(picture, picture.copy())

    assert result.changed_fraction == 0
    assert result.bbox is None
    assert isinstance(result, DiffResult)


def test_a_changed_square_is_boxed_and_measured() -> None:
    before = photo(800, 600)
    after = _with_square(before, (300, 200, 399, 299))  # 100 x 100 pixels, inclusive

    result = difference_overlay(before, after)

    left, top, right, bottom = result.bbox or (0, 0, 0, 0)
    assert abs(left - 300) <= 3 and abs(top - 200) <= 3
    assert abs(right - 400) <= 3 and abs(bottom - 300) <= 3
    assert result.changed_fraction == pytest.approx(100 * 100 / (800 * 600), rel=0.1)


def test_overlay_has_the_after_size_and_highlights_only_the_change() -> None:
    before = photo(800, 600)
    after = _with_square(before, (300, 200, 399, 299))

    overlay = difference_overlay(before, after).overlay

    assert overlay.mode == "RGBA"
    assert overlay.size == after.size
    red, green, blue, _ = overlay.getpixel((350, 250))
    assert red > 200 and blue > 120 and green < 60, "changed area is magenta"
    grey = overlay.getpixel((40, 560))
    assert grey[0] == grey[1] == grey[2], "unchanged area is greyed"
    assert grey[3] == 255


def test_before_is_resized_to_the_after_size_first() -> None:
    # The same picture at another resolution, as a model may return it: no real change.
    before = photo(1600, 1200)
    after = photo(800, 600)

    result = difference_overlay(before, after)

    assert result.changed_fraction < 0.01
    assert result.overlay.size == (800, 600)


def test_small_changes_are_found_in_a_large_picture() -> None:
    before = photo(2048, 1536)
    after = before.copy()
    ImageDraw.Draw(after).ellipse((1500, 300, 1511, 311), fill=(255, 255, 255))

    result = difference_overlay(before, after)

    assert result.bbox is not None
    left, top, right, bottom = result.bbox
    assert left <= 1500 <= right and top <= 300 <= bottom
    # The highlight is grown around a small spot, so it shows at fit-to-window zoom.
    assert result.overlay.getpixel((1505 + 8, 305))[3] > 0


def test_jpeg_noise_stays_below_one_percent() -> None:
    before = photo(640, 480)
    buffer = io.BytesIO()
    before.save(buffer, "JPEG", quality=85)
    after = Image.open(io.BytesIO(buffer.getvalue()))

    result = difference_overlay(before, after)

    # Chroma subsampling leaves a thin rim on the test picture's hard, saturated edges; real
    # photos have softer edges. Anything under 1 % reads "less than 1 % changed".
    assert result.changed_fraction < 0.01


def test_transparency_changes_count() -> None:
    before = photo(200, 200, mode="RGBA")
    after = before.copy()
    after.paste((0, 0, 0, 0), (50, 50, 100, 100))  # punched a transparent hole

    result = difference_overlay(before, after)

    assert result.bbox is not None
    assert result.changed_fraction == pytest.approx(50 * 50 / (200 * 200), rel=0.15)
    assert result.overlay.getpixel((75, 75))[3] > 0, "the change shows through the hole"


@pytest.mark.parametrize("mode", ["L", "P", "LA", "CMYK", "I;16"])
def test_any_pillow_mode_is_accepted(mode: str) -> None:
    picture = photo(120, 90).convert(mode)

    result = difference_overlay(picture, picture.copy())

    assert result.overlay.mode == "RGBA"
    assert result.changed_fraction == 0


def test_threshold_is_validated() -> None:
    with pytest.raises(ValueError, match="threshold"):
        difference_overlay(photo(10, 10), photo(10, 10), threshold=300)


def test_a_2048_pixel_pair_finds_its_one_changed_square() -> None:
    # How fast is the ``diff`` benchmark's figure (python -m benchmarks --only diff).
    before = photo(2048, 2048)
    after = _with_square(before, (100, 100, 400, 400))

    result = difference_overlay(before, after)

    assert result.changed_fraction == pytest.approx(301 * 301 / 2048**2, rel=0.05)

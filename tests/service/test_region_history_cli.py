"""Region edits from the command line and in the history: mask kept, Reuse, export metadata."""

from __future__ import annotations

import asyncio
import json

import pytest
from PIL import Image, ImageChops, ImageDraw

from desktop_app.core.edit_job import EditRequest
from desktop_app.core.editing import EditService
from desktop_app.core.history.exports import export_all
from desktop_app.core.history.masks import region_of
from desktop_app.core.history.store import HistoryStore
from desktop_app.core.imaging.metadata import read_metadata
from desktop_app.core.recorded_edit import RecordedEditor
from desktop_app.core.relay.transport import open_http_client
from desktop_app.core.settings import Settings
from tests.helpers.cli import run_cli
from tests.helpers.images import textured_photo


@pytest.fixture
def picture(tmp_path):
    path = tmp_path / "in" / "room.png"
    path.parent.mkdir()
    textured_photo(1600, 1200).save(path)
    return path


def write_mask(path, size, box, *, alpha=False):
    if alpha:  # OpenAI's convention: transparent = change
        mask = Image.new("RGBA", size, (0, 0, 0, 255))
        ImageDraw.Draw(mask).ellipse(box, fill=(0, 0, 0, 0))
    else:
        mask = Image.new("L", size, 0)
        ImageDraw.Draw(mask).ellipse(box, fill=255)
    mask.save(path)
    return path


@pytest.mark.parametrize("alpha", [False, True])
def test_cli_mask_edit_prints_the_composite_report(picture, tmp_path, alpha):
    # A quarter-size mask file: it is scaled to the picture.
    mask = write_mask(tmp_path / "mask.png", (400, 300), (150, 110, 250, 190), alpha=alpha)
    run = run_cli(
        "edit",
        picture,
        "--prompt",
        "a sign",
        "--mask",
        mask,
        "--feather",
        "12",
        "--demo",
        "--json",
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["outputs"] == [str(picture.parent / "room-edit-1.png")]
    assert data["raw_outputs"] == [str(picture.parent / "room-edit-1-model.png")]
    composite = data["composite"]
    assert composite["size"] == [1600, 1200]
    assert 0.03 < composite["mask_coverage"] < 0.08  # an ellipse of 400 x 320 px
    left, top, right, bottom = composite["sent_crop"]
    assert right - left < 1600 and bottom - top <= 1200
    assert set(composite["alignment"]) == {"scale", "dx", "dy", "confidence"}
    assert composite["alignment"]["confidence"] >= 0.35
    assert Image.open(data["outputs"][0]).size == (1600, 1200)


@pytest.mark.parametrize(
    ("mask_bytes", "problem"),
    [(None, "empty"), (b"this is no picture", "unreadable")],
)
def test_cli_refuses_a_bad_mask_before_sending(picture, tmp_path, mask_bytes, problem):
    mask = tmp_path / "mask.png"
    if mask_bytes is None:
        Image.new("L", (50, 50), 0).save(mask)
    else:
        mask.write_bytes(mask_bytes)
    run = run_cli("edit", picture, "--prompt", "x", "--mask", mask, "--demo", "--json")
    assert run.returncode == 2
    error = json.loads(run.stdout)["error"]
    assert error["kind"] == "bad_input" and "mask" in error["message"].lower()
    assert not list(picture.parent.glob("room-edit-*"))


def test_cli_no_paste_back_delivers_the_model_picture(picture, tmp_path):
    mask = write_mask(tmp_path / "mask.png", (1600, 1200), (700, 500, 900, 700))
    run = run_cli(
        "edit", picture, "--prompt", "x", "--mask", mask, "--no-paste-back", "--demo", "--json"
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["raw_outputs"] == data["outputs"] and data["composite"] is None
    assert data["sizes"][0] != [1600, 1200]


def test_the_history_keeps_the_mask_and_the_model_picture(
    picture, tmp_path, demo_provider, isolated_dirs
):
    mask = Image.new("L", (1600, 1200), 0)
    ImageDraw.Draw(mask).ellipse((700, 500, 900, 700), fill=255)
    settings = Settings(base_url=demo_provider.base_url, output_dir=str(tmp_path / "out"))
    request = EditRequest(inputs=(picture,), prompt="a sign", mask=mask, feather=10)

    async def go():
        with HistoryStore(isolated_dirs["data"] / "history.sqlite3") as store:
            async with open_http_client() as http:
                editor = RecordedEditor(EditService(settings, "t", http=http), store, settings)
                recorded = await editor.edit(request)
            return recorded, store.get(recorded.job_id)

    recorded, job = asyncio.run(go())
    assert job.output_paths == recorded.result.outputs
    assert [o.path for o in job.model_outputs] == [r.path for r in recorded.result.model_results]
    assert job.outputs[0].width == 1600 and job.model_outputs[0].width != 1600

    region = region_of(job)  # what Reuse hands back to the window
    assert region is not None and region.feather == 10 and region.paste_back
    assert region.mask.mode == "L" and region.mask.size == (1600, 1200)
    assert ImageChops.difference(region.mask, mask).getbbox() is None

    exported = export_all([job], tmp_path / "export")
    meta = read_metadata(exported[0])
    assert meta is not None and meta.region.startswith("mask box 700,500,")
    assert "feather 10 px" in meta.region


def test_cli_one_mask_fits_inputs_of_different_sizes(picture, tmp_path):
    other = tmp_path / "in" / "small.png"
    textured_photo(900, 675, seed=5).save(other)
    mask = write_mask(tmp_path / "mask.png", (160, 120), (60, 45, 100, 75))
    run = run_cli("edit", picture, other, "--prompt", "x", "--mask", mask, "--demo", "--json")
    assert run.returncode == 0, run.stderr
    jobs = json.loads(run.stdout)["jobs"]
    assert [job["composite"]["size"] for job in jobs] == [[1600, 1200], [900, 675]]
    assert [Image.open(job["outputs"][0]).size for job in jobs] == [(1600, 1200), (900, 675)]

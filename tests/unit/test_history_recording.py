"""What the history records while a job runs, and what it recovers or forgets afterwards."""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from desktop_app.core.history.files import job_temp_prefix
from desktop_app.core.history.records import JobStatus
from desktop_app.core.history.store import HistoryStore
from tests.helpers.images import encoded, photo, save_photo

USAGE = {"prompt_tokens": 800, "completion_tokens": 200, "total_tokens": 1000}
NOON = datetime(2026, 3, 4, 12, 0, tzinfo=timezone(timedelta(hours=1)))


def stored_sizes(database: Path, job_id: str) -> list[int]:
    with sqlite3.connect(database) as conn:
        rows = conn.execute(
            "SELECT size FROM job_outputs WHERE job_id = ? ORDER BY position", (job_id,)
        )
        return [size for (size,) in rows]


def test_tokens_count_as_soon_as_the_answer_arrives(tmp_path):
    """A job whose download then fails still shows the tokens it was billed for."""
    with HistoryStore(tmp_path / "history.sqlite3", now=lambda: NOON) as store:
        job = store.create_job([], "warmer", "auto", "gpt-4o-image")
        store.record_answer(job.id, text="here you are", usage=USAGE)
        store.finish(job.id, JobStatus.FAILED, error_kind="network", error_message="cut")
        [day] = store.usage_by_day()
    assert (day.day, day.jobs) == ("2026-03-04", 1)
    assert (day.prompt_tokens, day.completion_tokens, day.total_tokens) == (800, 200, 1000)


def test_an_output_of_unknown_size_is_recorded_as_zero_bytes(tmp_path):
    database = tmp_path / "history.sqlite3"
    result = save_photo(tmp_path / "out" / "shoe-edit-1.png", 40, 30, "PNG")
    with HistoryStore(database) as store:
        job = store.create_job([], "warmer", "auto", "gpt-4o-image")
        store.add_output(job.id, result, 40, 30, "PNG")
        store.add_output(job.id, result, 40, 30, "PNG", result.stat().st_size)
    assert stored_sizes(database, job.id) == [0, result.stat().st_size]


def test_a_recovered_download_keeps_its_format_and_size(tmp_path):
    database = tmp_path / "history.sqlite3"
    folder = tmp_path / "results"
    folder.mkdir()
    dead = HistoryStore(database)
    job = dead.create_job(
        [], "x", "auto", "m", settings={"output_dir": str(folder), "name_stem": "shoe"}
    )
    picture = encoded(photo(90, 60), "JPEG")
    (folder / f"{job_temp_prefix(job.id)}done.part").write_bytes(picture)
    dead.close()

    with HistoryStore(database) as store:
        assert store.mark_interrupted_on_start() == [job.id]
        [output] = store.get(job.id).outputs

    assert output.path == (folder / "shoe-edit-1.jpg").resolve()
    assert (output.format, output.width, output.height) == ("JPEG", 90, 60)
    assert output.path.read_bytes() == picture
    assert stored_sizes(database, job.id) == [len(picture)]


def test_a_results_folder_that_cannot_be_searched_is_logged_and_the_job_still_ends(
    tmp_path, caplog
):
    database = tmp_path / "history.sqlite3"
    unsearchable = tmp_path / ("x" * 300)  # a name longer than any file system allows
    dead = HistoryStore(database)
    job = dead.create_job(
        [], "x", "auto", "m", settings={"output_dir": str(unsearchable), "name_stem": "shoe"}
    )
    dead.close()

    with (
        caplog.at_level(logging.WARNING, logger="desktop_app.core.history.store"),
        HistoryStore(database) as store,
    ):
        assert store.mark_interrupted_on_start() == [job.id]
        assert store.get(job.id).status == JobStatus.INTERRUPTED

    [record] = [r for r in caplog.records if r.name == "desktop_app.core.history.store"]
    assert record.levelno == logging.WARNING
    ran_into = ""  # what the search for leftovers ran into
    try:
        unsearchable.is_dir()
    except OSError as exc:
        ran_into = str(exc)
    assert ran_into
    assert record.getMessage() == f"could not look for leftovers of job {job.id}: {ran_into}"


def test_input_copies_left_by_a_dead_process_are_swept_but_a_live_ones_are_kept(tmp_path):
    database = tmp_path / "history.sqlite3"
    with HistoryStore(database) as live:
        folder = live.inputs_dir / "ab"
        folder.mkdir(parents=True)
        dead_copy = folder / f".{'d' * 32}-half.part"
        live_copy = folder / f".{live.session.id}-half.part"
        dead_copy.write_bytes(b"half a picture")
        live_copy.write_bytes(b"half a picture")
        with HistoryStore(database) as starting:
            starting.mark_interrupted_on_start()
        assert (dead_copy.exists(), live_copy.exists()) == (False, True)


def test_an_input_removed_by_a_racing_delete_is_copied_again(tmp_path):
    """Another window deletes the last job using the picture while this one records a job.

    The race is staged through the store's clock, which ``create_job`` reads between copying
    the inputs and writing the job's row.
    """
    database = tmp_path / "history.sqlite3"
    picture = save_photo(tmp_path / "in" / "shoe.jpg", 64, 48)
    with HistoryStore(database) as other_window:
        old = other_window.create_job([picture], "warmer", "auto", "gpt-4o-image")
        deleted: list[str] = []

        def clock_racing_a_delete() -> datetime:
            if not deleted:
                other_window.delete(old.id)
                deleted.append(old.id)
            return NOON

        with HistoryStore(database, now=clock_racing_a_delete) as store:
            job = store.create_job([picture], "cooler", "auto", "gpt-4o-image")
            assert deleted == [old.id]
            [stored] = store.get(job.id).inputs
    assert stored == old.inputs[0]
    assert stored.read_bytes() == picture.read_bytes()


def test_deleting_a_job_whose_input_copy_is_already_gone_still_forgets_it(tmp_path):
    picture = save_photo(tmp_path / "in" / "shoe.jpg", 64, 48)
    result = save_photo(tmp_path / "out" / "shoe-edit-1.png", 40, 30, "PNG")
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        job = store.create_job([picture], "warmer", "auto", "gpt-4o-image")
        store.add_output(job.id, result, 40, 30, "PNG")
        job.inputs[0].unlink()  # the user cleaned the history's folder by hand

        assert store.delete(job.id) == [result.resolve()]
        assert store.get(job.id) is None
    assert picture.exists() and result.exists()

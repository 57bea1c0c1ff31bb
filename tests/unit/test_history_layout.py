"""Where the history keeps its files, and what a new job's record says about its parent."""

from __future__ import annotations

from desktop_app.core.history.store import HistoryStore
from tests.helpers.images import save_photo


def test_the_store_makes_its_folders_and_keeps_inputs_and_sessions_beside_the_database(tmp_path):
    database = tmp_path / "not" / "there" / "yet" / "history.sqlite3"
    picture = save_photo(tmp_path / "in" / "shoe.jpg", 64, 48)

    with HistoryStore(database) as store:
        job = store.create_job([picture], "warmer", "auto", "gpt-4o-image")
        (stored,) = job.inputs
        assert store.inputs_dir == database.parent / "inputs"
        assert stored.is_relative_to((database.parent / "inputs").resolve())
        assert stored.read_bytes() == picture.read_bytes()
        lock = database.parent / "sessions" / f"{store.session.id}.lock"
        assert lock.exists()


def test_a_new_job_says_which_job_it_continues(tmp_path):
    picture = save_photo(tmp_path / "in" / "shoe.jpg", 64, 48)
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        first = store.create_job([picture], "warmer", "auto", "gpt-4o-image")
        second = store.create_job([picture], "cooler", "auto", "gpt-4o-image", parent_id=first.id)
    assert (first.parent_id, second.parent_id) == (None, first.id)

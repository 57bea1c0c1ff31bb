"""The history store: schema migrations, recording, search, star, delete, chains, usage."""

from __future__ import annotations

import itertools
import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from desktop_app.core.history.files import job_temp_prefix
from desktop_app.core.history.records import JobStatus
from desktop_app.core.history.schema import (
    SCHEMA_VERSION,
    NewerSchemaError,
    migrate,
    schema_version,
)
from desktop_app.core.history.store import HistoryStore
from tests.helpers.images import encoded, photo, save_photo

TZ = timezone(timedelta(hours=8))
PROMPT = "美化一下这种图片,加上 我爱中国 四个字"
USAGE = {"prompt_tokens": 800, "completion_tokens": 200, "total_tokens": 1000}


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


@pytest.fixture
def store(db_path):
    with HistoryStore(db_path) as opened:
        yield opened


@pytest.fixture
def picture(tmp_path) -> Path:
    return save_photo(tmp_path / "in" / "shoe.jpg", 64, 48)


def clock(start: datetime, step: timedelta = timedelta(seconds=1)):
    ticks = (start + step * n for n in itertools.count())
    return lambda: next(ticks)


def columns(path: Path, table: str) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


# --- schema ---------------------------------------------------------------------------------


def test_a_new_database_gets_the_latest_schema_in_wal_mode(store, db_path):
    assert SCHEMA_VERSION >= 2
    with sqlite3.connect(db_path) as conn:
        assert schema_version(conn) == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"starred", "session", "total_tokens", "result_urls"} <= columns(db_path, "jobs")
    assert store.integrity_check() == "ok"


def test_a_version_1_database_is_migrated_with_its_jobs_intact(db_path, tmp_path):
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    assert migrate(conn, target=1) == 1
    assert "starred" not in columns(db_path, "jobs")
    conn.execute(
        "INSERT INTO jobs (id, created, created_ts, prompt, ratio, model, status, usage) "
        "VALUES ('old1', '2026-01-02T10:00:00+08:00', 1767319200, '旧的 prompt', '4:3', "
        "'gpt-4o-image', 'done', ?)",
        (json.dumps(USAGE),),
    )
    conn.execute(
        "INSERT INTO job_outputs (job_id, position, path, width, height, format) "
        "VALUES ('old1', 0, ?, 1536, 1024, 'PNG')",
        (str(tmp_path / "old-edit-1.png"),),
    )
    conn.close()

    with HistoryStore(db_path) as store:
        (job,) = store.list_jobs()
        usage = store.usage_by_day()
    assert job.id == "old1" and job.prompt == "旧的 prompt" and job.status == JobStatus.DONE
    assert job.starred is False and job.outputs[0].width == 1536
    assert job.created == datetime(2026, 1, 2, 10, tzinfo=TZ)
    assert [(u.day, u.jobs, u.total_tokens) for u in usage] == [("2026-01-02", 1, 1000)]
    with sqlite3.connect(db_path) as conn:
        assert schema_version(conn) == SCHEMA_VERSION


def test_a_database_from_a_newer_app_is_refused_untouched(db_path):
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(NewerSchemaError, match="newer"):
        HistoryStore(db_path)
    with sqlite3.connect(db_path) as conn:
        assert schema_version(conn) == SCHEMA_VERSION + 1


def test_a_file_that_is_not_a_database_is_kept_aside_and_a_new_one_starts(db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not sqlite" * 100)
    with HistoryStore(db_path) as store:
        assert store.list_jobs() == []
    kept = list(db_path.parent.glob("history.sqlite3.broken-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not sqlite")


# --- recording ------------------------------------------------------------------------------


def test_a_job_is_recorded_with_its_inputs_kept_by_content_hash(store, picture, tmp_path):
    twin = tmp_path / "elsewhere" / "same-picture.jpeg"
    twin.parent.mkdir()
    twin.write_bytes(picture.read_bytes())
    job = store.create_job(
        [picture],
        PROMPT,
        "4:3",
        "gpt-4o-image-vip",
        host="api.example.com:443",
        settings={"max_upload_side": 2048},
    )
    other = store.create_job([twin], "again", "auto", "gpt-4o-image-vip")
    copies = sorted(p for p in (store.inputs_dir).rglob("*") if p.is_file())
    assert len(copies) == 1, "the same picture is kept once"
    (copy,) = copies
    assert copy.read_bytes() == picture.read_bytes() and copy.suffix == ".jpg"
    assert copy.parent.name == copy.stem[:2] and len(copy.stem) == 64
    assert job.inputs == other.inputs == (copy.resolve(),)
    assert store.get(job.id) == job
    assert job.status == JobStatus.RUNNING and job.source_names == ("shoe.jpg",)
    assert job.host == "api.example.com:443" and job.settings == {"max_upload_side": 2048}


def test_stage_answer_outputs_and_finish_are_recorded(store, picture, tmp_path):
    job = store.create_job([picture], PROMPT, "4:3", "gpt-4o-image-vip")
    store.update_stage(job.id, "waiting")
    store.record_answer(
        job.id,
        text="✅ 生成完成",
        usage=USAGE,
        ratio_reported="4:3",
        model_reported="sora_image",
        result_urls=["https://cdn.example/a.png"],
    )
    result = save_photo(tmp_path / "out" / "shoe-edit-1.png", 96, 64)
    store.add_output(job.id, result, 96, 64, "PNG")
    store.finish(job.id, JobStatus.DONE, timings={"total": 12.5})
    store.update_stage(job.id, "uploading")  # late: a finished job is left alone
    done = store.get(job.id)
    assert done.status == JobStatus.DONE and done.stage == "waiting"
    assert done.text == "✅ 生成完成" and done.usage == USAGE and done.total_tokens == 1000
    assert done.model_reported == "sora_image" and done.ratio_reported == "4:3"
    assert done.output_paths == (result.resolve(),) and done.outputs[0].format == "PNG"
    assert done.result_urls == ("https://cdn.example/a.png",)
    assert done.timings == {"total": 12.5} and done.finished is not None and done.error is None
    data = done.to_json()
    assert data["created"] == done.created.isoformat() and data["status"] == "done"
    assert data["outputs"] == [str(result.resolve())] and Path(data["inputs"][0]).is_absolute()


def test_a_failure_keeps_its_kind_and_message(store, picture):
    job = store.create_job([picture], PROMPT, "auto", "m")
    store.finish(job.id, "failed", error_kind="refused", error_message="内容政策")
    failed = store.get(job.id)
    assert failed.status == JobStatus.FAILED
    assert (failed.error.kind, failed.error.message) == ("refused", "内容政策")


def test_an_unreadable_input_records_nothing(store, tmp_path):
    with pytest.raises(FileNotFoundError):
        store.create_job([tmp_path / "missing.jpg"], "x", "auto", "m")
    assert store.list_jobs() == []


# --- interrupted jobs -----------------------------------------------------------------------


def test_only_jobs_of_processes_that_are_gone_become_interrupted(db_path, picture):
    other = HistoryStore(db_path)
    theirs = other.create_job([picture], "still running elsewhere", "auto", "m")
    with HistoryStore(db_path) as store:
        mine = store.create_job([picture], "running here", "auto", "m")
        assert store.mark_interrupted_on_start() == []
        other.close()  # the other process is gone
        assert store.mark_interrupted_on_start() == [theirs.id]
        interrupted = store.get(theirs.id)
        assert interrupted.status == JobStatus.INTERRUPTED
        assert interrupted.error.kind == "interrupted" and "Try again" in interrupted.error.message
        assert store.get(mine.id).status == JobStatus.RUNNING


def test_download_leftovers_of_an_interrupted_job_are_recovered_or_removed(db_path, tmp_path):
    folder = tmp_path / "results"
    folder.mkdir()
    dead = HistoryStore(db_path)
    job = dead.create_job(
        [], "x", "auto", "m", settings={"output_dir": str(folder), "name_stem": "shoe"}
    )
    prefix = job_temp_prefix(job.id)
    (folder / f"{prefix}complete.part").write_bytes(encoded(photo(120, 80), "PNG"))
    (folder / f"{prefix}halfway.part").write_bytes(encoded(photo(120, 80), "PNG")[:300])
    (folder / ".retouch-someone-else.part").write_bytes(b"not ours")
    dead.close()
    with HistoryStore(db_path) as store:
        store.mark_interrupted_on_start()
        recovered = store.get(job.id)
    assert recovered.status == JobStatus.INTERRUPTED
    assert recovered.output_paths == ((folder / "shoe-edit-1.png").resolve(),)
    assert (recovered.outputs[0].width, recovered.outputs[0].height) == (120, 80)
    assert sorted(p.name for p in folder.iterdir()) == [
        ".retouch-someone-else.part",
        "shoe-edit-1.png",
    ]


# --- reading --------------------------------------------------------------------------------


def test_search_matches_every_word_in_prompts_and_file_names(db_path, tmp_path):
    shoe = save_photo(tmp_path / "shoe-12.jpg", 32, 24)
    bag = save_photo(tmp_path / "bag.png", 24, 32)
    with HistoryStore(db_path) as store:
        a = store.create_job([shoe], "加上 我爱中国 四个字", "4:3", "m")
        b = store.create_job([bag], "Warm LIGHT, 50% brighter", "1:1", "m")
        c = store.create_job([bag], "cool light", "1:1", "m")

        def ids(text: str) -> list[str]:
            return [job.id for job in store.list_jobs(search=text)]

        assert ids("我爱中国") == [a.id]
        assert ids("light") == [c.id, b.id]
        assert ids("warm light") == [b.id]
        assert ids("shoe-12") == [a.id]
        assert ids("50%") == [b.id] and ids("%") == [b.id] and ids("_") == []
        assert ids("   ") == [c.id, b.id, a.id]
        assert store.count_jobs("light") == 2


def test_star_filters_and_sticks(store, picture):
    first = store.create_job([picture], "one", "auto", "m")
    second = store.create_job([picture], "two", "auto", "m")
    store.star(first.id)
    assert [j.id for j in store.list_jobs(starred_only=True)] == [first.id]
    assert store.get(first.id).starred and not store.get(second.id).starred
    store.star(first.id, False)
    assert store.list_jobs(starred_only=True) == []


def test_chains_follow_use_as_input(store, picture, tmp_path):
    root = store.create_job([picture], "step 1", "auto", "m")
    result = save_photo(tmp_path / "step1-edit-1.png", 40, 30)
    store.add_output(root.id, result, 40, 30, "PNG")
    assert store.job_for_output(result) == root.id
    middle = store.create_job([result], "step 2", "auto", "m", parent_id=root.id)
    leaf = store.create_job([result], "step 3", "auto", "m", parent_id=middle.id)
    assert [j.prompt for j in store.chain(leaf.id)] == ["step 1", "step 2", "step 3"]
    assert [j.id for j in store.children(root.id)] == [middle.id]
    store.delete(middle.id)
    assert [j.prompt for j in store.chain(leaf.id)] == ["step 3"]


def test_delete_returns_the_results_and_drops_unshared_input_copies(store, picture, tmp_path):
    other = save_photo(tmp_path / "other.jpg", 50, 50)
    shared = store.create_job([picture], "a", "auto", "m")
    keeper = store.create_job([picture, other], "b", "auto", "m")
    result = save_photo(tmp_path / "a-edit-1.png", 40, 30)
    store.add_output(shared.id, result, 40, 30, "PNG")
    assert store.delete(shared.id) == [result.resolve()]
    assert store.get(shared.id) is None and result.exists(), "trashing is the caller's call"
    assert all(path.exists() for path in keeper.inputs), "still used by another job"
    assert store.delete(keeper.id) == []
    assert not any(path.exists() for path in keeper.inputs)
    assert store.list_jobs() == [] and store.integrity_check() == "ok"


def test_usage_is_summed_per_local_day(db_path):
    start = datetime(2026, 3, 10, 23, 59, 58, tzinfo=TZ)
    with HistoryStore(db_path, now=clock(start)) as store:
        for n in range(4):
            job = store.create_job([], f"job {n}", "auto", "m")
            usage = {"prompt_tokens": 10 * (n + 1), "completion_tokens": 1, "total_tokens": 0}
            store.finish(job.id, "done", usage=usage if n != 3 else None)
        days = store.usage_by_day()
    # created at 23:59:58, :59:59 (clock ticks twice per job: created, finished) ...
    assert [(d.day, d.jobs) for d in days] == [("2026-03-11", 3), ("2026-03-10", 1)]
    assert days[1].prompt_tokens == 10 and days[1].total_tokens == 11
    assert days[0].prompt_tokens == 50 and days[0].completion_tokens == 2


def test_5000_jobs_are_listed_page_by_page_newest_first(db_path):
    start = datetime(2026, 1, 1, tzinfo=TZ)
    with HistoryStore(db_path, synchronous="OFF", now=clock(start)) as store:
        for n in range(5000):
            store.create_job([], f"prompt {n} {'红色' if n % 10 == 0 else 'blue'}", "auto", "m")
        assert store.count_jobs() == 5000
        first = store.list_jobs(limit=100)  # how fast: the ``history`` benchmark
        pages = [first] + [store.list_jobs(limit=100, offset=o) for o in range(100, 5000, 100)]
        red = store.list_jobs(search="红色", limit=1000)
        assert store.list_jobs(limit=10_000) == store.list_jobs(limit=500), "capped"
    listed = [job.prompt for page in pages for job in page]
    assert len(listed) == 5000 and len(set(listed)) == 5000
    assert listed[0].startswith("prompt 4999 ") and listed[-1].startswith("prompt 0 ")
    created = [job.created for page in pages for job in page]
    assert created == sorted(created, reverse=True)
    assert len(red) == 500


def test_finish_keeps_its_own_text_and_usage_and_the_chain_to_the_parent(store, picture):
    parent = store.create_job([picture], PROMPT, "4:3", "gpt-4o-image-vip")
    child = store.create_job([picture], "again", "auto", "gpt-4o-image-vip", parent_id=parent.id)
    assert store.get(child.id).parent_id == parent.id
    assert store.get(child.id).host == ""
    store.finish(child.id, JobStatus.DONE, text="最后的回答", usage=USAGE)
    done = store.get(child.id)
    assert done.text == "最后的回答"
    assert done.usage == USAGE and done.total_tokens == 1000
    store.finish(parent.id, JobStatus.DONE)
    assert store.get(parent.id).text == ""


def test_delete_drops_the_region_mask_once_no_job_uses_it(store, picture, tmp_path):
    from PIL import Image

    from desktop_app.core.history.masks import region_settings

    data = store.path.parent
    mask = Image.new("L", (64, 48), 0)
    mask.paste(255, (10, 10, 30, 30))
    region = region_settings(mask, 8, True, data)
    first = store.create_job([picture], "a", "auto", "m", settings={"region": region})
    again = store.create_job([picture], "b", "auto", "m", settings={"region": region})
    stored = Path(region["mask"])
    outside = save_photo(tmp_path / "elsewhere" / "mask.png", 8, 8)
    foreign = store.create_job(
        [picture], "c", "auto", "m", settings={"region": {"mask": str(outside)}}
    )
    broken = store.create_job([picture], "d", "auto", "m", settings={"region": "not a mapping"})
    store.delete(first.id)
    assert stored.exists(), "the same mask is still another job's"
    store.delete(again.id)
    assert not stored.exists()
    store.delete(foreign.id)
    assert outside.exists(), "only masks inside the history's own folder are removed"
    store.delete(broken.id)
    assert store.list_jobs() == []

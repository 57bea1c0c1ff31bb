"""Batches and recorded edits against the live demo provider over real HTTP."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from pathlib import Path

import pytest

from desktop_app.core.batch import Batch, JobState, plan_requests
from desktop_app.core.edit_job import EditRequest
from desktop_app.core.editing import EditService
from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.history.records import JobStatus
from desktop_app.core.history.store import HistoryStore
from desktop_app.core.recorded_edit import RecordedEditor
from desktop_app.core.relay.transport import open_http_client
from desktop_app.core.settings import Settings
from tests.helpers.images import save_photo
from tests.service.conftest import FAST_RETRY, PROMPT, leftovers


@pytest.fixture
def photos(tmp_path) -> list[Path]:
    return [save_photo(tmp_path / "in" / f"p{n}.jpg", 160 + n, 120) for n in range(6)]


@pytest.fixture
def store(isolated_dirs):
    with HistoryStore(isolated_dirs["data"] / "history.sqlite3") as opened:
        yield opened


async def wait_until(predicate, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("timed out waiting")


def run_batch(provider, store, requests, concurrency=2, during=None):
    """Run ``requests`` as one batch; returns its jobs."""
    settings = Settings(base_url=provider.base_url)

    async def go():
        async with open_http_client() as http:
            service = EditService(settings, "demo-token", http=http, retry=FAST_RETRY)
            editor = RecordedEditor(service, store, settings)
            batch = Batch(requests, editor.run_batch_job, concurrency=concurrency)
            task = asyncio.ensure_future(batch.run())
            if during is not None:
                await during(batch, task)
            try:
                return await task
            except asyncio.CancelledError:
                return batch.jobs

    return asyncio.run(go())


@pytest.mark.parametrize(("count", "concurrency"), [(6, 2), (6, 3)])
def test_n_jobs_at_concurrency_c_run_c_at_a_time(
    demo_provider, store, photos, tmp_path, count, concurrency
):
    # How long a batch takes is the ``batch`` benchmark's figure; here, who runs with whom.
    in_flight_at_arrival: list[int] = []
    release = threading.Event()

    def hold(request) -> None:
        in_flight_at_arrival.append(demo_provider.chats_in_flight)
        if len(in_flight_at_arrival) == concurrency:
            release.set()  # the first round is all there: let everything go
        release.wait(30)

    demo_provider.on_chat = hold
    requests = plan_requests(photos[:count], PROMPT, "4:3", output_dir=tmp_path / "out")
    jobs = run_batch(demo_provider, store, requests, concurrency)
    assert [job.state for job in jobs] == [JobState.DONE] * count
    # The first round was held until all c were in: exactly c at once, and never more.
    assert len(in_flight_at_arrival) == count
    assert max(in_flight_at_arrival) == demo_provider.max_concurrent_chats == concurrency
    assert len(demo_provider.chat_requests) == count
    assert [job.result.outputs[0].name for job in jobs] == [
        f"p{n}-edit-1.png" for n in range(count)
    ]


def test_one_failing_job_does_not_stop_the_others(demo_provider, store, photos, tmp_path):
    requests = plan_requests(photos[:4], PROMPT, output_dir=tmp_path / "out")
    broken = dataclasses.replace(requests[1], prompt=PROMPT + " [demo:http_403_quota]")
    refused = dataclasses.replace(requests[2], prompt=PROMPT + " [demo:refusal_policy]")
    requests[1:3] = [broken, refused]
    jobs = run_batch(demo_provider, store, requests)
    assert [job.state for job in jobs] == ["done", "failed", "failed", "done"]
    assert jobs[1].error.kind == ErrorKind.QUOTA and jobs[2].error.kind == ErrorKind.REFUSED
    history = {job.id: job for job in store.list_jobs()}
    assert [history[job.job_id].status for job in jobs] == ["done", "failed", "failed", "done"]
    assert history[jobs[1].job_id].error.kind == "quota"
    refusal = history[jobs[2].job_id]
    assert "内容政策" in refusal.text, "the answer text is kept even without an image"
    assert refusal.usage["total_tokens"] > 0


def test_variations_run_the_same_input_n_times_and_together_sends_one_request(
    demo_provider, store, photos, tmp_path
):
    variations = plan_requests(photos[:1], PROMPT, variations=3, output_dir=tmp_path / "v")
    together = plan_requests(photos[:3], PROMPT, together=True, output_dir=tmp_path / "t")
    assert len(variations) == 3 and len(together) == 1 and len(together[0].inputs) == 3
    jobs = run_batch(demo_provider, store, [*variations, *together], concurrency=2)
    assert all(job.state == JobState.DONE for job in jobs)
    names = sorted(p.name for p in leftovers(tmp_path / "v"))
    assert names == ["p0-edit-1.png", "p0-edit-2.png", "p0-edit-3.png"]
    images_per_request = sorted(
        sum(1 for part in r.body["messages"][0]["content"] if part["type"] == "image_url")
        for r in demo_provider.chat_requests
    )
    assert images_per_request == [1, 1, 1, 3]
    assert len(store.get(jobs[3].job_id).inputs) == 3


def test_plans_refuse_what_cannot_be_sent(photos):
    with pytest.raises(RetouchError, match="At most 4"):
        plan_requests(photos[:5], "x", together=True)
    with pytest.raises(RetouchError, match="Variations"):
        plan_requests(photos[:1], "x", variations=0)
    with pytest.raises(RetouchError, match="Concurrency"):
        Batch([], lambda job, progress: None, concurrency=0)


def test_cancelling_one_job_leaves_the_rest_running(demo_provider, store, photos, tmp_path):
    demo_provider.latency = 1.0
    requests = plan_requests(photos[:3], PROMPT, output_dir=tmp_path / "out")

    async def cancel_the_second(batch, task):
        await wait_until(lambda: batch.jobs[1].job_id and len(demo_provider.chat_requests) == 3)
        batch.cancel(1)

    jobs = run_batch(demo_provider, store, requests, 3, during=cancel_the_second)
    assert [job.state for job in jobs] == ["done", "cancelled", "done"]
    assert jobs[1].error.kind == ErrorKind.CANCELLED
    assert store.get(jobs[1].job_id).status == JobStatus.CANCELLED
    assert store.get(jobs[0].job_id).status == JobStatus.DONE


@pytest.mark.timeout(20)  # a cancel that waited out the model's 30 s fails here
def test_cancelling_the_batch_cancels_and_records_every_job(demo_provider, store, photos, tmp_path):
    demo_provider.latency = 30
    requests = plan_requests(photos[:4], PROMPT, output_dir=tmp_path / "out")

    async def cancel_all(batch, task):
        await wait_until(lambda: len(demo_provider.chat_requests) == 2)
        task.cancel()

    jobs = run_batch(demo_provider, store, requests, 2, during=cancel_all)
    assert [job.state for job in jobs] == ["cancelled"] * 4
    recorded = store.list_jobs()
    assert len(recorded) == 2, "queued jobs never reached the history"
    assert {job.status for job in recorded} == {JobStatus.CANCELLED}
    assert leftovers(tmp_path / "out") == []


def test_a_recorded_edit_keeps_stages_answer_outputs_and_timings(
    demo_provider, store, photos, tmp_path
):
    demo_provider.inject("two_results")
    request = EditRequest(inputs=(photos[0],), prompt=PROMPT, ratio="4:3")
    settings = Settings(base_url=demo_provider.base_url, output_dir=str(tmp_path / "results"))
    seen = []

    async def go():
        async with open_http_client() as http:
            service = EditService(settings, "secret-token-123", http=http)
            editor = RecordedEditor(service, store, settings)
            return await editor.edit(request, on_job=seen.append)

    recorded = asyncio.run(go())
    job = store.get(recorded.job_id)
    assert seen[0].id == job.id and seen[0].status == JobStatus.RUNNING
    assert job.status == JobStatus.DONE and job.stage == "done"
    assert job.output_paths == tuple(p.resolve() for p in recorded.result.outputs)
    assert len(job.outputs) == 2 and job.outputs[0].width == 1536
    assert job.usage == recorded.result.usage and job.ratio_reported == "4:3"
    assert job.host == f"127.0.0.1:{demo_provider.port}"
    assert job.settings["output_dir"] == str((tmp_path / "results").resolve())
    assert set(job.timings) >= {"preparing", "waiting", "downloading", "total"}
    assert len(job.result_urls) == 2 and all("/cdn/download/" in u for u in job.result_urls)
    assert b"secret-token-123" not in store.path.read_bytes()
    # Using a result as the next input chains the jobs without being told.
    follow_up = dataclasses.replace(request, inputs=(recorded.result.outputs[0],))

    async def again():
        async with open_http_client() as http:
            service = EditService(settings, "t", http=http)
            return await RecordedEditor(service, store, settings).edit(follow_up)

    second = asyncio.run(again())
    assert [j.id for j in store.chain(second.job_id)] == [job.id, second.job_id]


def test_requests_refused_before_sending_are_not_recorded(demo_provider, store, tmp_path):
    bogus = tmp_path / "notes.jpg"
    bogus.write_text("not a picture")
    settings = Settings(base_url=demo_provider.base_url)

    async def go(request):
        async with open_http_client() as http:
            editor = RecordedEditor(EditService(settings, "t", http=http), store, settings)
            return await editor.edit(request)

    for request in (
        EditRequest(inputs=(bogus,), prompt="x"),
        EditRequest(inputs=(bogus,), prompt="x", ratio="wide"),
    ):
        with pytest.raises(RetouchError) as caught:
            asyncio.run(go(request))
        assert caught.value.kind == ErrorKind.BAD_INPUT
    assert store.list_jobs() == [] and demo_provider.chat_requests == []


class HeldStore(HistoryStore):
    """A history whose next row write waits until the test lets it go."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.writing = threading.Event()
        self.release = threading.Event()

    def create_job(self, *args, **kwargs):
        self.writing.set()
        assert self.release.wait(30), "the test never released the row"
        return super().create_job(*args, **kwargs)


def test_a_cancel_while_the_row_is_written_still_ends_it_cancelled(
    demo_provider, isolated_dirs, photos
):
    settings = Settings(base_url=demo_provider.base_url)
    request = EditRequest(inputs=(photos[0],), prompt=PROMPT)

    async def go(store: HeldStore) -> None:
        async with open_http_client() as http:
            editor = RecordedEditor(EditService(settings, "t", http=http), store, settings)
            task = asyncio.ensure_future(editor.edit(request))
            await wait_until(store.writing.is_set)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            store.release.set()  # the row lands after the cancel
            await wait_until(lambda: [job.status for job in store.list_jobs()] == ["cancelled"])

    with HeldStore(isolated_dirs["data"] / "history.sqlite3") as store:
        asyncio.run(go(store))
        (job,) = store.list_jobs()
    assert job.status == JobStatus.CANCELLED and demo_provider.chat_requests == []


def test_the_next_pictures_are_prepared_while_earlier_ones_are_at_the_model(
    demo_provider, store, photos, tmp_path
):
    demo_provider.latency = 0.5
    requests = plan_requests(photos[:4], PROMPT, output_dir=tmp_path / "out")
    settings = Settings(base_url=demo_provider.base_url)
    events: list[tuple[int, str]] = []
    index_of = {request: n for n, request in enumerate(requests)}

    def on_change(job) -> None:
        if job.state in (JobState.RUNNING, JobState.DONE):
            events.append((job.index, job.state.value))

    async def go():
        async with open_http_client() as http:
            service = EditService(settings, "demo-token", http=http, retry=FAST_RETRY)
            editor = RecordedEditor(service, store, settings)

            async def prepare(request):
                prepared = await service.prepare(request)
                events.append((index_of[request], "prepared"))
                return prepared

            batch = Batch(
                requests,
                editor.run_batch_job,
                concurrency=1,
                prepare=prepare,
                prepare_concurrency=1,
                on_change=on_change,
            )
            return await batch.run()

    jobs = asyncio.run(go())
    assert [job.state for job in jobs] == [JobState.DONE] * 4
    assert all(job.prepared is None for job in jobs), "uploads are freed once sent"
    assert demo_provider.max_concurrent_chats == 1
    order = list(dict.fromkeys(events))  # first time each (job, event) happened
    # Job 1 is prepared while job 0 is at the model; job 2 only once job 0 is done: the
    # sending job and one prepared job at most.
    assert order.index((1, "prepared")) < order.index((0, "done"))
    assert order.index((0, "done")) < order.index((2, "prepared"))
    assert order.index((1, "done")) < order.index((3, "prepared"))
    assert [job for job, event in order if event == "running"] == [0, 1, 2, 3]
    assert len(store.list_jobs()) == 4

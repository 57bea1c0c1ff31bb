"""A batch's two stages: pictures prepared ahead of their network slot, sent in order.

No network and no clock: the prepare and run functions here are coroutines that record
what happened and in which order.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from desktop_app.core.batch import Batch, JobState
from desktop_app.core.editing import EditRequest


def requests(count: int) -> list[EditRequest]:
    return [EditRequest((Path(f"p{n}.jpg"),), "warmer light") for n in range(count)]


def test_jobs_are_sent_in_order_even_when_a_later_one_is_prepared_first():
    sent: list[int] = []

    async def go():
        second_ready = asyncio.Event()

        async def prepare(request):
            if request.inputs[0].name == "p0.jpg":
                await second_ready.wait()  # the first picture takes longer to prepare
            else:
                second_ready.set()
            return (request.inputs[0].name,)

        async def run(job, progress):
            assert job.prepared == (job.request.inputs[0].name,), "the runner gets the pictures"
            sent.append(job.index)
            return job.index

        batch = Batch(requests(3), run, concurrency=2, prepare=prepare, prepare_concurrency=2)
        return await batch.run()

    jobs = asyncio.run(go())
    assert sent == [0, 1, 2]
    assert [job.state for job in jobs] == [JobState.DONE] * 3
    assert all(job.prepared is None for job in jobs), "prepared pictures are freed once sent"


def test_prepared_jobs_waiting_for_a_slot_are_bounded():
    held: list[int] = []  # jobs prepared and not yet ended
    most_held = 0

    async def go():
        nonlocal most_held

        async def prepare(request):
            nonlocal most_held
            held.append(1)
            most_held = max(most_held, len(held))
            return ()

        async def run(job, progress):
            await asyncio.sleep(0)
            held.pop()
            return job.index

        batch = Batch(requests(8), run, concurrency=1, prepare=prepare, prepare_concurrency=1)
        return await batch.run()

    jobs = asyncio.run(go())
    assert [job.state for job in jobs] == [JobState.DONE] * 8
    assert most_held == 2, "the job at the model and one prepared job, never the whole batch"


def test_a_picture_that_fails_ahead_is_left_to_the_runner():
    async def go():
        async def prepare(request):
            raise ValueError("cannot read it")

        async def run(job, progress):
            assert job.prepared is None  # it prepares (and fails, recorded) in its slot
            return job.index

        return await Batch(requests(2), run, concurrency=1, prepare=prepare).run()

    assert [job.state for job in asyncio.run(go())] == [JobState.DONE] * 2

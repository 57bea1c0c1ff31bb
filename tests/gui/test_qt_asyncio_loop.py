"""The app's asyncio loop: what qasync handles after the loop stopped still finds its loop.

A task step that becomes due just as ``run_until_complete``'s future completes can run in
qasync's last pass over pending events; with stock qasync it found no running loop (seen
in CI as a job failing with "no running event loop" and a test waiting out its 30 s). The
``event_loop`` fixture is the app's :class:`QtAsyncioLoop`.
"""

from __future__ import annotations

import asyncio
import threading

import pytest

pytestmark = pytest.mark.gui


def test_a_step_woken_from_a_thread_as_the_loop_stops_still_finds_its_loop(event_loop):
    seen: list[object] = []
    woken = event_loop.create_future()

    async def task() -> None:
        await woken
        seen.append(asyncio.get_running_loop())

    waiting = asyncio.ensure_future(task())
    event_loop.run_until_complete(asyncio.sleep(0))  # the task now waits for ``woken``
    done = event_loop.create_future()

    def finish() -> None:
        # As an executor's result does: the wake-up comes from another thread, as the awaited
        # future completes and the loop stops.
        thread = threading.Thread(
            target=event_loop.call_soon_threadsafe, args=(woken.set_result, None)
        )
        thread.start()
        thread.join()
        done.set_result(None)

    event_loop.call_soon(finish)
    event_loop.run_until_complete(done)
    event_loop.run_until_complete(asyncio.sleep(0.05))  # if it was left for the next run
    assert waiting.done()
    assert seen == [event_loop]

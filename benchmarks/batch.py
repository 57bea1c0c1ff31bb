"""batch: 8 jobs at concurrency 2 against a relay whose model takes exactly 1 s per answer.

The jobs run in the real :class:`~desktop_app.core.batch.Batch` over one ``EditService``
(one HTTP client), as the queue and ``retouch-studio edit`` run them: pictures are prepared
(CPU) ahead of their network slot, 2 jobs are sent at a time. Ideal: 8 / 2 × 1 s = 4 s;
everything above that is the app's own overhead plus the relay's rendering. Target ≤ 1.15x.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import PROMPT, Context, demo_relay, median, photo_jpeg
from benchmarks.table import Row, Target, make_row
from benchmarks.upload import settings_for
from desktop_app.core.batch import Batch, BatchJob, JobState
from desktop_app.core.edit_job import EditHooks, EditRequest, EditResult, Progress
from desktop_app.core.editing import EditService
from desktop_app.core.ratios import AUTO
from desktop_app.core.relay.transport import open_http_client

ROWS = {"batch": ("s", Target("ratio", "<=", 1.15))}
JOBS = 8
CONCURRENCY = 2
LATENCY = 1.0
IDEAL = JOBS / CONCURRENCY * LATENCY
# A typical camera JPEG for a batch of product shots; the 24 MP photo of the other rows.
PHOTO = (6000, 4000)


async def one_batch(base_url: str, path: Path, output: Path) -> float:
    settings = settings_for(base_url)
    requests = [
        EditRequest((path,), PROMPT, AUTO, output_dir=output / str(index)) for index in range(JOBS)
    ]
    async with open_http_client() as http:
        service = EditService(settings, "benchmark", http=http)

        async def run_job(job: BatchJob, progress: Callable[[Progress], None]) -> EditResult:
            hooks = EditHooks(prepared=job.prepared)
            return await service.edit(job.request, progress, hooks=hooks)

        batch = Batch(requests, run_job, concurrency=CONCURRENCY, prepare=service.prepare)
        started = time.perf_counter()
        jobs = await batch.run()
        wall = time.perf_counter() - started
    failed = [job for job in jobs if job.state != JobState.DONE]
    if failed:
        raise RuntimeError(f"{len(failed)} batch jobs failed: {failed[0].error}")
    return wall


async def one_job(base_url: str, path: Path, output: Path) -> None:
    async with open_http_client() as http:
        service = EditService(settings_for(base_url), "benchmark", http=http)
        await service.edit(EditRequest((path,), PROMPT, AUTO, output_dir=output))


def run(ctx: Context) -> list[Row]:
    path = photo_jpeg(ctx.workdir, PHOTO)
    runs = ctx.runs(full=3, quick=1)
    walls = []
    with demo_relay(ctx.workdir, LATENCY, fixed_model=True) as base_url:
        # Warm-up: the relay renders its answer once, then answers in the latency alone.
        asyncio.run(one_job(base_url, path, ctx.workdir / "batch-warm-up"))
        for index in range(runs):
            walls.append(asyncio.run(one_batch(base_url, path, ctx.workdir / f"batch-{index}")))
    value = median(walls)
    print(f"batch {', '.join(f'{w:.2f}' for w in walls)} s (ideal {IDEAL:.0f} s)", file=sys.stderr)
    unit, target = ROWS["batch"]
    note = f"{JOBS} jobs of a 24 MP photo, {CONCURRENCY} at a time, 1 s model; median of {runs}"
    return [make_row("batch", value, unit, IDEAL, target, note)]

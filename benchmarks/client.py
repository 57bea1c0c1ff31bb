"""client: one job against the demo relay (no model latency), from request sent to result saved.

The value is an ``EditService.edit`` job's total time minus its preparing stage (so: body
encoding, upload with progress, the relay's work, parsing, the streamed download, the image
check and the atomic save). The baseline sends the same body with bare httpx, finds the
first Markdown image with a regular expression, GETs it and writes the file. Both use one long-lived
client (as the app does) against the same relay process, in alternating runs. Target ≤ 1.2x.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import sys
from pathlib import Path

import httpx

from benchmarks.common import PROMPT, Context, demo_relay, median, photo_jpeg, timed
from benchmarks.table import Row, Target, make_row
from benchmarks.upload import settings_for
from desktop_app.core.edit_job import EditRequest
from desktop_app.core.editing import EditService
from desktop_app.core.imaging.prep import prepare_image
from desktop_app.core.ratios import AUTO, compose_prompt
from desktop_app.core.relay.client import build_chat_body
from desktop_app.core.relay.downloader import identify_image
from desktop_app.core.relay.transport import open_http_client

ROWS = {"client": ("ms", Target("ratio", "<=", 1.2))}
_RESULT_URL = re.compile(r"!\[[^\]]*\]\((https?://[^)\s]+)\)")  # the first Markdown image


async def app_job(service: EditService, path: Path, output: Path) -> tuple[float, Path]:
    """Seconds from request sent to result saved, and the saved result."""
    result = await service.edit(EditRequest((path,), PROMPT, AUTO, output_dir=output))
    return result.timings["total"] - result.timings["preparing"], result.outputs[0]


async def bare_job(http: httpx.AsyncClient, url: str, payload: bytes, output: Path) -> float:
    loop = asyncio.get_running_loop()
    started = loop.time()
    answer = await http.post(
        url,
        content=payload,
        headers={"Authorization": "Bearer benchmark", "Content-Type": "application/json"},
        timeout=60,
    )
    answer.raise_for_status()
    text = answer.json()["choices"][0]["message"]["content"]
    image = await http.get(_RESULT_URL.search(text)[1], timeout=60)
    image.raise_for_status()
    _write(output / "bare-result.png", image.content)  # as small a save as there is
    return loop.time() - started


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


async def measure(
    ctx: Context, base_url: str, path: Path
) -> tuple[list[float], list[float], list[float]]:
    settings = settings_for(base_url)
    prepared = prepare_image(path, max_long_side=settings.max_upload_side)
    body = build_chat_body(settings.model, compose_prompt(PROMPT, AUTO), [prepared.data_url])
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    url = base_url.rstrip("/") + "/chat/completions"
    output = ctx.workdir / "results"
    runs = ctx.runs(full=15, quick=9)
    app_s: list[float] = []
    bare_s: list[float] = []
    check_s: list[float] = []  # diagnostics: the downloader's check of the result
    async with open_http_client() as app_http, httpx.AsyncClient() as bare_http:
        service = EditService(settings, "benchmark", http=app_http)
        for index in range(runs + 1):  # the first round warms connections and caches
            app, saved = await app_job(service, path, output)
            check = timed(lambda: identify_image(saved))  # noqa: B023 - called right here
            bare = await bare_job(bare_http, url, payload, output)
            shutil.rmtree(output, ignore_errors=True)
            if index:
                app_s.append(app)
                bare_s.append(bare)
                check_s.append(check)
    return app_s, bare_s, check_s


def run(ctx: Context) -> list[Row]:
    path = photo_jpeg(ctx.workdir)
    with demo_relay(ctx.workdir) as base_url:
        app_s, bare_s, check_s = asyncio.run(measure(ctx, base_url, path))
    value, baseline = median(app_s) * 1000, median(bare_s) * 1000
    check = median(check_s) * 1000
    print(
        f"client {value:.0f} ms, bare httpx {baseline:.0f} ms, result check {check:.0f} ms",
        file=sys.stderr,
    )
    unit, target = ROWS["client"]
    note = (
        f"excl. prep; 24 MP photo's 2048 px body; median of {len(app_s)}; "
        f"incl. {check:.0f} ms checking the result (downloader.identify_image)"
    )
    return [make_row("client", value, unit, baseline, target, note)]

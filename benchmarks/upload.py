"""upload: the bytes one job sends for a 24 MP photo, against sending the original file.

The value is ``EditResult.upload_bytes`` (the request body the relay received) from a real
job against the demo relay; the baseline is the same request body with the original JPEG
as its data URL, encoded the way the client encodes it. Target ≤ 1/8.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import json
import sys
from pathlib import Path

from benchmarks.common import PROMPT, Context, demo_relay, photo_jpeg
from benchmarks.table import Row, Target, make_row
from desktop_app.core.edit_job import EditRequest, EditResult
from desktop_app.core.editing import EditService
from desktop_app.core.ratios import AUTO, compose_prompt
from desktop_app.core.relay.client import build_chat_body
from desktop_app.core.relay.transport import open_http_client
from desktop_app.core.settings import Settings, load_settings

ROWS = {"upload": ("MB", Target("ratio", "<=", 0.125, "≤ 0.125x (1/8)"))}


def settings_for(base_url: str) -> Settings:
    return dataclasses.replace(load_settings(), base_url=base_url)


async def one_job(settings: Settings, path: Path, output: Path) -> EditResult:
    async with open_http_client() as http:
        service = EditService(settings, "benchmark", http=http)
        return await service.edit(EditRequest((path,), PROMPT, AUTO, output_dir=output))


def original_body_bytes(settings: Settings, path: Path) -> int:
    """The request body's size had the original file been sent as the data URL."""
    url = "data:image/jpeg;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
    body = build_chat_body(settings.model, compose_prompt(PROMPT, AUTO), [url])
    return len(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def run(ctx: Context) -> list[Row]:
    path = photo_jpeg(ctx.workdir)
    with demo_relay(ctx.workdir) as base_url:
        settings = settings_for(base_url)
        result = asyncio.run(one_job(settings, path, ctx.workdir / "results"))
    sent = result.upload_bytes / 1e6
    original = original_body_bytes(settings, path) / 1e6
    print(f"upload {sent:.2f} MB, original as data URL {original:.2f} MB", file=sys.stderr)
    unit, target = ROWS["upload"]
    note = f"request body; photo {path.stat().st_size / 1e6:.1f} MB JPEG (24 MP)"
    return [make_row("upload", sent, unit, original, target, note)]

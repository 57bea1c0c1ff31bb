"""Fixtures for the pipeline against the live demo provider over real HTTP."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest

from desktop_app.core.edit_job import EditRequest, EditResult
from desktop_app.core.editing import EditService
from desktop_app.core.relay.client import RetryPolicy
from desktop_app.core.relay.transport import open_http_client
from desktop_app.core.settings import Settings
from tests.helpers.images import save_photo

FAST_RETRY = RetryPolicy(backoff=(0.05, 0.1, 0.2))
PROMPT = "美化一下这种图片,加上 我爱中国 四个字"


@pytest.fixture
def photo(tmp_path) -> Path:
    return save_photo(tmp_path / "in" / "photo.jpg", 640, 480, quality=90)


@pytest.fixture
def out_dir(tmp_path) -> Path:
    return tmp_path / "out"


@pytest.fixture
def run_edit(demo_provider, out_dir):
    """Run one edit against the demo provider; returns (result, progress reports)."""

    def run(
        inputs,
        prompt: str = PROMPT,
        ratio: str = "4:3",
        token: str = "demo-token",
        **settings_changes,
    ) -> tuple[EditResult, list]:
        settings = dataclasses.replace(
            Settings(base_url=demo_provider.base_url), **settings_changes
        )
        request = EditRequest(inputs=tuple(inputs), prompt=prompt, ratio=ratio, output_dir=out_dir)
        reports: list = []

        async def go() -> EditResult:
            async with open_http_client() as http:
                service = EditService(settings, token, http=http, retry=FAST_RETRY)
                return await service.edit(request, reports.append)

        return asyncio.run(go()), reports

    return run


def leftovers(folder: Path) -> list[Path]:
    """Every file in ``folder``: outputs and any temp file a failure could leave behind."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []

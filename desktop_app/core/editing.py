"""The edit pipeline: files on disk in, edited images on disk out, with progress and timings.

``EditService.edit`` is the one coroutine the CLI and the window await. It prepares the
inputs off the event loop, sends one request, reads the answer, and saves every result.
Each stage is reported through a ``progress`` callback so a UI can show it; cancelling the
awaiting task stops it at once and leaves no partial file behind.
"""

from __future__ import annotations

import asyncio
import enum
import inspect
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.errors import ErrorKind, RetouchError, bad_input
from desktop_app.core.ratios import (
    AUTO,
    compose_prompt,
    normalise_ratio_choice,
    ratio_differs,
    ratio_of_size,
    requested_ratio,
)
from desktop_app.core.relay.endpoint import validate_base_url
from desktop_app.core.settings import Settings

# httpx, Pillow and the modules built on them load on first use (EditService), not with
# this module: the window imports EditRequest at start-up and must stay quick to show.
if TYPE_CHECKING:
    import httpx

    from desktop_app.core.imaging.prep import PreparedImage
    from desktop_app.core.relay.client import RelayClient, RetryPolicy
    from desktop_app.core.relay.downloader import SavedResult
    from desktop_app.core.relay.response_parser import ParsedAnswer

MAX_INPUTS = 4

# The request's pictures, decoded, scaled and encoded for the upload (CPU work).
PreparedInputs = tuple["PreparedImage", ...]


class Stage(enum.StrEnum):
    PREPARING = "preparing"
    UPLOADING = "uploading"
    WAITING = "waiting"
    DOWNLOADING = "downloading"
    DONE = "done"


@dataclass(frozen=True)
class Progress:
    """One progress report: the stage, seconds since the job started, and stage detail."""

    stage: Stage
    elapsed: float
    fraction: float | None = None
    note: str = ""


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class EditHooks:
    """Optional per-job extras for :meth:`EditService.edit` (the history uses them).

    Hooks may be plain functions or coroutines; a coroutine is awaited before the edit goes
    on, so what it records is written before the next step starts.

    Attributes:
        on_answer: called with the parsed answer as soon as it arrives, before any download
            (also for a refusal, which raises right after).
        on_saved: called with each result once its file has its final name.
        temp_prefix: names this job's hidden download temp files (``<prefix>*.part``).
        prepared: the inputs already prepared by :meth:`EditService.prepare` (a batch
            prepares the next pictures while earlier ones are at the model); None prepares
            them in the edit.
    """

    on_answer: Callable[[ParsedAnswer], Awaitable[None] | None] | None = None
    on_saved: Callable[[SavedResult], Awaitable[None] | None] | None = None
    temp_prefix: str = ".retouch-"
    prepared: PreparedInputs | None = None


async def _call_hook(hook: Callable[[Any], Awaitable[None] | None] | None, value: Any) -> None:
    if hook is not None:
        outcome = hook(value)
        if inspect.isawaitable(outcome):
            await outcome


@dataclass(frozen=True)
class EditRequest:
    """What the user asked for. ``output_dir`` None means the settings' results folder."""

    inputs: tuple[Path, ...]
    prompt: str
    ratio: str = AUTO
    model: str | None = None
    output_dir: Path | None = None
    name_stem: str | None = None


@dataclass(frozen=True)
class EditResult:
    """What came back: saved files, the provider's text and usage, ratios and timings."""

    outputs: tuple[Path, ...]
    results: tuple[SavedResult, ...]
    model: str
    text: str
    usage: dict[str, Any]
    ratio_requested: str
    ratio_reported: str | None
    prompt_sent: str
    timings: dict[str, float]
    upload_bytes: int
    warnings: tuple[str, ...] = ()

    @property
    def ratio_mismatch(self) -> bool:
        """Whether a result's shape misses the requested ratio (auto never misses)."""
        return any(ratio_differs(self.ratio_requested, r.width, r.height) for r in self.results)

    def to_json(self) -> dict[str, Any]:
        """The CLI's ``--json`` success object (a contract: keep the keys stable)."""
        return {
            "outputs": [str(path.resolve()) for path in self.outputs],
            "model": self.model,
            "text": self.text,
            "usage": self.usage,
            "ratio_requested": self.ratio_requested,
            "ratio_reported": self.ratio_reported,
            "ratio_results": [str(ratio_of_size(r.width, r.height)) for r in self.results],
            "sizes": [[r.width, r.height] for r in self.results],
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "upload_bytes": self.upload_bytes,
            "warnings": list(self.warnings),
        }


@dataclass
class _Clock:
    now: Callable[[], float]
    started: float = 0.0
    marks: dict[str, float] = field(default_factory=dict)
    _last: float = 0.0

    def start(self) -> None:
        self.started = self._last = self.now()

    def lap(self, name: str) -> None:
        now = self.now()
        self.marks[name] = self.marks.get(name, 0.0) + now - self._last
        self._last = now

    @property
    def elapsed(self) -> float:
        return self.now() - self.started


class EditService:
    """Runs edits against one relay with one token.

    Args:
        settings: provider, timeouts and upload size.
        token: the bearer token (from :mod:`desktop_app.core.secrets.credentials`).
        http: the shared client, created inside the running loop; the caller closes it.
        executor: where image work runs (default: the loop's thread pool).
    """

    def __init__(
        self,
        settings: Settings,
        token: str,
        *,
        http: httpx.AsyncClient,
        executor: Executor | None = None,
        retry: RetryPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        from desktop_app.core.relay.client import RelayClient
        from desktop_app.core.relay.downloader import ResultDownloader

        self._settings = settings
        self._executor = executor
        self._clock = clock
        self._client = RelayClient(
            http,
            base_url=settings.base_url,
            token=token,
            read_timeout=settings.read_timeout,
            connect_timeout=settings.connect_timeout,
            retry=retry,
        )
        self._downloader = ResultDownloader(
            http,
            executor=executor,
            timeout=settings.download_timeout,
            connect_timeout=settings.connect_timeout,
        )

    @property
    def client(self) -> RelayClient:
        return self._client

    def validate(self, request: EditRequest) -> tuple[str, str]:
        """Check ``request`` without sending it; returns (ratio choice, model).

        Raises:
            RetouchError: BAD_INPUT, the same error :meth:`edit` would raise first.
        """
        return self._validate(request)

    async def edit(
        self,
        request: EditRequest,
        progress: ProgressCallback | None = None,
        *,
        hooks: EditHooks | None = None,
    ) -> EditResult:
        """Run one edit from files to saved results; raises :class:`RetouchError`."""
        from desktop_app.core.relay.client import UploadCallbacks, build_chat_body
        from desktop_app.core.relay.response_parser import parse_completion

        extras = hooks or EditHooks()
        clock = _Clock(self._clock)
        clock.start()

        def report(stage: Stage, fraction: float | None = None, note: str = "") -> None:
            if progress:
                progress(Progress(stage, clock.elapsed, fraction, note))

        report(Stage.PREPARING)
        ratio_choice, model = self._validate(request)
        prepared = extras.prepared or await self.prepare(request)
        clock.lap(Stage.PREPARING)
        prompt_sent = compose_prompt(request.prompt, ratio_choice)
        body = build_chat_body(model, prompt_sent, [p.data_url for p in prepared])

        report(Stage.UPLOADING, 0.0)
        sent = asyncio.Event()

        def on_sent() -> None:
            if not sent.is_set():
                sent.set()
                clock.lap(Stage.UPLOADING)
                report(Stage.WAITING)

        upload_hooks = UploadCallbacks(
            on_progress=lambda done, total: report(Stage.UPLOADING, done / total),
            on_sent=on_sent,
            on_retry=lambda why, delay: report(
                Stage.WAITING, None, f"{why}; retrying in {delay:.0f} s"
            ),
        )
        answer = await self._client.complete(body, upload_hooks)
        clock.lap(Stage.WAITING)
        loop = asyncio.get_running_loop()
        parsed: ParsedAnswer = await loop.run_in_executor(
            self._executor, parse_completion, answer.body
        )
        await _call_hook(extras.on_answer, parsed)
        if not parsed.image_urls:
            raise RetouchError(
                ErrorKind.REFUSED,
                "The provider did not return an image. "
                "Its reason is shown below; change the prompt or try again.",
                parsed.text[:2000],
                reason=parsed.refusal or "",
            )

        saved, warnings = await self._download_all(request, parsed, report, extras)
        clock.lap(Stage.DOWNLOADING)
        report(Stage.DONE, 1.0)
        clock.marks["total"] = clock.elapsed
        return EditResult(
            outputs=tuple(s.path for s in saved),
            results=tuple(saved),
            model=parsed.model or model,
            text=parsed.text,
            usage=dict(parsed.usage),
            ratio_requested=requested_ratio(request.prompt, ratio_choice),
            ratio_reported=parsed.ratio,
            prompt_sent=prompt_sent,
            timings=dict(clock.marks),
            upload_bytes=answer.sent_bytes,
            warnings=tuple(warnings),
        )

    def _validate(self, request: EditRequest) -> tuple[str, str]:
        if not request.inputs:
            raise bad_input("Add a picture to edit first.")
        if len(request.inputs) > MAX_INPUTS:
            raise bad_input(
                f"At most {MAX_INPUTS} pictures can go into one request.", count=len(request.inputs)
            )
        if not request.prompt.strip():
            raise bad_input("Describe the change you want in the prompt box first.")
        try:
            ratio_choice = normalise_ratio_choice(request.ratio)
        except ValueError as exc:
            raise bad_input(
                f"“{request.ratio}” is not an aspect ratio. Use auto or W:H, for example 4:3.",
                str(exc),
                ratio=request.ratio,
            ) from None
        validate_base_url(self._settings.base_url)
        return ratio_choice, (request.model or self._settings.model)

    async def prepare(self, request: EditRequest) -> PreparedInputs:
        """Prepare ``request``'s pictures for the upload, off the loop (CPU work).

        Raises:
            RetouchError: BAD_INPUT for a picture that cannot be read or made to fit.
        """
        return tuple(await self._prepare(request.inputs))

    async def _prepare(self, inputs: tuple[Path, ...]) -> list[PreparedImage]:
        from desktop_app.core.imaging.prep import (
            MAX_DATA_URL_BYTES,
            MAX_REQUEST_BYTES,
            prepare_image,
        )

        loop = asyncio.get_running_loop()
        budget = min(MAX_DATA_URL_BYTES, MAX_REQUEST_BYTES // len(inputs))
        side = self._settings.max_upload_side
        jobs = [
            loop.run_in_executor(
                self._executor,
                lambda p=path: prepare_image(p, max_long_side=side, max_data_url_bytes=budget),
            )
            for path in inputs
        ]
        return list(await asyncio.gather(*jobs))

    async def _download_all(
        self,
        request: EditRequest,
        parsed: ParsedAnswer,
        report: Callable[..., None],
        hooks: EditHooks,
    ) -> tuple[list[SavedResult], list[str]]:
        folder = request.output_dir or self._settings.results_dir
        stem = request.name_stem or request.inputs[0].stem

        def name_for(n: int, extension: str) -> Path:
            return folder / f"{stem}-edit-{n}{extension}"

        saved: list[SavedResult] = []
        failures: list[tuple[int, RetouchError]] = []
        total = len(parsed.image_urls)
        for index, url in enumerate(parsed.image_urls):
            report(Stage.DOWNLOADING, index / total)
            try:
                result = await self._downloader.save(
                    url, folder, name_for, temp_prefix=hooks.temp_prefix
                )
            except RetouchError as exc:
                # Keep going: a paid result must not be lost because another one failed.
                failures.append((index, exc))
                continue
            saved.append(result)
            await _call_hook(hooks.on_saved, result)
        if not saved:
            raise failures[0][1]
        warnings = [
            f"Result {index + 1} of {total} could not be saved: {exc.message}"
            for index, exc in failures
        ]
        return saved, warnings

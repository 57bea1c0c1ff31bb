"""The edit pipeline: files on disk in, edited images on disk out, with progress and timings.

``EditService.edit`` is the one coroutine the CLI and the window await. It prepares the
inputs off the event loop, sends one request, reads the answer, and saves every result.
Each stage is reported through a ``progress`` callback so a UI can show it; cancelling the
awaiting task stops it at once and leaves no partial file behind.
"""

from __future__ import annotations

import asyncio
import dataclasses
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
    from desktop_app.core.relay.streaming import RelayProgress
    from desktop_app.core.routes import JobPlan, Router

MAX_INPUTS = 4  # on the chat route; the images route takes up to 16


class Stage(enum.StrEnum):
    PREPARING = "preparing"
    UPLOADING = "uploading"
    WAITING = "waiting"
    DOWNLOADING = "downloading"
    DONE = "done"


@dataclass(frozen=True)
class Progress:
    """One progress report: the stage, seconds since start, detail, a partial picture's bytes."""

    stage: Stage
    elapsed: float
    fraction: float | None = None
    note: str = ""
    preview: bytes | None = None


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
        on_preview: called with (index, encoded picture) for each partial picture the
            images route streams before the result (plain function, called on the loop).
    """

    on_answer: Callable[[ParsedAnswer], Awaitable[None] | None] | None = None
    on_saved: Callable[[SavedResult], Awaitable[None] | None] | None = None
    temp_prefix: str = ".retouch-"
    on_preview: Callable[[int, bytes], None] | None = None


def _relay_reports(
    report: Callable[..., None], plan: JobPlan, on_preview: Callable[[int, bytes], None] | None
) -> tuple[Callable[[RelayProgress], None], Callable[[int, bytes], None]]:
    """The router's callbacks: the relay's own progress and each preview, as WAITING reports."""

    def relay_progress(said: RelayProgress) -> None:
        report(Stage.WAITING, None if said.percent is None else said.percent / 100, said.stage)

    def preview(index: int, data: bytes) -> None:
        report(Stage.WAITING, None, f"preview {index + 1} of {plan.options.partial_images}", data)
        if on_preview is not None:
            on_preview(index, data)

    return relay_progress, preview


async def _call_hook(hook: Callable[[Any], Awaitable[None] | None] | None, value: Any) -> None:
    if hook is not None:
        outcome = hook(value)
        if inspect.isawaitable(outcome):
            await outcome


@dataclass(frozen=True)
class EditRequest:
    """What the user asked for. ``output_dir`` None means the settings' results folder.

    No ``inputs`` creates a picture from the prompt alone. ``size`` is ``WxH``, ``1K``,
    ``2K``, ``4K`` or ``auto``; ``background`` ``transparent``, ``opaque`` or ``auto``;
    ``count`` how many pictures one request asks for (the images route's ``n``).
    """

    inputs: tuple[Path, ...]
    prompt: str
    ratio: str = AUTO
    model: str | None = None
    output_dir: Path | None = None
    name_stem: str | None = None
    size: str | None = None
    quality: str | None = None
    background: str | None = None
    key_colour: str = "green"
    count: int = 1
    input_fidelity: str | None = None


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
    api: str = "chat"
    size_requested: str = AUTO
    background: str | None = None
    previews_received: int = 0
    revised_prompt: str | None = None
    applied: dict[str, str] = field(default_factory=dict)

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
            "api": self.api,
            "size_requested": self.size_requested,
            "background": self.background,
            "previews_received": self.previews_received,
            "revised_prompt": self.revised_prompt,
            "applied": dict(self.applied),
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
        from desktop_app.core.routes import Router

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
        self._router: Router = Router(self._client, max_tokens=settings.provider.completion_limit)
        self._downloader = ResultDownloader(
            http,
            executor=executor,
            timeout=settings.download_timeout,
            connect_timeout=settings.connect_timeout,
        )

    @property
    def client(self) -> RelayClient:
        return self._client

    @property
    def stream_refused(self) -> bool:
        """Whether the relay refused ``stream`` (later requests of this service go without)."""
        return self._router.stream_refused

    def validate(self, request: EditRequest) -> tuple[str, str]:
        """Check ``request`` without sending it; returns (ratio choice, model).

        Raises:
            RetouchError: BAD_INPUT, the same error :meth:`edit` would raise first.
        """
        plan = self._validate(request)
        return plan.ratio, plan.model

    async def edit(
        self,
        request: EditRequest,
        progress: ProgressCallback | None = None,
        *,
        hooks: EditHooks | None = None,
    ) -> EditResult:
        """Run one edit from files to saved results; raises :class:`RetouchError`."""
        from desktop_app.core.relay.client import UploadCallbacks
        from desktop_app.core.routes import RouteHooks, route_warnings

        extras = hooks or EditHooks()
        clock = _Clock(self._clock)
        clock.start()

        def report(stage: Stage, fraction: float | None = None, *detail: Any) -> None:
            if progress:  # detail: the note, then a preview picture's bytes
                progress(Progress(stage, clock.elapsed, fraction, *detail))

        report(Stage.PREPARING)
        plan = self._validate(request)
        for note in plan.notes:
            report(Stage.PREPARING, None, note)
        prepared = await self._prepare(request.inputs) if request.inputs else []
        clock.lap(Stage.PREPARING)

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
        answer = await self._router.send(
            plan,
            prepared,
            RouteHooks(upload_hooks, *_relay_reports(report, plan, extras.on_preview)),
            executor=self._executor,
        )
        clock.lap(Stage.WAITING)
        parsed = answer.parsed
        await _call_hook(extras.on_answer, parsed)
        if not parsed.image_urls:
            raise RetouchError(
                ErrorKind.REFUSED,
                "The provider did not return an image. "
                "Its reason is shown below; change the prompt or try again.",
                parsed.text[:2000],
                reason=parsed.refusal or "",
            )

        saved, warnings = await self._download_all(request, parsed, report, extras, plan)
        clock.lap(Stage.DOWNLOADING)
        report(Stage.DONE, 1.0)
        clock.marks["total"] = clock.elapsed
        return EditResult(
            outputs=tuple(s.path for s in saved),
            results=tuple(saved),
            model=parsed.model or plan.model,
            text=parsed.text,
            usage=dict(parsed.usage),
            ratio_requested=requested_ratio(request.prompt, plan.ratio),
            ratio_reported=parsed.ratio,
            prompt_sent=plan.prompt_sent,
            timings=dict(clock.marks),
            upload_bytes=answer.sent_bytes,
            warnings=(*plan.notes, *route_warnings(plan, answer, saved), *warnings),
            api=plan.api,
            size_requested=plan.size_asked,
            background=request.background,
            previews_received=answer.previews,
            revised_prompt=answer.revised_prompt,
            applied=dict(answer.applied),
        )

    def _validate(self, request: EditRequest) -> JobPlan:
        from desktop_app.core.routes import plan_job

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
        return plan_job(
            self._settings.provider,
            request.model or self._settings.model,
            request.prompt,
            ratio_choice,
            inputs=len(request.inputs),
            size=request.size,
            quality=request.quality,
            background=request.background,
            key_colour=request.key_colour,
            variations=request.count,
            input_fidelity=request.input_fidelity,
        )

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
        plan: JobPlan,
    ) -> tuple[list[SavedResult], list[str]]:
        folder = request.output_dir or self._settings.results_dir
        from desktop_app.core.routes import default_stem

        stem = request.name_stem or default_stem(request.inputs)
        infix = "-edit-" if request.inputs else "-"

        def name_for(n: int, extension: str) -> Path:
            return folder / f"{stem}{infix}{n}{extension}"

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
            if plan.key_colour:
                result = await self._key_out(result, plan.key_colour)
            saved.append(result)
            await _call_hook(hooks.on_saved, result)
        if not saved:
            raise failures[0][1]
        warnings = [
            f"Result {index + 1} of {total} could not be saved: {exc.message}"
            for index, exc in failures
        ]
        return saved, warnings

    async def _key_out(self, result: SavedResult, key: str) -> SavedResult:
        """The result with its flat key-colour background made transparent (an RGBA PNG)."""
        from desktop_app.core.imaging.transparency import key_out_file

        loop = asyncio.get_running_loop()
        path = await loop.run_in_executor(self._executor, key_out_file, result.path, key)
        return dataclasses.replace(result, path=path, format="PNG", size=path.stat().st_size)

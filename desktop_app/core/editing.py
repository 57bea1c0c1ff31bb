"""The edit pipeline: files on disk in, edited images on disk out, with progress and timings.

``EditService.edit`` is the one coroutine the CLI and the window await. It prepares the
inputs off the event loop, sends one request, reads the answer, and saves every result.
Each stage is reported through a ``progress`` callback so a UI can show it; cancelling the
awaiting task stops it at once and leaves no partial file behind.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import inspect
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.edit_job import (
    EditHooks,
    EditRequest,
    EditResult,
    PreparedInputs,
    Progress,
    ProgressCallback,
    Stage,
)
from desktop_app.core.errors import ErrorKind, RetouchError, bad_input
from desktop_app.core.ratios import AUTO, normalise_ratio_choice, requested_ratio
from desktop_app.core.relay.endpoint import validate_base_url
from desktop_app.core.settings import Settings

# httpx, Pillow and the modules built on them load on first use (EditService), not with
# this module: the window imports EditRequest at start-up and must stay quick to show.
if TYPE_CHECKING:
    import httpx

    from desktop_app.core.imaging.paste_back import Composite
    from desktop_app.core.imaging.prep import PreparedImage
    from desktop_app.core.region_edit import RegionUpload
    from desktop_app.core.relay.client import RelayClient, RetryPolicy
    from desktop_app.core.relay.downloader import SavedResult
    from desktop_app.core.relay.images_api import UploadFile
    from desktop_app.core.relay.response_parser import ParsedAnswer
    from desktop_app.core.relay.streaming import RelayProgress
    from desktop_app.core.routes import JobPlan, Router


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
            # Never shorter than the idle timeout the user raised for a slow model.
            deadline=max(settings.model_deadline, settings.read_timeout),
            retry=retry,
        )
        self._router: Router = Router(self._client, max_tokens=settings.provider.completion_limit)
        self._downloader = ResultDownloader(
            http,
            executor=executor,
            timeout=settings.download_timeout,
            connect_timeout=settings.connect_timeout,
            relay_url=settings.base_url,
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
        plan = self._plan(request, request.prompt, self._check(request))
        return plan.ratio, plan.model

    async def edit(
        self,
        request: EditRequest,
        progress: ProgressCallback | None = None,
        *,
        hooks: EditHooks | None = None,
    ) -> EditResult:
        """Run one edit from files to saved results; raises :class:`RetouchError`."""
        from desktop_app.core.imaging.prep import first_frame_notices
        from desktop_app.core.relay.client import UploadCallbacks
        from desktop_app.core.routes import RouteHooks, route_warnings

        extras = hooks or EditHooks()
        clock = _Clock(self._clock)
        clock.start()

        def report(stage: Stage, fraction: float | None = None, *detail: Any) -> None:
            if progress:  # detail: the note, then a preview picture's bytes
                progress(Progress(stage, clock.elapsed, fraction, *detail))

        report(Stage.PREPARING)
        ratio_choice = self._check(request)
        region = await self._prepare_region(request)
        prompt = request.prompt
        if region is not None:  # the crop's own ratio, and where in it to change
            ratio_choice = region.plan.ratio or ratio_choice
            prompt = f"{request.prompt} {region.plan.hint()}"
        plan = self._plan(request, prompt, ratio_choice)
        for note in plan.notes:
            report(Stage.PREPARING, None, note)
        if region is not None:  # its crop first, then any other pictures
            others = await self._prepare(request.inputs[1:], len(request.inputs))
            prepared = [region.upload, *others]
        else:
            prepared = list(extras.prepared or await self.prepare(request))
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
            mask=await self._mask_upload(region) if region and plan.api == "images" else None,
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

        pasting = region is not None and request.paste_back
        # A region edit's model pictures are kept as delivered; its composites are the results.
        keep = dataclasses.replace(extras, on_saved=extras.on_model_saved) if pasting else extras
        saved, warnings = await self._download_all(request, parsed, report, keep, plan)
        warnings = [*first_frame_notices(request.inputs, prepared), *warnings]
        clock.lap(Stage.DOWNLOADING)
        model_results: tuple[SavedResult, ...] = ()
        composite = None
        if pasting and region is not None:
            report(Stage.DOWNLOADING, 1.0, "pasting the edit back")
            model_results = tuple(saved)
            saved, composite, notes = await self._paste_all(request, region, saved, extras)
            warnings += notes
            clock.lap("compositing")
        report(Stage.DONE, 1.0)
        clock.marks["total"] = clock.elapsed
        return EditResult(
            outputs=tuple(s.path for s in saved),
            results=tuple(saved),
            model=parsed.model or plan.model,
            text=parsed.text,
            usage=dict(parsed.usage),
            # Pasted back, the result has the original's own shape: no ratio was asked of it.
            ratio_requested=AUTO if pasting else requested_ratio(request.prompt, plan.ratio),
            ratio_reported=parsed.ratio,
            prompt_sent=plan.prompt_sent,
            timings=dict(clock.marks),
            upload_bytes=answer.sent_bytes,
            warnings=(*plan.notes, *route_warnings(plan, answer, saved), *warnings),
            masked=region is not None,
            model_results=model_results,
            composite=composite,
            api=plan.api,
            size_requested=plan.size_asked,
            background=request.background,
            previews_received=answer.previews,
            revised_prompt=answer.revised_prompt,
            applied=dict(answer.applied),
        )

    def _check(self, request: EditRequest) -> str:
        """The normalised ratio choice, once prompt, ratio and base URL are usable."""
        if not request.prompt.strip():
            raise bad_input(
                "Describe the change you want in the prompt box first.", problem="no_prompt"
            )
        try:
            ratio_choice = normalise_ratio_choice(request.ratio)
        except ValueError as exc:
            raise bad_input(
                f"“{request.ratio}” is not an aspect ratio. Use auto or W:H, for example 4:3.",
                str(exc),
                ratio=request.ratio,
            ) from None
        validate_base_url(self._settings.base_url)
        return ratio_choice

    def _plan(self, request: EditRequest, prompt: str, ratio_choice: str) -> JobPlan:
        from desktop_app.core.routes import plan_job

        return plan_job(
            self._settings.provider,
            request.model or self._settings.model,
            prompt,
            ratio_choice,
            inputs=len(request.inputs),
            size=request.size,
            quality=request.quality,
            background=request.background,
            key_colour=request.key_colour,
            variations=request.count,
            input_fidelity=request.input_fidelity,
        )

    async def _prepare_region(self, request: EditRequest) -> RegionUpload | None:
        if request.mask is None:
            return None
        from desktop_app.core.region_edit import prepare_region

        job = functools.partial(
            prepare_region,
            request.inputs,
            request.mask,
            request.feather,
            crop=request.paste_back,
            max_long_side=self._settings.max_upload_side,
        )
        return await asyncio.get_running_loop().run_in_executor(self._executor, job)

    async def _mask_upload(self, region: RegionUpload) -> UploadFile:
        """The painted mask as the Images API's ``mask`` part (built off the loop)."""
        from desktop_app.core.relay.images_api import UploadFile

        loop = asyncio.get_running_loop()
        data = await loop.run_in_executor(self._executor, region.mask_png)
        return UploadFile("mask.png", data, "image/png")

    async def _paste_all(
        self, request: EditRequest, region: RegionUpload, saved: list[SavedResult], hooks: EditHooks
    ) -> tuple[list[SavedResult], Composite | None, list[str]]:
        from desktop_app.core.region_edit import paste_all

        on_saved = functools.partial(_call_hook, hooks.on_saved)
        return await paste_all(
            request.inputs[0], region, saved, self._executor, on_saved, hooks.temp_prefix
        )

    async def prepare(self, request: EditRequest) -> PreparedInputs:
        """Prepare ``request``'s pictures for the upload, off the loop (CPU work).

        A batch calls this ahead of the job's network slot. A region edit prepares its crop
        in :meth:`edit` (the crop depends on the mask), so it gets nothing here.

        Raises:
            RetouchError: BAD_INPUT for a picture that cannot be read or made to fit.
        """
        if request.mask is not None:
            return ()
        return tuple(await self._prepare(request.inputs, len(request.inputs)))

    async def _prepare(self, inputs: tuple[Path, ...], slots: int) -> list[PreparedImage]:
        if not inputs:
            return []
        from desktop_app.core.imaging.prep import (
            MAX_DATA_URL_BYTES,
            MAX_REQUEST_BYTES,
            prepare_image,
        )

        loop = asyncio.get_running_loop()
        budget = min(MAX_DATA_URL_BYTES, MAX_REQUEST_BYTES // slots)
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
        source = request.inputs[0] if request.inputs else None
        folder = request.output_dir or self._settings.results_dir_for(source)
        from desktop_app.core.routes import default_stem

        stem = request.name_stem or default_stem(request.inputs)
        infix = "-edit-" if request.inputs else "-"

        tried: list[int] = [0]  # the last number tried is the one taken: the next starts after

        def name_for(n: int, extension: str) -> Path:
            tried[0] = n
            return folder / f"{stem}{infix}{n}{extension}"

        if request.mask is not None and request.paste_back:
            from desktop_app.core.region_edit import model_name_for

            name_for = model_name_for(folder, stem)

        saved: list[SavedResult] = []
        failures: list[tuple[int, RetouchError]] = []
        total = len(parsed.image_urls)
        for index, url in enumerate(parsed.image_urls):
            report(Stage.DOWNLOADING, index / total)
            try:
                result = await self._downloader.save(
                    url, folder, name_for, temp_prefix=hooks.temp_prefix, first=tried[0] + 1
                )
            except RetouchError as exc:
                if exc.params.get("problem") == "disk_full":
                    raise disk_full_after(exc, saved) from None
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
        if parsed.dropped_results:
            warnings.append(
                f"The provider sent {total + parsed.dropped_results} results; only the first "
                f"{total} were downloaded, the other {parsed.dropped_results} were ignored."
            )
        return saved, warnings

    async def _key_out(self, result: SavedResult, key: str) -> SavedResult:
        """The result with its flat key-colour background made transparent (an RGBA PNG)."""
        from desktop_app.core.imaging.transparency import key_out_file

        loop = asyncio.get_running_loop()
        path = await loop.run_in_executor(self._executor, key_out_file, result.path, key)
        return dataclasses.replace(result, path=path, format="PNG", size=path.stat().st_size)


def disk_full_after(error: RetouchError, saved: list[SavedResult]) -> RetouchError:
    """``error`` (the disk is full) saying which results were saved before it filled."""
    if not saved:
        return error
    paths = [str(result.path) for result in saved]
    return RetouchError(
        error.kind,
        error.message + " Saved before the disk filled: " + ", ".join(paths),
        error.details,
        params={**error.params, "saved": paths},
    )

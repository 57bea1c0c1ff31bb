"""How one job travels: the chat route or the Images API route, streamed or not.

:func:`plan_job` turns what the user asked for into what is sent (the prompt with the
profile's ratio marker and key-colour words on the chat route; an exact size rounded to the
model's rule on the images route). :class:`Router` sends it, streaming by default: chat
progress markers become :class:`RelayProgress` reports, Images API partial pictures become
previews. A relay that refuses ``stream`` with a 4xx naming it is asked once more without it
(nothing was generated, so nothing is charged twice), and the router remembers that.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.errors import ErrorKind, RetouchError, bad_input
from desktop_app.core.imaging.transparency import DEFAULT_KEY, KEY_COLOURS, key_instruction
from desktop_app.core.ratios import compose_prompt
from desktop_app.core.relay.client import (
    RelayClient,
    UploadCallbacks,
    build_chat_body,
    json_payload,
)
from desktop_app.core.relay.images_api import (
    EDITS_PATH,
    GENERATIONS_PATH,
    MAX_IMAGES,
    ImageOptions,
    UploadFile,
    answer_extras,
    edit_multipart,
    generation_body,
)
from desktop_app.core.relay.response_parser import ParsedAnswer, parse_completion
from desktop_app.core.relay.streaming import (
    ChatStreamReader,
    ImagesStreamReader,
    RelayProgress,
)
from desktop_app.core.settings import ProviderProfile
from desktop_app.core.sizes import SizePlan, parse_size, plan_size, ratio_for_size

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from desktop_app.core.imaging.prep import PreparedImage
    from desktop_app.core.relay.downloader import SavedResult

CHAT_MAX_INPUTS = 4
BACKGROUNDS = ("auto", "opaque", "transparent")
_REFUSAL_STATUSES = frozenset({400, 405, 415, 422})
_NO_TRANSPARENCY = ("transparent", "background")


@dataclass(frozen=True)
class JobPlan:
    """What one job sends, decided before anything leaves.

    Attributes:
        api: ``"chat"`` or ``"images"``.
        prompt_sent: the text the model gets.
        size: the images route's size (None on the chat route).
        notes: what was changed on the way (a size rounded), said before sending.
    """

    api: str
    model: str
    prompt_sent: str
    ratio: str
    size_asked: str = "auto"
    size: SizePlan | None = None
    options: ImageOptions = field(default_factory=ImageOptions)
    key_colour: str | None = None
    notes: tuple[str, ...] = ()
    stream: bool = False

    @property
    def exact_size(self) -> tuple[int, int] | None:
        return self.size.exact if self.size else None


def plan_job(
    profile: ProviderProfile,
    model: str,
    prompt: str,
    ratio: str,
    *,
    inputs: int,
    size: str | None = None,
    quality: str | None = None,
    background: str | None = None,
    key_colour: str = DEFAULT_KEY,
    variations: int = 1,
    input_fidelity: str | None = None,
) -> JobPlan:
    """Check and decide what a job sends; raises BAD_INPUT for what cannot be sent."""
    if background is not None and background not in BACKGROUNDS:
        raise bad_input(f"“{background}” is not a background. Use transparent, opaque or auto.")
    if key_colour not in KEY_COLOURS:
        raise bad_input(f"“{key_colour}” is not a key colour. Use green or magenta.")
    if not 1 <= variations <= 10:
        raise bad_input(f"Variations can be 1 to 10, not {variations}.")
    transparent = background == "transparent"
    if profile.api == "images":
        if inputs > MAX_IMAGES:
            raise bad_input(f"At most {MAX_IMAGES} pictures can go into one request.")
        sized = plan_size(size, ratio, model, profile.size_rule)
        options = ImageOptions(
            size=sized.sent if (sized.exact or size) else None,
            quality=quality,
            background=background,
            n=variations,
            output_format="png",
            input_fidelity=input_fidelity,
            stream=profile.stream,
        )
        notes = (sized.note,) if sized.note else ()
        return JobPlan(
            "images",
            model,
            prompt.strip(),
            ratio,
            sized.asked,
            sized,
            options,
            notes=notes,
            stream=profile.stream,
        )
    if inputs > CHAT_MAX_INPUTS:
        raise bad_input(f"At most {CHAT_MAX_INPUTS} pictures can go into one request.")
    asked, pixels = parse_size(size, ratio)
    shape = ratio_for_size(size, ratio)
    text = compose_prompt(prompt, shape, profile.ratio_template)
    if transparent:
        text = f"{text} {key_instruction(key_colour)}"
    return JobPlan(
        "chat",
        model,
        text,
        shape,
        asked,
        SizePlan(asked, *pixels) if pixels else None,
        key_colour=key_colour if transparent else None,
        stream=profile.stream,
    )


@dataclass(frozen=True)
class RouteAnswer:
    """The relay's answer, read, with what the route learnt on the way."""

    parsed: ParsedAnswer
    sent_bytes: int
    previews: int = 0
    revised_prompt: str | None = None
    applied: dict[str, str] = field(default_factory=dict)
    stream_refused: bool = False


@dataclass
class RouteHooks:
    """Upload callbacks plus the relay's own progress and the partial pictures."""

    upload: UploadCallbacks = field(default_factory=UploadCallbacks)
    on_relay_progress: Callable[[RelayProgress], None] | None = None
    on_preview: Callable[[int, bytes], None] | None = None


def refuses_stream(error: RetouchError) -> bool:
    """Whether ``error`` is a relay saying it cannot stream (a 4xx naming ``stream``)."""
    said = f"{error.reason} {error.details}".lower()
    return error.status in _REFUSAL_STATUSES and "stream" in said


class Router:
    """Sends planned jobs through one :class:`RelayClient`.

    ``stream_refused`` turns true once the relay refused ``stream``; later jobs of this
    router ask without it, and the caller may store that in the profile.
    """

    def __init__(self, client: RelayClient, *, max_tokens: int = 0) -> None:
        self._client = client
        self._max_tokens = max_tokens
        self.stream_refused = False

    async def send(
        self,
        plan: JobPlan,
        images: Sequence[PreparedImage],
        hooks: RouteHooks,
        *,
        mask: UploadFile | None = None,
        executor: Executor | None = None,
    ) -> RouteAnswer:
        stream = plan.stream and not self.stream_refused
        try:
            answer = await self._send(plan, images, hooks, mask, stream, executor)
        except RetouchError as error:
            if not (stream and refuses_stream(error)):
                raise self._clearer(plan, error) from None
            self.stream_refused = True
            answer = await self._send(plan, images, hooks, mask, False, executor)
            return dataclasses.replace(answer, stream_refused=True)
        return answer

    async def _send(
        self,
        plan: JobPlan,
        images: Sequence[PreparedImage],
        hooks: RouteHooks,
        mask: UploadFile | None,
        stream: bool,
        executor: Executor | None,
    ) -> RouteAnswer:
        loop = asyncio.get_running_loop()
        if plan.api == "chat":
            body = build_chat_body(
                plan.model, plan.prompt_sent, [p.data_url for p in images], self._max_tokens
            )
            chat_reader = ChatStreamReader(hooks.on_relay_progress) if stream else None
            if stream:
                body["stream"] = True
            answer = await self._client.complete(body, hooks.upload, reader=chat_reader)
            parsed = await loop.run_in_executor(executor, parse_completion, answer.body)
            return RouteAnswer(parsed, answer.sent_bytes)
        options = plan.options if stream else plan.options.without_stream()
        reader = ImagesStreamReader(hooks.on_preview) if stream else None
        if images:
            uploads = [_upload(index, image) for index, image in enumerate(images)]
            payload, content_type = edit_multipart(
                plan.model, plan.prompt_sent, uploads, options, mask
            )
            path = EDITS_PATH
        else:
            payload = json_payload(generation_body(plan.model, plan.prompt_sent, options))
            content_type, path = "application/json", GENERATIONS_PATH
        answer = await self._client.post(
            path, payload, hooks.upload, content_type=content_type, reader=reader
        )
        parsed = await loop.run_in_executor(executor, parse_completion, answer.body)
        revised, applied = answer_extras(answer.body)
        parsed = dataclasses.replace(parsed, text=revised or parsed.text)
        previews = reader.previews if reader else 0
        return RouteAnswer(parsed, answer.sent_bytes, previews, revised, applied)

    @staticmethod
    def _clearer(plan: JobPlan, error: RetouchError) -> RetouchError:
        said = f"{error.reason} {error.details}".lower()
        transparent = plan.options.background == "transparent"
        if transparent and error.status == 400 and all(w in said for w in _NO_TRANSPARENCY):
            return RetouchError(
                ErrorKind.REFUSED,
                f"The model {plan.model} cannot make a transparent background. Pick another "
                "model, or the chat API (it removes a flat key colour here).",
                error.details,
                reason=error.reason,
                request_id=error.request_id,
                status=error.status,
            )
        return error


def _upload(index: int, image: PreparedImage) -> UploadFile:
    payload = image.data_url.partition(",")[2]
    extension = "png" if "png" in image.mime else "webp" if "webp" in image.mime else "jpg"
    return UploadFile(f"image-{index + 1}.{extension}", base64.b64decode(payload), image.mime)


def route_warnings(plan: JobPlan, answer: RouteAnswer, results: Sequence[SavedResult]) -> list[str]:
    """What the user should know about how the route went (besides the ratio check)."""
    notes = []
    if answer.stream_refused:
        notes.append(
            "The provider does not stream answers; it was asked again without streaming, "
            "and this profile will not ask for streaming again."
        )
    exact = plan.exact_size
    if exact and any((r.width, r.height) != exact for r in results):
        got = ", ".join(f"{r.width}x{r.height}" for r in results)
        notes.append(f"Asked for {exact[0]}x{exact[1]} but the provider delivered {got}.")
    asked_background = plan.options.background
    applied_background = answer.applied.get("background")
    if asked_background and applied_background and asked_background != applied_background:
        notes.append(
            f"Asked for a {asked_background} background; the provider applied {applied_background}."
        )
    return notes


def default_stem(inputs: Sequence[Path]) -> str:
    """``photo`` for an edit of photo.jpg; ``retouch-<YYYYmmdd-HHMMSS>`` for a creation."""
    if inputs:
        return inputs[0].stem
    return time.strftime("retouch-%Y%m%d-%H%M%S")

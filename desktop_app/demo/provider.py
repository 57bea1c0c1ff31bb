"""A real HTTP server on loopback that answers like an OpenAI-compatible image relay.

Tests of the app's HTTP client run against it over real sockets, and ``--demo`` lets people try
the app offline. What it answers is chosen per chat request: a queued scenario (``inject``), a
``[demo:<scenario>]`` marker in the prompt, or the standard answer. The catalogue lives in
:mod:`desktop_app.demo.scenarios`; the picture itself comes from :mod:`desktop_app.demo.edit`.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import secrets
import socket
import threading
import time

from PIL import Image

from desktop_app.demo import edit, region_answer, scenarios
from desktop_app.demo.http_handler import POLL_SECONDS, RelayServer, RequestHandler
from desktop_app.demo.relay_state import RecordedRequest, StoredImage
from desktop_app.demo.scenarios import SCENARIOS, Job, Reply, Result

logger = logging.getLogger(__name__)

MAX_STORED_IMAGES = 200  # results kept for the CDN; the oldest go first


class DemoProvider:
    """An image relay on ``127.0.0.1`` with scripted failures; see the module docstring.

    Args:
        host: Interface to bind; keep loopback.
        port: TCP port, 0 for any free one.
        latency: Seconds the "model" takes before a chat answer (interrupted by :meth:`stop`).
        token: None accepts any Authorization header (or none); otherwise exactly
            ``Bearer <token>`` is required and anything else gets a new-api style 401.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
        token: str | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.latency = latency
        self.token = token
        self._lock = threading.Lock()
        self._queue: collections.deque[str] = collections.deque()
        self._chat_requests: list[RecordedRequest] = []
        self._cdn_requests: list[str] = []
        self._chats_in_flight = 0
        self._chats_peak = 0
        self._images: collections.OrderedDict[str, StoredImage] = collections.OrderedDict()
        self._connections: set[socket.socket] = set()
        # Every wait in a handler is on this event, so stop() ends stalls at once.
        self.stopping = threading.Event()
        self._server: RelayServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> DemoProvider:
        """Bind and serve in a daemon thread; returns ``self``."""
        if self._server is not None:
            raise RuntimeError("the demo provider is already running")
        self.stopping.clear()
        self._server = RelayServer((self.host, self.port), RequestHandler, self)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": POLL_SECONDS},
            name=f"demo-provider-{self.port}",
            daemon=True,
        )
        self._thread.start()
        logger.debug("demo provider listening on %s", self.base_url)
        return self

    def stop(self) -> None:
        """Stop serving and cut every open connection, even ones with a stalled handler."""
        server, self._server = self._server, None
        if server is None:
            return
        self.stopping.set()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            # Wakes handlers blocked in a read (idle keep-alive) and tells clients we are gone.
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=1.0)
            self._thread = None

    def __enter__(self) -> DemoProvider:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:<port>``: where the CDN links point."""
        if not self.port:
            raise RuntimeError("start() the demo provider first")
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>/v1``: the relay base URL to configure in the app."""
        return f"{self.origin}/v1"

    # --- scripting and inspection ---------------------------------------------------------

    def inject(self, scenario: str, times: int = 1) -> None:
        """Make the next ``times`` chat requests play ``scenario`` (after any already queued).

        Raises:
            ValueError: ``scenario`` is not one of :data:`SCENARIOS`, or ``times`` < 1.
        """
        if scenario not in SCENARIOS:
            raise ValueError(f"unknown demo scenario {scenario!r}; known: {', '.join(SCENARIOS)}")
        if times < 1:
            raise ValueError(f"times must be at least 1, not {times}")
        with self._lock:
            self._queue.extend([scenario] * times)

    def clear(self) -> None:
        """Forget queued scenarios and recorded requests (stored results stay fetchable)."""
        with self._lock:
            self._queue.clear()
            self._chat_requests.clear()
            self._cdn_requests.clear()
            self._chats_peak = self._chats_in_flight

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        """Every POST to ``.../chat/completions`` so far, failed ones included (a copy)."""
        with self._lock:
            return list(self._chat_requests)

    @property
    def cdn_requests(self) -> list[str]:
        """The path of every ``GET /cdn/...`` so far (a copy)."""
        with self._lock:
            return list(self._cdn_requests)

    @property
    def chats_in_flight(self) -> int:
        """Chat requests being answered right now (body read, answer not yet sent)."""
        with self._lock:
            return self._chats_in_flight

    @property
    def max_concurrent_chats(self) -> int:
        """The most chat requests answered at the same time since start or :meth:`clear`."""
        with self._lock:
            return self._chats_peak

    # --- used by the handler --------------------------------------------------------------

    def track(self, connection: socket.socket, open_: bool) -> None:
        with self._lock:
            if open_:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def record_chat(self, request: RecordedRequest) -> None:
        with self._lock:
            self._chat_requests.append(request)

    def chat_started(self) -> None:
        with self._lock:
            self._chats_in_flight += 1
            self._chats_peak = max(self._chats_peak, self._chats_in_flight)

    def chat_ended(self) -> None:
        with self._lock:
            self._chats_in_flight -= 1

    def record_cdn(self, path: str) -> None:
        with self._lock:
            self._cdn_requests.append(path)

    def next_queued(self) -> str | None:
        with self._lock:
            return self._queue.popleft() if self._queue else None

    def auth_failure(self, authorization: str | None) -> Reply | None:
        if self.token is None or authorization == f"Bearer {self.token}":
            return None
        message = "未提供令牌" if not authorization else "无效的令牌"
        return scenarios.api_error(401, message, "invalid_api_key")

    def _store(self, data: bytes, ext: str, mime: str, fault: str | None) -> str:
        name = f"{secrets.token_hex(8)}.{ext}"
        with self._lock:
            self._images[name] = StoredImage(data, mime, fault)
            while len(self._images) > MAX_STORED_IMAGES:
                self._images.popitem(last=False)
        return name

    def stored(self, name: str) -> StoredImage | None:
        with self._lock:
            return self._images.get(name)

    def generate(
        self, job: Job, scenario: str, source: Image.Image | None, ratio: float, raw_prompt: str
    ) -> None:
        """Render, encode and store the results of ``job`` (two for ``two_results``)."""
        webp = scenario == "webp"
        ext, mime = ("webp", "image/webp") if webp else ("png", "image/png")
        fault = scenario if scenario in scenarios.CDN_SCENARIOS else None
        date = time.strftime("%Y%m%d")
        for variant in range(2 if scenario == "two_results" else 1):
            if scenario == "region":
                image = region_answer.render_region(source, raw_prompt, ratio)
            else:
                image = edit.render(source, raw_prompt, ratio, variant)
            data = edit.encode(image, "WEBP" if webp else "PNG")
            name = self._store(data, ext, mime, fault)
            job.results.append(
                Result(
                    url=f"{self.origin}/cdn/{date}/{name}",
                    download_url=f"{self.origin}/cdn/download/{date}/{name}",
                    data=data,
                    mime=mime,
                )
            )

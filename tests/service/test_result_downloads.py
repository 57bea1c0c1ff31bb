"""Result downloads over real HTTP: what the image server sees, and what the user is told.

The demo relay serves its results whole or fails them by kind; these cases need a server that
answers any status with any body, records the request it received, redirects anywhere and stalls
on demand, so a small local HTTP server stands in for the image host. It listens on 127.0.0.1 and
is given as the relay's own address (the one loopback host a result may come from); a second
server on another port plays "another program on this computer".
"""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from PIL import Image

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.relay.downloader import ResultDownloader, SavedResult
from desktop_app.core.relay.result_hosts import MAX_REDIRECTS
from desktop_app.core.relay.transport import open_http_client

PREFIX = "The result image could not be downloaded: "


def png_bytes(size: tuple[int, int] = (4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


@dataclass
class Answer:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    chunked: bool = False  # no Content-Length: the body streams in 16 KiB chunks
    stall: bool = False  # headers sent, then nothing until the test ends
    pause: float = 0.0  # seconds of silence after the first half of the body


class ImageHost:
    """A tiny HTTP server: ``routes`` maps a path to its answer; ``seen`` keeps each request."""

    def __init__(self) -> None:
        self.routes: dict[str, Answer] = {}
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.release = threading.Event()
        host = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                host.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                self.close_connection = True  # a short body then ends the connection
                answer = host.routes.get(self.path, Answer(404, body=b"no such result"))
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                if answer.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                elif "Content-Length" not in answer.headers:
                    self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                if answer.stall:
                    self.wfile.flush()
                    host.release.wait(30)
                    return
                if answer.pause:
                    half = len(answer.body) // 2
                    self.wfile.write(answer.body[:half])
                    self.wfile.flush()
                    host.release.wait(answer.pause)
                    self.wfile.write(answer.body[half:])
                    return
                if not answer.chunked:
                    self.wfile.write(answer.body)
                    return
                for start in range(0, len(answer.body), 16 * 1024):
                    piece = answer.body[start : start + 16 * 1024]
                    self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def image_host() -> Iterator[ImageHost]:
    host = ImageHost()
    yield host
    host.close()


@pytest.fixture
def other_program() -> Iterator[ImageHost]:
    host = ImageHost()
    host.routes["/elsewhere.png"] = Answer(200, {"Content-Type": "image/png"}, png_bytes())
    yield host
    host.close()


def download(
    url: str,
    folder: Path,
    relay_url: str,
    *,
    http: httpx.AsyncClient | None = None,
    **options: float,
) -> SavedResult:
    """Save ``url`` with the real downloader and the app's shared HTTP client."""

    async def run() -> SavedResult:
        async with http or open_http_client() as client:
            downloader = ResultDownloader(client, relay_url=relay_url, **options)  # type: ignore[arg-type]
            return await downloader.save(url, folder, lambda n, ext: folder / f"result-{n}{ext}")

    return asyncio.run(run())


def refusal(url: str, folder: Path, relay_url: str, **options: float) -> RetouchError:
    with pytest.raises(RetouchError) as caught:
        download(url, folder, relay_url, **options)
    assert list(folder.iterdir()) == [], "a failed download leaves nothing behind"
    return caught.value


def test_the_image_arrives_byte_for_byte_and_asks_only_for_an_image(image_host, tmp_path):
    picture = png_bytes()
    image_host.routes["/r/1.png"] = Answer(200, {"Content-Type": "image/png"}, picture)

    saved = download(f"{image_host.base}/r/1.png", tmp_path, image_host.base)

    assert saved.path == tmp_path / "result-1.png"
    assert saved.path.read_bytes() == picture
    assert (saved.format, saved.width, saved.height, saved.size) == ("PNG", 4, 3, len(picture))
    assert saved.source_url == f"{image_host.base}/r/1.png"
    [(path, headers)] = image_host.seen
    assert path == "/r/1.png"
    assert headers["accept"] == "image/*"
    assert "authorization" not in headers


def test_an_expired_link_says_so_with_its_status_and_the_servers_words(image_host, tmp_path):
    url = f"{image_host.base}/signed.png?sig=abc"
    body = b"<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"
    image_host.routes["/signed.png?sig=abc"] = Answer(
        403, {"Content-Type": "application/xml"}, body
    )

    error = refusal(url, tmp_path, image_host.base)

    assert error.kind is ErrorKind.BAD_RESPONSE
    assert error.message == PREFIX + "the image server answered HTTP 403 (the link has expired)."
    assert error.status == 403
    assert error.details == f"{url}\n{body.decode()}"


@pytest.mark.parametrize("status", [404, 410, 500, 502])
def test_other_refusals_name_their_status_and_keep_the_body(image_host, tmp_path, status):
    url = f"{image_host.base}/gone.png"
    image_host.routes["/gone.png"] = Answer(status, {"Content-Type": "text/html"}, b"<h1>Gone</h1>")

    error = refusal(url, tmp_path, image_host.base)

    assert error.kind is ErrorKind.BAD_RESPONSE
    assert error.message == PREFIX + f"the image server answered HTTP {status}."
    assert error.status == status
    assert error.details == f"{url}\n<h1>Gone</h1>"


def test_a_long_error_page_is_kept_as_an_excerpt(image_host, tmp_path):
    url = f"{image_host.base}/big-error.png"
    image_host.routes["/big-error.png"] = Answer(404, {"Content-Type": "text/html"}, b"x" * 50_000)

    error = refusal(url, tmp_path, image_host.base)

    assert error.details == f"{url}\n" + "x" * 300 + "…"


def test_a_relative_redirect_is_followed_from_the_url_that_gave_it(image_host, tmp_path):
    picture = png_bytes((5, 5))
    image_host.routes["/a/b/start.png"] = Answer(302, {"Location": "../moved/final.png"})
    image_host.routes["/a/moved/final.png"] = Answer(200, {"Content-Type": "image/png"}, picture)

    saved = download(f"{image_host.base}/a/b/start.png", tmp_path, image_host.base)

    assert saved.path.read_bytes() == picture
    assert [path for path, _ in image_host.seen] == ["/a/b/start.png", "/a/moved/final.png"]
    assert all(headers["accept"] == "image/*" for _, headers in image_host.seen)


@pytest.mark.parametrize("status", [301, 303, 307, 308])
def test_every_redirect_status_is_followed(image_host, tmp_path, status):
    image_host.routes["/start.png"] = Answer(status, {"Location": f"{image_host.base}/final.png"})
    image_host.routes["/final.png"] = Answer(200, {"Content-Type": "image/png"}, png_bytes())

    download(f"{image_host.base}/start.png", tmp_path, image_host.base)

    assert [path for path, _ in image_host.seen] == ["/start.png", "/final.png"]


def test_a_redirect_without_a_location_is_a_refusal(image_host, tmp_path):
    url = f"{image_host.base}/nowhere.png"
    image_host.routes["/nowhere.png"] = Answer(302, body=b"moved somewhere")

    error = refusal(url, tmp_path, image_host.base)

    assert error.message == PREFIX + "the image server answered HTTP 302."
    assert error.status == 302
    assert error.details == f"{url}\nmoved somewhere"


@pytest.mark.parametrize("client_follows", [False, True], ids=["app-client", "following-client"])
def test_a_redirect_to_another_program_is_never_requested(
    image_host, other_program, tmp_path, client_follows
):
    """Each hop meets the host rules, even when the HTTP client given would follow by itself."""
    target = f"{other_program.base}/elsewhere.png"
    image_host.routes["/start.png"] = Answer(302, {"Location": target})
    http = httpx.AsyncClient(follow_redirects=True) if client_follows else None

    with pytest.raises(RetouchError) as caught:
        download(f"{image_host.base}/start.png", tmp_path, image_host.base, http=http)

    assert caught.value.params == {"problem": "result_host_refused"}
    assert "another program on this computer" in caught.value.message
    assert caught.value.details == target
    assert other_program.seen == []
    assert list(tmp_path.iterdir()) == []


def test_a_redirect_loop_ends_after_the_allowed_hops(image_host, tmp_path):
    for hop in range(10):
        image_host.routes[f"/hop{hop}.png"] = Answer(307, {"Location": f"/hop{hop + 1}.png"})

    error = refusal(f"{image_host.base}/hop0.png", tmp_path, image_host.base)

    assert error.kind is ErrorKind.BAD_RESPONSE
    assert error.message == PREFIX + "the image server redirected too many times."
    assert error.details == f"{image_host.base}/hop{MAX_REDIRECTS + 1}.png"
    assert [path for path, _ in image_host.seen] == [
        f"/hop{hop}.png" for hop in range(MAX_REDIRECTS + 1)
    ]


def test_the_last_allowed_hop_still_delivers(image_host, tmp_path):
    for hop in range(MAX_REDIRECTS):
        image_host.routes[f"/hop{hop}.png"] = Answer(302, {"Location": f"/hop{hop + 1}.png"})
    image_host.routes[f"/hop{MAX_REDIRECTS}.png"] = Answer(200, body=png_bytes())

    saved = download(f"{image_host.base}/hop0.png", tmp_path, image_host.base)

    assert saved.path.read_bytes() == png_bytes()
    assert len(image_host.seen) == MAX_REDIRECTS + 1


def test_a_declared_oversize_is_refused_before_the_body(image_host, tmp_path):
    image_host.routes["/huge.png"] = Answer(200, body=b"\0" * 3_000_000)

    error = refusal(f"{image_host.base}/huge.png", tmp_path, image_host.base, max_bytes=2**20)

    assert error.message == PREFIX + "it is larger than 1 MB."
    assert error.details == "3000000 bytes"  # the declared length, not what was read


def test_an_undeclared_oversize_stops_at_the_first_piece_past_the_cap(image_host, tmp_path):
    image_host.routes["/huge.png"] = Answer(200, body=b"\0" * 3_000_000, chunked=True)

    error = refusal(f"{image_host.base}/huge.png", tmp_path, image_host.base, max_bytes=2**20)

    assert error.message == PREFIX + "it is larger than 1 MB."
    assert error.details == f"{2**20 + 64 * 1024} bytes"  # 64 KiB pieces: the 17th crosses


def test_an_undeclared_body_at_the_cap_is_saved_whole(image_host, tmp_path):
    picture = png_bytes((40, 40))
    image_host.routes["/exact.png"] = Answer(200, body=picture, chunked=True)

    saved = download(
        f"{image_host.base}/exact.png", tmp_path, image_host.base, max_bytes=len(picture)
    )

    assert saved.path.read_bytes() == picture


def test_a_dropped_connection_names_the_host(image_host, tmp_path):
    url = f"{image_host.base}/cut.png"
    # The server promises 1000 bytes and sends none: the connection closes mid-body.
    image_host.routes["/cut.png"] = Answer(200, {"Content-Length": "1000"})

    error = refusal(url, tmp_path, image_host.base)

    assert error.kind is ErrorKind.NETWORK
    assert error.message == PREFIX + "the connection to 127.0.0.1 failed."
    assert error.details.startswith("RemoteProtocolError: ")


def test_the_downloads_own_timeout_applies_not_the_shared_clients(image_host, tmp_path):
    """A CDN may pause mid-image longer than the shared client's default (httpx: 5 s)."""
    picture = png_bytes((60, 60))
    image_host.routes["/pausing.png"] = Answer(200, body=picture, pause=0.5)
    impatient = httpx.AsyncClient(timeout=0.1)

    saved = download(f"{image_host.base}/pausing.png", tmp_path, image_host.base, http=impatient)

    assert saved.path.read_bytes() == picture


def test_a_stalled_image_ends_at_the_download_timeout(image_host, tmp_path):
    url = f"{image_host.base}/slow.png"
    image_host.routes["/slow.png"] = Answer(200, body=b"\0" * 100, stall=True)

    error = refusal(url, tmp_path, image_host.base, timeout=1.0)

    assert error.kind is ErrorKind.NETWORK
    assert error.message == PREFIX + "the image server did not deliver within 1 seconds."
    assert error.details == url

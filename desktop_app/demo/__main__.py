"""``python -m desktop_app.demo [--port N] [--latency S] [--token T] [--tls-cert C --tls-key K]``.

A foreground demo relay.

Handy for pointing the GUI (or curl) at a relay that never costs anything. Ctrl+C stops it.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import threading

from desktop_app.demo import SCENARIOS, DemoProvider


def main(argv: list[str] | None = None) -> int:
    """Run the demo provider until interrupted; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m desktop_app.demo", description="Serve the Retouch Studio demo image relay."
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface (default: %(default)s)")
    parser.add_argument("--port", type=int, default=0, help="TCP port (default: any free one)")
    parser.add_argument(
        "--latency",
        type=float,
        default=2.0,
        help="seconds the model takes per answer (default: %(default)s)",
    )
    parser.add_argument("--token", default=None, help="require 'Bearer TOKEN' (default: any)")
    parser.add_argument("--tls-cert", help="serve HTTPS with this certificate (PEM chain)")
    parser.add_argument("--tls-key", help="the private key of --tls-cert (PEM)")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    tls = (args.tls_cert, args.tls_key) if args.tls_cert else None
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="%(asctime)s %(message)s"
    )
    provider = DemoProvider(
        host=args.host, port=args.port, latency=args.latency, token=args.token, tls=tls
    )
    with provider:
        # The base URL alone on the first line, so scripts can read it.
        sys.stdout.write(f"{provider.base_url}\n")
        sys.stdout.write(f"Put [demo:<scenario>] in a prompt to try: {', '.join(SCENARIOS)}\n")
        sys.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

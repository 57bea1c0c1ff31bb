"""The demo provider: a loopback HTTP server that answers like a real image relay.

Used by the HTTP client's tests (real sockets, scripted failures) and by ``--demo`` so people
can try the app offline. Qt-free: stdlib and Pillow only.
"""

from desktop_app.demo.provider import DemoProvider
from desktop_app.demo.relay_state import RecordedRequest
from desktop_app.demo.scenarios import SCENARIOS

__all__ = ["SCENARIOS", "DemoProvider", "RecordedRequest"]

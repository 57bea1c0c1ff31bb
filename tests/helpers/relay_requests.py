"""What the demo relay received, decoded for assertions."""

from __future__ import annotations

import base64
import io

from PIL import Image

from desktop_app.demo import DemoProvider


def received_picture(provider: DemoProvider) -> Image.Image:
    """The picture of the last chat request the relay received (its first image part)."""
    content = provider.chat_requests[-1].body["messages"][0]["content"]
    url = content[1]["image_url"]["url"]
    return Image.open(io.BytesIO(base64.b64decode(url.partition(",")[2])))

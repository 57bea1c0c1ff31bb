"""parse and diff: the pure-Python hot spots the unit tests once timed.

* ``parse``: ``parse_completion`` on the worst answers a relay could send (a 4 MB data URL,
  an unclosed 3 MB data URL, 200,000 open links, a 2 MB URL then spaces); the slowest of
  them, median over runs. Target ≤ 2 s: a non-linear pattern would take minutes.
* ``diff``: ``difference_overlay`` of a 2048 × 2048 pair with one changed square, median
  over runs. Target ≤ 3 s (about 0.3 s on a laptop core, 0.9 s on a loaded CI machine).
"""

from __future__ import annotations

import base64
import json
import sys

from PIL import Image, ImageDraw

from benchmarks.common import Context, median, timed
from benchmarks.table import Row, Target, make_row
from desktop_app.core.imaging.difference import difference_overlay
from desktop_app.core.relay.response_parser import parse_completion

ROWS = {
    "parse": ("ms", Target("value", "<=", 2000.0, "≤ 2 s")),
    "diff": ("ms", Target("value", "<=", 3000.0, "≤ 3 s")),
}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 16


def completion(content: str) -> str:
    message = {"role": "assistant", "content": content}
    choice = {"index": 0, "message": message, "finish_reason": "stop"}
    return json.dumps({"object": "chat.completion", "choices": [choice]}, ensure_ascii=False)


def worst_answers() -> dict[str, str]:
    big = base64.b64encode(PNG_MAGIC + bytes(range(256)) * 12_000).decode("ascii")
    return {
        "4 MB data URL": completion(f"![big](data:image/png;base64,{big})\n"),
        "unclosed data URL": completion("![broken](data:image/png;base64," + "A" * 3_000_000),
        "many open links": completion("[a](" * 200_000),
        "long URL, spaces": completion("![a](https://x.example/" + "y" * 2_000_000 + " " * 100_000),
    }


def changed_pair(side: int = 2048) -> tuple[Image.Image, Image.Image]:
    before = Image.linear_gradient("L").resize((side, side)).convert("RGB")
    after = before.copy()
    ImageDraw.Draw(after).rectangle((100, 100, 400, 400), fill=(10, 240, 30))
    return before, after


def run(ctx: Context) -> list[Row]:
    runs = ctx.runs(full=5, quick=3)
    answers = worst_answers()
    slowest: list[float] = []
    for _ in range(runs):
        per_answer = {
            name: timed(lambda body=body: parse_completion(body)) for name, body in answers.items()
        }
        slowest.append(max(per_answer.values()) * 1000)
    worst_name = max(per_answer, key=per_answer.get)
    before, after = changed_pair()
    difference_overlay(before, after)  # warm-up
    diffs = [timed(lambda: difference_overlay(before, after)) * 1000 for _ in range(runs)]
    print(f"parse {median(slowest):.0f} ms, diff {median(diffs):.0f} ms", file=sys.stderr)
    parse_unit, parse_target = ROWS["parse"]
    diff_unit, diff_target = ROWS["diff"]
    return [
        make_row(
            "parse",
            median(slowest),
            parse_unit,
            None,
            parse_target,
            f"slowest of {len(answers)} worst answers ({worst_name}); median of {runs}",
        ),
        make_row(
            "diff",
            median(diffs),
            diff_unit,
            None,
            diff_target,
            f"2048 × 2048 pair; median of {runs}",
        ),
    ]

"""The translation catalogues and the error wording, without a display.

The GUI side (every visible string switches language) is tests/gui/test_i18n_a11y.py.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest

from desktop_app import error_catalogue
from desktop_app.cli import messages as cli_messages
from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.imaging import problems as image_problems
from desktop_app.core.relay.http_errors import error_from_status, error_from_transport
from desktop_app.error_catalogue import PROBLEM_MESSAGES, error_text, error_title

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
CHINESE = TRANSLATIONS / "retouch_studio_zh_CN.ts"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def zh_messages() -> list[tuple[str, str, ET.Element]]:
    found = []
    for context in ET.parse(CHINESE).getroot().iter("context"):
        for message in context.iter("message"):
            found.append((context.findtext("name", ""), message.findtext("source", ""), message))
    return found


def test_chinese_is_complete_and_keeps_placeholders_and_mnemonics():
    messages = zh_messages()
    assert len(messages) > 300
    for context, source, message in messages:
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, (context, source)
        text = translation.text or ""
        assert text, (context, source)
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), source
        assert ("\n" in text) == ("\n" in source), source
        if re.search(r"&\w", source):
            assert re.search(r"&\w", text), f"{source!r}: the mnemonic is lost"


def test_compiled_catalogues_are_committed_next_to_their_sources():
    for language in ("en", "zh_CN"):
        source = TRANSLATIONS / f"retouch_studio_{language}.ts"
        compiled = source.with_suffix(".qm")
        assert source.exists() and compiled.exists()
    assert (TRANSLATIONS / "retouch_studio_zh_CN.qm").stat().st_size > 10_000


def test_catalogues_hold_every_text_the_code_marks():  # lupdate comes with PySide6: no skip
    spec = importlib.util.spec_from_file_location("update", TRANSLATIONS / "update.py")
    update = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(update)
    assert update.problems() == [], "run: python resources/translations/update.py"


def zh(error: RetouchError) -> str:
    return error_text(error, cli_messages.translator("zh_CN"))


def image_error(problem: str) -> RetouchError:
    values = {
        "unsupported_format": {"format": "PSD", "kind": "a Photoshop document (PSD)"},
        "damaged": {"format": "PNG"},
        "too_large": {"width": 20000, "height": 15000, "megapixels": 300.0},
        "cannot_fit": {"limit_mb": 18.0},
    }.get(problem, {})
    if problem == "too_large":
        values["limit_megapixels"] = 250
    return image_problems.fail(problem, "photo.psd", **values)


# What the Chinese says for each picture problem, written out here rather than read back from
# the catalogue under test.
PICTURE_PROBLEMS_IN_CHINESE = {
    "cannot_fit": "也无法压缩到可以发送的大小（最多 18.0 MB）",
    "damaged": "是损坏或不完整的 PNG 文件",
    "empty": "是空文件（0 字节）",
    "folder": "是文件夹，不是图片",
    "missing": "找不到“photo.psd”",
    "no_permission": "没有权限读取“photo.psd”",
    "not_an_image": "不是可以读取的图片",
    "out_of_memory": "可用内存不足以处理它",
    "psd_no_composite": "是未存储合并图像的 Photoshop 文档",
    "too_large": "300.0 百万像素（20000 × 15000）。最多支持 250 百万像素",
    "too_large_to_open": "太大，无法打开",
    "unreadable": "无法打开“photo.psd”",
    "unsupported_format": "的格式（PSD）",
}


def test_every_picture_problem_has_its_expected_wording():
    assert sorted(image_problems.MESSAGES) == sorted(PICTURE_PROBLEMS_IN_CHINESE)


@pytest.mark.parametrize(("problem", "words"), sorted(PICTURE_PROBLEMS_IN_CHINESE.items()))
def test_every_picture_problem_is_worded_in_both_languages(problem, words, caplog):
    error = image_error(problem)
    assert error.params["problem"] == problem
    english, chinese = error_text(error), zh(error)
    assert "photo.psd" in english and "photo.psd" in chinese
    assert words in chinese and words not in english
    assert "does not fit" not in caplog.text


@pytest.mark.parametrize(
    ("status", "body", "kind", "problem", "words"),
    [
        (401, b'{"error": {"message": "invalid token"}}', ErrorKind.AUTH, "token_rejected",
         "服务商不接受你的 API 密钥"),
        (403, b"{}", ErrorKind.AUTH, "access_refused", "服务商拒绝了这个密钥的访问"),
        (402, b"{}", ErrorKind.QUOTA, "out_of_credit", "服务商账户余额不足"),
        (503, b'{"error": {"message": "model_not_found"}}', ErrorKind.MODEL_UNAVAILABLE,
         "model_unavailable", "这个密钥无法使用所选模型"),
        (429, b"{}", ErrorKind.RATE_LIMITED, "rate_limited", "服务商现在很忙（请求过多）"),
        (400, b'{"error": {"message": "content policy"}}', ErrorKind.REFUSED, "content_rules",
         "依据其内容规则拒绝了这次请求"),
        (404, b"{}", ErrorKind.SERVER, "not_a_relay", "不像图片中转服务（HTTP 404）"),
        (413, b"{}", ErrorKind.SERVER, "request_too_large", "服务商提示请求太大"),
        (418, b"{}", ErrorKind.SERVER, "request_rejected", "服务商拒绝了这次请求（HTTP 418）"),
        (502, b"<html>bad gateway</html>", ErrorKind.SERVER, "server_error",
         "服务商的服务器出了问题（HTTP 502）"),
    ],
)  # fmt: skip
def test_provider_answers_carry_a_problem_the_catalogue_words(status, body, kind, problem, words):
    error = error_from_status(status, body)
    assert error.kind is kind
    assert error.params["problem"] == problem
    assert error.params["status"] == status
    assert words in zh(error)
    assert (f"HTTP {status}" in words) == (f"HTTP {status}" in error_text(error))


@pytest.mark.parametrize(
    ("exc", "problem"),
    [
        (httpx.ConnectTimeout("slow"), "connect_timeout"),
        (httpx.ConnectError("refused"), "cannot_connect"),
        (httpx.ReadTimeout("slow"), "read_timeout"),
        (httpx.WriteTimeout("stalled"), "upload_stalled"),
        (httpx.RemoteProtocolError("cut"), "connection_broken"),
    ],
)
def test_connection_failures_carry_a_problem_the_catalogue_words(exc, problem):
    error = error_from_transport(exc, "relay.example", 300.0)
    assert error.params["problem"] == problem
    chinese = zh(error)
    assert re.search(r"[\u4e00-\u9fff]", chinese)
    if problem in ("connect_timeout", "cannot_connect"):
        assert "relay.example" in chinese
    if problem == "read_timeout":
        assert "300" in chinese


def test_without_a_problem_english_keeps_the_core_sentence_and_chinese_words_the_kind():
    error = RetouchError(ErrorKind.BAD_RESPONSE, "The JSON has no usable choices[0].")
    assert error_text(error) == error.message
    assert zh(error) == "无法读取服务商的回复，没有保存任何内容。请重试。"
    assert error_title(ErrorKind.NETWORK, cli_messages.translator("zh_CN")) == "连接问题"
    assert error_title(ErrorKind.NETWORK) == "Connection problem"


def test_a_translation_that_does_not_fit_the_params_falls_back_to_english(caplog):
    def broken(_context: str, text: str) -> str:
        return "{name} {unknown}" if text == PROBLEM_MESSAGES["missing"] else text

    nameless = RetouchError(ErrorKind.BAD_INPUT, "Core words.", params={"problem": "missing"})
    assert error_text(nameless, broken) == "Core words."  # no name: no "“”" sentence
    error = RetouchError(
        ErrorKind.BAD_INPUT, "Core words.", params={"problem": "missing", "name": "a.jpg"}
    )
    assert error_text(error, broken) == "Core words."
    assert "does not fit" in caplog.text


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LANG": "zh_TW.UTF-8"}, "zh_CN"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_ALL": "", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_GB.UTF-8"}, "zh_CN"),
        ({}, "en"),
    ],
)
def test_the_cli_language_follows_the_posix_locale_order(environ, language):
    assert cli_messages.language_from_environment(environ) == language


def test_the_cli_catalogue_is_the_app_catalogue():
    assert cli_messages.tr(cli_messages.STAGE_LABELS["waiting"], "zh_CN") == "正在等待模型"
    assert cli_messages.tr(cli_messages.STAGE_LABELS["waiting"], "en") == "Waiting for the model"
    assert cli_messages.catalogue("fr") == {}


def test_the_cli_words_load_without_qt():
    code = (
        "import sys, desktop_app.cli.messages, desktop_app.error_catalogue, desktop_app.cli.entry;"
        "print([m for m in sys.modules if m.startswith('PySide6')])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"


def test_every_kind_has_a_title_and_a_general_sentence():
    for kind in ErrorKind:
        assert error_catalogue.TITLES[kind] and error_catalogue.KIND_MESSAGES[kind]

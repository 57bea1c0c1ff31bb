import logging

import pytest

from desktop_app.core.errors import EXIT_CODES, ErrorKind, RetouchError
from desktop_app.core.redaction import (
    RedactingFilter,
    mask_for_display,
    redact,
    register_secret,
)

TOKEN = "relay_7f3a9c1d2e4b5a6fSECRET"  # no sk- prefix: masked because registered


@pytest.fixture(autouse=True)
def _known_token():
    register_secret(TOKEN)


def test_every_kind_has_the_documented_exit_code():
    assert {kind.value: EXIT_CODES[kind] for kind in ErrorKind} == {
        "bad_input": 2,
        "auth": 3,
        "quota": 3,
        "model_unavailable": 3,
        "rate_limited": 4,
        "refused": 4,
        "server": 5,
        "network": 5,
        "bad_response": 5,
        "cancelled": 130,
    }


def test_error_text_repr_and_json_never_carry_the_token():
    error = RetouchError(
        ErrorKind.AUTH, f"bad token {TOKEN}", f"Authorization: Bearer {TOKEN}", reason=TOKEN
    )
    rendered = " ".join([str(error), repr(error), str(error.to_json()), error.details])
    assert TOKEN not in rendered
    assert "***" in error.details


def test_redact_masks_bearer_values_and_key_like_strings_it_was_never_told():
    text = redact("Authorization: Bearer abc.def-123 and sk-ABCDEFGH12345678 here")
    assert "abc.def-123" not in text and "sk-ABCDEFGH12345678" not in text
    assert text.count("***") == 2


def test_mask_for_display_keeps_only_a_hint():
    assert mask_for_display(TOKEN) == "rel…CRET"
    assert mask_for_display("short") == "***"


def test_log_filter_redacts_messages_arguments_and_tracebacks(caplog):
    logger = logging.getLogger("test.redaction")
    caplog.handler.addFilter(RedactingFilter())
    try:
        raise ValueError(f"boom {TOKEN}")
    except ValueError:
        logger.exception("request with %s failed", TOKEN)
    assert TOKEN not in caplog.text
    assert "boom ***" in caplog.text

import io
import logging
import secrets

import pytest

from desktop_app.core.errors import EXIT_CODES, ErrorKind, RetouchError
from desktop_app.core.redaction import (
    RedactingFilter,
    install_log_redaction,
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


# --- what mutation testing found untested (README "Mutation testing") ------------------------


def _never_seen(length: int) -> str:
    """Characters of the private use area: in no other text, and new to this process (the
    registry lives as long as the process, and mutmut's workers inherit their parent's)."""
    return "".join(chr(0xE000 + secrets.randbelow(6400)) for _ in range(length))


def test_secrets_of_four_characters_or_more_are_registered_and_blanks_are_not():
    four, three = _never_seen(4), _never_seen(3)
    register_secret(None)
    register_secret("")
    register_secret(four)  # the shortest length that counts as a secret
    register_secret(three)
    assert redact(f"a {four} b {three} c") == f"a *** b {three} c"


def test_a_secret_inside_a_longer_one_leaves_nothing_of_the_longer():
    # The longer must be replaced first whatever their alphabetical order.
    inner, outer = "zz_part_9f3c1d", "aa_zz_part_9f3c1d_tail"
    register_secret(inner)
    register_secret(outer)
    assert redact(f"[{outer}] [{inner}]") == "[***] [***]"


def test_mask_for_display_shows_a_hint_only_from_nine_characters():
    assert mask_for_display("12345678") == "***"
    assert mask_for_display("123456789") == "123…6789"


def test_log_filter_masks_the_message_with_or_without_arguments(caplog):
    logger = logging.getLogger("test.redaction.plain")
    caplog.handler.addFilter(RedactingFilter())
    logger.warning("request with %s failed", TOKEN)
    logger.warning(f"plain {TOKEN} text")
    logger.warning("nothing secret here")
    assert [record.getMessage() for record in caplog.records] == [
        "request with *** failed",
        "plain *** text",
        "nothing secret here",
    ]


def test_install_log_redaction_filters_every_handler_once():
    logger = logging.getLogger("test.redaction.install")
    logger.propagate = False
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    try:
        install_log_redaction(logger)
        install_log_redaction(logger)
        logger.warning("token %s", TOKEN)
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue() == "token ***\n"
    assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1

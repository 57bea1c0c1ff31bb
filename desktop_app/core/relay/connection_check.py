"""The "Test connection" check: one cheap authenticated call that says whether edits work.

It asks the relay for its model list (``GET {base}/models``), which checks the address, the
network path (proxy, TLS), the token and the chosen model at once, and never starts a paid
generation.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import httpx

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.relay.client import RelayClient
from desktop_app.core.relay.endpoint import validate_base_url
from desktop_app.core.settings import Settings

# Answering a model list is quick; a relay that takes longer is as good as unreachable here.
CHECK_READ_TIMEOUT = 30.0
_LISTED_MODELS = 6


class CheckOutcome(enum.StrEnum):
    """What a connection test found."""

    OK = "ok"
    BAD_TOKEN = "bad_token"
    NO_SUCH_MODEL = "no_such_model"
    UNREACHABLE = "unreachable"
    OTHER = "other"


@dataclass(frozen=True)
class ConnectionCheck:
    """The result of :func:`test_connection`.

    Attributes:
        outcome: the category, for the icon and the tests.
        message: one plain sentence (redacted) for the dialog or the terminal.
        models: the model ids the relay listed, when it answered.
        details: technical text (status, exception) for a tooltip or a bug report.
    """

    outcome: CheckOutcome
    message: str
    models: tuple[str, ...] = ()
    details: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome is CheckOutcome.OK


def _some(models: tuple[str, ...]) -> str:
    shown = ", ".join(models[:_LISTED_MODELS])
    return shown + (", …" if len(models) > _LISTED_MODELS else "")


async def test_connection(
    settings: Settings, token: str | None, http: httpx.AsyncClient
) -> ConnectionCheck:
    """Check ``settings``' active provider with ``token`` over ``http``; never raises.

    Args:
        settings: the base URL, model and connect timeout to check.
        token: the bearer token (as typed, or from the keyring).
        http: the client to use, with the proxy settings under test.
    """
    if not token:
        return ConnectionCheck(
            CheckOutcome.BAD_TOKEN, "Enter your API token first, then test the connection."
        )
    try:
        base_url = validate_base_url(settings.base_url)
        client = RelayClient(
            http,
            base_url=base_url,
            token=token,
            read_timeout=min(settings.read_timeout, CHECK_READ_TIMEOUT),
            connect_timeout=settings.connect_timeout,
        )
        models = tuple(await client.list_models())
    except RetouchError as error:
        return _from_error(error)
    if models and settings.model not in models:
        return ConnectionCheck(
            CheckOutcome.NO_SUCH_MODEL,
            f"Connected, but this provider does not offer the model “{settings.model}”. "
            f"It offers: {_some(models)}.",
            models,
        )
    if not models:
        return ConnectionCheck(
            CheckOutcome.OK, "Connected. The provider accepted the token (it lists no models)."
        )
    return ConnectionCheck(
        CheckOutcome.OK,
        f"Connected. The token works and “{settings.model}” is available.",
        models,
    )


test_connection.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


def _from_error(error: RetouchError) -> ConnectionCheck:
    if error.kind is ErrorKind.AUTH:
        outcome = CheckOutcome.BAD_TOKEN
        message = "The provider did not accept this token. Check it and paste it again."
        if error.status == 403:
            message = "The provider refused access for this token."
    elif error.kind is ErrorKind.MODEL_UNAVAILABLE:
        outcome, message = CheckOutcome.NO_SUCH_MODEL, error.message
    elif error.kind is ErrorKind.NETWORK:
        outcome, message = CheckOutcome.UNREACHABLE, error.message
    else:
        outcome, message = CheckOutcome.OTHER, error.message
    if error.reason and error.reason not in message:
        message += f" The provider said: {error.reason}"
    return ConnectionCheck(outcome, message, details=error.details)

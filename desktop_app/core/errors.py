"""One small error taxonomy for everything that can go wrong in an edit.

Every failure the core reports is a :class:`RetouchError` with a :class:`ErrorKind`, a plain
sentence a designer understands (``message``) and technical ``details`` for the Details
expander and bug reports. Both are redacted on construction, so a token can never travel
inside an error, its ``str`` or its ``repr``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from desktop_app.core.redaction import redact


class ErrorKind(enum.StrEnum):
    """What went wrong, as the CLI's JSON ``error.kind`` and the UI's banner know it."""

    BAD_INPUT = "bad_input"
    AUTH = "auth"
    QUOTA = "quota"
    MODEL_UNAVAILABLE = "model_unavailable"
    RATE_LIMITED = "rate_limited"
    REFUSED = "refused"
    SERVER = "server"
    NETWORK = "network"
    BAD_RESPONSE = "bad_response"
    CANCELLED = "cancelled"


# The CLI's exit codes (a contract): 2 nothing was sent, 3 access, 4 no image, 5 transport.
EXIT_CODES: dict[ErrorKind, int] = {
    ErrorKind.BAD_INPUT: 2,
    ErrorKind.AUTH: 3,
    ErrorKind.QUOTA: 3,
    ErrorKind.MODEL_UNAVAILABLE: 3,
    ErrorKind.RATE_LIMITED: 4,
    ErrorKind.REFUSED: 4,
    ErrorKind.SERVER: 5,
    ErrorKind.NETWORK: 5,
    ErrorKind.BAD_RESPONSE: 5,
    ErrorKind.CANCELLED: 130,
}

# Whether pressing "Try again" can help without changing anything first.
RETRYABLE: frozenset[ErrorKind] = frozenset(
    {
        ErrorKind.RATE_LIMITED,
        ErrorKind.SERVER,
        ErrorKind.NETWORK,
        ErrorKind.BAD_RESPONSE,
        ErrorKind.REFUSED,
        ErrorKind.CANCELLED,
    }
)


@dataclass(eq=False)
class RetouchError(Exception):
    """A failure with a designer-facing message and redacted technical details.

    Attributes:
        kind: the category, which decides the CLI exit code and the UI's advice.
        message: one or two plain sentences for the user.
        details: technical text (status, body excerpt, request id) for the Details expander.
        reason: the provider's own words for a refusal, shown as is.
        request_id: the relay's request id when it sent one, for support.
        status: the HTTP status when there was one.
        params: named values the UI may use to word the message in another language.
    """

    kind: ErrorKind
    message: str
    details: str = ""
    reason: str = ""
    request_id: str = ""
    status: int | None = None
    params: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.message = redact(self.message)
        self.details = redact(self.details)
        self.reason = redact(self.reason)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"RetouchError(kind={self.kind.value!r}, message={self.message!r})"

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.kind]

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE

    def to_json(self) -> dict[str, object]:
        """The ``error`` object of the CLI's ``--json`` output."""
        data: dict[str, object] = {"kind": self.kind.value, "message": self.message}
        if self.reason:
            data["reason"] = self.reason
        if self.details:
            data["details"] = self.details
        if self.request_id:
            data["request_id"] = self.request_id
        if self.status is not None:
            data["status"] = self.status
        return data


def bad_input(message: str, details: str = "", **params: object) -> RetouchError:
    """Shorthand for the most common error raised before anything is sent."""
    return RetouchError(ErrorKind.BAD_INPUT, message, details, params=dict(params))


def unexpected(exc: BaseException, kind: ErrorKind = ErrorKind.BAD_RESPONSE) -> RetouchError:
    """A bug of ours as a calm error: the picture is safe, the details say what happened."""
    return RetouchError(
        kind,
        "Something unexpected went wrong. Your picture is safe; try again, and if it "
        "repeats, send the details to us.",
        f"{type(exc).__name__}: {exc}",
        params={"problem": "unexpected"},
    )

"""Failures in command-line terms: flags, environment variables and commands, never the window.

The error catalogue's sentences are the window's ("check the token in Settings", "in the
prompt box"); a terminal has neither. Where a sentence names a part of the window, the command
line says the same in its own terms; every other failure reads as in the window.
"""

from __future__ import annotations

from desktop_app.cli import messages as words
from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.error_catalogue import PROBLEM_MESSAGES, QT_TRANSLATE_NOOP, error_text

# ``params["problem"]`` -> the command line's sentence (the other params fill it).
CLI_PROBLEMS: dict[str, str] = {
    "no_token": QT_TRANSLATE_NOOP(
        "Cli",
        "No API token is set. Set RETOUCH_API_KEY, save one with “retouch-studio token set”, "
        "or add --demo to try the offline demo provider.",
    ),
    "token_rejected": QT_TRANSLATE_NOOP(
        "Cli",
        "The provider did not accept your API token. See which one is used with "
        "“retouch-studio token status”; save another with “retouch-studio token set”.",
    ),
    "model_unavailable": QT_TRANSLATE_NOOP(
        "Cli",
        "This token cannot use the chosen model. Choose another with --model, or check your "
        "provider plan.",
    ),
    "not_a_relay": QT_TRANSLATE_NOOP(
        "Cli",
        "The provider address does not answer like an image relay (HTTP 404). Check --base-url.",
    ),
    "request_too_large": QT_TRANSLATE_NOOP(
        "Cli", "The provider says the request is too large. Scale the picture down and try again."
    ),
    "server_error": QT_TRANSLATE_NOOP(
        "Cli",
        "The provider's server had a problem (HTTP {status}). Nothing was saved; run the "
        "command again in a moment.",
    ),
    "cannot_connect": QT_TRANSLATE_NOOP(
        "Cli",
        "Cannot reach the provider at {host}. Check your internet connection and --base-url.",
    ),
    "read_timeout": QT_TRANSLATE_NOOP(
        "Cli",
        "The provider did not answer within {seconds} seconds. The model may be overloaded; "
        "try again later or allow more time with --timeout.",
    ),
    "no_prompt": QT_TRANSLATE_NOOP("Cli", "Say what to change with --prompt."),
}
# Failures without a named problem whose window sentence names a part of the window.
CLI_KINDS: dict[ErrorKind, str] = {
    ErrorKind.AUTH: CLI_PROBLEMS["token_rejected"],
    ErrorKind.MODEL_UNAVAILABLE: CLI_PROBLEMS["model_unavailable"],
    ErrorKind.NETWORK: QT_TRANSLATE_NOOP(
        "Cli",
        "The connection to the provider failed. Check your internet connection, the proxy "
        "and --base-url.",
    ),
}


def cli_error_text(error: RetouchError, language: str | None = None) -> str:
    """``error`` in the user's language, in command-line terms."""
    language = language or words.language_from_environment()
    params = error.params or {}
    problem = str(params.get("problem", ""))
    template = CLI_PROBLEMS.get(problem)
    if template is None and problem not in PROBLEM_MESSAGES:
        template = CLI_KINDS.get(error.kind)
    if template is not None:
        values = {key: "" if value is None else value for key, value in params.items()}
        try:
            return words.tr(template, language).format_map(values)
        except (KeyError, IndexError, ValueError):
            return template
    if language == "en":
        return error.message  # the core's own sentence, the most specific English there is
    return error_text(error, words.translator(language))

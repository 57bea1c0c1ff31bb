"""The secret side of saving the settings: tokens and proxy passwords, applied in one go.

The settings dialog collects what the user changed (typed tokens, forgotten tokens, renamed
and removed profiles) into :class:`PendingSecrets`; :func:`apply_pending_secrets` then makes
the keyring (or, when it is unusable and the user agreed, the session) follow. It blocks on
the keyring: run it in an executor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_app.core.secrets.credentials import (
    clean_token,
    delete_token,
    reassign_profiles,
    set_session_proxy_password,
    set_session_token,
    store_proxy_password,
    store_token,
)


@dataclass
class PendingSecrets:
    """What to change in the keyring when the settings are saved.

    Attributes:
        moves: renamed profiles, new name -> the name their secrets are stored under.
        removed: stored profiles that were removed; their secrets are deleted.
        tokens: profile -> the token typed for it (saved or replaced).
        forget_tokens: profiles whose saved token the user removed.
        proxy_passwords: profile -> the manual proxy password typed for it.
        session_only: keep typed secrets in memory for this session instead of the keyring.
    """

    moves: dict[str, str] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    tokens: dict[str, str] = field(default_factory=dict)
    forget_tokens: set[str] = field(default_factory=set)
    proxy_passwords: dict[str, str] = field(default_factory=dict)
    session_only: bool = False

    def __repr__(self) -> str:  # names only: never the secrets
        return (
            f"PendingSecrets(tokens for {sorted(self.tokens)}, "
            f"proxy passwords for {sorted(self.proxy_passwords)}, moves={self.moves}, "
            f"removed={sorted(self.removed)}, forget={sorted(self.forget_tokens)}, "
            f"session_only={self.session_only})"
        )

    @property
    def is_empty(self) -> bool:
        return not (
            self.moves or self.removed or self.tokens or self.forget_tokens or self.proxy_passwords
        )


def apply_pending_secrets(pending: PendingSecrets) -> None:
    """Apply ``pending``: renames and removals, forgotten tokens, then new secrets.

    Tokens are checked before anything changes, so a token pasted with a line break leaves
    everything as it was.

    Raises:
        RetouchError: BAD_INPUT for an empty token or one with spaces or line breaks.
        KeyringUnavailableError: the keyring failed; earlier steps stay applied.
    """
    for token in pending.tokens.values():
        clean_token(token)
    reassign_profiles(pending.moves, pending.removed)
    for profile in pending.forget_tokens - pending.tokens.keys():
        if pending.session_only:
            set_session_token(None, profile)
        else:
            delete_token(profile)
    for profile, token in pending.tokens.items():
        if pending.session_only:
            set_session_token(token, profile)
        else:
            store_token(token, profile)
    for profile, password in pending.proxy_passwords.items():
        if pending.session_only:
            set_session_proxy_password(password, profile)
        else:
            store_proxy_password(password, profile)

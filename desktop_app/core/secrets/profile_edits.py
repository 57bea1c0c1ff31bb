"""What the user changed about provider profiles since the settings dialog opened.

Qt-free bookkeeping for the dialog: the edited profiles in order, the name each one's
secrets are stored under now (renames happen in the keyring only on Save), the tokens and
proxy passwords typed but not yet saved, and the saved tokens the user asked to remove.
:meth:`ProfileEdits.pending_secrets` turns it into the keyring work of Save.
"""

from __future__ import annotations

from desktop_app.core.secrets.changes import PendingSecrets
from desktop_app.core.settings import ProviderProfile, Settings, validate_profile_name


class ProfileEdits:
    """The profiles as edited, with their unsaved secrets.

    Args:
        settings: the settings the edit starts from.
    """

    def __init__(self, settings: Settings) -> None:
        self._stored = tuple(settings.profiles)
        self.profiles: dict[str, ProviderProfile] = dict(settings.profiles)
        # Current name -> name its secrets are stored under (None: added in this edit).
        self.origins: dict[str, str | None] = {name: name for name in settings.profiles}
        self.tokens: dict[str, str] = {}
        self.proxy_passwords: dict[str, str] = {}
        self.forget: set[str] = set()

    def __repr__(self) -> str:  # names only: never the typed secrets
        return f"ProfileEdits(profiles={list(self.profiles)})"

    def names(self) -> list[str]:
        return list(self.profiles)

    def origin(self, name: str) -> str | None:
        """The name ``name``'s secrets are stored under, or None for a new profile."""
        return self.origins.get(name)

    def update(
        self, name: str, profile: ProviderProfile, token: str = "", proxy_password: str = ""
    ) -> None:
        """Record the fields of ``name``; blank secrets mean "keep what is saved"."""
        self.profiles[name] = profile
        for typed, secret in ((self.tokens, token), (self.proxy_passwords, proxy_password)):
            if secret.strip():
                typed[name] = secret
            else:
                typed.pop(name, None)

    def add(self, name: str, profile: ProviderProfile | None = None) -> str:
        """Add a profile (raises BAD_INPUT for a bad or used name); returns the clean name."""
        name = validate_profile_name(name, self.profiles)
        self.profiles[name] = profile or ProviderProfile()
        self.origins[name] = None
        return name

    def rename(self, old: str, new: str) -> str:
        """Call ``old`` ``new``, keeping its place (raises BAD_INPUT); returns the clean name."""
        new = validate_profile_name(new, set(self.profiles) - {old})
        self.profiles = {(new if key == old else key): v for key, v in self.profiles.items()}
        self.origins[new] = self.origins.pop(old)
        for typed in (self.tokens, self.proxy_passwords):
            if old in typed:
                typed[new] = typed.pop(old)
        if old in self.forget:
            self.forget = (self.forget - {old}) | {new}
        return new

    def remove(self, name: str) -> None:
        """Drop ``name``; its saved secrets are deleted on Save."""
        self.profiles.pop(name, None)
        self.origins.pop(name, None)
        self.tokens.pop(name, None)
        self.proxy_passwords.pop(name, None)
        self.forget.discard(name)

    def forget_token(self, name: str) -> None:
        """Remove ``name``'s saved token on Save (and drop one typed but not saved)."""
        self.forget.add(name)
        self.tokens.pop(name, None)

    def pending_secrets(self, session_only: bool = False) -> PendingSecrets:
        """The keyring work of saving these edits."""
        kept = {origin for origin in self.origins.values() if origin}
        return PendingSecrets(
            moves={new: old for new, old in self.origins.items() if old and old != new},
            removed=set(self._stored) - kept,
            tokens=dict(self.tokens),
            # Renames are applied first, so forgetting goes by the new names.
            forget_tokens={name for name in self.forget if self.origins.get(name)},
            proxy_passwords={
                name: password
                for name, password in self.proxy_passwords.items()
                if self.profiles[name].proxy_mode == "manual"
            },
            session_only=session_only,
        )

"""Typed application settings: declared once, with defaults and ranges, stored as JSON.

The settings file lives in the platform config folder (platformdirs) and never holds a
secret: the token and the proxy password live in the OS keyring (see
:mod:`desktop_app.core.secrets.credentials`). Environment variables override the stored values for
one process: ``RETOUCH_BASE_URL``, ``RETOUCH_MODEL``, ``RETOUCH_API``, ``RETOUCH_DATA_DIR`` and
``RETOUCH_CONFIG_DIR`` (``RETOUCH_API_KEY`` is read by the credentials module, never stored).

Provider profiles: ``Settings.profiles`` maps a name to a :class:`ProviderProfile` (base URL,
model, timeouts, proxy) and ``Settings.active_profile`` names the one in use. The top-level
``base_url``, ``model`` and timeout fields always hold the active profile's values, so code
that only knows one provider keeps reading them. The rule that keeps both views equal: the
top-level fields win, and ``__post_init__`` copies them into the active profile. To make
another profile active, or to replace the profiles, use :func:`switch_profile` and
:func:`with_profiles`, which copy the chosen profile into the top-level fields.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import platformdirs

from desktop_app import APP_ID
from desktop_app.core.errors import bad_input
from desktop_app.core.files import write_atomically

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.quickrouter.ai/v1"
DEFAULT_MODEL = "gpt-4o-image-vip"
KNOWN_MODELS = ("gpt-4o-image-vip", "gpt-4o-image", "gpt-4o-all", "sora_image", "gpt-image-1")
SETTINGS_FILE_NAME = "settings.json"
DEFAULT_PROFILE_NAME = "default"  # the same name as credentials.DEFAULT_PROFILE
PROFILE_NAME_MAX = 40
RESERVED_PROFILE_PREFIX = "proxy:"  # keyring entries of proxy passwords use it
ProxyMode = Literal["system", "none", "manual"]
PROXY_MODES: tuple[str, ...] = ("system", "none", "manual")
# How pictures are asked for: the seed's chat completions, or the OpenAI Images API.
API_ROUTES: tuple[str, ...] = ("chat", "images")
DEFAULT_RATIO_TEMPLATE = "尺寸[{w}:{h}]"
# Per-model size rules (see desktop_app.core.sizes); "" picks one from the model's name.
SIZE_RULES: tuple[str, ...] = ("", "fixed", "flexible", "any")
APPEARANCES: tuple[str, ...] = ("system", "light", "dark")

# Fields a provider profile holds; the top-level Settings fields of these names mirror the
# active profile.
PROFILE_MIRRORED = ("base_url", "model", "read_timeout", "connect_timeout", "download_timeout")


def _meta(title: str, minimum: float | None = None, maximum: float | None = None) -> dict:
    """Field metadata the settings dialog reads: a title and an allowed range."""
    return {"title": title, "minimum": minimum, "maximum": maximum}


# Declared once, used by both Settings and ProviderProfile.
_BASE_URL_META = _meta("Provider base URL")
_MODEL_META = _meta("Model")
_READ_TIMEOUT_META = _meta("Wait for the model (seconds)", 10, 1800)
_CONNECT_TIMEOUT_META = _meta("Connect timeout (seconds)", 1, 120)
_DOWNLOAD_TIMEOUT_META = _meta("Download timeout (seconds)", 5, 900)


def _clamp_fields(obj: object) -> None:
    """Clamp every numeric field of the dataclass ``obj`` to its metadata range, in place."""
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        low, high = f.metadata.get("minimum"), f.metadata.get("maximum")
        value = getattr(obj, f.name)
        if isinstance(value, int | float) and low is not None and high is not None:
            object.__setattr__(obj, f.name, type(value)(min(max(value, low), high)))


def _typed_values(cls: type, data: Mapping[str, Any]) -> dict[str, Any]:
    """The entries of ``data`` whose type matches the default of ``cls``'s field of that name."""
    defaults = cls()
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value, default = data[f.name], getattr(defaults, f.name)
        if type(default) is float and type(value) is int:
            value = float(value)
        if type(value) is type(default):
            values[f.name] = value
    return values


@dataclass(frozen=True)
class ProviderProfile:
    """One relay the user can talk to. Its token and proxy password live in the keyring.

    Attributes:
        base_url: the relay's OpenAI-compatible base URL (``https://``, or loopback).
        model: the model id used for edits.
        read_timeout: seconds the model may take to answer.
        connect_timeout: seconds to establish a connection.
        download_timeout: seconds to fetch a result image from the relay's CDN.
        proxy_mode: ``"system"`` (the OS / environment proxy), ``"none"`` or ``"manual"``.
        proxy_url: the manual proxy, e.g. ``http://proxy.corp:3128`` (no credentials in it).
        proxy_user: the manual proxy's user name; its password is in the keyring.
        api: ``"chat"`` (``/chat/completions``) or ``"images"`` (``/images/edits`` and
            ``/images/generations``).
        ratio_template: the chat route's ratio marker, ``{w}`` and ``{h}`` filled in.
        completion_limit: sent as the chat request's ``max_tokens`` when above 0 (the field is
            not called that here: settings keys with "token" in them read like secrets).
        stream: ask for a streamed answer (progress, previews); turned off for a relay
            that refuses it.
        size_rule: the sizes the model accepts; "" decides from the model's name.
    """

    base_url: str = field(default=DEFAULT_BASE_URL, metadata=_BASE_URL_META)
    model: str = field(default=DEFAULT_MODEL, metadata=_MODEL_META)
    read_timeout: float = field(default=300.0, metadata=_READ_TIMEOUT_META)
    connect_timeout: float = field(default=15.0, metadata=_CONNECT_TIMEOUT_META)
    download_timeout: float = field(default=120.0, metadata=_DOWNLOAD_TIMEOUT_META)
    proxy_mode: str = field(default="system", metadata=_meta("Proxy"))
    proxy_url: str = field(default="", metadata=_meta("Proxy address"))
    proxy_user: str = field(default="", metadata=_meta("Proxy user name"))
    api: str = field(default="chat", metadata=_meta("API"))
    ratio_template: str = field(
        default=DEFAULT_RATIO_TEMPLATE, metadata=_meta("Ratio marker in the prompt")
    )
    completion_limit: int = field(
        default=0, metadata=_meta("Longest answer in tokens (0: not sent)", 0, 1_000_000)
    )
    stream: bool = field(default=True, metadata=_meta("Stream progress and previews"))
    size_rule: str = field(default="", metadata=_meta("Sizes the model accepts"))

    def __post_init__(self) -> None:
        _clamp_fields(self)
        if self.proxy_mode not in PROXY_MODES:
            object.__setattr__(self, "proxy_mode", "system")
        if self.api not in API_ROUTES:
            object.__setattr__(self, "api", "chat")
        if "{w}" not in self.ratio_template or "{h}" not in self.ratio_template:
            object.__setattr__(self, "ratio_template", DEFAULT_RATIO_TEMPLATE)
        if self.size_rule not in SIZE_RULES:
            object.__setattr__(self, "size_rule", "")

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ProviderProfile:
        return cls(**_typed_values(cls, data))


@dataclass
class Settings:
    """What the user can set. Titles and ranges live here so the settings UI reads them.

    ``base_url``, ``model`` and the timeouts are the active profile's values; see the module
    docstring for how they and ``profiles`` stay equal.
    """

    base_url: str = field(default=DEFAULT_BASE_URL, metadata=_BASE_URL_META)
    model: str = field(default=DEFAULT_MODEL, metadata=_MODEL_META)
    read_timeout: float = field(default=300.0, metadata=_READ_TIMEOUT_META)
    connect_timeout: float = field(default=15.0, metadata=_CONNECT_TIMEOUT_META)
    download_timeout: float = field(default=120.0, metadata=_DOWNLOAD_TIMEOUT_META)
    max_upload_side: int = field(
        default=2048, metadata=_meta("Largest upload side (pixels)", 256, 4096)
    )
    output_dir: str = field(
        default="",
        metadata=_meta(
            "Results folder (empty: beside each picture; pasted and web pictures: Pictures)"
        ),
    )
    recent_prompts: list[str] = field(default_factory=list, metadata=_meta("Recent prompts"))
    active_profile: str = field(default=DEFAULT_PROFILE_NAME, metadata=_meta("Active profile"))
    profiles: dict[str, ProviderProfile] = field(
        default_factory=dict, metadata=_meta("Provider profiles")
    )
    language: str = field(default="system", metadata=_meta("Language"))
    appearance: str = field(default="system", metadata=_meta("Appearance"))
    concurrency: int = field(default=2, metadata=_meta("Jobs at once", 1, 8))
    # The idle timeouts above never fire on a relay that trickles bytes; this always ends it.
    model_deadline: float = field(
        default=600.0, metadata=_meta("Overall limit for the model (seconds)", 1, 7200)
    )
    export_quality: int = field(
        default=95, metadata=_meta("Quality of saved JPEG, WebP and AVIF files", 1, 100)
    )

    def __post_init__(self) -> None:
        _clamp_fields(self)
        if self.appearance not in APPEARANCES:
            self.appearance = "system"
        # A new dict: dataclasses.replace() hands over the old object's, which must not change.
        profiles = {
            name: profile
            for name, profile in dict(self.profiles).items()
            if isinstance(name, str) and name.strip() and isinstance(profile, ProviderProfile)
        }
        if not isinstance(self.active_profile, str) or not self.active_profile.strip():
            self.active_profile = next(iter(profiles), DEFAULT_PROFILE_NAME)
        current = profiles.get(self.active_profile, ProviderProfile())
        profiles[self.active_profile] = dataclasses.replace(
            current, **{name: getattr(self, name) for name in PROFILE_MIRRORED}
        )
        self.profiles = profiles

    @property
    def provider(self) -> ProviderProfile:
        """The active provider profile (base URL, model, timeouts, proxy)."""
        return self.profiles[self.active_profile]

    @property
    def results_dir(self) -> Path:
        """Where results of a picture with no folder of its own (pasted, from the web) go.

        The folder chosen in the settings, else the user's Pictures folder.
        """
        return Path(self.output_dir).expanduser() if self.output_dir else pictures_dir()

    def results_dir_for(self, source: Path | None) -> Path:
        """Where the results of an edit of ``source`` are saved.

        The folder chosen in the settings; else beside the picture, where people look for
        them (as the CLI does); else, for a pasted or web picture (kept in the app's data
        folder) or one in a folder that cannot be written, the user's Pictures folder.
        """
        if self.output_dir or source is None:
            return self.results_dir
        folder = source.expanduser().resolve().parent
        if folder.is_relative_to(data_dir().expanduser().resolve()):
            return self.results_dir
        if not os.access(folder, os.W_OK | os.X_OK):
            return self.results_dir
        return folder

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Settings:
        """Build settings from stored JSON, ignoring unknown keys and ill-typed values.

        A file from before profiles existed becomes one profile named ``default``.
        """
        values = _typed_values(cls, {k: v for k, v in data.items() if k != "profiles"})
        raw_profiles = data.get("profiles")
        if isinstance(raw_profiles, dict):
            values["profiles"] = {
                name: ProviderProfile.from_json(entry)
                for name, entry in raw_profiles.items()
                if isinstance(name, str) and name.strip() and isinstance(entry, dict)
            }
        return cls(**values)

    def with_environment(self, environ: dict[str, str] | None = None) -> Settings:
        """A copy with the ``RETOUCH_*`` overrides of ``environ`` (default: os.environ)."""
        env = os.environ if environ is None else environ
        overrides: dict[str, Any] = {}
        if env.get("RETOUCH_BASE_URL"):
            overrides["base_url"] = env["RETOUCH_BASE_URL"]
        if env.get("RETOUCH_MODEL"):
            overrides["model"] = env["RETOUCH_MODEL"]
        changed = dataclasses.replace(self, **overrides)
        api = env.get("RETOUCH_API", "").strip().lower()
        if api and api not in API_ROUTES:
            log.warning("RETOUCH_API=%r is neither chat nor images; ignored", api)
        return with_provider_changes(changed, api=api) if api in API_ROUTES else changed


def validate_profile_name(name: str, taken: Collection[str] = ()) -> str:
    """``name`` stripped, if it can name a new profile; ``taken`` holds the names in use.

    Raises:
        RetouchError: BAD_INPUT for an empty, too long, reserved or already used name.
    """
    text = " ".join((name or "").split())
    if not text:
        raise bad_input("Give the profile a name.")
    if len(text) > PROFILE_NAME_MAX:
        raise bad_input(f"Profile names can be up to {PROFILE_NAME_MAX} characters long.")
    if text.lower().startswith(RESERVED_PROFILE_PREFIX):
        raise bad_input(f"Profile names cannot start with “{RESERVED_PROFILE_PREFIX}”.")
    if text in taken:
        raise bad_input(f"There is already a profile named “{text}”.")
    return text


def with_profiles(
    settings: Settings, profiles: Mapping[str, ProviderProfile], active: str
) -> Settings:
    """A copy of ``settings`` with these ``profiles``, ``active`` copied to the top level."""
    if active not in profiles:
        raise KeyError(active)
    chosen = profiles[active]
    mirrored = {name: getattr(chosen, name) for name in PROFILE_MIRRORED}
    return dataclasses.replace(settings, profiles=dict(profiles), active_profile=active, **mirrored)


def switch_profile(settings: Settings, name: str) -> Settings:
    """A copy of ``settings`` whose active profile is ``name`` (raises KeyError if unknown)."""
    return with_profiles(settings, settings.profiles, name)


def put_profile(settings: Settings, name: str, profile: ProviderProfile) -> Settings:
    """A copy with ``profile`` stored as ``name`` (added, or replacing; the active one too)."""
    return with_profiles(settings, {**settings.profiles, name: profile}, settings.active_profile)


def with_provider_changes(settings: Settings, **changes: Any) -> Settings:
    """A copy whose active profile has ``changes`` (e.g. ``api="images"``).

    Raises:
        RetouchError: BAD_INPUT for an ``api`` that is neither ``chat`` nor ``images``.
    """
    api = changes.get("api")
    if api is not None and api not in API_ROUTES:
        raise bad_input(f"“{api}” is not an API. Use chat or images.", api=api)
    profile = dataclasses.replace(settings.provider, **changes)
    return put_profile(settings, settings.active_profile, profile)


def rename_profile(settings: Settings, old: str, new: str) -> Settings:
    """A copy with profile ``old`` called ``new`` (kept in place; still active if it was).

    The keyring entries follow with :func:`desktop_app.core.secrets.credentials.reassign_profiles`.
    """
    new = validate_profile_name(new, set(settings.profiles) - {old})
    renamed = {(new if key == old else key): value for key, value in settings.profiles.items()}
    active = new if settings.active_profile == old else settings.active_profile
    return with_profiles(settings, renamed, active)


def remove_profile(settings: Settings, name: str) -> Settings:
    """A copy without profile ``name``; if it was active, the first remaining one is.

    Raises:
        RetouchError: BAD_INPUT when ``name`` is the only profile.
    """
    if name not in settings.profiles:
        raise KeyError(name)
    remaining = {key: value for key, value in settings.profiles.items() if key != name}
    if not remaining:
        raise bad_input("The last profile cannot be removed.")
    active = settings.active_profile
    return with_profiles(settings, remaining, next(iter(remaining)) if active == name else active)


def config_dir() -> Path:
    """The folder of ``settings.json`` (``RETOUCH_CONFIG_DIR`` overrides it)."""
    override = os.environ.get("RETOUCH_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_ID, False))


def data_dir() -> Path:
    """The folder of results, history and caches (``RETOUCH_DATA_DIR`` overrides it)."""
    override = os.environ.get("RETOUCH_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_ID, False))


def pictures_dir() -> Path:
    """The user's Pictures folder (the platform's, e.g. ``~/Pictures``)."""
    return Path(platformdirs.user_pictures_dir())


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE_NAME


def load_settings(path: Path | None = None) -> Settings:
    """Stored settings with environment overrides; defaults if the file is absent or broken."""
    target = path or settings_path()
    try:
        raw = json.loads(target.read_text(encoding="utf-8"))
        stored = Settings.from_json(raw) if isinstance(raw, dict) else Settings()
    except FileNotFoundError:
        stored = Settings()
    except (OSError, ValueError) as exc:
        log.warning("Settings file %s unreadable (%s); using defaults", target, exc)
        stored = Settings()
    return stored.with_environment()


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write ``settings`` atomically; returns the file written."""
    target = path or settings_path()
    text = json.dumps(settings.to_json(), ensure_ascii=False, indent=2)
    write_atomically(target, text.encode("utf-8"), private=True)
    return target

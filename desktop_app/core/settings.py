"""Typed application settings: declared once, with defaults and ranges, stored as JSON.

The settings file lives in the platform config folder (platformdirs) and never holds a
secret: the token lives in the OS keyring (see :mod:`desktop_app.core.credentials`).
Environment variables override the stored values for one process:
``RETOUCH_BASE_URL``, ``RETOUCH_MODEL``, ``RETOUCH_DATA_DIR`` and ``RETOUCH_CONFIG_DIR``
(``RETOUCH_API_KEY`` is read by the credentials module, never stored here).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from desktop_app import APP_ID
from desktop_app.core.files import write_atomically

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.quickrouter.ai/v1"
DEFAULT_MODEL = "gpt-4o-image-vip"
KNOWN_MODELS = ("gpt-4o-image-vip", "gpt-4o-image", "gpt-4o-all", "sora_image", "gpt-image-1")
SETTINGS_FILE_NAME = "settings.json"


def _meta(title: str, minimum: float | None = None, maximum: float | None = None) -> dict:
    """Field metadata the settings dialog reads: a title and an allowed range."""
    return {"title": title, "minimum": minimum, "maximum": maximum}


@dataclass
class Settings:
    """What the user can set. Titles and ranges live here so the settings UI reads them."""

    base_url: str = field(default=DEFAULT_BASE_URL, metadata=_meta("Provider base URL"))
    model: str = field(default=DEFAULT_MODEL, metadata=_meta("Model"))
    read_timeout: float = field(
        default=300.0, metadata=_meta("Wait for the model (seconds)", 10, 1800)
    )
    connect_timeout: float = field(
        default=15.0, metadata=_meta("Connect timeout (seconds)", 1, 120)
    )
    download_timeout: float = field(
        default=120.0, metadata=_meta("Download timeout (seconds)", 5, 900)
    )
    max_upload_side: int = field(
        default=2048, metadata=_meta("Largest upload side (pixels)", 256, 4096)
    )
    output_dir: str = field(
        default="", metadata=_meta("Output folder (empty: the data folder's results)")
    )
    recent_prompts: list[str] = field(default_factory=list, metadata=_meta("Recent prompts"))

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            low, high = f.metadata.get("minimum"), f.metadata.get("maximum")
            value = getattr(self, f.name)
            if isinstance(value, int | float) and low is not None and high is not None:
                setattr(self, f.name, type(value)(min(max(value, low), high)))

    @property
    def results_dir(self) -> Path:
        """Where finished results are saved automatically."""
        return Path(self.output_dir).expanduser() if self.output_dir else data_dir() / "results"

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Settings:
        """Build settings from stored JSON, ignoring unknown keys and ill-typed values."""
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
        return cls(**values)

    def with_environment(self, environ: dict[str, str] | None = None) -> Settings:
        """A copy with the ``RETOUCH_*`` overrides of ``environ`` (default: os.environ)."""
        env = os.environ if environ is None else environ
        overrides: dict[str, Any] = {}
        if env.get("RETOUCH_BASE_URL"):
            overrides["base_url"] = env["RETOUCH_BASE_URL"]
        if env.get("RETOUCH_MODEL"):
            overrides["model"] = env["RETOUCH_MODEL"]
        return dataclasses.replace(self, **overrides)


def config_dir() -> Path:
    """The folder of ``settings.json`` (``RETOUCH_CONFIG_DIR`` overrides it)."""
    override = os.environ.get("RETOUCH_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_ID, False))


def data_dir() -> Path:
    """The folder of results, history and caches (``RETOUCH_DATA_DIR`` overrides it)."""
    override = os.environ.get("RETOUCH_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_ID, False))


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
    write_atomically(target, text.encode("utf-8"))
    return target

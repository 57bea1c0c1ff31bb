"""Provider profiles: the top-level fields stay the active profile's, files old and new load."""

from __future__ import annotations

import dataclasses
import json

import pytest

from desktop_app.core.errors import RetouchError
from desktop_app.core.secrets.changes import PendingSecrets
from desktop_app.core.secrets.profile_edits import ProfileEdits
from desktop_app.core.settings import (
    DEFAULT_BASE_URL,
    ProviderProfile,
    Settings,
    load_settings,
    put_profile,
    remove_profile,
    rename_profile,
    save_settings,
    settings_path,
    switch_profile,
    validate_profile_name,
)

RELAY_B = ProviderProfile(
    base_url="https://relay-b.example/v1",
    model="sora_image",
    read_timeout=600.0,
    proxy_mode="manual",
    proxy_url="http://proxy.corp:3128",
    proxy_user="jdoe",
)


def two_relays() -> Settings:
    return put_profile(Settings(base_url="https://relay-a.example/v1"), "B", RELAY_B)


def test_keyword_construction_is_the_active_profile():
    settings = Settings(base_url="https://relay.example/v1", model="gpt-4o-all")
    assert settings.active_profile == "default"
    assert settings.provider.base_url == "https://relay.example/v1"
    assert settings.provider.model == "gpt-4o-all"


def test_switching_copies_the_profile_to_the_top_level():
    settings = switch_profile(two_relays(), "B")
    assert (settings.base_url, settings.model, settings.read_timeout) == (
        "https://relay-b.example/v1",
        "sora_image",
        600.0,
    )
    assert settings.provider.proxy_user == "jdoe"
    back = switch_profile(settings, "default")
    assert back.base_url == "https://relay-a.example/v1" and back.model == "gpt-4o-image-vip"
    with pytest.raises(KeyError):
        switch_profile(settings, "nope")


def test_replace_updates_the_active_profile_and_leaves_the_original_alone():
    original = switch_profile(two_relays(), "B")
    changed = dataclasses.replace(original, model="gpt-image-1")
    assert changed.profiles["B"].model == "gpt-image-1"
    assert original.profiles["B"].model == "sora_image"
    assert changed.profiles["default"] == original.profiles["default"]


def test_profiles_round_trip_through_settings_json(isolated_dirs):
    settings = switch_profile(two_relays(), "B")
    save_settings(settings)
    assert load_settings() == settings
    stored = json.loads(settings_path().read_text(encoding="utf-8"))
    assert stored["active_profile"] == "B" and set(stored["profiles"]) == {"default", "B"}
    assert not any("token" in key or "password" in key for key in stored["profiles"]["B"])


def test_a_file_from_before_profiles_becomes_the_default_profile(isolated_dirs):
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(
        json.dumps({"base_url": "https://old.example/v1", "model": "gpt-4o-all"}), "utf-8"
    )
    loaded = load_settings()
    assert list(loaded.profiles) == ["default"]
    assert loaded.provider.base_url == "https://old.example/v1"


def test_broken_profile_entries_are_ignored(isolated_dirs):
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    data = {
        "active_profile": "x",
        "profiles": {"x": {"model": 5, "proxy_mode": "weird"}, "": {}, "y": "nope"},
    }
    settings_path().write_text(json.dumps(data), "utf-8")
    loaded = load_settings()
    assert list(loaded.profiles) == ["x"]
    assert loaded.provider.proxy_mode == "system" and loaded.base_url == DEFAULT_BASE_URL


def test_rename_and_remove():
    settings = rename_profile(switch_profile(two_relays(), "B"), "B", "  Work   relay ")
    assert list(settings.profiles) == ["default", "Work relay"]
    assert settings.active_profile == "Work relay"
    settings = remove_profile(settings, "Work relay")
    assert settings.active_profile == "default" and list(settings.profiles) == ["default"]
    with pytest.raises(RetouchError, match="last profile"):
        remove_profile(settings, "default")


@pytest.mark.parametrize("name", ["", "   ", "x" * 41, "proxy:home", "default"])
def test_bad_profile_names(name):
    with pytest.raises(RetouchError):
        validate_profile_name(name, ["default"])


def test_profile_edits_turn_into_keyring_work():
    edits = ProfileEdits(two_relays())
    edits.update("default", edits.profiles["default"], token="sk-typed-token-for-a1")
    edits.rename("B", "Work")
    edits.update("Work", edits.profiles["Work"], proxy_password="proxy-pw")
    edits.add("New")
    edits.update("New", ProviderProfile(), token="sk-typed-token-for-new")
    edits.remove("New")
    edits.forget_token("Work")
    pending = edits.pending_secrets()
    assert pending == PendingSecrets(
        moves={"Work": "B"},
        removed=set(),
        tokens={"default": "sk-typed-token-for-a1"},
        forget_tokens={"Work"},
        proxy_passwords={"Work": "proxy-pw"},
    )
    assert "sk-typed" not in repr(pending) and "proxy-pw" not in repr(pending)
    assert "sk-typed" not in repr(edits)
    edits.remove("Work")
    assert edits.pending_secrets().removed == {"B"}

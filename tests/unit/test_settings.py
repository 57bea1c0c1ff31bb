import json
import os
from pathlib import Path

from desktop_app.core.settings import (
    DEFAULT_BASE_URL,
    DEFAULT_MODEL,
    Settings,
    load_settings,
    save_settings,
    settings_path,
)


def test_defaults_match_the_provider_page():
    settings = Settings()
    assert settings.base_url == DEFAULT_BASE_URL == "https://api.quickrouter.ai/v1"
    assert settings.model == DEFAULT_MODEL == "gpt-4o-image-vip"
    assert (settings.read_timeout, settings.connect_timeout) == (300.0, 15.0)
    assert settings.max_upload_side == 2048


def test_round_trip_in_the_config_dir(isolated_dirs):
    settings = Settings(model="sora_image", read_timeout=600, recent_prompts=["你好"])
    path = save_settings(settings)
    assert path == settings_path() and path.is_relative_to(isolated_dirs["config"])
    assert load_settings() == settings


def test_environment_overrides(isolated_dirs, monkeypatch):
    save_settings(Settings(base_url="https://relay.example/v1"))
    monkeypatch.setenv("RETOUCH_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("RETOUCH_MODEL", "gpt-4o-all")
    loaded = load_settings()
    assert (loaded.base_url, loaded.model) == ("http://127.0.0.1:9/v1", "gpt-4o-all")


def test_broken_or_odd_files_fall_back_to_defaults(isolated_dirs):
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text("{not json", encoding="utf-8")
    assert load_settings() == Settings()
    settings_path().write_text(
        json.dumps({"model": 5, "read_timeout": "x", "unknown": 1, "connect_timeout": 20}),
        encoding="utf-8",
    )
    loaded = load_settings()
    assert (loaded.model, loaded.read_timeout, loaded.connect_timeout) == (
        DEFAULT_MODEL,
        300.0,
        20.0,
    )


def test_values_are_clamped_to_their_range():
    assert Settings(read_timeout=1).read_timeout == 10
    assert Settings(max_upload_side=100000).max_upload_side == 4096


def test_results_go_beside_the_picture_unless_a_folder_is_chosen(tmp_path, pictures_folder):
    photo = tmp_path / "shoot" / "photo.jpg"
    photo.parent.mkdir()
    assert Settings().results_dir_for(photo) == photo.parent
    chosen = tmp_path / "chosen"
    assert Settings(output_dir=str(chosen)).results_dir_for(photo) == chosen
    assert Settings(output_dir=str(chosen)).results_dir == chosen


def test_results_of_pasted_pictures_go_to_the_pictures_folder(isolated_dirs, pictures_folder):
    from desktop_app.core.inputs import pasted_image_path

    assert Settings().results_dir_for(pasted_image_path()) == pictures_folder
    assert Settings().results_dir_for(None) == pictures_folder
    assert Settings().results_dir == pictures_folder


def test_results_of_a_picture_in_a_read_only_folder_go_to_pictures(pictures_folder):
    # A process's /proc folder is read-only even for root (CI runs as root, where a
    # chmod 555 folder would still be writable).
    folder = Path("/proc") / str(os.getpid())
    assert not os.access(folder, os.W_OK)
    assert Settings().results_dir_for(folder / "photo.jpg") == pictures_folder


def test_no_token_field_exists():
    assert not any("token" in name or "key" in name for name in Settings().to_json())

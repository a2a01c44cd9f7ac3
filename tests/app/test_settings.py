"""Preferences: defaults, a round trip, and damaged files that cost only what is damaged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.captions.quality_profiles import profile_named
from app.settings import (
    FILE_NAME,
    Preferences,
    Theme,
    load_preferences,
    preferences_from_dict,
    save_preferences,
)


def test_a_new_profile_gets_the_defaults(tmp_path: Path) -> None:
    loaded = load_preferences(tmp_path)
    assert loaded.preferences == Preferences()
    assert loaded.dropped == ()
    assert loaded.preferences.quality_profile() == profile_named("netflix-en")


def test_every_preference_survives_a_round_trip(tmp_path: Path) -> None:
    chosen = Preferences(
        server_url="https://review.example.org", qc_profile="children",
        qc_overrides={"max_chars_per_line": 37, "max_cps": 15.5},
        spell_check_languages=("fr", "pt-BR"), player_backend="vlc", autosync=False,
        download_folder="/media/videos", cache_limit_mb=0, theme=Theme.HIGH_CONTRAST,
        font_scale_percent=150)
    save_preferences(tmp_path, chosen)
    loaded = load_preferences(tmp_path)
    assert loaded.dropped == ()
    assert loaded.preferences == chosen
    profile = loaded.preferences.quality_profile()
    assert (profile.max_chars_per_line, profile.max_cps, profile.max_lines) == (37, 15.5, 2)
    assert not list(tmp_path.glob(".*saving"))


def test_one_bad_value_costs_only_itself(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text(json.dumps({
        "theme": "purple", "autosync": False, "font_scale_percent": 900,
        "player_backend": "vlc", "qc_overrides": {"max_lines": "two"},
    }), encoding="utf-8")
    loaded = load_preferences(tmp_path)
    assert loaded.preferences.autosync is False
    assert loaded.preferences.player_backend == "vlc"
    assert loaded.preferences.theme is Theme.SYSTEM
    assert loaded.preferences.font_scale_percent == 100
    assert loaded.preferences.qc_overrides == {}
    assert sorted(item.split(" ")[0] for item in loaded.dropped) == [
        "font_scale_percent", "qc_overrides", "theme"]


def test_numbers_that_contradict_each_other_are_dropped_together() -> None:
    loaded = preferences_from_dict({"qc_overrides": {"min_duration_ms": 9000,
                                                     "max_duration_ms": 5000}})
    assert loaded.preferences.qc_overrides == {}
    assert loaded.dropped and "min_duration_ms" in loaded.dropped[0]


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", ""])
def test_a_damaged_file_gives_defaults_and_says_so(tmp_path: Path, content: str) -> None:
    (tmp_path / FILE_NAME).write_text(content, encoding="utf-8")
    loaded = load_preferences(tmp_path)
    assert loaded.preferences == Preferences()
    assert loaded.dropped and loaded.dropped[0].startswith("the whole file")


def test_unusable_numbers_are_never_written(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        save_preferences(tmp_path, Preferences(qc_overrides={"max_lines": 0}))
    assert not (tmp_path / FILE_NAME).exists()

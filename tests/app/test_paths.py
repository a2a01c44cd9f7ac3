"""Where the workstation keeps its files (tests of `app.paths`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import paths
from app.storage import JobInfo, JobStore, open_profile


def test_workstation_home_moves_every_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = tmp_path / "portable"
    monkeypatch.setenv("REVIEW_WORKSTATION_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "elsewhere"))

    assert paths.data_dir() == home / "data"
    assert paths.cache_dir() == home / "cache"
    assert paths.config_dir() == home / "config"
    assert paths.log_dir() == home / "logs"
    profile = paths.profile()
    assert profile.database_path == home / "data" / "profiles" / "default" / "workstation.sqlite3"

    database = open_profile(profile)
    try:
        JobStore(database).upsert_job(JobInfo(id="j", title="t", status="in_qc"))
    finally:
        database.close()
    assert profile.database_path.is_file()
    created = {path.relative_to(home).parts[0] for path in home.rglob("*")}
    assert created == {"data", "cache", "config", "logs"}
    assert not (tmp_path / "elsewhere").exists()


def test_folders_are_only_made_when_asked_for(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("REVIEW_WORKSTATION_HOME", str(tmp_path / "home"))
    folders = paths.app_folders()
    assert not folders.data.exists()
    assert paths.list_profiles() == []
    paths.profile("Ana")
    paths.profile("Ben")
    assert [profile.name for profile in paths.list_profiles()] == ["Ana", "Ben"]


def test_linux_follows_xdg_and_ignores_relative_values(tmp_path: Path) -> None:
    environ = {"XDG_DATA_HOME": "/xdg/data", "XDG_CACHE_HOME": "relative/cache"}
    folders = paths.app_folders("linux", environ, tmp_path)
    assert folders.data == Path("/xdg/data/review-workstation")
    assert folders.cache == tmp_path / ".cache" / "review-workstation"
    assert folders.config == tmp_path / ".config" / "review-workstation"
    assert folders.logs == tmp_path / ".local" / "state" / "review-workstation" / "logs"


def test_macos_uses_the_library_folders(tmp_path: Path) -> None:
    folders = paths.app_folders("darwin", {}, tmp_path)
    assert folders.data == tmp_path / "Library" / "Application Support" / "Review Workstation"
    assert folders.cache == tmp_path / "Library" / "Caches" / "Review Workstation"
    assert folders.logs == tmp_path / "Library" / "Logs" / "Review Workstation"


def test_windows_roams_data_and_settings_but_not_cache(tmp_path: Path) -> None:
    environ = {"APPDATA": "C:/Users/ana/AppData/Roaming", "LOCALAPPDATA": "C:/Users/ana/Local"}
    folders = paths.app_folders("win32", environ, tmp_path)
    assert folders.data == Path("C:/Users/ana/AppData/Roaming/Review Workstation/data")
    assert folders.config == Path("C:/Users/ana/AppData/Roaming/Review Workstation/config")
    assert folders.cache == Path("C:/Users/ana/Local/Review Workstation/cache")


def test_workstation_home_wins_on_every_platform(tmp_path: Path) -> None:
    environ = {"REVIEW_WORKSTATION_HOME": str(tmp_path)}
    for platform in ("linux", "darwin", "win32"):
        assert paths.app_folders(platform, environ, Path("/nowhere")).logs == tmp_path / "logs"


@pytest.mark.parametrize("name", ["", "../escape", "a/b", "CON", "nul.txt", "trailing.", "x" * 65])
def test_unusable_profile_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError):
        paths.check_profile_name(name)


@pytest.mark.parametrize("name", ["default", "Ana Silva", "work-2", "ana.silva_2"])
def test_ordinary_profile_names_are_accepted(name: str) -> None:
    assert paths.is_valid_profile_name(name)

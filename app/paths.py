"""Where the workstation keeps its files on this computer.

Four folders, each in the place the operating system expects: data (the
profiles and their databases), cache (downloaded media, anything that can be
fetched again), config (settings) and logs. Setting `REVIEW_WORKSTATION_HOME`
moves all four under one folder, which is how tests, portable installs and
support sessions keep the workstation away from a person's real files.

A profile is one person's (or one account's) local world: its own SQLite
file, so two sign-ins on one computer never share queued work.

Folders are created when asked for, never at import time.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

HOME_VARIABLE = "REVIEW_WORKSTATION_HOME"
DEFAULT_PROFILE = "default"
DATABASE_FILE_NAME = "workstation.sqlite3"

# Linux folder names are lower-case by custom; macOS and Windows show the
# folder name to people, so there it is the product's name.
_UNIX_FOLDER_NAME = "review-workstation"
_DISPLAY_FOLDER_NAME = "Review Workstation"

# A profile name becomes a folder name on every platform we ship to, so it
# keeps to characters all of them accept.
_PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}")
_WINDOWS_RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{number}" for number in range(1, 10)}
    | {f"LPT{number}" for number in range(1, 10)}
)


@dataclass(frozen=True, slots=True)
class AppFolders:
    """The four folders the workstation uses; none of them is created by this object."""

    data: Path
    cache: Path
    config: Path
    logs: Path


def app_folders(
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> AppFolders:
    """Work out the folders for this computer without creating them.

    The parameters exist so tests can ask about another platform; callers
    normally pass nothing.
    """
    platform = sys.platform if platform is None else platform
    environ = os.environ if environ is None else environ
    home = Path.home() if home is None else home

    override = environ.get(HOME_VARIABLE, "").strip()
    if override:
        root = Path(override).expanduser().absolute()
        return AppFolders(
            data=root / "data", cache=root / "cache", config=root / "config", logs=root / "logs"
        )
    if platform == "darwin":
        return _macos_folders(home)
    if platform.startswith("win"):
        return _windows_folders(environ, home)
    return _xdg_folders(environ, home)


def data_dir() -> Path:
    """The data folder (profiles and their databases), created if missing."""
    return _created(app_folders().data)


def cache_dir() -> Path:
    """The cache folder (anything that can be fetched again), created if missing."""
    return _created(app_folders().cache)


def config_dir() -> Path:
    """The settings folder, created if missing."""
    return _created(app_folders().config)


def log_dir() -> Path:
    """The log folder, created if missing."""
    return _created(app_folders().logs)


@dataclass(frozen=True, slots=True)
class Profile:
    """One local profile: a folder under `<data>/profiles/` holding one SQLite database."""

    name: str
    folder: Path

    @property
    def database_path(self) -> Path:
        return self.folder / DATABASE_FILE_NAME


def profile(name: str = DEFAULT_PROFILE) -> Profile:
    """The profile called `name`, its folder created if missing.

    Raises ValueError for a name that cannot be a folder name everywhere.
    """
    check_profile_name(name)
    return Profile(name=name, folder=_created(data_dir() / "profiles" / name))


def list_profiles() -> list[Profile]:
    """Profiles that already have a folder, sorted by name."""
    profiles_folder = app_folders().data / "profiles"
    if not profiles_folder.is_dir():
        return []
    return [
        Profile(name=entry.name, folder=entry)
        for entry in sorted(profiles_folder.iterdir(), key=lambda entry: entry.name)
        if entry.is_dir() and is_valid_profile_name(entry.name)
    ]


def is_valid_profile_name(name: str) -> bool:
    """Whether `name` can be used as a profile folder name on every supported platform."""
    if not _PROFILE_NAME.fullmatch(name) or name.endswith((".", " ")):
        return False
    return name.split(".")[0].upper() not in _WINDOWS_RESERVED_NAMES


def check_profile_name(name: str) -> None:
    """Raise ValueError when `name` is not a usable profile name."""
    if not is_valid_profile_name(name):
        raise ValueError(
            f"{name!r} cannot be a profile name: use up to 64 letters, digits, spaces, "
            "dots, dashes or underscores, starting with a letter or digit"
        )


def _created(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _xdg_folders(environ: Mapping[str, str], home: Path) -> AppFolders:
    def base(variable: str, default: Path) -> Path:
        # The XDG spec says relative values are invalid and must be ignored.
        value = environ.get(variable, "")
        return Path(value) if value and Path(value).is_absolute() else default

    name = _UNIX_FOLDER_NAME
    return AppFolders(
        data=base("XDG_DATA_HOME", home / ".local" / "share") / name,
        cache=base("XDG_CACHE_HOME", home / ".cache") / name,
        config=base("XDG_CONFIG_HOME", home / ".config") / name,
        # Logs are "state" in XDG terms: worth keeping, not worth backing up.
        logs=base("XDG_STATE_HOME", home / ".local" / "state") / name / "logs",
    )


def _macos_folders(home: Path) -> AppFolders:
    library = home / "Library"
    name = _DISPLAY_FOLDER_NAME
    return AppFolders(
        data=library / "Application Support" / name,
        cache=library / "Caches" / name,
        config=library / "Application Support" / name / "config",
        logs=library / "Logs" / name,
    )


def _windows_folders(environ: Mapping[str, str], home: Path) -> AppFolders:
    roaming = Path(environ.get("APPDATA") or home / "AppData" / "Roaming")
    # Cache and logs stay on this machine: a roaming profile would copy
    # gigabytes of media to the server at every sign-out.
    local = Path(environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    name = _DISPLAY_FOLDER_NAME
    return AppFolders(
        data=roaming / name / "data",
        cache=local / name / "cache",
        config=roaming / name / "config",
        logs=local / name / "logs",
    )

"""The person's preferences: what the settings dialog edits, as one typed value.

Stored as `preferences.json` in the profile folder, not in QSettings, because:

* the command line and the sync engine run without Qt and still need some of
  them (the QC profile and its numbers, autosync, the cache limit);
* they belong to a profile like its database and its `sync.json` (a second
  profile for another platform has its own server and QC numbers);
* a plain file is easy to read in a support session and to test here.

Window layout (geometry, docks, splitters) stays in QSettings under
`window/`: it is the computer's business, not a preference, and is never
written by the settings dialog. The player back end is also mirrored to the
QSettings key `player/backend` that `ui.player.choose` reads.

Reading never fails: a missing, damaged or partly wrong file gives the
defaults for what cannot be used, and says which keys were dropped. Writing
is atomic (a crash never leaves half a file).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from app.captions.quality_profiles import (
    DEFAULT_PROFILE_NAME,
    PROFILE_NAMES,
    QualityProfile,
    profile_named,
)

FILE_NAME = "preferences.json"
FORMAT_VERSION = 1

PLAYER_BACKENDS = ("auto", "qtmultimedia", "vlc")
# Numbers a person may change in the dialog; the rest of a profile stays as built in.
QC_NUMBERS = (
    "max_cps",
    "max_chars_per_line",
    "max_lines",
    "min_duration_ms",
    "max_duration_ms",
    "min_gap_frames",
)
FONT_SCALE_RANGE = (75, 200)  # per cent of the system font size
MEGABYTE = 1024 * 1024


class Theme(StrEnum):
    """How the window is coloured. `SYSTEM` follows the desktop's own palette."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high-contrast"


@dataclass(frozen=True, slots=True)
class Preferences:
    """Everything the settings dialog edits; defaults are what a new profile starts with.

    `server_url` is the address offered when signing in (the current session's
    server lives in `sync.json`). `qc_overrides` holds only the numbers that
    differ from the `qc_profile` built-in. `download_folder` empty means the
    cache folder; `cache_limit_mb` 0 means no limit. `font_scale_percent`
    scales the system font, so text still follows the desktop's size.
    """

    server_url: str = ""
    qc_profile: str = DEFAULT_PROFILE_NAME
    qc_overrides: Mapping[str, float] = field(default_factory=dict)
    spell_check_languages: tuple[str, ...] = ("en",)
    player_backend: str = "auto"
    autosync: bool = True
    download_folder: str = ""
    cache_limit_mb: int = 4096
    theme: Theme = Theme.SYSTEM
    font_scale_percent: int = 100

    def quality_profile(self) -> QualityProfile:
        """The QC profile to check tracks against, with the person's numbers applied."""
        base = profile_named(self.qc_profile)
        if not self.qc_overrides:
            return base
        return QualityProfile.custom(base, **dict(self.qc_overrides))

    @property
    def cache_limit_bytes(self) -> int:
        return self.cache_limit_mb * MEGABYTE


@dataclass(frozen=True, slots=True)
class LoadedPreferences:
    """Preferences read from disk, and the keys that were dropped (with why)."""

    preferences: Preferences
    dropped: tuple[str, ...] = ()


def preferences_path(profile_folder: Path) -> Path:
    return profile_folder / FILE_NAME


def load_preferences(profile_folder: Path) -> LoadedPreferences:
    """Read the profile's preferences; defaults for anything missing or unusable."""
    path = preferences_path(profile_folder)
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return LoadedPreferences(Preferences())
    except (OSError, ValueError) as error:
        return LoadedPreferences(Preferences(), (f"the whole file ({error})",))
    if not isinstance(data, dict):
        return LoadedPreferences(Preferences(), ("the whole file (not a JSON object)",))
    return preferences_from_dict(data)


def preferences_from_dict(data: Mapping[str, Any]) -> LoadedPreferences:
    """Check each value on its own, so one bad key costs only itself."""
    values: dict[str, Any] = {}
    dropped: list[str] = []
    for item in fields(Preferences):
        if item.name not in data:
            continue
        try:
            values[item.name] = _checked(item.name, data[item.name])
        except (TypeError, ValueError, KeyError) as error:
            reason = error.args[0] if error.args else type(error).__name__
            dropped.append(f"{item.name} ({reason})")
    preferences = Preferences(**values)
    try:
        preferences.quality_profile()
    except (ValueError, KeyError) as error:
        # Each number was valid alone but not together (say, a minimum above the maximum).
        dropped.append(f"qc_overrides ({error.args[0]})")
        preferences = replace(preferences, qc_overrides={})
    return LoadedPreferences(preferences, tuple(dropped))


def save_preferences(profile_folder: Path, preferences: Preferences) -> None:
    """Write atomically: the old file stays whole until the new one is on disk."""
    preferences.quality_profile()  # refuse to store numbers that cannot be used
    profile_folder.mkdir(parents=True, exist_ok=True)
    path = preferences_path(profile_folder)
    data = asdict(preferences)
    data["qc_overrides"] = dict(preferences.qc_overrides)
    data["spell_check_languages"] = list(preferences.spell_check_languages)
    data["theme"] = preferences.theme.value
    data["format_version"] = FORMAT_VERSION
    temporary = path.with_name(f".{FILE_NAME}.saving")
    temporary.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    temporary.replace(path)


def _checked(name: str, value: Any) -> Any:
    """The value for field `name`, or ValueError/TypeError saying why it cannot be used."""
    if name in ("server_url", "download_folder"):
        return _text(value)
    if name == "qc_profile":
        text = _text(value)
        if text not in PROFILE_NAMES:
            raise ValueError(f"unknown QC profile {text!r}")
        return text
    if name == "qc_overrides":
        return _qc_overrides(value)
    if name == "spell_check_languages":
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise TypeError("expected a list of language codes")
        return tuple(dict.fromkeys(value))  # no repeats, order kept
    if name == "player_backend":
        text = _text(value)
        if text not in PLAYER_BACKENDS:
            raise ValueError(f"unknown player back end {text!r}")
        return text
    if name == "autosync":
        if not isinstance(value, bool):
            raise TypeError("expected true or false")
        return value
    if name == "cache_limit_mb":
        return _whole_number(value, 0, 1024 * 1024)
    if name == "theme":
        return Theme(_text(value))
    if name == "font_scale_percent":
        return _whole_number(value, *FONT_SCALE_RANGE)
    raise KeyError(f"no check for {name}")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value.strip()


def _whole_number(value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("expected a whole number")
    if not low <= value <= high:
        raise ValueError(f"must be between {low} and {high}")
    return value


def _qc_overrides(value: Any) -> dict[str, float]:
    if not isinstance(value, dict):
        raise TypeError("expected an object of QC numbers")
    unknown = sorted(set(value) - set(QC_NUMBERS))
    if unknown:
        raise ValueError(f"unknown QC numbers {', '.join(unknown)}")
    for key, number in value.items():
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise TypeError(f"{key} must be a number")
    return dict(value)

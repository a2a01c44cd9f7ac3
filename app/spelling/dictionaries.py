"""Finding the Hunspell dictionary for a track's language.

Dictionaries are the ``.aff``/``.dic`` pairs that Linux distributions install
(Debian's ``hunspell-en-us``, ``hunspell-fr``… in /usr/share/hunspell), or
that a person drops into the ``dictionaries`` folder of the workstation's
config folder (the way to add a language on Windows and macOS).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from app.paths import app_folders

SYSTEM_FOLDERS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts"),
                  Path("/usr/share/myspell"), Path("/usr/local/share/hunspell"))

# Which regional dictionary a bare language code means when several exist.
_PREFERRED_REGION = {"en": "US", "fr": "FR", "de": "DE", "es": "ES", "pt": "PT", "it": "IT",
                     "nl": "NL", "sv": "SE", "da": "DK", "nb": "NO", "ru": "RU", "pl": "PL"}


def dictionary_folders() -> list[Path]:
    """Where dictionaries are looked for: the person's own folder first, then the system's."""
    return [app_folders().config / "dictionaries", *SYSTEM_FOLDERS]


def find_dictionary(language: str, folders: Iterable[Path] | None = None) -> Path | None:
    """The path (without extension) of the best dictionary for `language`, or None.

    `language` is a BCP 47 tag as tracks carry it (``en``, ``en-GB``,
    ``pt-BR``); ``en-GB`` takes en_GB if installed, else another English.
    """
    tag = language.strip().replace("_", "-")
    if not tag:
        return None
    base, _, region = tag.partition("-")
    base = base.lower()
    region = region.split("-")[0].upper()
    available = _installed(dictionary_folders() if folders is None else folders)
    wanted = [f"{base}_{region}"] if region else []
    wanted += [base, f"{base}_{_PREFERRED_REGION.get(base, base.upper())}"]
    for name in wanted:
        if name in available:
            return available[name]
    same_language = sorted(name for name in available if name.split("_")[0] == base)
    return available[same_language[0]] if same_language else None


def _installed(folders: Iterable[Path]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in folders:
        try:
            entries = sorted(folder.glob("*.dic"))
        except OSError:
            continue
        for dic in entries:
            if dic.with_suffix(".aff").is_file():
                found.setdefault(dic.stem, dic.with_suffix(""))
    return found

"""Spell checking cue text with Debian's Hunspell dictionaries (hunspell-en-us, hunspell-fr)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.paths import profile
from app.spelling.checker import Spelling
from app.spelling.cue_words import words_to_check
from app.spelling.dictionaries import SYSTEM_FOLDERS, find_dictionary
from app.spelling.personal_words import PersonalWords

HUNSPELL = Path("/usr/share/hunspell")
needs_dictionaries = pytest.mark.skipif(
    not (HUNSPELL / "en_US.dic").is_file() or not (HUNSPELL / "fr_FR.dic").is_file(),
    reason="Debian's hunspell-en-us and hunspell-fr are not installed (see the README set-up)")


def spelling(messages: list[tuple[str, str]] | None = None) -> Spelling:
    words = PersonalWords.in_profile(profile().folder)
    told = messages if messages is not None else []
    return Spelling(words, on_missing=lambda lang, text: told.append((lang, text)),
                    folders=SYSTEM_FOLDERS)


def test_words_skip_tags_references_and_numbers() -> None:
    text = "<v Sam>Teh <i>3D</i> film&amp;sound, don't\nmp4 l’homme <c.yellow"
    places = list(words_to_check(text))
    assert [p.word for p in places] == ["Teh", "film", "sound", "don't", "l’homme"]
    for place in places:
        assert text[place.start:place.end] == place.word


@needs_dictionaries
def test_english_misspellings_with_their_places_and_suggestions() -> None:
    checker = spelling().checker("en")
    assert checker is not None and checker.dictionary_path.name == "en_US"
    text = "<i>Welcome</i> to the reveiw workstation, Sam."
    found = checker.misspellings(text)
    assert [(p.word, text[p.start:p.end]) for p in found] == [("reveiw", "reveiw")]
    assert checker.cached_suggestions("reveiw") is None
    assert "review" in checker.suggestions("reveiw")
    assert "review" in (checker.cached_suggestions("reveiw") or [])


@needs_dictionaries
def test_french_dictionary_for_a_regional_tag() -> None:
    checker = spelling().checker("fr-CA")
    assert checker is not None and checker.dictionary_path.name == "fr_CA"
    assert [p.word for p in checker.misspellings("Aujourd’hui, l'homme écoutte.")] == ["écoutte"]


@needs_dictionaries
def test_personal_words_are_kept_in_the_profile_and_apply_at_once() -> None:
    shared = spelling()
    checker = shared.checker("en")
    assert checker is not None
    assert [p.word for p in checker.misspellings("Ask Zorblat")] == ["Zorblat"]
    shared.add_word("Zorblat")
    assert checker.misspellings("Ask ZORBLAT") == []
    stored = profile().folder / "personal-words.txt"
    assert stored.read_text(encoding="utf-8") == "Zorblat\n"
    # A new session reads the list back.
    assert spelling().checker("en") is not None
    assert "zorblat" in PersonalWords.in_profile(profile().folder)


def test_no_dictionary_is_reported_once_and_checking_carries_on() -> None:
    messages: list[tuple[str, str]] = []
    shared = spelling(messages)
    assert shared.checker("xx") is None
    assert shared.checker("xx") is None
    assert len(messages) == 1
    assert messages[0][0] == "xx"
    assert "No spelling dictionary is installed for “xx”" in messages[0][1]


def test_dictionary_choice(tmp_path: Path) -> None:
    for name in ("en_GB", "en_US", "fr", "pt_BR"):
        (tmp_path / f"{name}.dic").write_text("1\nword\n")
        (tmp_path / f"{name}.aff").write_text("SET UTF-8\n")
    (tmp_path / "de_DE.dic").write_text("1\nwort\n")  # no .aff: not a dictionary
    assert find_dictionary("en", [tmp_path]) == tmp_path / "en_US"
    assert find_dictionary("en-GB", [tmp_path]) == tmp_path / "en_GB"
    assert find_dictionary("en-AU", [tmp_path]) == tmp_path / "en_US"
    assert find_dictionary("fr-FR", [tmp_path]) == tmp_path / "fr"
    assert find_dictionary("pt", [tmp_path]) == tmp_path / "pt_BR"
    assert find_dictionary("de", [tmp_path]) is None
    assert find_dictionary("", [tmp_path]) is None


def test_personal_words_refuse_more_than_one_word(tmp_path: Path) -> None:
    words = PersonalWords(tmp_path / "words.txt")
    with pytest.raises(ValueError, match="single word"):
        words.add("two\nwords")
    words.add("Nadia")
    words.add("nadia")
    words.remove("NADIA")
    assert list(words) == []

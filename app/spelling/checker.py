"""Spell checking one language: which words of a cue are misspelled, and what might be meant.

spylls is Hunspell in pure Python: a word lookup takes about half a
millisecond, so checking is cached per word (a 2,000-cue track has only a few
thousand different words). Suggestions are much slower — seconds for a
French word, more the first time — so they are cached too and meant to be
asked for off the GUI thread (`cached_suggestions` answers at once with what
is known).

`Spelling` hands out one checker per language and says once per language
when no dictionary is installed, then carries on without checking it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from spylls.hunspell import Dictionary

from app.spelling.cue_words import WordPlace, words_to_check
from app.spelling.dictionaries import find_dictionary
from app.spelling.personal_words import PersonalWords

MAX_SUGGESTIONS = 6

# A loaded dictionary is hundreds of thousands of Python objects and takes
# seconds to build: one copy per file for the whole process, shared by every
# window and checker (it is only read).
_loaded: dict[Path, Dictionary] = {}
_loading = threading.Lock()


def _dictionary(path: Path) -> Dictionary:
    with _loading:
        found = _loaded.get(path)
        if found is None:
            found = _loaded[path] = Dictionary.from_files(str(path))
        return found


class LanguageChecker:
    """Checks words against one Hunspell dictionary and the personal word list."""

    def __init__(self, language: str, dictionary_path: Path, personal: PersonalWords) -> None:
        self.language = language
        self.dictionary_path = dictionary_path
        self.personal = personal
        self._dictionary = _dictionary(dictionary_path)
        self._known: dict[str, bool] = {}
        self._suggestions: dict[str, list[str]] = {}
        # Suggestions run on worker threads, one at a time; lookups need no
        # lock (they only read the dictionary) and must never wait behind a
        # suggestion search that takes seconds.
        self._suggesting = threading.Lock()

    def is_correct(self, word: str) -> bool:
        if word in self.personal:
            return True
        known = self._known.get(word)
        if known is None:
            known = bool(self._dictionary.lookup(word))
            self._known[word] = known
        return known

    def misspellings(self, text: str) -> list[WordPlace]:
        """The misspelled words of a cue text, with their places in it."""
        return [place for place in words_to_check(text) if not self.is_correct(place.word)]

    def cached_suggestions(self, word: str) -> list[str] | None:
        """Suggestions already looked up for `word`, or None (then call `suggestions`)."""
        return self._suggestions.get(word)

    def suggestions(self, word: str, limit: int = MAX_SUGGESTIONS,
                    time_budget_s: float = 3.0) -> list[str]:
        """Likely intended spellings, best first; slow (seconds), so call it off the GUI thread.

        Stops after `limit` suggestions or once `time_budget_s` has passed
        (after the suggestion being computed then).
        """
        cached = self._suggestions.get(word)
        if cached is not None:
            return cached
        found: list[str] = []
        deadline = time.monotonic() + time_budget_s
        with self._suggesting:
            for suggestion in self._dictionary.suggest(word):
                if suggestion not in found:
                    found.append(suggestion)
                if len(found) >= limit or time.monotonic() > deadline:
                    break
        self._suggestions[word] = found
        return found

    def word_added(self, word: str) -> None:
        """Forget what was known about `word` after it joined the personal list."""
        self._known.pop(word, None)


class Spelling:
    """One checker per language, shared by every editor of the window.

    `on_missing(language, message)` is called the first time a language
    without a dictionary is asked for, and never again for it.
    """

    def __init__(self, personal: PersonalWords,
                 on_missing: Callable[[str, str], None] | None = None,
                 folders: Iterable[Path] | None = None) -> None:
        self.personal = personal
        self._on_missing = on_missing
        self._folders = None if folders is None else list(folders)
        self._checkers: dict[str, LanguageChecker | None] = {}
        self._lock = threading.Lock()

    def checker(self, language: str) -> LanguageChecker | None:
        """The checker for `language` (loading its dictionary: a second or two, so off the
        GUI thread the first time), or None when no dictionary is installed."""
        key = language.strip().lower()
        with self._lock:
            if key in self._checkers:
                return self._checkers[key]
            path = find_dictionary(key, self._folders)
            checker = None if path is None else LanguageChecker(key, path, self.personal)
            self._checkers[key] = checker
        if checker is None and self._on_missing is not None:
            self._on_missing(language, missing_message(language))
        return checker

    def add_word(self, word: str) -> None:
        """Add `word` to the personal list (saved at once) for every language."""
        self.personal.add(word)
        for checker in self._checkers.values():
            if checker is not None:
                checker.word_added(word)


def missing_message(language: str) -> str:
    return (f"No spelling dictionary is installed for “{language}”, so its spelling is not "
            "checked. On Debian or Ubuntu install the hunspell package for it (for example "
            f"sudo apt install hunspell-{language.split('-')[0].lower()}), or put its .aff and "
            ".dic files in the workstation's dictionaries folder.")

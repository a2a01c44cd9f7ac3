"""The person's own word list: names and terms the dictionaries do not know.

Kept in the profile folder as plain UTF-8 text, one word a line, so it can
be read, edited or copied to another computer by hand. It applies to every
language: the words people add are mostly names.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

FILE_NAME = "personal-words.txt"


class PersonalWords:
    """Words accepted as spelled right, whatever their case (``Nadia`` accepts ``NADIA``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._words: dict[str, str] = {}
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = ""
        for line in text.splitlines():
            word = line.strip()
            if word:
                self._words.setdefault(word.casefold(), word)

    @classmethod
    def in_profile(cls, profile_folder: Path) -> PersonalWords:
        return cls(profile_folder / FILE_NAME)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word.casefold() in self._words

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._words.values(), key=str.casefold))

    def __len__(self) -> int:
        return len(self._words)

    def add(self, word: str) -> None:
        """Accept `word` from now on and save the list (raises OSError when it cannot)."""
        word = word.strip()
        if not word or "\n" in word:
            raise ValueError("Only a single word can be added to the dictionary")
        if word in self:
            return
        self._words[word.casefold()] = word
        self._save()

    def remove(self, word: str) -> None:
        if self._words.pop(word.casefold(), None) is not None:
            self._save()

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text("".join(f"{word}\n" for word in self), encoding="utf-8")
        os.replace(partial, self.path)

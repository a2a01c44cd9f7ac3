"""The words of a cue text worth spell checking, with their places in the text.

Places are offsets into the text as stored, tags and all, so an editor can
underline exactly the characters typed. WebVTT tags (``<i>``, ``<v Sam>``,
timestamps), character references (``&amp;``) and anything containing a
digit (``3D``, ``mp4``, ``1920s``) are not words to check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# As in the WebVTT tokenizer, "<" always opens a tag and an unclosed one runs
# to the end of the text.
_NOT_TEXT = re.compile(r"<[^>]*(?:>|\Z)|&[A-Za-z0-9#]+;")
# Letters, digits and inner apostrophes (don't, l'homme, aujourd’hui).
_TOKEN = re.compile(r"[\w]+(?:['’][\w]+)*")
APOSTROPHES = "'’"


@dataclass(frozen=True, slots=True)
class WordPlace:
    """A word and where it is: text[start:end] == word."""

    word: str
    start: int
    end: int


def words_to_check(text: str) -> Iterator[WordPlace]:
    """The checkable words of `text`, in order."""
    position = 0
    for hidden in _NOT_TEXT.finditer(text):
        yield from _words_in(text, position, hidden.start())
        position = hidden.end()
    yield from _words_in(text, position, len(text))


def _words_in(text: str, start: int, end: int) -> Iterator[WordPlace]:
    for match in _TOKEN.finditer(text, start, end):
        word = match.group()
        if any(character.isdigit() for character in word) or "_" in word:
            continue
        yield WordPlace(word, match.start(), match.end())

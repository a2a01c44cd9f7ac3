"""Find and replace in a track's cue text: plain or regular expression, with case options.

Replacing everything is one edit (one undo step). A pattern that is not a
valid regular expression gets a plain-language error before anything changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.captions.model import Track, TrackEdit, combine
from app.captions.operations import plan_set_text


@dataclass(frozen=True)
class Query:
    """What to look for; `regex` treats `text` as a Python regular expression."""

    text: str
    regex: bool = False
    case_sensitive: bool = False
    whole_words: bool = False

    def compile(self) -> re.Pattern[str]:
        if not self.text:
            raise ValueError("Type something to find")
        pattern = self.text if self.regex else re.escape(self.text)
        if self.whole_words:
            pattern = rf"\b(?:{pattern})\b"
        flags = 0 if self.case_sensitive else re.IGNORECASE
        try:
            return re.compile(pattern, flags)
        except re.error as error:
            raise ValueError(f"The pattern is not a valid regular expression: {error}") from None


@dataclass(frozen=True)
class Match:
    cue: int
    start: int
    end: int


def find_all(track: Track, query: Query) -> list[Match]:
    pattern = query.compile()
    return [Match(index, m.start(), m.end())
            for index, cue in enumerate(track.cues)
            for m in pattern.finditer(cue.text) if m.end() > m.start()]


def find_next(track: Track, query: Query, after: tuple[int, int] | None,
              backwards: bool = False) -> Match | None:
    """The next match after (cue, position), wrapping around the track."""
    matches = find_all(track, query)
    if not matches:
        return None
    if after is None:
        return matches[-1] if backwards else matches[0]
    key = after
    if backwards:
        earlier = [m for m in matches if (m.cue, m.start) < key]
        return earlier[-1] if earlier else matches[-1]
    later = [m for m in matches if (m.cue, m.start) > key]
    return later[0] if later else matches[0]


def plan_replace(track: Track, query: Query, replacement: str,
                 cues: list[int] | None = None) -> TrackEdit:
    """Replace every match (in `cues`, or the whole track) as one edit."""
    pattern = query.compile()
    template = replacement if query.regex else replacement.replace("\\", "\\\\")
    edits = []
    scratch = track.copy()
    for index in cues if cues is not None else range(len(track.cues)):
        cue = scratch.cues[index]
        try:
            new_text = pattern.sub(template, cue.text)
        except (re.error, IndexError) as error:
            raise ValueError(f"The replacement cannot be used: {error}") from None
        if new_text != cue.text:
            edit = plan_set_text(scratch, index, new_text)
            scratch.apply(edit)
            edits.append(edit)
    count = len(edits)
    return combine(f"Replace '{query.text}' in {count} cue" + ("s" if count != 1 else ""), edits)

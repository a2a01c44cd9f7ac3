"""The sync engine's use of the three-way merge (`app.captions.merge`), on WebVTT text.

The merge itself is domain logic and lives in `app/`. This module decides
what the worker does with texts: the trivial cases need no merge at all,
and anything the merge cannot settle, or a version that cannot be read, is
a conflict, because a conflict only asks a person to look while a wrong
"clean" merge would overwrite someone's work without anyone knowing.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.captions.merge import merge_tracks
from app.captions.webvtt_file import VttReadError, parse, write

EMPTY_TRACK = "WEBVTT\n"


@dataclass(frozen=True, slots=True)
class MergeOutcome:
    """The merged text, or None with the reason when a person has to decide."""

    text: str | None
    conflicts: int = 0
    reason: str = ""


def merge_texts(base: str, mine: str, theirs: str) -> MergeOutcome:
    """Merge two edits of `base` cue by cue."""
    if mine == theirs or theirs == base:
        return MergeOutcome(mine)
    if mine == base:
        return MergeOutcome(theirs)
    try:
        tracks = parse(base), parse(mine), parse(theirs)
    except VttReadError as error:
        return MergeOutcome(None, 1, f"a version cannot be read as WebVTT: {error}")
    result = merge_tracks(*tracks)
    if result.is_clean:
        return MergeOutcome(write(result.track))
    count = len(result.conflicts)
    return MergeOutcome(None, count, f"{count} cue(s) changed on both sides")


"""The one undo/redo check every track operation goes through, and `refused`.

`assert_reversible` plans an edit, applies it, and reverts and re-applies it
twice, comparing the whole track each time: the cues *and* every block
around them, so a NOTE that drifts to another place on undo is caught, and
the very cue objects, so undo hands back the originals with their file text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest

from app.captions.model import Block, Cue, Track, TrackEdit

CueTuple = tuple[int, int, str, str, str]
BlockTuple = tuple[str, ...]
Snapshot = tuple[tuple[CueTuple, ...], tuple[BlockTuple, ...]]


def cue_tuple(cue: Cue) -> CueTuple:
    return (cue.start_ms, cue.end_ms, cue.text, cue.identifier, cue.settings)


def _block_tuple(block: Cue | Block) -> BlockTuple:
    if isinstance(block, Cue):
        return ("cue", *map(str, cue_tuple(block)))
    return (block.kind.value, block.text)


def snapshot(track: Track) -> Snapshot:
    """The cues, and the list of all blocks in order, as plain values."""
    return (tuple(cue_tuple(cue) for cue in track.cues),
            tuple(_block_tuple(block) for block in track.blocks))


def assert_same_objects(track: Track, blocks: list[Cue | Block]) -> None:
    assert len(track.blocks) == len(blocks)
    for position, (now, then) in enumerate(zip(track.blocks, blocks, strict=True)):
        assert now is then, f"block {position} is not the original object after undo"


def refused(message: str) -> AbstractContextManager[pytest.ExceptionInfo[ValueError]]:
    """Expect a ValueError whose message contains `message` literally."""
    return pytest.raises(ValueError, match=re.escape(message))


def assert_reversible(track: Track, plan: Callable[[Track], TrackEdit]) -> TrackEdit:
    """Plan on `track`, then check apply → revert → re-apply (twice); leaves the edit applied."""
    original = snapshot(track)
    original_blocks = list(track.blocks)

    edit = plan(track)
    assert snapshot(track) == original, "planning changed the track"
    assert_same_objects(track, original_blocks)
    assert not edit.is_empty(), "the edit has no steps"

    track.apply(edit)
    changed = snapshot(track)
    changed_blocks = list(track.blocks)
    assert changed != original, "applying the edit changed nothing"
    if not edit.structural:
        # A view updates only the rows in `changed`; it must name exactly the
        # cues whose content differs.
        assert len(changed[0]) == len(original[0])
        differing = {i for i, (a, b) in enumerate(zip(original[0], changed[0], strict=True))
                     if a != b}
        assert differing == set(edit.changed)

    for _ in range(2):
        track.revert(edit)
        assert snapshot(track) == original, "undo did not restore the track"
        assert_same_objects(track, original_blocks)
        track.apply(edit)
        assert snapshot(track) == changed, "redo did not give the changed track"
        assert_same_objects(track, changed_blocks)
    return edit

"""The plain undo history: steps, redo, the saved marker and groups of edits."""

from __future__ import annotations

import pytest

from app.captions.history import UndoHistory
from app.captions.model import Block, BlockKind, Cue, Track
from app.captions.operations import (
    plan_delete,
    plan_merge,
    plan_renumber,
    plan_set_text,
    plan_shift,
    plan_split,
)

from .reversion import assert_reversible, assert_same_objects, refused, snapshot


def sample() -> Track:
    return Track([
        Block(BlockKind.NOTE, "NOTE hello"),
        Cue(1000, 2000, "one", "1"),
        Cue(2000, 3000, "two", "2"),
        Block(BlockKind.NOTE, "NOTE between"),
        Cue(4000, 5000, "three", "3"),
    ])


def texts(track: Track) -> list[str]:
    return [cue.text for cue in track.cues]


def test_push_undo_redo() -> None:
    history = UndoHistory(sample())
    track = history.track
    assert not history.can_undo and not history.can_redo
    assert history.undo_description is None

    assert history.push(plan_set_text(track, 0, "uno"))
    assert history.push(plan_delete(track, [1]))
    assert texts(track) == ["uno", "three"]
    assert history.undo_description == "Delete cue 2"

    assert history.undo().description == "Delete cue 2"
    assert texts(track) == ["uno", "two", "three"]
    assert history.redo_description == "Delete cue 2"
    assert history.undo_description == "Edit text of cue 1"
    history.undo()
    assert texts(track) == ["one", "two", "three"]
    assert not history.can_undo and history.redo_count == 2
    history.redo()
    history.redo()
    assert texts(track) == ["uno", "three"]
    assert not history.can_redo


def test_nothing_to_undo_or_redo() -> None:
    history = UndoHistory(sample())
    with pytest.raises(LookupError, match="nothing to undo"):
        history.undo()
    with pytest.raises(LookupError, match="nothing to redo"):
        history.redo()


def test_a_new_edit_clears_redo_but_an_empty_one_does_not() -> None:
    history = UndoHistory(sample())
    track = history.track
    history.push(plan_set_text(track, 0, "uno"))
    history.undo()
    assert not history.push(plan_set_text(track, 0, "one"))  # changes nothing
    assert history.can_redo and history.undo_count == 0
    history.push(plan_set_text(track, 1, "dos"))
    assert not history.can_redo
    assert texts(track) == ["one", "dos", "three"]


def test_clean_marker() -> None:
    history = UndoHistory(sample())
    track = history.track
    assert history.is_clean
    history.push(plan_set_text(track, 0, "uno"))
    assert not history.is_clean
    history.mark_clean()
    history.push(plan_set_text(track, 1, "dos"))
    assert not history.is_clean
    history.undo()
    assert history.is_clean
    history.undo()
    assert not history.is_clean
    history.redo()
    assert history.is_clean
    # Undo past the saved state, then edit: the saved state can never come back.
    history.undo()
    history.push(plan_set_text(track, 2, "tres"))
    history.undo()
    assert not history.is_clean
    history.clear()
    assert history.is_clean and not history.can_undo and not history.can_redo


def test_group_joins_edits_into_one_step() -> None:
    history = UndoHistory(sample())
    track = history.track
    original = snapshot(track)
    with history.group("Split and renumber"):
        history.push(plan_split(track, 0, 1500))
        history.push(plan_renumber(track))
        assert not history.can_undo  # no undo while the group is open
        assert not history.is_clean
    assert history.undo_count == 1
    assert history.undo_description == "Split and renumber"
    assert [c.identifier for c in track.cues] == ["1", "2", "3", "4"]
    edit = history.undo()
    assert snapshot(track) == original
    # The joined edit is as reversible as any single one.
    assert_reversible(track, lambda _: edit)


def test_nested_groups_make_one_step_and_empty_groups_none() -> None:
    history = UndoHistory(sample())
    track = history.track
    with history.group("Outer"):
        history.push(plan_shift(track, 100))
        with history.group("Inner"):
            history.push(plan_merge(track, 0))
    assert history.undo_count == 1 and history.undo_description == "Outer"
    with history.group("Nothing"):
        pass
    assert history.undo_count == 1


def test_a_failing_group_takes_its_edits_back() -> None:
    history = UndoHistory(sample())
    track = history.track
    history.push(plan_set_text(track, 0, "uno"))
    history.undo()
    before, blocks = snapshot(track), list(track.blocks)
    with refused("no cue 9"), history.group("Broken"):
        history.push(plan_delete(track, [0]))
        history.push(plan_set_text(track, 8, "x"))
    assert snapshot(track) == before
    assert_same_objects(track, blocks)
    assert history.undo_count == 0 and history.can_redo  # nothing recorded, redo kept


def test_no_undo_inside_a_group() -> None:
    history = UndoHistory(sample())
    history.push(plan_shift(history.track, 10))
    with history.group("Group"):
        with pytest.raises(RuntimeError, match="Cannot undo while a group of edits is open"):
            history.undo()
        with pytest.raises(RuntimeError, match="Cannot mark the track saved"):
            history.mark_clean()


def test_limit_drops_the_oldest_steps() -> None:
    history = UndoHistory(sample(), limit=2)
    track = history.track
    for offset in (10, 20, 30):
        history.push(plan_shift(track, offset))
    assert history.undo_count == 2
    history.undo()
    history.undo()
    assert track.cues[0].start_ms == 1010
    assert not history.is_clean  # the loaded state fell off the end
    with refused("at least 1 step"):
        UndoHistory(track, limit=0)

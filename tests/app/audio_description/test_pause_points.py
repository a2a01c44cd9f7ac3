"""Pause-point rules, reversible moves, nudging and snapping, on purpose-built timelines."""

from __future__ import annotations

import pytest

from app.audio_description.pause_points import (
    PausePoint,
    PausePointRefused,
    apply_move,
    check_pause_points,
    nearest_target,
    nudged_by_frames,
    plan_move,
    position_problem,
    snap_position,
    snap_targets,
)
from app.audio_description.timing import Span

DIALOGUE = [Span(1000, 3000), Span(6000, 8000)]
MEDIA = 20_000


def points() -> list[PausePoint]:
    return [PausePoint(1, 3000, 3000, 2500), PausePoint(4, 9000, 8500, 4000)]


def test_a_move_into_a_free_gap_is_planned_applied_and_undone() -> None:
    before = points()
    move = plan_move(before, 1, 4200, DIALOGUE, MEDIA)
    assert (move.cue_index, move.before_ms, move.after_ms) == (1, 3000, 4200)
    after = apply_move(before, move)
    assert after[0].timestamp_ms == 4200 and after[0].moved and after[1] == before[1]
    assert apply_move(after, move.inverse()) == before


def test_a_pause_inside_dialogue_is_refused_but_its_edges_are_allowed() -> None:
    with pytest.raises(PausePointRefused, match=r"inside dialogue \(00:06.000–00:08.000\)"):
        plan_move(points(), 1, 7000, DIALOGUE, MEDIA)
    assert position_problem(points(), 1, 6000, DIALOGUE, MEDIA) is None
    assert position_problem(points(), 4, 8000, DIALOGUE, MEDIA) is None


def test_pauses_stay_inside_the_media() -> None:
    with pytest.raises(PausePointRefused, match="within the media"):
        plan_move(points(), 4, MEDIA + 1, DIALOGUE, MEDIA)
    with pytest.raises(PausePointRefused, match="before the start"):
        plan_move(points(), 1, -40, DIALOGUE, MEDIA)


def test_pauses_keep_the_order_of_their_descriptions() -> None:
    with pytest.raises(PausePointRefused, match="after the one for description 2"):
        plan_move(points(), 4, 2000 + 1000, DIALOGUE, MEDIA)
    with pytest.raises(PausePointRefused, match="before the one for description 5"):
        plan_move(points(), 1, 9500, DIALOGUE, MEDIA)
    with pytest.raises(PausePointRefused, match="before the one for description 5"):
        plan_move(points(), 1, 9000, DIALOGUE, MEDIA)  # the same moment is not an order


def test_a_move_of_a_cue_without_a_pause_point_is_refused() -> None:
    with pytest.raises(PausePointRefused, match="Description 3 has no pause point"):
        plan_move(points(), 2, 4000, DIALOGUE, MEDIA)


def test_applying_a_stale_move_fails_rather_than_guessing() -> None:
    move = plan_move(points(), 1, 4200, DIALOGUE, MEDIA)
    with pytest.raises(ValueError, match="not where this move expected"):
        apply_move(apply_move(points(), move), move)


def test_checking_a_whole_set_reports_each_broken_rule_once() -> None:
    broken = [PausePoint(0, 2000, 2000, 1000), PausePoint(2, 1500, 1500, 1000),
              PausePoint(2, 4000, 4000, 1000), PausePoint(3, 25_000, 5000, 1000)]
    problems = check_pause_points(broken, DIALOGUE, MEDIA)
    assert [cue for cue, _ in problems] == [0, 2, 2, 3]
    assert "inside dialogue" in problems[0][1]
    assert "more than one pause point" in problems[2][1]
    assert "within the media" in problems[3][1]
    assert check_pause_points(points(), DIALOGUE, MEDIA) == []


@pytest.mark.parametrize(("start", "frames", "expected"), [
    (3000, 1, 3040), (3000, -1, 2960), (3010, -1, 3000), (3010, 1, 3040), (20, -1, 0),
    (0, -1, 0),
])
def test_nudging_by_frames_lands_on_frame_starts(start: int, frames: int, expected: int) -> None:
    assert nudged_by_frames(start, frames, 25) == expected


def test_nudging_at_29_97_fps_lands_on_rounded_frame_starts() -> None:
    assert nudged_by_frames(0, 1, 30000 / 1001) == 33
    assert nudged_by_frames(33, 1, 30000 / 1001) == 67


def test_snapping_goes_to_the_nearest_dialogue_end_or_shot_change_that_is_allowed() -> None:
    assert snap_targets(DIALOGUE, [5000, 3000]) == [3000, 5000, 8000]
    assert nearest_target(4100, [3000, 5000, 8000]) == 5000
    assert nearest_target(4000, [3000, 5000]) == 3000  # a tie goes earlier
    moved = apply_move(points(), plan_move(points(), 1, 4600, DIALOGUE, MEDIA))
    assert snap_position(moved, 1, DIALOGUE, MEDIA, [5000]) == 5000
    # Pause 5 at 9.0 s: 8.0 (end of a line) is nearest and before nothing it must follow.
    assert snap_position(moved, 4, DIALOGUE, MEDIA, [5000]) == 8000
    # With pause 2 at 8.5 s, pause 5 may not go back to 8.0 or 5.0: nothing is allowed.
    crowded = [PausePoint(1, 8500, 3000, 1), PausePoint(4, 9000, 9000, 1)]
    assert snap_position(crowded, 4, DIALOGUE, MEDIA, [5000]) is None

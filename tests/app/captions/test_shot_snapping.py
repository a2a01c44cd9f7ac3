"""Snapping cue edges to shot changes, and the QC rule for edges near a cut."""

from __future__ import annotations

from app.captions.model import Cue, Track
from app.captions.shot_change_rule import SHOT_CHANGE, check_shot_changes
from app.captions.shot_snapping import nearest_shot_change, plan_snap_to_shot_changes
from tests.app.captions.reversion import assert_reversible

CUTS = [8000, 15_200, 23_000]  # the demo video's first shot changes (25 fps)


def track_of(*times: tuple[int, int]) -> Track:
    return Track([Cue(start, end, "text") for start, end in times])


def test_nearest_shot_change_within_frames() -> None:
    assert nearest_shot_change(7600, CUTS, 25, 10) == 8000  # exactly 10 frames
    assert nearest_shot_change(7599, CUTS, 25, 10) is None
    assert nearest_shot_change(15_300, CUTS, 25, 11) == 15_200
    assert nearest_shot_change(1000, [], 25, 11) is None


def test_snapping_moves_near_edges_onto_cuts_in_one_step() -> None:
    track = track_of((7880, 9000), (14_000, 15_120), (16_000, 22_000), (22_960, 24_000))
    edit = assert_reversible(track, lambda t: plan_snap_to_shot_changes(t, CUTS, 25))
    assert len(edit.steps) == 1
    assert [(c.start_ms, c.end_ms) for c in track.cues] == [
        (8000, 9000), (14_000, 15_200), (16_000, 22_000), (23_000, 24_000)]


def test_snapping_never_overlaps_a_neighbour_or_empties_a_cue() -> None:
    # Cue 1 ends 4 frames before the cut but cue 2 already starts before it.
    track = track_of((7000, 7840), (7900, 7990), (8100, 9000))
    track.apply(plan_snap_to_shot_changes(track, CUTS, 25, indexes=[0, 1, 2]))
    cues = [(c.start_ms, c.end_ms) for c in track.cues]
    assert cues[0] == (7000, 7840)  # snapping its end would run over cue 2
    assert cues[1][1] > cues[1][0]
    assert cues[2] == (8000, 9000) or cues[1][1] <= cues[2][0]


def test_qc_flags_edges_one_to_eleven_frames_from_a_cut() -> None:
    track = track_of((8040, 9000), (9000, 15_200 - 440), (16_000, 23_000 - 480), (23_000, 24_000))
    findings = check_shot_changes(track, CUTS, 25)
    assert [(f.cue, f.value, f.rule) for f in findings] == [
        (0, 1, SHOT_CHANGE), (1, 11, SHOT_CHANGE)]
    assert "Cue 1 starts 1 frame after the shot change at 00:00:08.000" in findings[0].hint
    assert "11 frames before" in findings[1].hint
    # After snapping, nothing is left to report.
    track.apply(plan_snap_to_shot_changes(track, CUTS, 25))
    assert check_shot_changes(track, CUTS, 25) == []

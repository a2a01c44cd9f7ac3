"""Two-point sync and closing short gaps: one reversible edit each."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.captions.model import Cue, Track
from app.captions.quality import QualityProfile, check_gap
from app.captions.timing_sync import plan_close_gaps, plan_two_point_sync
from tests.app.captions.reversion import assert_reversible, refused


def track_of(*times: tuple[int, int]) -> Track:
    return Track([Cue(start, end, f"cue {n}") for n, (start, end) in enumerate(times, 1)])


def starts(track: Track) -> list[int]:
    return [cue.start_ms for cue in track.cues]


def test_two_point_sync_fixes_offset_and_drift_in_one_undo_step() -> None:
    # Captions timed for 25 fps played at 23.976, and 2 s late.
    track = track_of((1000, 2000), (10_000, 12_000), (50_000, 52_500), (100_000, 101_000))
    edit = assert_reversible(track, lambda t: plan_two_point_sync(t, 0, 3000, 3, 107_000))
    assert len(edit.steps) == 1
    assert starts(track) == [3000, 12_455, 54_475, 107_000]
    assert track.cues[2].end_ms == 57_101  # ends scale too: 3000 + 51500 × 104/99, rounded


def test_two_point_sync_on_a_selection_leaves_other_cues() -> None:
    track = track_of((1000, 2000), (5000, 6000), (9000, 10_000))
    assert_reversible(track, lambda t: plan_two_point_sync(t, 1, 5500, 2, 9500, indexes=[1, 2]))
    assert starts(track) == [1000, 5500, 9500]


def test_equal_factor_is_a_plain_shift() -> None:
    track = track_of((1000, 2000), (5000, 6000))
    edit = assert_reversible(track, lambda t: plan_two_point_sync(t, 0, 1500, 1, 5500))
    assert edit.description.startswith("Sync 2 cues")
    assert starts(track) == [1500, 5500]


def test_two_point_sync_refusals() -> None:
    track = track_of((0, 500), (1000, 2000), (1000, 3000), (5000, 6000))
    with refused("start at the same time"):
        plan_two_point_sync(track, 1, 0, 2, 2000)
    with refused("must be later than cue 2's"):
        plan_two_point_sync(track, 3, 9000, 1, 9500)
    with refused("cue 1 would start before 00:00:00.000"):
        plan_two_point_sync(track, 2, 100, 3, 50_000)
    with refused("There is no cue 9"):
        plan_two_point_sync(track, 0, 0, 8, 100)


@given(
    times=st.lists(st.integers(0, 3_600_000), min_size=2, max_size=30, unique=True),
    picks=st.tuples(st.integers(0, 29), st.integers(0, 29)),
    targets=st.tuples(st.integers(0, 7_200_000), st.integers(0, 7_200_000)),
)
def test_anchors_land_exactly(times: list[int], picks: tuple[int, int],
                              targets: tuple[int, int]) -> None:
    times.sort()
    track = track_of(*((start, start + 1500) for start in times))
    first, second = picks[0] % len(times), picks[1] % len(times)
    if first == second:
        second = (first + 1) % len(times)
    low, high = sorted(targets)
    if low == high:
        high += 1
    first_ms, second_ms = (low, high) if first < second else (high, low)
    try:
        edit = plan_two_point_sync(track, first, first_ms, second, second_ms)
    except ValueError as error:
        assert "before 00:00:00.000" in str(error)
        return
    track.apply(edit)
    assert track.cues[first].start_ms == first_ms
    assert track.cues[second].start_ms == second_ms
    assert starts(track) == sorted(starts(track))  # a linear map keeps the order
    assert all(cue.end_ms > cue.start_ms for cue in track.cues)


def test_close_gaps_under_twelve_frames_to_two() -> None:
    # 25 fps: 12 frames = 480 ms, 2 frames = 80 ms.
    track = track_of((0, 1000), (1300, 2000), (2479, 3000), (3480, 4000), (4050, 5000))
    edit = assert_reversible(track, lambda t: plan_close_gaps(t, 25))
    assert len(edit.steps) == 1
    assert [cue.end_ms for cue in track.cues] == [1220, 2399, 3000, 4000, 5000]
    # What is left is exactly the minimum gap the QC profile asks for.
    profile = QualityProfile("netflix-en", "Netflix", frame_rate=25)
    assert not [f for f in check_gap(track.cues[:3], profile)]


def test_close_gaps_on_a_selection_and_to_touching() -> None:
    track = track_of((0, 1000), (1100, 2000), (2100, 3000))
    assert_reversible(track, lambda t: plan_close_gaps(t, 25, leave_frames=0, indexes=[1]))
    assert [cue.end_ms for cue in track.cues] == [1000, 2100, 3000]


def test_close_gaps_refuses_a_gap_left_wider_than_the_gaps_closed() -> None:
    with refused("the gap left must be shorter"):
        plan_close_gaps(track_of((0, 1000)), 25, under_frames=2, leave_frames=2)

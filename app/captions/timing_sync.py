"""Whole-track timing repairs: two-point sync and closing short gaps.

Like the planners in `app.captions.operations`, each function reads a track
and returns one `TrackEdit` (one undo step), on every cue or on a selection,
and refuses an impossible request with a plain-language ValueError before
anything changes. Shifting by an offset and frame-rate conversion are
`plan_shift` and `plan_convert_frame_rate` there.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from fractions import Fraction

from app.captions.model import Cue, ReplaceCues, Track, TrackEdit
from app.captions.operations import plan_shift
from app.captions.quality import time_order
from app.captions.timecode import format_timestamp, frame_duration_ms

NETFLIX_CLOSE_GAPS_UNDER_FRAMES = 12
"""The Netflix guide closes gaps shorter than 12 frames…"""
NETFLIX_GAP_FRAMES = 2
"""…to 2 frames, the shortest gap it allows between captions."""


def _selection(track: Track, indexes: Iterable[int] | None) -> list[int]:
    count = len(track.cues)
    if indexes is None:
        return list(range(count))
    chosen = sorted(set(indexes))
    for index in chosen:
        if not 0 <= index < count:
            raise ValueError(f"There is no cue {index + 1}: the track has {count} cues")
    return chosen


def _edit(track: Track, description: str, changes: dict[int, Cue]) -> TrackEdit:
    cues = track.cues
    changed = sorted(index for index, cue in changes.items() if cue != cues[index])
    if not changed:
        return TrackEdit(description, ())
    return TrackEdit(description, (ReplaceCues(
        tuple(changed), tuple(cues[i] for i in changed), tuple(changes[i] for i in changed)),))


def _half_up(value: Fraction) -> int:
    # Exact arithmetic, rounded half up like plan_scale, so the anchors land
    # on their times to the millisecond whatever the factor.
    return math.floor(value + Fraction(1, 2))


def plan_two_point_sync(track: Track, first: int, first_ms: int, second: int, second_ms: int,
                        indexes: Iterable[int] | None = None) -> TrackEdit:
    """Retime cues linearly so cue `first` starts at `first_ms` and cue `second` at `second_ms`.

    Every chosen cue's start and end go through the same map
    t → first_ms + (t − first start) × (second_ms − first_ms) / (second start − first start),
    which corrects both a constant offset and a drifting clock (a wrong frame
    rate) at once. The two anchor cues land exactly on their times when they
    are among the chosen cues.
    """
    cues = track.cues
    for index in (first, second):
        if not 0 <= index < len(cues):
            raise ValueError(f"There is no cue {index + 1}: the track has {len(cues)} cues")
    if first_ms < 0 or second_ms < 0:
        raise ValueError("A cue cannot be moved before 00:00:00.000")
    old_first, old_second = cues[first].start_ms, cues[second].start_ms
    if old_first == old_second:
        raise ValueError(
            f"Cues {first + 1} and {second + 1} start at the same time: choose two cues "
            "that start at different times, far apart for the best result")
    factor = Fraction(second_ms - first_ms, old_second - old_first)
    if factor <= 0:
        raise ValueError(
            f"Cue {first + 1} starts {'before' if old_first < old_second else 'after'} "
            f"cue {second + 1}, so its correct time must be "
            f"{'earlier' if old_first < old_second else 'later'} than cue {second + 1}'s")
    chosen = _selection(track, indexes)
    description = (f"Sync {len(chosen)} cues on cues {first + 1} "
                   f"({format_timestamp(first_ms)}) and {second + 1} "
                   f"({format_timestamp(second_ms)})")
    if factor == 1:
        # A pure offset: the existing shift planner says it best.
        shift = plan_shift(track, first_ms - old_first, chosen)
        return TrackEdit(description, shift.steps)

    def mapped(ms: int) -> int:
        return first_ms + _half_up((ms - old_first) * factor)

    changes: dict[int, Cue] = {}
    for index in chosen:
        cue = cues[index]
        start, end = mapped(cue.start_ms), mapped(cue.end_ms)
        if start < 0:
            raise ValueError(
                f"Cannot sync: cue {index + 1} would start before 00:00:00.000 "
                f"({start} ms); check the two correct times")
        if end <= start and cue.start_ms < cue.end_ms:
            end = start + 1  # a squeezed cue keeps the shortest length a file can hold
        changes[index] = cue.edited(start_ms=start, end_ms=end)
    return _edit(track, description, changes)


def plan_close_gaps(track: Track, frame_rate: float,
                    under_frames: int = NETFLIX_CLOSE_GAPS_UNDER_FRAMES,
                    leave_frames: int = NETFLIX_GAP_FRAMES,
                    indexes: Iterable[int] | None = None) -> TrackEdit:
    """Extend each chosen cue to `leave_frames` before the next cue when the gap is shorter
    than `under_frames` frames (and longer than what is left).

    The next cue is the next in time order, chosen or not: a gap lies between
    two cues, and the earlier one moves. With ``leave_frames=0`` the cues
    touch.
    """
    if not frame_rate > 0:
        raise ValueError(f"The frame rate must be a positive number, not {frame_rate}")
    if under_frames < 1 or leave_frames < 0 or leave_frames >= under_frames:
        raise ValueError(
            f"Cannot close gaps under {under_frames} frames leaving {leave_frames}: "
            "the gap left must be shorter than the gaps closed")
    frame = frame_duration_ms(frame_rate)
    limit_ms = under_frames * frame
    leave_ms = round(leave_frames * frame)
    chosen = set(_selection(track, indexes))
    cues = track.cues
    order = time_order(cues)
    changes: dict[int, Cue] = {}
    for earlier, later in itertools.pairwise(order):
        if earlier not in chosen:
            continue
        cue, following = cues[earlier], cues[later]
        gap = following.start_ms - cue.end_ms
        # A gap "under N frames" is measured like the QC rule: a rounded
        # millisecond under the exact frame length still counts as N frames.
        if leave_ms < gap <= limit_ms - 1:
            changes[earlier] = cue.edited(end_ms=following.start_ms - leave_ms)
    description = (f"Close gaps under {under_frames} frames to {leave_frames} "
                   f"({len(changes)} cues)")
    return _edit(track, description, changes)

"""Snapping cue edges to shot changes.

A caption that starts or ends a few frames away from a cut flickers across
it; style guides ask for the edge to sit on the cut. Shot change times come
from `app.media.shot_changes` (or a job's stored list), in milliseconds.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from app.captions.model import Cue, ReplaceCues, Track, TrackEdit
from app.captions.quality import time_order
from app.captions.timecode import frame_duration_ms

DEFAULT_SNAP_FRAMES = 11
"""Edges up to 11 frames from a cut go onto it, the window the Netflix guide names."""


def nearest_shot_change(ms: int, shot_changes: Sequence[int], frame_rate: float,
                        within_frames: float) -> int | None:
    """The shot change (from a sorted list) closest to `ms`, if within `within_frames`."""
    if not shot_changes:
        return None
    reach = within_frames * frame_duration_ms(frame_rate)
    position = bisect.bisect_left(shot_changes, ms)
    candidates = shot_changes[max(position - 1, 0):position + 1]
    best = min(candidates, key=lambda cut: (abs(cut - ms), cut))
    return best if abs(best - ms) <= reach + 0.5 else None


def snap_time(ms: int, shot_changes: Sequence[int], frame_rate: float,
              within_frames: float) -> int:
    """`ms` moved onto the nearest shot change within reach, or unchanged."""
    cut = nearest_shot_change(ms, shot_changes, frame_rate, within_frames)
    return ms if cut is None else cut


def plan_snap_to_shot_changes(track: Track, shot_changes: Iterable[int], frame_rate: float,
                              within_frames: float = DEFAULT_SNAP_FRAMES,
                              indexes: Iterable[int] | None = None) -> TrackEdit:
    """Move starts and ends of the chosen cues onto shot changes within `within_frames`.

    An edge is left where it is when snapping would make its cue last no
    time, or run over the neighbouring cue in time order.
    """
    if not frame_rate > 0:
        raise ValueError(f"The frame rate must be a positive number, not {frame_rate}")
    if within_frames < 0:
        raise ValueError("The snapping distance cannot be negative")
    cuts = sorted(set(shot_changes))
    cues = track.cues
    chosen = sorted(set(range(len(cues)) if indexes is None else indexes))
    for index in chosen:
        if not 0 <= index < len(cues):
            raise ValueError(f"There is no cue {index + 1}: the track has {len(cues)} cues")
    order = time_order(cues)
    place = {index: position for position, index in enumerate(order)}
    changes: list[tuple[int, Cue]] = []
    for index in chosen:
        cue = cues[index]
        position = place[index]
        earliest = cues[order[position - 1]].end_ms if position > 0 else 0
        latest = cues[order[position + 1]].start_ms if position + 1 < len(order) else None
        start = snap_time(cue.start_ms, cuts, frame_rate, within_frames)
        end = snap_time(cue.end_ms, cuts, frame_rate, within_frames)
        if start < earliest and cue.start_ms >= earliest:
            start = cue.start_ms
        if latest is not None and end > latest and cue.end_ms <= latest:
            end = cue.end_ms
        if end <= start:
            # Both edges near one cut: keep the edge that was closer to it.
            if abs(start - cue.start_ms) <= abs(end - cue.end_ms):
                end = cue.end_ms
            else:
                start = cue.start_ms
        if (start, end) != (cue.start_ms, cue.end_ms):
            changes.append((index, cue.edited(start_ms=start, end_ms=end)))
    description = f"Snap {len(changes)} cues to shot changes"
    if not changes:
        return TrackEdit(description, ())
    return TrackEdit(description, (ReplaceCues(
        tuple(i for i, _ in changes), tuple(cues[i] for i, _ in changes),
        tuple(c for _, c in changes)),))

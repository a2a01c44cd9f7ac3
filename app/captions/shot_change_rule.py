"""QC rule: a cue edge close to a shot change should sit on it.

The Netflix Timed Text Style Guide asks that a caption starting or ending
within 1 to 11 frames of a shot change be moved onto the change, because a
caption crossing a cut by a few frames is seen as a flicker. An edge exactly
on the cut, or 12 frames or more away, is fine.

It is its own module because it needs the media's shot changes, which the
other rules in `app.captions.quality` do not; `check_shot_changes` returns
ordinary `Finding`s to add to theirs.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.captions.model import Track
from app.captions.quality import Finding, Severity
from app.captions.shot_snapping import DEFAULT_SNAP_FRAMES, nearest_shot_change
from app.captions.timecode import format_timestamp, frame_duration_ms

SHOT_CHANGE = "shot-change"
"""Stable rule id (saved notes and filters refer to it)."""


def check_shot_changes(track: Track, shot_changes: Sequence[int], frame_rate: float,
                       max_frames: int = DEFAULT_SNAP_FRAMES) -> list[Finding]:
    """A warning for each cue start or end 1 to `max_frames` frames from a shot change.

    `value` is the distance in frames and `limit` is 0 (the edge belongs on
    the cut). `shot_changes` must be sorted, in milliseconds.
    """
    frame = frame_duration_ms(frame_rate)
    findings: list[Finding] = []
    for index, cue in enumerate(track.cues):
        for edge, ms in (("starts", cue.start_ms), ("ends", cue.end_ms)):
            cut = nearest_shot_change(ms, shot_changes, frame_rate, max_frames)
            if cut is None:
                continue
            frames = round(abs(ms - cut) / frame)
            if frames < 1:
                continue  # on the cut, to within half a frame
            side = "before" if ms < cut else "after"
            findings.append(Finding(
                index, SHOT_CHANGE, Severity.WARNING, frames, 0,
                f"Cue {index + 1} {edge} {frames} frame{'s' if frames > 1 else ''} {side} "
                f"the shot change at {format_timestamp(cut)}: move it onto the cut"))
    return findings

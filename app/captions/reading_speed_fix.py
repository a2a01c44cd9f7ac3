"""The reading-speed fix: lengthen a cue into the gap after it, just enough to read.

Subtitle editors offer this first because it keeps the translator's words:
a cue that reads too fast is extended towards the next cue, stopping the
profile's minimum gap before it (and within the longest duration allowed).
When the gap is too small, the answer says so and how far it gets, so the
person knows to shorten the text instead.
"""

from __future__ import annotations

import math

from app.captions.model import Track, TrackEdit
from app.captions.operations import plan_set_end
from app.captions.quality import visible_length, visible_lines
from app.captions.quality_profiles import QualityProfile


def _characters(text: str) -> int:
    return sum(visible_length(line) for line in visible_lines(text))


def plan_extend_for_reading_speed(track: Track, index: int, profile: QualityProfile
                                  ) -> TrackEdit:
    """Extend cue `index` so it reads at the profile's speed; ValueError when it cannot."""
    if not 0 <= index < len(track.cues):
        raise ValueError(f"There is no cue {index + 1}")
    cue = track.cues[index]
    characters = _characters(cue.text)
    needed_ms = math.ceil(characters * 1000 / profile.max_cps)
    if cue.duration_ms >= needed_ms:
        raise ValueError(f"Cue {index + 1} already reads at {profile.max_cps:g} CPS or slower")
    later_starts = [c.start_ms for c in track.cues if c.start_ms >= cue.end_ms and c is not cue]
    room_end = min(later_starts) - math.ceil(profile.min_gap_ms) if later_starts else None
    wanted_end = cue.start_ms + needed_ms
    limit = cue.start_ms + profile.max_duration_ms
    reachable = limit if room_end is None else min(room_end, limit)
    if wanted_end > reachable:
        best = max(reachable - cue.start_ms, cue.duration_ms)
        cps = characters * 1000 / best if best else float("inf")
        raise ValueError(
            f"Cue {index + 1} needs {needed_ms / 1000:.2f} s to read at {profile.max_cps:g} CPS; "
            f"the gap allows {best / 1000:.2f} s ({cps:.1f} CPS): shorten the text instead")
    return plan_set_end(track, index, wanted_end)

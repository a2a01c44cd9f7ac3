"""Extending a cue into the gap fixes its reading speed, or says why it cannot."""

from __future__ import annotations

import pytest

from app.captions.quality import check_reading_speed
from app.captions.quality_profiles import profile_named
from app.captions.reading_speed_fix import plan_extend_for_reading_speed
from app.captions.webvtt_file import parse

PROFILE = profile_named("netflix-en")  # 20 CPS, 2-frame gap at 25 fps (80 ms)
FAST = "This sentence has exactly fifty characters in it!!"  # 50 characters


def _track(first_end: str, second_start: str) -> str:
    return (f"WEBVTT\n\n00:00:01.000 --> {first_end}\n{FAST}\n\n"
            f"{second_start} --> 00:00:09.000\nNext.\n")


def test_a_fast_cue_is_extended_just_enough_and_then_reads_in_time() -> None:
    track = parse(_track("00:00:02.000", "00:00:06.000"))
    assert check_reading_speed(track.cues[0], 0, PROFILE) is not None

    track.apply(plan_extend_for_reading_speed(track, 0, PROFILE))

    assert track.cues[0].end_ms == 1000 + 2500  # 50 characters at 20 CPS
    assert check_reading_speed(track.cues[0], 0, PROFILE) is None


def test_a_gap_too_small_is_refused_with_what_it_would_reach() -> None:
    track = parse(_track("00:00:02.000", "00:00:03.000"))
    with pytest.raises(ValueError, match="shorten the text") as refused:
        plan_extend_for_reading_speed(track, 0, PROFILE)
    assert "1.92 s" in str(refused.value)  # up to 80 ms before the next cue


def test_a_cue_that_already_reads_in_time_is_left_alone() -> None:
    track = parse(_track("00:00:05.000", "00:00:06.000"))
    with pytest.raises(ValueError, match="already reads"):
        plan_extend_for_reading_speed(track, 0, PROFILE)

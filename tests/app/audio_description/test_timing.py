"""Timing of descriptions against dialogue, on tracks built for each case, and the demo job."""

from __future__ import annotations

import json

import pytest

from app.audio_description.timing import (
    DOES_NOT_FIT,
    EXTENDED_WITHOUT_PAUSE,
    SHORT_GAP,
    STARTS_IN_DIALOGUE,
    Delivery,
    Span,
    SpeakingRates,
    dialogue_spans,
    estimated_speech_ms,
    silences,
    time_descriptions,
    timing_findings,
)
from app.captions.model import Cue
from app.captions.webvtt_file import read_file
from tests.conftest import REPO

DEMO = REPO / "resources" / "demo"


def captions(*times: tuple[int, int]) -> list[Span]:
    return dialogue_spans(Cue(start, end, "line") for start, end in times)


def words(count: int) -> str:
    return " ".join(["word"] * count)


def test_overlapping_caption_cues_are_one_stretch_of_dialogue_and_silences_lie_between() -> None:
    dialogue = captions((5000, 7000), (1000, 3000), (2500, 4000), (9000, 9000))
    assert dialogue == [Span(1000, 4000), Span(5000, 7000)]
    assert silences(dialogue, 10_000) == [Span(0, 1000), Span(4000, 5000), Span(7000, 10_000)]


def test_speech_estimate_follows_the_language_rate_and_ignores_tags() -> None:
    rates = SpeakingRates(default_wpm=120, by_language={"fr": 180})
    assert estimated_speech_ms("<i>one two</i> three", rates.words_per_minute("en")) == 1500
    assert estimated_speech_ms(words(3), rates.words_per_minute("fr-CA")) == 1000
    with pytest.raises(ValueError, match="positive"):
        estimated_speech_ms("x", 0)


def test_a_description_that_fits_its_gap_is_inline_with_no_findings() -> None:
    dialogue = captions((0, 2000), (8000, 9000))
    # 8 words at 160 wpm = 3 s, from 3 s to the next line at 8 s: 5 s of room.
    [timing] = time_descriptions([Cue(3000, 6000, words(8))], dialogue, 10_000)
    assert timing.spoken_ms == 3000 and not timing.spoken_from_clip
    assert timing.gap == Span(2000, 8000) and timing.room_ms == 5000
    assert timing.fits and timing.delivery is Delivery.INLINE and timing.pause_ms == 0
    assert timing_findings([timing]) == []


def test_a_description_longer_than_its_gap_needs_a_pause_and_says_how_much() -> None:
    dialogue = captions((0, 2000), (5000, 9000))
    # The cached clip is 5.4 s; 3 s of room from 2 s to 5 s.
    [timing] = time_descriptions([Cue(2000, 4000, "A long description")], dialogue, 10_000,
                                 clip_ms={0: 5400})
    assert timing.spoken_from_clip and timing.spoken_ms == 5400
    assert not timing.fits and timing.shortfall_ms == 2400
    assert timing.automatic is Delivery.EXTENDED
    [finding] = timing_findings([timing])
    assert finding.rule == DOES_NOT_FIT and finding.cue == 0
    assert finding.hint == ("Description 1 needs 2.4 s more than the gap — "
                            "add a pause point or shorten it")


def test_with_a_pause_point_the_picture_holds_for_the_whole_clip_and_the_finding_goes() -> None:
    dialogue = captions((0, 2000), (5000, 9000))
    [timing] = time_descriptions([Cue(2000, 4000, "x")], dialogue, 10_000, clip_ms={0: 5400},
                                 paused={0})
    assert timing.pause_ms == 5400
    assert timing_findings([timing]) == []


def test_gaps_under_two_seconds_are_flagged_as_wcag_f113() -> None:
    dialogue = captions((0, 2000), (3500, 6000))
    [timing] = time_descriptions([Cue(2000, 3400, words(2))], dialogue, 6000)
    assert timing.short_gap and timing.fits
    [finding] = timing_findings([timing])
    assert finding.rule == SHORT_GAP and finding.value == 1500
    assert "1.5 s gap" in finding.hint and "F113" in finding.hint


def test_manual_override_wins_and_an_extended_one_without_a_pause_is_reported() -> None:
    dialogue = captions((0, 1000))
    cues = [Cue(2000, 3000, words(2)), Cue(5000, 6000, words(2))]
    timings = time_descriptions(cues, dialogue, 10_000, overrides={1: Delivery.EXTENDED})
    assert [t.delivery for t in timings] == [Delivery.INLINE, Delivery.EXTENDED]
    assert [t.overridden for t in timings] == [False, True]
    assert [f.rule for f in timing_findings(timings)] == [EXTENDED_WITHOUT_PAUSE]


def test_a_description_starting_in_dialogue_is_timed_in_the_next_gap() -> None:
    dialogue = captions((1000, 4000))
    [timing] = time_descriptions([Cue(3000, 5000, words(2))], dialogue, 8000)
    assert timing.starts_in_dialogue and timing.gap == Span(4000, 8000)
    assert timing.room_ms == 4000
    assert [f.rule for f in timing_findings([timing])] == [STARTS_IN_DIALOGUE]


def test_the_demo_job_agrees_with_its_manifest_on_what_fits() -> None:
    manifest = json.loads((DEMO / "job.json").read_text(encoding="utf-8"))
    dialogue = dialogue_spans(read_file(DEMO / "en.captions.vtt").cues)
    descriptions = read_file(DEMO / "en.descriptions.vtt").cues
    clips = {d["cue_index"]: d["spoken_ms"] for d in manifest["descriptions"]}
    timings = time_descriptions(descriptions, dialogue, manifest["duration_ms"], clip_ms=clips)
    assert [t.fits for t in timings] == [d["fits"] for d in manifest["descriptions"]]
    # Description 3: 6.664 s of speech in the 3.2 s from 20.360 to the next line at 23.560.
    assert timings[2].room_ms == 3200 and timings[2].shortfall_ms == 3464

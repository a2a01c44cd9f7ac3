"""The emulator's own helpers: WebVTT timing text, byte ranges, the tone clip."""

from __future__ import annotations

import io
import wave

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.platform.http_ranges import RangeNotSatisfiable, if_range_allows, parse_range
from tests.platform.tone import tone_wav
from tests.platform.vtt_text import (
    concurrent_edit,
    derive_language,
    format_timestamp,
    parse_cues,
    shift_timings,
)

SAMPLE = """WEBVTT

NOTE a note --> not a cue

intro
00:00:01.000 --> 00:00:02.500 line:10%
Hello
there

01:02.000 --> 01:03.000
<v Sam>Short form</v>
"""


def test_parse_cues_reads_ids_times_and_text() -> None:
    cues = parse_cues(SAMPLE)
    assert [(c.identifier, c.start_ms, c.end_ms, c.text) for c in cues] == [
        ("intro", 1000, 2500, "Hello\nthere"),
        (None, 62_000, 63_000, "<v Sam>Short form</v>"),
    ]


def test_shift_keeps_settings_and_untouched_lines() -> None:
    shifted = shift_timings(SAMPLE, 500, from_ms=0, to_ms=2000)
    assert "00:00:01.500 --> 00:00:03.000 line:10%" in shifted
    assert "01:02.000 --> 01:03.000" in shifted  # outside the window: byte-identical
    assert "NOTE a note --> not a cue" in shifted
    assert shift_timings(SAMPLE, -5000).count("00:00:00.000") == 2  # clamped at zero


@given(st.lists(st.integers(0, 10_000_000), min_size=1, max_size=20), st.integers(-5000, 5000))
def test_shift_moves_every_cue_by_the_offset(starts: list[int], offset: int) -> None:
    blocks = ["WEBVTT"] + [
        f"{format_timestamp(s)} --> {format_timestamp(s + 1000)}\ncue {i}"
        for i, s in enumerate(starts)
    ]
    moved = parse_cues(shift_timings("\n\n".join(blocks), offset))
    assert [c.start_ms for c in moved] == [max(s + offset, 0) for s in starts]
    assert [c.text for c in moved] == [f"cue {i}" for i in range(len(starts))]


def test_derived_and_concurrently_edited_text() -> None:
    derived = parse_cues(derive_language(SAMPLE, "de"))
    assert [c.text for c in derived] == ["[de] Hello\nthere", "[de] <v Sam>Short form</v>"]
    edited = parse_cues(concurrent_edit(SAMPLE))
    assert edited[0].text == "Hello\nthere"
    assert edited[1].text == "<v Sam>Short form</v> (edited elsewhere)"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("bytes=0-0", (0, 0)),
        ("bytes=5-", (5, 9)),
        ("bytes=-3", (7, 9)),
        ("bytes=-30", (0, 9)),
        ("bytes=2-99", (2, 9)),
        ("bytes=0-1,4-5", None),
        ("items=0-1", None),
        ("bytes=4-2", None),
    ],
)
def test_parse_range(header: str | None, expected: tuple[int, int] | None) -> None:
    assert parse_range(header, 10) == expected


@pytest.mark.parametrize("header", ["bytes=10-", "bytes=-0", "bytes=99-100"])
def test_unsatisfiable_ranges(header: str) -> None:
    with pytest.raises(RangeNotSatisfiable):
        parse_range(header, 10)


def test_if_range_uses_strong_comparison() -> None:
    date = "Wed, 01 May 2026 09:00:00 GMT"
    assert if_range_allows(None, '"a"', date)
    assert if_range_allows('"a"', '"a"', date)
    assert not if_range_allows('W/"a"', '"a"', date)
    assert if_range_allows(date, '"a"', date)
    assert not if_range_allows("Thu, 02 May 2026 09:00:00 GMT", '"a"', date)


def test_tone_is_valid_wav_and_grows_with_text() -> None:
    def frames(text: str) -> int:
        with wave.open(io.BytesIO(tone_wav(text))) as clip:
            return clip.getnframes()

    assert 0 < frames("a") < frames("a much longer sentence to say") <= frames("x" * 5000)

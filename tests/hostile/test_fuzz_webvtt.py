"""Fuzzing the WebVTT reader: a track or a plain VttReadError, and a lossless round trip.

For any input, `decode`/`parse`/`read_file` either give a track or raise
`VttReadError` (a `ValueError` whose message is one plain sentence), never
another exception and never a hang (inputs are bounded; the hypothesis
deadline catches a runaway). When the input parsed, writing the unedited
track gives back exactly the input bytes.

Inputs: arbitrary text, arbitrary bytes, and the public WebVTT files in
/work/shared/corpus/vtt changed by structured mutations (tests/hostile/mutations.py)
and by pasted hostile lines (timestamps past 100 hours, end before start,
NUL, stray BOMs, lone arrows, enormous numbers).

Example counts: `HOSTILE_EXAMPLES` (default 60 per test, about a second
each); `HOSTILE_EXAMPLES=5000 .venv/bin/python -m pytest tests/hostile/test_fuzz_webvtt.py`
for a long run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app.captions.model import Track
from app.captions.webvtt_file import VttReadError, decode, encode, parse, read_file, write
from tests.hostile.corpus import FUZZ, VTT_FILES
from tests.hostile.mutations import mutated

pytestmark = pytest.mark.skipif(not VTT_FILES, reason="the shared WebVTT corpus is not here")

ORIGINALS = [path.read_bytes() for path in VTT_FILES if path.stat().st_size < 40_000]
HOSTILE_LINES = [
    b"100:00:00.000 --> 100:00:01.000\n",  # past 100 hours
    b"99999999999999999999:00:00.000 --> 00:00:01.000\n",  # an absurd hour count
    b"00:00:05.000 --> 00:00:01.000\n",  # ends before it starts
    b"00:00:01.000 --> 00:00:00.500 align:start line:0%\n",
    b"00:61:61.9999 --> 00:00:01.000\n",
    b"-->\n",
    b"--> --> -->\n",
    b"\n",
    b"   \n",
    b"WEBVTT\n",
    b"NOTE " + b"x" * 2000 + b"\n",
    b"STYLE\n",
    b"REGION\n",
    b"\xef\xbb\xbf\n",  # a BOM in the middle
    b"\x00\n",
    b"\xff\xfe\n",
    b"<c.yellow><b><i><u>" * 50 + b"\n",
    b"1" * 5000 + b":00.000 --> 00:00.000\n",
    b"\t\f \t-->\t\f\n",
    b"\r\r\r\r\n",
]


def assert_plain(error: VttReadError) -> None:
    """A message for a person: one line, no Python in it."""
    message = str(error)
    assert message and "\n" not in message
    assert "Traceback" not in message and "Error(" not in message


def check_bytes(data: bytes) -> Track | None:
    """The property for one input file; returns the track when it parsed."""
    try:
        track = parse(decode(data))
    except VttReadError as error:
        assert_plain(error)
        return None
    assert encode(write(track)) == data
    return track


@FUZZ
@given(st.text(max_size=2000))
@example("WEBVTT\n\n100:00:00.000 --> 100:00:01.000\nlate\n")
@example("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nbackwards\n")
@example("WEBVTT\r\n\r\n-->\r\n")
def test_any_text_parses_losslessly_or_is_refused_plainly(text: str) -> None:
    for candidate in (text, "WEBVTT\n\n" + text):
        try:
            track = parse(candidate)
        except VttReadError as error:
            assert_plain(error)
            continue
        assert write(track) == candidate


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_parse_losslessly_or_are_refused_plainly(data: bytes) -> None:
    check_bytes(data)
    check_bytes(b"WEBVTT\n\n" + data)


@FUZZ
@given(mutated(ORIGINALS, HOSTILE_LINES))
def test_mutated_public_files_parse_losslessly_or_are_refused_plainly(data: bytes) -> None:
    check_bytes(data)


@FUZZ
@given(st.lists(st.sampled_from(HOSTILE_LINES), max_size=40))
def test_files_made_of_hostile_lines(lines: list[bytes]) -> None:
    check_bytes(b"WEBVTT\n\n" + b"".join(lines))


@FUZZ
@given(
    st.integers(0, 10**15), st.integers(0, 10**15), st.booleans(),
    st.text(alphabet=" \t\f", max_size=3),
)
def test_any_timestamps_are_kept_exactly(start: int, end: int, hours: bool, gap: str) -> None:
    """Out-of-order and absurdly long times still round-trip (the QC rules judge them)."""

    def stamp(ms: int) -> str:
        seconds, millis = divmod(ms, 1000)
        minutes, seconds = divmod(seconds, 60)
        hour_count, minutes = divmod(minutes, 60)
        head = f"{hour_count:02}:" if hours or hour_count else ""
        return f"{head}{minutes:02}:{seconds:02}.{millis:03}"

    data = f"WEBVTT\n\n{stamp(start)}{gap}-->{gap}{stamp(end)}\ntext\n".encode()
    track = check_bytes(data)
    assert track is not None and len(track.cues) == 1
    assert (track.cues[0].start_ms, track.cues[0].end_ms) == (start, end)


@pytest.mark.parametrize(
    "data",
    [
        b"WEBVTT\n\n" + b"0" * 200_000 + b" --> 1\n",
        b"WEBVTT\n\n" + b"1:" * 100_000 + b"1.0 --> 1:1.0\n",
        b"WEBVTT\n\n" + b" " * 200_000 + b"-->" + b" " * 200_000 + b"\n",
        b"WEBVTT\n\n" + b"-->" * 100_000 + b"\n",
        b"WEBVTT\n" + b"\n" * 300_000,
        b"WEBVTT\n\n" + b"\r" * 300_000,
        b"WEBVTT " + b"x" * 1_000_000,
    ],
    ids=["long-digits", "many-colons", "long-spaces", "many-arrows", "blank-lines", "cr-only",
         "long-header"],
)
def test_pathological_lines_end_quickly(data: bytes) -> None:
    """Shapes that make backtracking regexes blow up; the deadline-free cases of the fuzzers."""
    check_bytes(data)


@FUZZ
@given(mutated(ORIGINALS, HOSTILE_LINES))
def test_read_file_agrees_with_decode_and_parse(tmp_path_factory: pytest.TempPathFactory,
                                                data: bytes) -> None:
    path: Path = tmp_path_factory.mktemp("vtt") / "fuzzed.vtt"
    path.write_bytes(data)
    try:
        track = read_file(path)
    except VttReadError as error:
        assert_plain(error)
        assert check_bytes(data) is None
        return
    assert encode(write(track)) == data

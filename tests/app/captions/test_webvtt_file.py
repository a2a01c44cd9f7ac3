"""The WebVTT reader and writer: lossless round trips, browser-conformant cues, clear errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import webvtt
from hypothesis import given, settings
from hypothesis import strategies as st

from app.captions.model import Block, BlockKind, Cue, ReplaceCues, Track, TrackEdit
from app.captions.timecode import parse_timestamp
from app.captions.webvtt_file import VttReadError, decode, parse, read_file, write

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "vtt"
NETFLIX = CORPUS / "netflix_chicas_del_cable.vtt"
READABLE = sorted(p for p in CORPUS.glob("*.vtt") if p.name not in {"empty.vtt", "invalid.vtt"})


def replace_cue(track: Track, index: int, new: Cue) -> None:
    track.apply(TrackEdit("edit", (ReplaceCues((index,), (track.cues[index],), (new,)),)))


def roundtrip(data: bytes) -> bytes:
    return write(parse(decode(data))).encode("utf-8")


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_unedited_corpus_file_is_written_back_byte_for_byte(path: Path) -> None:
    data = path.read_bytes()
    assert roundtrip(data) == data


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_cues_match_webvtt_py_on_public_files(path: Path) -> None:
    ours = read_file(path).cues
    theirs = webvtt.read(str(path)).captions
    assert [(c.start_ms, c.end_ms) for c in ours] == [
        (parse_timestamp(c.start), parse_timestamp(c.end)) for c in theirs
    ]
    assert [c.text for c in ours] == [c.raw_text for c in theirs]


def test_netflix_file_keeps_all_865_cues_and_every_setting_as_written() -> None:
    text = NETFLIX.read_text(encoding="utf-8")
    track = parse(text)
    assert len(track.cues) == 865
    written_settings = re.findall(r"^\S+ --> \S+(.*)$", text, flags=re.MULTILINE)
    assert [cue.settings for cue in track.cues] == written_settings
    assert track.cues[0].setting_map()["line"] == "84.67%"

    # Editing every cue's text re-formats every block; settings still survive.
    for index, cue in enumerate(track.cues):
        replace_cue(track, index, cue.edited(text=cue.text + "!"))
    again = parse(write(track))
    assert [cue.settings for cue in again.cues] == written_settings
    assert all(cue.text.endswith("!") for cue in again.cues)


def test_netflix_notes_and_segment_index_survive() -> None:
    track = read_file(NETFLIX)
    notes = [b for b in track.blocks if isinstance(b, Block) and b.kind is BlockKind.NOTE]
    assert notes and notes[0].text.startswith("NOTE Netflix")
    assert any("NOTE /SegmentIndex" in note.text for note in notes)


def test_a_line_of_spaces_is_not_a_blank_line_and_is_reported() -> None:
    track = read_file(NETFLIX)
    ignored = track.ignored_blocks()
    assert [b.line for b in ignored] == [16, 18]
    assert "line of spaces" in ignored[0].problem
    # As in the W3C algorithm, the "1" under the spaces is not the cue's id.
    assert track.cues[0].identifier == ""
    assert track.cues[1].identifier == "2"


def test_malformed_cue_is_kept_reported_and_written_back() -> None:
    data = (CORPUS / "invalid_timeframe.vtt").read_bytes()
    track = parse(decode(data))
    [bad] = track.ignored_blocks()
    assert bad.line == 6
    assert "00:00:1d.890" in bad.problem
    assert "Caption text #2" in bad.text
    assert len(track.cues) == 6
    assert roundtrip(data) == data


def edit_first_cue(track: Track, **changes: object) -> None:
    replace_cue(track, 0, track.cues[0].edited(**changes))


def test_bom_crlf_and_short_timestamps_are_kept_on_an_edited_save() -> None:
    data = (
        "\ufeffWEBVTT\r\n\r\nNOTE kept\r\n\r\n00:01.000 --> 00:02.000\r\nHello\r\n\r\n"
        "00:03.000 --> 00:04.000 align:start\r\nWorld\r\n"
    ).encode()
    track = parse(decode(data))
    assert track.layout.bom and track.layout.newline == "\r\n" and not track.layout.hours
    edit_first_cue(track, text="Hello there")
    out = write(track).encode("utf-8")
    assert out.startswith("\ufeffWEBVTT\r\n".encode())
    assert b"00:01.000 --> 00:02.000\r\nHello there\r\n\r\n" in out
    assert b"\n" not in out.replace(b"\r\n", b"")
    assert out.endswith(b"00:03.000 --> 00:04.000 align:start\r\nWorld\r\n")


def test_markup_entities_ids_settings_style_and_region_survive_an_edit_elsewhere() -> None:
    text = (
        "WEBVTT - header text\nKind: captions\n\n"
        "STYLE\n::cue(.yellow) { color: yellow; }\n\n"
        "REGION\nid:fred width:40% lines:3\n\n"
        "intro\n00:00:01.000 --> 00:00:02.000 region:fred vertical:rl line:0 position:10% "
        "size:50% align:end\n<v Roger>Hi</v> <c.yellow>there</c> <i>x</i> <b>y</b> <u>z</u> "
        "<lang fr>oui</lang> <ruby>漢<rt>kan</rt></ruby> <00:00:01.500>&amp; &lt;3 &nbsp;\n\n"
        "00:00:03.000 --> 00:00:04.000\nSecond\n"
    )
    track = parse(text)
    kinds = [b.kind for b in track.blocks if isinstance(b, Block)]
    assert kinds == [BlockKind.STYLE, BlockKind.REGION]
    first = track.cues[0]
    assert first.identifier == "intro"
    assert first.setting_map() == {
        "region": "fred", "vertical": "rl", "line": "0", "position": "10%",
        "size": "50%", "align": "end",
    }
    replace_cue(track, 1, track.cues[1].edited(text="Changed"))
    out = write(track)
    assert out.startswith(text.split("00:00:03.000")[0])
    assert out.endswith("00:00:03.000 --> 00:00:04.000\nChanged\n")


def test_a_writer_output_reads_back_to_the_same_bytes_after_edits() -> None:
    track = parse("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n\nNOTE x\n\n")
    edit_first_cue(track, start_ms=500, identifier="one", settings="line:10%")
    first = write(track)
    assert "one\n00:00:00.500 --> 00:00:02.000 line:10%\nA\n\nNOTE x\n" in first
    assert write(parse(first)) == first


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"", 1, "empty"),
        (b"1\n00:00:01,000 --> 00:00:02,000\nHi\n", 1, "start with 'WEBVTT'"),
        (b"WEBVTTX\n", 1, "start with 'WEBVTT'"),
        (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\xff\xfe bad\n", 4, "not UTF-8"),
        (b"WEBVTT\n\x00\x01\x02", 2, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", 1, None),
    ],
)
def test_input_that_is_not_webvtt_gets_a_line_and_a_reason(
    data: bytes, line: int, words: str | None
) -> None:
    with pytest.raises(VttReadError) as caught:
        parse(decode(data))
    assert caught.value.line == line
    if words:
        assert words in str(caught.value)
    assert str(caught.value).startswith(f"Line {line}: ")


def test_browser_rules_for_timestamps_are_followed() -> None:
    text = (
        "WEBVTT\n\n0:0:13.540 --> 0:0:14.000\nlenient only\n\n"
        "100:00:00.000 --> 100:00:01.000\nlong file\n\n"
        "00:00:01.000-->00:00:02.000\nno spaces\n"
    )
    track = parse(text)
    assert [c.text for c in track.cues] == ["long file", "no spaces"]
    assert track.cues[0].start_ms == 360_000_000
    assert len(track.ignored_blocks()) == 1


# --- properties ----------------------------------------------------------------------

_words = st.text(alphabet="abcxyz éà<>/&;.:-!ib ", min_size=1, max_size=12).map(str.strip).filter(
    lambda s: bool(s) and "-->" not in s
)


@st.composite
def tracks(draw: st.DrawFn) -> Track:
    blocks: list[Cue | Block] = []
    time = 0
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.booleans()) and draw(st.booleans()):
            blocks.append(Block(BlockKind.NOTE, "NOTE " + draw(_words)))
            continue
        time += draw(st.integers(0, 5000))
        length = draw(st.integers(0, 4000))
        lines = draw(st.lists(_words, min_size=0, max_size=3))
        ident = draw(st.sampled_from(["", "7", "intro"]))
        setting = draw(st.sampled_from(["", " align:start", "  line:84.67% "]))
        blocks.append(Cue(time, time + length, "\n".join(lines), ident, setting))
    return Track(blocks)


@settings(max_examples=200, deadline=None)
@given(tracks())
def test_write_read_is_stable(track: Track) -> None:
    once = write(track)
    again = parse(once)
    assert write(again) == once
    assert [(c.start_ms, c.end_ms, c.text, c.identifier, c.settings) for c in again.cues] == [
        (c.start_ms, c.end_ms, c.text, c.identifier, c.settings) for c in track.cues
    ]


_file_lines = st.sampled_from(
    [
        "", "", "", " ", "NOTE hi", "STYLE", "REGION", "::cue { color: red }", "id:r1",
        "00:00:01.000 --> 00:00:02.000", "00:01.500 --> 00:03.000 align:start",
        "00:00:0x.000 --> 00:00:01.000", "text", "<i>italic</i>", "a --> b", "1",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_file_lines, max_size=30),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
    st.booleans(),
)
def test_any_readable_file_round_trips_byte_for_byte(
    lines: list[str], newline: str, bom: bool, final_newline: bool
) -> None:
    text = ("\ufeff" if bom else "") + newline.join(["WEBVTT", *lines])
    if final_newline:
        text += newline
    track = parse(text)
    assert write(track) == text
    assert write(parse(write(track))) == text


@pytest.mark.parametrize(
    ("typed", "ms"),
    [("00:00:01.000", 1000), ("1:02:03.5", 3_723_500), ("02:03,250", 123_250),
     ("12.25", 12_250), ("75", 75_000), (" 0:05 ", 5000)],
)
def test_typed_times_are_understood(typed: str, ms: int) -> None:
    from app.captions.timecode import parse_time_input

    assert parse_time_input(typed) == ms


@pytest.mark.parametrize("typed", ["", "abc", "1:75.000", "00:00:01.000.5", "-3"])
def test_typed_times_that_make_no_sense_are_refused(typed: str) -> None:
    from app.captions.timecode import parse_time_input

    with pytest.raises(ValueError, match=r"time|under 60"):
        parse_time_input(typed)

"""Lossless WebVTT reading and writing.

The reader follows the W3C WebVTT parsing algorithm ("collect a WebVTT
block") so that the cues it finds are the cues a browser shows. Unlike a
browser, and unlike webvtt-py's lenient mode, it drops nothing: a block a
player would ignore is kept as an IGNORED block with its line and the reason,
and written back as it was.

Every block keeps its exact original text (line ends, spacing, the blank
lines after it). The writer emits that text for untouched blocks and formats
only what was edited, in the file's own habits (BOM, line-end style, whether
timestamps carry hours). So an unedited save returns the input byte for byte.
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from app.captions.model import Block, BlockKind, Cue, Header, Layout, SourceText, Track
from app.captions.timecode import format_timestamp, parse_timestamp

_BOM = "\ufeff"
# A line with its terminator; WebVTT knows only CR, LF and CRLF (not the
# other characters str.splitlines() breaks on).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
# Spaces around the arrow are optional in the spec; the digits-only stamps
# stop where a browser's timestamp collection stops.
_STAMP = r"(?:\d+:)?\d+:\d+\.\d+"
_TIMINGS = re.compile(rf"[ \t\f]*({_STAMP})[ \t\f]*-->[ \t\f]*({_STAMP})(.*)\Z", re.DOTALL)
_SIGNATURE = re.compile(r"WEBVTT(?:[ \t].*)?\Z", re.DOTALL)


class VttReadError(ValueError):
    """The input is not a WebVTT file; `line` (1-based) says where, when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(f"Line {line}: {message}" if line else message)
        self.line = line
        self.reason = message


# Each reading of a file gets its own number, so blocks of two files are never
# mistaken for neighbours by the writer.
_readings = itertools.count(1)

# start_ms, end_ms, text, identifier, settings: a cue before it gets its source.
_CueFields = tuple[int, int, str, str, str]


@dataclass(frozen=True, slots=True)
class _Line:
    text: str  # without its terminator
    raw: str  # with its terminator, exactly as in the file


def decode(data: bytes) -> str:
    """Decode WebVTT bytes (always UTF-8), naming the line of the first bad byte."""
    nul = data.find(b"\x00")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        if 0 <= nul < error.start:
            raise _binary(data, nul) from None
        raise VttReadError(
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} cannot be read); "
            "WebVTT files are always UTF-8",
            data.count(b"\n", 0, error.start) + 1,
        ) from None
    if nul >= 0:
        raise _binary(data, nul)
    return text


def _binary(data: bytes, offset: int) -> VttReadError:
    if _looks_like_utf16(data):
        # Saved as "Unicode" by a Windows editor: NULs, but a fix the person can make.
        return VttReadError("the file is UTF-16 text; WebVTT files are always UTF-8: "
                            "save it again as UTF-8", 1)
    return VttReadError("the file contains NUL bytes: it is binary, not WebVTT text",
                        data.count(b"\n", 0, offset) + 1)


def _looks_like_utf16(data: bytes) -> bool:
    """Whether the start is ASCII text in UTF-16 (LE or BE): every other byte NUL, none between."""
    head = data[:64]
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return (not odd.strip(b"\x00") and b"\x00" not in even) or (
        not even.strip(b"\x00") and b"\x00" not in odd
    )


def read_file(path: Path) -> Track:
    """Read a WebVTT file from disk."""
    return parse(decode(path.read_bytes()))


def parse(text: str) -> Track:
    """Parse WebVTT text into a track, keeping every block's original text."""
    bom = text.startswith(_BOM)
    if bom:
        text = text[1:]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise VttReadError("the file contains NUL bytes: it is binary, not WebVTT text", line)
    if not text:
        raise VttReadError("the file is empty; a WebVTT file starts with the word WEBVTT", 1)
    # The signature is checked on the first line alone, before the whole text
    # is split into lines: a huge file that is not WebVTT is refused at once.
    ends = [end for end in (text.find("\n"), text.find("\r")) if end >= 0]
    first = text[: min(ends)] if ends else text
    if not _SIGNATURE.match(first):
        shown = first if len(first) <= 40 else first[:40] + "…"
        raise VttReadError(f"expected the file to start with 'WEBVTT', found '{shown}'", 1)
    lines = [_Line(raw.rstrip("\r\n"), raw) for raw in _LINE.findall(text)]
    return _Parser(lines).parse(bom)


class _Parser:
    """The W3C block collection loop over lines, recording each block's source text."""

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.pos = 0
        self.seen_cue = False
        self.with_hours = 0
        self.without_hours = 0

    def parse(self, bom: bool) -> Track:
        lines = self.lines
        # The signature line, then the header lines up to a blank line or an
        # arrow line (which starts the first cue), then the blank lines.
        self.pos = 1
        while self.pos < len(lines) and lines[self.pos].text and "-->" not in lines[self.pos].text:
            self.pos += 1
        header_text = "\n".join(line.text for line in lines[: self.pos])
        self._skip_blank_lines()
        origin = next(_readings)
        header = Header(header_text, SourceText(self._raw(0, self.pos), -1, origin))

        blocks: list[Cue | Block] = []
        while self.pos < len(lines):
            start = self.pos
            collected = self._collect_block(start)
            self._skip_blank_lines()
            source = SourceText(self._raw(start, self.pos), len(blocks), origin)
            if isinstance(collected, Block):
                blocks.append(Block(collected.kind, collected.text, start + 1,
                                    collected.problem, source))
            else:
                begin, end, body, identifier, settings = collected
                blocks.append(Cue(begin, end, body, identifier, settings, source))
        hours = self.with_hours >= self.without_hours
        return Track(blocks, header=header, layout=Layout(bom, _newline_of(lines), hours))

    def _raw(self, start: int, end: int) -> str:
        return "".join(line.raw for line in self.lines[start:end])

    def _skip_blank_lines(self) -> None:
        while self.pos < len(self.lines) and not self.lines[self.pos].text:
            self.pos += 1

    def _collect_block(self, start: int) -> _CueFields | Block:
        lines = self.lines
        buffer: list[str] = []
        line_count = 0
        seen_arrow = False
        cue: _CueFields | None = None
        kind: BlockKind | None = None
        bad_timing: str | None = None
        previous = self.pos
        while self.pos < len(lines):
            line = lines[self.pos].text
            self.pos += 1
            line_count += 1
            if "-->" in line:
                if line_count == 1 or (line_count == 2 and not seen_arrow):
                    seen_arrow = True
                    previous = self.pos
                    cue = self._cue_from_timings(line, "\n".join(buffer))
                    if cue is None:
                        bad_timing = line
                    else:
                        buffer = []
                        self.seen_cue = True
                    continue
                self.pos = previous
                break
            if not line:
                break
            if line_count == 2 and not self.seen_cue and kind is None and cue is None:
                kind = _style_or_region(buffer)
            buffer.append(line)
            previous = self.pos
        body = "\n".join(buffer)
        if cue is not None:
            return (cue[0], cue[1], body, cue[3], cue[4])
        if kind is not None:
            return Block(kind, body, start + 1)
        return _null_block(body, start + 1, bad_timing)

    def _cue_from_timings(self, line: str, identifier: str) -> _CueFields | None:
        match = _TIMINGS.match(line)
        if match is None:
            return None
        start_text, end_text, settings = match.groups()
        start = parse_timestamp(start_text)
        end = parse_timestamp(end_text)
        if start is None or end is None:
            return None
        for stamp in (start_text, end_text):
            if stamp.count(":") == 2:
                self.with_hours += 1
            else:
                self.without_hours += 1
        return (start, end, "", identifier, settings)


def _style_or_region(buffer: list[str]) -> BlockKind | None:
    first = buffer[0] if buffer else ""
    for word, kind in (("STYLE", BlockKind.STYLE), ("REGION", BlockKind.REGION)):
        if first.startswith(word) and not first[len(word):].strip(" \t\n\f\r"):
            return kind
    return None


def _null_block(body: str, line: int, bad_timing: str | None) -> Block:
    if bad_timing is None and re.match(r"NOTE(?:[ \t\n]|\Z)", body):
        return Block(BlockKind.NOTE, body, line)
    if bad_timing is not None:
        problem = (
            f"the cue timing '{bad_timing.strip()}' is not valid WebVTT "
            "(expected HH:MM:SS.mmm --> HH:MM:SS.mmm); players skip this cue"
        )
    elif body.split("\n", 1)[0].strip() == "":
        problem = "a line of spaces is not a blank line, so players ignore this block"
    elif body.startswith(("STYLE", "REGION")):
        problem = "STYLE and REGION blocks after the first cue are ignored by players"
    else:
        problem = "this text is not a cue, NOTE, STYLE or REGION block; players ignore it"
    return Block(BlockKind.IGNORED, body, line, problem)


def _newline_of(lines: list[_Line]) -> str:
    for line in lines:
        if line.raw.endswith("\r\n"):
            return "\r\n"
        if line.raw.endswith("\r"):
            return "\r"
        if line.raw.endswith("\n"):
            return "\n"
    return "\n"


# --- writing ---------------------------------------------------------------------


def format_cue(cue: Cue, layout: Layout) -> str:
    """The text of one cue block in WebVTT (lines joined with the layout's line end)."""
    timing = (
        f"{format_timestamp(cue.start_ms, with_hours=layout.hours)} --> "
        f"{format_timestamp(cue.end_ms, with_hours=layout.hours)}{_settings_text(cue.settings)}"
    )
    lines = [cue.identifier] if cue.identifier else []
    lines.append(timing)
    if cue.text:
        lines.extend(_safe_payload(cue.text).split("\n"))
    return layout.newline.join(lines)


def _settings_text(settings: str) -> str:
    if not settings or settings[0] in " \t":
        return settings
    return " " + settings


def _safe_payload(text: str) -> str:
    # An empty line would end the cue and "-->" would start a new one; the
    # editing operations refuse both, and this keeps a file valid regardless.
    text = text.replace("-->", "--&gt;")
    return "\n".join(line if line.strip() else "\u00a0" for line in text.split("\n"))


def _format_block(block: Cue | Block, layout: Layout) -> str:
    if isinstance(block, Cue):
        return format_cue(block, layout)
    return layout.newline.join(block.text.split("\n"))


def write(track: Track) -> str:
    """The track as WebVTT text; untouched blocks come out exactly as they were read."""
    layout = track.layout
    nl = layout.newline
    out: list[str] = [_BOM] if layout.bom else []
    header = track.header
    out.append(header.source.text if header.source else nl.join(header.text.split("\n")))
    previous: SourceText | None = header.source
    last_formatted = header.source is None
    for block in track.blocks:
        source = block.source
        joined_as_read = source is not None and source.follows(previous)
        if not joined_as_read:
            _end_with_blank_line(out, nl)
        out.append(source.text if source is not None else _format_block(block, layout))
        previous = source
        last_formatted = source is None
    if last_formatted:
        out.append(nl)
    return "".join(out)


def _end_with_blank_line(out: list[str], nl: str) -> None:
    tail = "".join(out[-2:])
    if tail.endswith(("\n\n", "\r\n\r\n", "\r\r")):
        return
    if tail.endswith(("\n", "\r")):
        out.append(nl)
    else:
        out.append(nl + nl)


def encode(text: str) -> bytes:
    return text.encode("utf-8")


def write_file(track: Track, path: Path) -> None:
    """Write a track to disk atomically: a crash leaves either the old or the new file."""
    data = encode(write(track))
    temporary = path.with_name(f".{path.name}.saving")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)

"""Just enough WebVTT text handling for the emulator, kept separate from app/.

The emulator must not share the workstation's parser (a shared bug would hide
itself), so it works on the text with regular expressions: find cue timing
lines, shift them, read cue text, and make derived versions for seed data.
Everything not a timing line passes through untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
TIMING_LINE = re.compile(rf"^\s*{_TIMESTAMP}\s+-->\s+{_TIMESTAMP}(.*)$")
# Measured on the demo's TTS clips (job.json's spoken_ms): about 55 ms a character.
MS_PER_CHARACTER = 55


@dataclass(frozen=True)
class Cue:
    index: int
    identifier: str | None
    start_ms: int
    end_ms: int
    text: str


def _to_ms(hours: str | None, minutes: str, seconds: str, millis: str) -> int:
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def format_timestamp(ms: int) -> str:
    ms = max(ms, 0)
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def parse_cues(content: str) -> list[Cue]:
    """Cues in order; blocks without a timing line (header, NOTE, STYLE) are skipped."""
    cues: list[Cue] = []
    for block in re.split(r"\n[ \t]*\n", content.replace("\r\n", "\n")):
        lines = block.strip("\n").split("\n")
        for position, line in enumerate(lines):
            match = TIMING_LINE.match(line)
            if match is None:
                continue
            groups = match.groups()
            identifier = lines[position - 1].strip() if position > 0 else None
            cues.append(
                Cue(
                    index=len(cues),
                    identifier=identifier,
                    start_ms=_to_ms(*groups[0:4]),
                    end_ms=_to_ms(*groups[4:8]),
                    text="\n".join(lines[position + 1 :]),
                )
            )
            break
    return cues


def shift_timings(
    content: str, offset_ms: int, from_ms: int | None = None, to_ms: int | None = None
) -> str:
    """Move cues starting in [from_ms, to_ms) by offset_ms, clamped at zero."""

    def shift(line: str) -> str:
        match = TIMING_LINE.match(line)
        if match is None:
            return line
        groups = match.groups()
        start, end = _to_ms(*groups[0:4]), _to_ms(*groups[4:8])
        if (from_ms is not None and start < from_ms) or (to_ms is not None and start >= to_ms):
            return line
        settings = groups[8]
        new_start = format_timestamp(start + offset_ms)
        new_end = format_timestamp(end + offset_ms)
        return f"{new_start} --> {new_end}{settings}"

    return "\n".join(shift(line) for line in content.split("\n"))


def rewrite_cue_text(content: str, rewrite: dict[int, str]) -> str:
    """Replace the text of the cues whose index is in `rewrite`."""
    out: list[str] = []
    cue_index = -1
    skipping = False
    for line in content.split("\n"):
        if TIMING_LINE.match(line):
            cue_index += 1
            out.append(line)
            skipping = cue_index in rewrite
            if skipping:
                out.extend(rewrite[cue_index].split("\n"))
            continue
        if skipping and line.strip() == "":
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out)


def derive_language(content: str, lang: str) -> str:
    """A stand-in translation: each cue's text prefixed with `[lang]`, NOTEs dropped."""
    cues = parse_cues(content)
    blocks = ["WEBVTT", f"NOTE\nStand-in {lang} text derived from the source by the emulator."]
    for cue in cues:
        timing = f"{format_timestamp(cue.start_ms)} --> {format_timestamp(cue.end_ms)}"
        blocks.append(f"{timing}\n[{lang}] {cue.text}")
    return "\n\n".join(blocks) + "\n"


def estimated_speech_ms(text: str) -> int:
    """How long a description cue takes to speak, at the demo voices' rough rate."""
    return 200 + MS_PER_CHARACTER * len(text.replace("\n", " "))


def concurrent_edit(content: str) -> str:
    """The concurrent editor's default change: a word appended to the last cue."""
    cues = parse_cues(content)
    if not cues:
        return content.rstrip("\n") + "\n\nNOTE\nEdited elsewhere.\n"
    last = cues[-1]
    return rewrite_cue_text(content, {last.index: last.text + " (edited elsewhere)"})

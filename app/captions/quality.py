"""Caption quality rules: reading speed, line length and count, timing, gaps, overlaps.

Each rule is one small function returning `Finding`s; `check_track` runs them
all over a track and `check_cue` re-checks one cue and its neighbours after an
edit. Text is measured as a viewer sees it: WebVTT tags are removed, character
references decoded, and invisible formatting characters dropped, so markup
never counts toward reading speed or line length. The limits come from a
`QualityProfile` (see `app.captions.quality_profiles`, re-exported here).

Cue numbers in hints are 1-based, as the editor shows them; `Finding.cue` is
the 0-based index into `Track.cues`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum

from app.captions.model import Cue, Track
from app.captions.quality_profiles import (
    CUSTOM_PROFILE_NAME,
    DEFAULT_PROFILE_NAME,
    PROFILE_NAMES,
    QualityProfile,
    profile_from_dict,
    profile_named,
)

__all__ = [
    "CUSTOM_PROFILE_NAME",
    "DEFAULT_PROFILE_NAME",
    "EMPTY_CUE",
    "IGNORED_BLOCK",
    "LINE_COUNT",
    "LINE_LENGTH",
    "MAX_DURATION",
    "MIN_DURATION",
    "MIN_GAP",
    "OVERLAP",
    "PROFILE_NAMES",
    "READING_SPEED",
    "RULES",
    "TIMING_ORDER",
    "Finding",
    "QualityProfile",
    "Severity",
    "check_cue",
    "check_empty",
    "check_gap",
    "check_ignored_blocks",
    "check_line_count",
    "check_line_length",
    "check_max_duration",
    "check_min_duration",
    "check_overlap",
    "check_reading_speed",
    "check_timing_order",
    "check_track",
    "neighbourhood",
    "profile_from_dict",
    "profile_named",
    "time_order",
    "visible_length",
    "visible_lines",
    "visible_text",
]

# Stable rule ids: saved review notes and filters refer to them, so never rename.
READING_SPEED = "reading-speed"
LINE_LENGTH = "line-length"
LINE_COUNT = "line-count"
MIN_DURATION = "min-duration"
MAX_DURATION = "max-duration"
MIN_GAP = "min-gap"
OVERLAP = "overlap"
EMPTY_CUE = "empty-cue"
TIMING_ORDER = "timing-order"
IGNORED_BLOCK = "ignored-block"
RULES: tuple[str, ...] = (
    READING_SPEED, LINE_LENGTH, LINE_COUNT, MIN_DURATION, MAX_DURATION,
    MIN_GAP, OVERLAP, EMPTY_CUE, TIMING_ORDER, IGNORED_BLOCK,
)


class Severity(Enum):
    ERROR = "error"  # the file plays wrongly (or not at all) as it stands
    WARNING = "warning"  # plays, but breaks the style guide


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by a rule.

    `cue` is the 0-based cue index, or None for a block that is not a cue
    (then `line` is its 1-based line in the file). `value` is what was
    measured and `limit` what the profile allows, in the rule's unit
    (CPS, characters, lines, milliseconds).
    """

    cue: int | None
    rule: str
    severity: Severity
    value: float | int | None
    limit: float | int | None
    hint: str
    line: int | None = None


# --- measuring visible text ------------------------------------------------------

# Ruby text is drawn in small type above its base text: it takes no width on
# the line and only annotates characters already counted, so it is dropped
# with its tags. It ends at </rt> or, left open, where the ruby ends.
_RUBY_TEXT = re.compile(r"<rt(?=[\s.>])[^>]*>.*?(?:</rt\s*>|(?=</ruby)|\Z)", re.DOTALL)
# As in the WebVTT tokenizer, "<" always opens a tag (a literal one must be
# written &lt;) and a tag left open runs to the end of the text.
_TAG = re.compile(r"<[^>]*(?:>|\Z)")
# Cues render with CSS `white-space: pre-line`: runs of spaces collapse to one
# and spaces at line ends vanish. No-break spaces are kept, as in CSS.
_SPACE_RUN = re.compile(r"[ \t\f\r]+")
# Zero-width marks (combining accents, enclosing marks) add no character cell.
_ZERO_WIDTH_MARKS = frozenset({"Mn", "Me"})


def visible_lines(text: str) -> list[str]:
    """The lines of cue text as displayed: no tags, entities decoded, spaces collapsed."""
    if "<" in text:
        text = _TAG.sub("", _RUBY_TEXT.sub("", text))
    if "&" in text:
        # Decoded after tags are gone, so "&lt;i&gt;" stays visible text.
        text = html.unescape(text)
    if not text.isascii():
        # NFC first so "e" + combining acute counts like "é"; then drop
        # format characters (&lrm;, &rlm;, zero-width joiners, soft
        # hyphens): they are invisible.
        text = unicodedata.normalize("NFC", text)
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return [line.strip(" ") for line in _SPACE_RUN.sub(" ", text).split("\n")]


def visible_text(text: str) -> str:
    """Cue text as displayed, lines joined by "\\n" (see `visible_lines`)."""
    return "\n".join(visible_lines(text))


def visible_length(line: str) -> int:
    """Characters a viewer reads on one visible line (spaces count; combining marks do not)."""
    if line.isascii():
        return len(line)
    return sum(1 for ch in line if unicodedata.category(ch) not in _ZERO_WIDTH_MARKS)


def _lines(cue: Cue, lines: Sequence[str] | None) -> Sequence[str]:
    return visible_lines(cue.text) if lines is None else lines


def _is_blank(lines: Sequence[str]) -> bool:
    # str.strip also removes no-break spaces: a cue of only &nbsp; shows nothing to read.
    return not any(line.strip() for line in lines)


# --- one-cue rules ---------------------------------------------------------------
#
# Each takes the cue, its index and the profile, plus optionally the cue's
# `visible_lines` so `check_track` measures each cue's text only once.


def check_reading_speed(
    cue: Cue, index: int, profile: QualityProfile, lines: Sequence[str] | None = None
) -> Finding | None:
    """Warn when visible characters per second exceed the profile's maximum."""
    if cue.duration_ms <= 0:
        return None  # no speed to measure; check_timing_order reports the cue
    # Netflix counts every character including spaces, but not the line
    # break between two lines; we do the same so numbers match their tools.
    characters = sum(visible_length(line) for line in _lines(cue, lines))
    cps = characters * 1000 / cue.duration_ms
    if cps <= profile.max_cps:
        return None
    shown = f"{cps:.1f}"
    if float(shown) <= profile.max_cps:  # e.g. 20.04 must not read "20.0 is above 20"
        shown = f"{cps:.2f}"
    return Finding(
        index, READING_SPEED, Severity.WARNING, cps, profile.max_cps,
        f"Reading speed {shown} CPS is above {profile.max_cps:g} CPS: "
        "extend the cue or shorten the text",
    )


def check_line_length(
    cue: Cue, index: int, profile: QualityProfile, lines: Sequence[str] | None = None
) -> Finding | None:
    """Warn when the longest visible line has more characters than allowed (one finding per cue)."""
    lengths = [visible_length(line) for line in _lines(cue, lines)]
    longest = max(lengths)
    if longest <= profile.max_chars_per_line:
        return None
    which = lengths.index(longest) + 1
    return Finding(
        index, LINE_LENGTH, Severity.WARNING, longest, profile.max_chars_per_line,
        f"Line {which} has {longest} characters, above {profile.max_chars_per_line}: "
        "break the line elsewhere or shorten it",
    )


def check_line_count(
    cue: Cue, index: int, profile: QualityProfile, lines: Sequence[str] | None = None
) -> Finding | None:
    """Warn when the cue shows more lines than allowed."""
    count = len(_lines(cue, lines))
    if count <= profile.max_lines:
        return None
    return Finding(
        index, LINE_COUNT, Severity.WARNING, count, profile.max_lines,
        f"{count} lines, above {profile.max_lines}: join lines or split the cue in two",
    )


def check_min_duration(cue: Cue, index: int, profile: QualityProfile) -> Finding | None:
    """Warn when a cue is on screen too briefly to be read."""
    duration = cue.duration_ms
    if duration <= 0 or duration >= profile.min_duration_ms:
        return None  # a non-positive duration is check_timing_order's error
    return Finding(
        index, MIN_DURATION, Severity.WARNING, duration, profile.min_duration_ms,
        f"Shown for {duration} ms, under the {profile.min_duration_ms} ms minimum: "
        "extend the cue or merge it with a neighbour",
    )


def check_max_duration(cue: Cue, index: int, profile: QualityProfile) -> Finding | None:
    """Warn when a cue stays on screen longer than allowed."""
    duration = cue.duration_ms
    if duration <= profile.max_duration_ms:
        return None
    return Finding(
        index, MAX_DURATION, Severity.WARNING, duration, profile.max_duration_ms,
        f"Shown for {duration} ms, over the {profile.max_duration_ms} ms maximum: "
        "end the cue earlier or split it",
    )


def check_empty(
    cue: Cue, index: int, profile: QualityProfile, lines: Sequence[str] | None = None
) -> Finding | None:
    """Error when a cue has no visible text (only spaces, tags or invisible characters)."""
    if profile.allow_empty_cues or not _is_blank(_lines(cue, lines)):
        return None
    return Finding(
        index, EMPTY_CUE, Severity.ERROR, None, None,
        "The cue has no visible text: add the text or delete the cue",
    )


def check_timing_order(cue: Cue, index: int, profile: QualityProfile) -> Finding | None:
    """Error when a cue ends at or before its start (a player never shows it)."""
    duration = cue.duration_ms
    if duration > 0:
        return None
    when = f"{-duration} ms before" if duration else "at the moment"
    return Finding(
        index, TIMING_ORDER, Severity.ERROR, duration, 0,
        f"Ends {when} it starts, so it is never shown: fix the start or end time",
    )


# --- rules between cues --------------------------------------------------------------


def time_order(cues: Sequence[Cue]) -> list[int]:
    """Cue indexes by start, then end, then position in the track (a stable sort)."""
    return sorted(range(len(cues)), key=lambda i: (cues[i].start_ms, cues[i].end_ms))


def _successions(cues: Sequence[Cue], order: Sequence[int]) -> Iterator[tuple[int, int, int]]:
    """For each cue in time order: (cue, earlier cue, gap ms), gap < 0 meaning overlap.

    The earlier cue is the one, among all that start before, that ends last:
    a short cue inside a long one must not hide the long one's overlap with
    what follows, and the screen only clears when that last one ends. One
    pass over the sorted cues, so linear after the sort. Cues that end at or
    before their start are skipped: they never show, and check_timing_order
    already reports them.
    """
    holder = -1
    last_end = 0
    for index in order:
        cue = cues[index]
        if cue.end_ms <= cue.start_ms:
            continue
        if holder >= 0:
            yield index, holder, cue.start_ms - last_end
        if holder < 0 or cue.end_ms > last_end:
            holder, last_end = index, cue.end_ms


def check_overlap(
    cues: Sequence[Cue], profile: QualityProfile, order: Sequence[int] | None = None
) -> list[Finding]:
    """Error on each cue that starts before an earlier cue ends (unless the profile allows it).

    Reported once, on the later-starting cue; `value` is the overlap in ms.
    `order` is `time_order(cues)` when the caller already has it.
    """
    if profile.allow_overlaps:
        return []
    findings: list[Finding] = []
    for later, earlier, gap in _successions(cues, time_order(cues) if order is None else order):
        if gap < 0:
            findings.append(Finding(
                later, OVERLAP, Severity.ERROR, -gap, 0,
                f"Starts {-gap} ms before cue {earlier + 1} ends: "
                f"start this cue later or end cue {earlier + 1} earlier",
            ))
    return findings


def _under_min_gap(gap_ms: int, min_gap_ms: float) -> bool:
    # Times are whole milliseconds, so a gap of exactly N frames at a
    # fractional frame length (23.976 fps: 83.4 ms for 2 frames) may read up
    # to 1 ms short; only a gap short by a full millisecond or more counts.
    return gap_ms <= min_gap_ms - 1


def check_gap(
    cues: Sequence[Cue], profile: QualityProfile, order: Sequence[int] | None = None
) -> list[Finding]:
    """Warn on each cue followed, in time order, by a gap shorter than the minimum.

    Reported on the earlier cue; `value` is the gap and `limit` the minimum,
    both in ms. Touching cues (gap 0) count; overlapping ones are
    check_overlap's business.
    """
    limit = profile.min_gap_ms
    findings: list[Finding] = []
    for later, earlier, gap in _successions(cues, time_order(cues) if order is None else order):
        if gap >= 0 and _under_min_gap(gap, limit):
            findings.append(Finding(
                earlier, MIN_GAP, Severity.WARNING, gap, limit,
                f"Gap of {gap} ms before cue {later + 1} is under {profile.min_gap_frames} "
                f"frames ({limit:.0f} ms at {profile.frame_rate:g} fps): "
                f"end this cue earlier or start cue {later + 1} later",
            ))
    return findings


def check_ignored_blocks(track: Track) -> list[Finding]:
    """Error for each block a WebVTT player drops, at its line in the file."""
    findings: list[Finding] = []
    for block in track.ignored_blocks():
        # The reader's `problem` already says why players ignore the block;
        # hints are one line, so its line breaks become spaces.
        why = " ".join(block.problem.split()).rstrip(".") or "players ignore this block"
        findings.append(Finding(
            None, IGNORED_BLOCK, Severity.ERROR, None, None,
            f"Line {block.line}: {why}: fix the block or remove it",
            line=block.line,
        ))
    return findings


# --- running the rules ------------------------------------------------------------------


def _sort_key(finding: Finding) -> tuple[bool, int, str, int]:
    # Blocks (no cue) first, by line: they are errors about the file itself.
    return (finding.cue is not None, finding.cue or 0, finding.rule, finding.line or 0)


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings from several checks in the order `check_track` gives them."""
    return sorted(findings, key=_sort_key)


def _cue_findings(cue: Cue, index: int, profile: QualityProfile) -> Iterator[Finding]:
    lines = visible_lines(cue.text)  # measured once for all text rules
    for finding in (
        check_timing_order(cue, index, profile),
        check_empty(cue, index, profile, lines),
        check_reading_speed(cue, index, profile, lines),
        check_line_length(cue, index, profile, lines),
        check_line_count(cue, index, profile, lines),
        check_min_duration(cue, index, profile),
        check_max_duration(cue, index, profile),
    ):
        if finding is not None:
            yield finding


def check_track(track: Track, profile: QualityProfile | None = None) -> list[Finding]:
    """All findings for a track (default profile ``netflix-en``), sorted by cue then rule id.

    Linear in the number of cues apart from one sort by time.
    """
    profile = profile or profile_named(DEFAULT_PROFILE_NAME)
    cues = track.cues
    findings = [f for index, cue in enumerate(cues) for f in _cue_findings(cue, index, profile)]
    order = time_order(cues)
    findings += check_overlap(cues, profile, order)
    findings += check_gap(cues, profile, order)
    findings += check_ignored_blocks(track)
    findings.sort(key=_sort_key)
    return findings


def _neighbourhood(cues: Sequence[Cue], index: int, order: Sequence[int]) -> set[int]:
    if not 0 <= index < len(cues):
        raise IndexError(f"no cue {index + 1}: the track has {len(cues)} cues")
    position = order.index(index)
    near = {index}
    near.update(order[max(position - 1, 0):position + 2])
    for later, earlier, _gap in _successions(cues, order):
        if later == index:
            near.add(earlier)
        elif earlier == index:
            near.add(later)
    return near


def neighbourhood(track: Track, index: int) -> list[int]:
    """The cues whose findings an edit of cue `index` can change, ascending.

    That is the cue, the cues just before and after it in time, and every
    cue it is compared with for gaps and overlaps. When an edit moves a cue
    in time, the neighbourhood from before the edit needs re-checking too.
    """
    cues = track.cues
    return sorted(_neighbourhood(cues, index, time_order(cues)))


def check_cue(track: Track, index: int, profile: QualityProfile | None = None) -> list[Finding]:
    """Findings for cue `index` and its `neighbourhood`, exactly as `check_track` gives them.

    Only those few cues' text is measured; the time sort and the gap sweep
    still cover the whole track because a long cue can overlap many others.
    Block findings are not included: an edit to a cue cannot change them.
    """
    profile = profile or profile_named(DEFAULT_PROFILE_NAME)
    cues = track.cues
    order = time_order(cues)
    near = _neighbourhood(cues, index, order)
    findings = [f for i in sorted(near) for f in _cue_findings(cues[i], i, profile)]
    findings += [f for f in check_overlap(cues, profile, order) if f.cue in near]
    findings += [f for f in check_gap(cues, profile, order) if f.cue in near]
    findings.sort(key=_sort_key)
    return findings

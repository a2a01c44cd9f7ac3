"""Track operations: pure planners that turn a request into a reversible `TrackEdit`.

Every ``plan_*`` function reads a track and returns the edit that would make
the change, without touching the track; the caller applies it with
`Track.apply` and undoes it with `Track.revert`. Keeping planning apart from
applying lets one edit serve the undo stack, the command line and the tests,
and lets an impossible request fail with a plain-language `ValueError` before
anything has changed.

An edit holds only the cues that really change, so a request that changes
nothing gives an edit with no steps (`TrackEdit.is_empty`), which the undo
history does not record.

Indexes in the API are 0-based; cue numbers in messages and descriptions are
1-based, as the user sees them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence

from app.captions.model import (
    Cue,
    InsertCues,
    RemoveCues,
    ReorderCues,
    ReplaceCues,
    Step,
    Track,
    TrackEdit,
    combine,
)
from app.captions.timecode import format_timestamp, snap_to_frame

DEFAULT_NEW_CUE_MS = 2000
"""Length of a new empty cue when the gap it goes into is long enough."""

_SPACES = re.compile(r"[ \t]+")

Planner = Callable[[Track], TrackEdit]


# --- validation -----------------------------------------------------------------


def _cue_at(track: Track, index: int) -> Cue:
    cues = track.cues
    if not 0 <= index < len(cues):
        raise ValueError(_no_such_cue(index, len(cues)))
    return cues[index]


def _no_such_cue(index: int, count: int) -> str:
    if count == 0:
        return f"There is no cue {index + 1}: the track has no cues"
    return f"There is no cue {index + 1}: the track has cues 1 to {count}"


def _selection(track: Track, indexes: Iterable[int] | None) -> list[int]:
    """Sorted, de-duplicated cue indexes; None means every cue."""
    count = len(track.cues)
    if indexes is None:
        return list(range(count))
    chosen = sorted(set(indexes))
    for index in chosen:
        if not 0 <= index < count:
            raise ValueError(_no_such_cue(index, count))
    return chosen


def _time(ms: int) -> str:
    return format_timestamp(ms) if ms >= 0 else f"{ms} ms"


def _check_times(number: int, start_ms: int, end_ms: int) -> None:
    if start_ms < 0:
        raise ValueError(f"Cue {number} cannot start before 00:00:00.000")
    if start_ms > end_ms:
        raise ValueError(
            f"Cue {number} cannot start after it ends "
            f"({_time(start_ms)} is after {_time(end_ms)})")
    if start_ms == end_ms:
        raise ValueError(f"Cue {number} cannot end at the moment it starts ({_time(start_ms)})")


def _check_text(number: int, text: str) -> str:
    """The text with its line breaks made "\\n", or ValueError if a file could not hold it."""
    # Pasted text may carry Windows or old Mac line breaks; WebVTT reads all
    # three as line breaks, so unify them before judging the lines.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "-->" in text:
        raise ValueError(
            f'Cue {number} text cannot contain "-->": a WebVTT file would read it as a timing line')
    # An empty text is a legitimate empty cue; an empty line inside a text
    # ends the cue in the file, and a line of spaces is too easily taken for
    # one by other tools.
    if text and any(not line.strip() for line in text.split("\n")):
        raise ValueError(
            f"Cue {number} text cannot contain an empty line: "
            "in a WebVTT file an empty line ends the cue")
    return text


def _check_line(number: int, what: str, value: str) -> None:
    """Identifiers and settings live on one line of the file."""
    if "\n" in value or "\r" in value:
        raise ValueError(f"Cue {number} {what} must fit on one line")
    if "-->" in value:
        raise ValueError(f'Cue {number} {what} cannot contain "-->": '
                         "a WebVTT file would read it as a timing line")


def _check_cue(number: int, cue: Cue) -> Cue:
    _check_times(number, cue.start_ms, cue.end_ms)
    text = _check_text(number, cue.text)
    _check_line(number, "identifier", cue.identifier)
    _check_line(number, "settings", cue.settings)
    return cue if text == cue.text else cue.edited(text=text)


def _positive_finite(value: float, what: str) -> None:
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"The {what} must be a positive number, not {value}")


# --- building edits -------------------------------------------------------------


def _replace(track: Track, description: str, changes: Iterable[tuple[int, Cue]]) -> TrackEdit:
    """An edit replacing cues, leaving out every replacement equal to the cue it replaces."""
    cues = track.cues
    indices: list[int] = []
    before: list[Cue] = []
    after: list[Cue] = []
    for index, cue in changes:
        old = cues[index]
        if cue != old:  # Cue equality ignores `source`, so this compares content only
            indices.append(index)
            before.append(old)
            after.append(cue)
    if not indices:
        return TrackEdit(description, ())
    return TrackEdit(description, (ReplaceCues(tuple(indices), tuple(before), tuple(after)),))


def _removal(track: Track, index: int, stop: int) -> RemoveCues:
    # The block positions travel with the step so that undo puts every cue
    # back between the same NOTE/STYLE blocks it sat between.
    return RemoveCues(index, tuple(track.cues[index:stop]), track.block_positions(index, stop))


def _cues_phrase(count: int, total: int) -> str:
    if count == total:
        return "all cues"
    return "1 cue" if count == 1 else f"{count} cues"


# --- adding and removing --------------------------------------------------------


def plan_insert(track: Track, index: int, cue: Cue) -> TrackEdit:
    """Insert `cue` so that it becomes cue `index` (``len(track.cues)`` appends)."""
    count = len(track.cues)
    if not 0 <= index <= count:
        raise ValueError(
            f"A cue can only be inserted at positions 1 to {count + 1}, not {index + 1}")
    cue = _check_cue(index + 1, cue)
    return TrackEdit(f"Insert cue {index + 1}", (InsertCues(index, (cue,)),))


def plan_new_cue_before(
    track: Track, index: int, duration_ms: int = DEFAULT_NEW_CUE_MS, text: str = ""
) -> TrackEdit:
    """A new cue ending where cue `index` starts, as long as `duration_ms` or the gap before it."""
    _positive_finite(duration_ms, "length of a new cue")
    following = _cue_at(track, index)
    earliest = track.cues[index - 1].end_ms if index > 0 else 0
    end = following.start_ms
    if end <= earliest:
        if index == 0:
            raise ValueError(f"There is no room before cue 1: it starts at {_time(end)}")
        raise ValueError(
            f"There is no room before cue {index + 1}: it starts at {_time(end)} "
            f"and cue {index} ends at {_time(earliest)}")
    cue = Cue(max(earliest, end - duration_ms), end, _check_text(index + 1, text))
    return TrackEdit(f"New cue {index + 1}", (InsertCues(index, (cue,)),))


def plan_new_cue_after(
    track: Track, index: int, duration_ms: int = DEFAULT_NEW_CUE_MS, text: str = ""
) -> TrackEdit:
    """A new cue starting where cue `index` ends, as long as `duration_ms` or the gap after it."""
    _positive_finite(duration_ms, "length of a new cue")
    previous = _cue_at(track, index)
    start = previous.end_ms
    end = start + duration_ms
    if index + 1 < len(track.cues):
        latest = track.cues[index + 1].start_ms
        if latest <= start:
            raise ValueError(
                f"There is no room after cue {index + 1}: it ends at {_time(start)} "
                f"and cue {index + 2} starts at {_time(latest)}")
        end = min(end, latest)
    cue = Cue(start, end, _check_text(index + 2, text))
    # Right after the cue the user pointed at, before any NOTE that follows it.
    slot = track.block_positions(index, index + 1)[0] + 1
    return TrackEdit(f"New cue {index + 2}", (InsertCues(index + 1, (cue,), (slot,)),))


def plan_new_cue_at(
    track: Track, start_ms: int, duration_ms: int = DEFAULT_NEW_CUE_MS, text: str = ""
) -> TrackEdit:
    """A new cue starting at `start_ms` (the playhead), cut short so it overlaps no cue.

    It goes before the first cue that starts later, which is its place in
    time order when the track is sorted.
    """
    _positive_finite(duration_ms, "length of a new cue")
    if start_ms < 0:
        raise ValueError("A new cue cannot start before 00:00:00.000")
    cues = track.cues
    end = start_ms + duration_ms
    index = len(cues)
    for position, cue in enumerate(cues):
        if cue.start_ms <= start_ms < cue.end_ms:
            raise ValueError(
                f"There is no room at {_time(start_ms)}: cue {position + 1} is showing")
        if cue.start_ms > start_ms:
            end = min(end, cue.start_ms)
            index = min(index, position)
    cue = Cue(start_ms, end, _check_text(index + 1, text))
    return TrackEdit(f"New cue {index + 1}", (InsertCues(index, (cue,)),))


def plan_delete(track: Track, indexes: Iterable[int]) -> TrackEdit:
    """Delete cues; one removal step per run of neighbouring cues."""
    chosen = _selection(track, indexes)
    if not chosen:
        return TrackEdit("Delete cues", ())
    runs: list[tuple[int, int]] = []
    for index in chosen:
        if runs and runs[-1][1] == index:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    # Highest run first: removing it leaves the indexes of the lower runs valid.
    steps: tuple[Step, ...] = tuple(_removal(track, start, stop) for start, stop in reversed(runs))
    if len(chosen) == 1:
        description = f"Delete cue {chosen[0] + 1}"
    else:
        description = f"Delete {len(chosen)} cues"
    return TrackEdit(description, steps)


# --- one cue's fields -----------------------------------------------------------


def plan_set_text(track: Track, index: int, text: str) -> TrackEdit:
    cue = _cue_at(track, index)
    text = _check_text(index + 1, text)
    return _replace(track, f"Edit text of cue {index + 1}", [(index, cue.edited(text=text))])


def plan_set_identifier(track: Track, index: int, identifier: str) -> TrackEdit:
    cue = _cue_at(track, index)
    _check_line(index + 1, "identifier", identifier)
    if identifier and not identifier.strip():
        raise ValueError(
            f"Cue {index + 1} identifier cannot be only spaces: it would read as an empty line")
    return _replace(track, f"Set identifier of cue {index + 1}",
                    [(index, cue.edited(identifier=identifier))])


def plan_set_settings(track: Track, index: int, settings: str) -> TrackEdit:
    """Set the cue settings (``line:0 align:start``…) written after the end time."""
    cue = _cue_at(track, index)
    _check_line(index + 1, "settings", settings)
    if not settings.strip():
        settings = ""
    elif not settings[0].isspace():
        # `Cue.settings` is the text after the end time as written, spaces
        # included; without one the first setting would run into the time.
        settings = " " + settings
    return _replace(track, f"Set settings of cue {index + 1}",
                    [(index, cue.edited(settings=settings))])


def plan_set_times(track: Track, index: int, start_ms: int, end_ms: int) -> TrackEdit:
    cue = _cue_at(track, index)
    _check_times(index + 1, start_ms, end_ms)
    return _replace(track, f"Set times of cue {index + 1}",
                    [(index, cue.edited(start_ms=start_ms, end_ms=end_ms))])


def plan_set_start(track: Track, index: int, start_ms: int) -> TrackEdit:
    cue = _cue_at(track, index)
    _check_times(index + 1, start_ms, cue.end_ms)
    return _replace(track, f"Set start of cue {index + 1}",
                    [(index, cue.edited(start_ms=start_ms))])


def plan_set_end(track: Track, index: int, end_ms: int) -> TrackEdit:
    cue = _cue_at(track, index)
    if end_ms < 0:
        raise ValueError(f"Cue {index + 1} cannot end before 00:00:00.000")
    _check_times(index + 1, cue.start_ms, end_ms)
    return _replace(track, f"Set end of cue {index + 1}", [(index, cue.edited(end_ms=end_ms))])


# --- split and merge ------------------------------------------------------------


def _middle_cut(text: str) -> tuple[str, str]:
    """Halve the lines, or the words of a single line; the first half gets the extra one."""
    lines = text.split("\n")
    if len(lines) > 1:
        half = (len(lines) + 1) // 2
        return "\n".join(lines[:half]), "\n".join(lines[half:])
    stripped = text.strip()
    gaps = list(_SPACES.finditer(stripped))
    if not gaps:
        return stripped, ""
    # n words have n-1 gaps; cutting at gap ceil(n/2)-1 leaves ceil(n/2) words first.
    gap = gaps[(len(gaps) + 2) // 2 - 1]
    return stripped[:gap.start()], stripped[gap.end():]


def plan_split(track: Track, index: int, at_ms: int, text_position: int | None = None) -> TrackEdit:
    """Split a cue in two at `at_ms`, its text at `text_position` (or in the middle).

    The first part keeps the identifier; both keep the settings, since a
    position set for the cue applies to both halves. Spaces and line breaks
    at the cut are dropped so neither part starts or ends with an empty line.
    """
    cue = _cue_at(track, index)
    if not cue.start_ms < at_ms < cue.end_ms:
        raise ValueError(
            f"Cue {index + 1} can only be split between its start ({_time(cue.start_ms)}) "
            f"and its end ({_time(cue.end_ms)}), not at {_time(at_ms)}")
    if text_position is None:
        first_text, second_text = _middle_cut(cue.text)
    else:
        if not 0 <= text_position <= len(cue.text):
            raise ValueError(
                f"Cue {index + 1} text has {len(cue.text)} characters; "
                f"it cannot be cut at character {text_position}")
        first_text = cue.text[:text_position].rstrip()
        second_text = cue.text[text_position:].lstrip()
    first = cue.edited(end_ms=at_ms, text=first_text)
    second = cue.edited(start_ms=at_ms, text=second_text, identifier="")
    # The original cue's block becomes the second part and the first part is
    # inserted right before it, so the halves stay neighbours even when a
    # NOTE follows the cue.
    return TrackEdit(f"Split cue {index + 1}", (
        ReplaceCues((index,), (cue,), (second,)),
        InsertCues(index, (first,)),
    ))


def plan_merge(track: Track, index: int) -> TrackEdit:
    """Merge cue `index` with the next one: first's start, identifier and settings, second's end."""
    first = _cue_at(track, index)
    if index + 1 >= len(track.cues):
        raise ValueError(f"Cue {index + 1} is the last cue: there is no next cue to merge it with")
    second = track.cues[index + 1]
    if second.end_ms <= first.start_ms:
        raise ValueError(
            f"Cues {index + 1} and {index + 2} cannot be merged: "
            f"cue {index + 2} ends before cue {index + 1} starts")
    # Joining with an empty text would leave an empty line, which ends a cue.
    text = "\n".join(part for part in (first.text, second.text) if part)
    merged = first.edited(end_ms=second.end_ms, text=text)
    return TrackEdit(f"Merge cues {index + 1} and {index + 2}", (
        ReplaceCues((index,), (first,), (merged,)),
        _removal(track, index + 1, index + 2),
    ))


# --- timing of many cues --------------------------------------------------------


def plan_shift(track: Track, offset_ms: int, indexes: Iterable[int] | None = None) -> TrackEdit:
    """Move cues (all, or `indexes`) later by `offset_ms`, or earlier when it is negative."""
    chosen = _selection(track, indexes)
    cues = track.cues
    seconds = f"{offset_ms / 1000:+.3f} s"
    description = f"Shift {_cues_phrase(len(chosen), len(cues))} by {seconds}"
    if offset_ms == 0 or not chosen:
        return TrackEdit(description, ())
    if offset_ms < 0:
        # Refuse rather than clamp: clamping would squash the cues at the
        # start onto each other and lose their timing silently.
        for index in chosen:
            cue = cues[index]
            if min(cue.start_ms, cue.end_ms) + offset_ms < 0:
                raise ValueError(
                    f"Cannot shift by {seconds}: cue {index + 1} starts at "
                    f"{_time(cue.start_ms)} and would start before 00:00:00.000")
    return _replace(track, description, (
        (index, cues[index].edited(start_ms=cues[index].start_ms + offset_ms,
                                   end_ms=cues[index].end_ms + offset_ms))
        for index in chosen))


def _round_ms(value: float) -> int:
    # Half up rather than Python's half to even, so equal offsets round alike.
    return math.floor(value + 0.5)


def plan_scale(
    track: Track, factor: float, origin_ms: int = 0, indexes: Iterable[int] | None = None
) -> TrackEdit:
    """Stretch times away from `origin_ms` by `factor` (rounded to the millisecond)."""
    _positive_finite(factor, "scale factor")
    chosen = _selection(track, indexes)
    cues = track.cues
    changes: list[tuple[int, Cue]] = []
    for index in chosen:
        cue = cues[index]
        start = origin_ms + _round_ms((cue.start_ms - origin_ms) * factor)
        end = origin_ms + _round_ms((cue.end_ms - origin_ms) * factor)
        if min(start, end) < 0:
            raise ValueError(
                f"Cannot scale by {factor:g}: cue {index + 1} would start before 00:00:00.000")
        if end <= start and cue.start_ms < cue.end_ms:  # refuse only what scaling breaks
            raise ValueError(
                f"Cannot scale by {factor:g}: cue {index + 1} would last no time at all")
        changes.append((index, cue.edited(start_ms=start, end_ms=end)))
    return _replace(track, f"Scale times of {_cues_phrase(len(chosen), len(cues))} by {factor:g}",
                    changes)


def plan_convert_frame_rate(track: Track, from_fps: float, to_fps: float) -> TrackEdit:
    """Retime every cue for video played at `to_fps` instead of `from_fps` (factor from/to)."""
    _positive_finite(from_fps, "frame rate to convert from")
    _positive_finite(to_fps, "frame rate to convert to")
    edit = plan_scale(track, from_fps / to_fps)
    return TrackEdit(f"Convert times from {from_fps:g} to {to_fps:g} fps", edit.steps)


def plan_snap_to_frames(
    track: Track, frame_rate: float, indexes: Iterable[int] | None = None
) -> TrackEdit:
    """Move starts and ends to the nearest frame boundary.

    A cue shorter than a frame could snap both ends to the same frame; its
    end then goes one frame later, so no cue ever ends when it starts.
    """
    _positive_finite(frame_rate, "frame rate")
    chosen = _selection(track, indexes)
    cues = track.cues
    changes: list[tuple[int, Cue]] = []
    for index in chosen:
        cue = cues[index]
        start = snap_to_frame(cue.start_ms, frame_rate)
        end = snap_to_frame(cue.end_ms, frame_rate)
        if end <= start:
            frame = round(start * frame_rate / 1000.0)
            end = round((frame + 1) * 1000.0 / frame_rate)
        changes.append((index, cue.edited(start_ms=start, end_ms=end)))
    return _replace(
        track, f"Snap {_cues_phrase(len(chosen), len(cues))} to frames at {frame_rate:g} fps",
        changes)


# --- order and numbering --------------------------------------------------------


def plan_sort(track: Track) -> TrackEdit:
    """Order cues by start, then end; cues that tie keep their order.

    Non-cue blocks keep their places; the cues move between them.
    """
    cues = track.cues
    order = sorted(range(len(cues)), key=lambda i: (cues[i].start_ms, cues[i].end_ms))
    if all(position == index for position, index in enumerate(order)):
        return TrackEdit("Sort cues by time", ())
    return TrackEdit("Sort cues by time",
                     (ReorderCues(tuple(cues), tuple(cues[i] for i in order)),))


def plan_renumber(track: Track, prefix: str = "", first: int = 1) -> TrackEdit:
    """Identifiers ``prefix1``, ``prefix2``… in cue order."""
    _check_line(1, "identifier", prefix)
    cues = track.cues
    return _replace(track, "Renumber cues", (
        (index, cue.edited(identifier=f"{prefix}{first + index}"))
        for index, cue in enumerate(cues)))


# --- several at once ------------------------------------------------------------


def plan_sequence(track: Track, description: str, planners: Sequence[Planner]) -> TrackEdit:
    """One undo step made of several operations, each planned on the result of the last.

    The planning runs on a scratch copy, so the track is still untouched;
    e.g. ``plan_sequence(track, "Split and renumber", [lambda t:
    plan_split(t, 3, 5000), plan_renumber])``.
    """
    scratch = track.copy()
    edits: list[TrackEdit] = []
    for planner in planners:
        edit = planner(scratch)
        scratch.apply(edit)
        edits.append(edit)
    return combine(description, edits)

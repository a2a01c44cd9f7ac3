"""WebVTT timestamps as integer milliseconds.

Parsing follows the W3C "collect a WebVTT timestamp" rules exactly (two-digit
minutes and seconds, three-digit milliseconds, optional hours of any length),
because a timestamp a browser rejects must be reported, not silently fixed.
"""

from __future__ import annotations

import re

# hours are optional; when present they may have any number of digits.
_TIMESTAMP = re.compile(r"(?:(\d+):)?(\d+):(\d+)\.(\d+)")


def parse_timestamp(text: str) -> int | None:
    """Return milliseconds for a WebVTT timestamp, or None when a browser would reject it."""
    match = _TIMESTAMP.fullmatch(text)
    if match is None:
        return None
    hours, minutes, seconds, millis = match.groups()
    if hours is None:
        # With two components the first is minutes unless it cannot be
        # (more than two digits or over 59): then the spec needs a third.
        if len(minutes) != 2 or int(minutes) > 59:
            return None
    elif len(minutes) != 2:
        return None
    if len(seconds) != 2 or len(millis) != 3:
        return None
    if int(minutes) > 59 or int(seconds) > 59:
        return None
    total = int(minutes) * 60_000 + int(seconds) * 1000 + int(millis)
    if hours is not None:
        total += int(hours) * 3_600_000
    return total


def format_timestamp(ms: int, *, with_hours: bool = True) -> str:
    """Format milliseconds as ``HH:MM:SS.mmm`` (or ``MM:SS.mmm`` under an hour when asked)."""
    if ms < 0:
        raise ValueError(f"a timestamp cannot be negative: {ms} ms")
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    if with_hours or hours:
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"
    return f"{minutes:02d}:{seconds:02d}.{millis:03d}"


def frame_duration_ms(frame_rate: float) -> float:
    """Length of one frame in milliseconds."""
    if frame_rate <= 0:
        raise ValueError(f"frame rate must be positive, got {frame_rate}")
    return 1000.0 / frame_rate


def snap_to_frame(ms: int, frame_rate: float) -> int:
    """Move a time to the start of the nearest frame boundary."""
    frame = round(ms * frame_rate / 1000.0)
    return round(frame * 1000.0 / frame_rate)


_INPUT = re.compile(
    r"\s*(?:(?:(\d+):)?(\d{1,2}):)?(\d{1,2}(?:[.,]\d{1,3})?|\d+(?:[.,]\d{1,3})?)\s*")


def parse_time_input(text: str) -> int:
    """Milliseconds from what a person types: ``1:02:03.5``, ``02:03,500``, ``12.25`` or ``75``.

    More forgiving than the file format (commas as in SRT, fewer digits), and
    raising a ValueError that says what is expected.
    """
    match = _INPUT.fullmatch(text)
    if match is None:
        raise ValueError(f"'{text.strip()}' is not a time: type HH:MM:SS.mmm, MM:SS.mmm or seconds")
    hours, minutes, seconds = match.groups()
    seconds_ms = round(float(seconds.replace(",", ".")) * 1000)
    if minutes is not None and seconds_ms >= 60_000:
        raise ValueError(f"'{text.strip()}': seconds must be under 60")
    total = seconds_ms + int(minutes or 0) * 60_000 + int(hours or 0) * 3_600_000
    if minutes is not None and int(minutes) > 59 and hours is not None:
        raise ValueError(f"'{text.strip()}': minutes must be under 60")
    return total

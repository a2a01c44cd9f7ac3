"""HTTP Range and If-Range rules (RFC 9110 §14) for one byte range.

Multi-range requests are answered in full (the RFC allows ignoring Range),
since no client of ours asks for them and multipart/byteranges would only be
code to get wrong.
"""

from __future__ import annotations

import re

_SINGLE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$")


class RangeNotSatisfiable(Exception):
    """416: the range lies outside the representation."""


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) inclusive, or None to send the whole body."""
    if not header:
        return None
    match = _SINGLE.match(header)
    if match is None:
        return None  # unknown unit or several ranges: ignore, answer 200
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":
        suffix = int(last)
        if suffix == 0:
            raise RangeNotSatisfiable
        return max(size - suffix, 0), size - 1
    start = int(first)
    if last and int(last) < start:
        return None  # an invalid range-spec is ignored, not refused
    if start >= size:
        raise RangeNotSatisfiable
    end = min(int(last), size - 1) if last else size - 1
    return start, end


def if_range_allows(if_range: str | None, etag: str, last_modified: str) -> bool:
    """Whether Range may be honoured: no If-Range, or it names the current version."""
    if if_range is None:
        return True
    value = if_range.strip()
    if value.startswith(("W/", '"')):
        # Strong comparison only: a weak validator never matches (RFC 9110 §13.1.5).
        return value == etag
    return value == last_modified

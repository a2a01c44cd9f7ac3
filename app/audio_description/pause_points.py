"""Pause points of extended audio description: where the picture may stop, and moving them.

A pause point belongs to one description cue and holds the picture while that
cue's clip plays in full. The rules for where one may be:

- inside the media (0 ms to its duration, both ends included);
- not inside a dialogue cue: stopping mid-sentence cuts a speaker off, so a
  pause may sit on the edge of a line (its end is the usual place) but not
  within it;
- in cue order: the pause for description 3 comes after the one for
  description 2 and before the one for description 4;
- at most one per description cue.

Moves are planned, not done: `plan_move` checks a new position against the
rules and returns a `PausePointMove` that knows its inverse, so undo lives
here and the Qt undo stack only wraps it.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from app.audio_description.timing import Span, dialogue_at
from app.captions.quality import Finding, Severity
from app.captions.timecode import format_timestamp

NUDGE_MS = 100
# Stable rule id of a misplaced pause point in findings (never rename).
MISPLACED_PAUSE = "ad-pause-point-misplaced"


class PausePointRefused(ValueError):
    """A pause point cannot go where it was asked to; the message says why in plain words."""


@dataclass(frozen=True, slots=True)
class PausePoint:
    """Where the picture holds for description `cue_index`, and for how long.

    `original_ms` is where the platform first placed it (what "reset" goes
    back to); `pause_ms` is the length of the hold, the description's spoken
    length.
    """

    cue_index: int
    timestamp_ms: int
    original_ms: int
    pause_ms: int

    @property
    def number(self) -> int:
        return self.cue_index + 1

    @property
    def moved(self) -> bool:
        return self.timestamp_ms != self.original_ms

    def at(self, timestamp_ms: int) -> PausePoint:
        return replace(self, timestamp_ms=timestamp_ms)


@dataclass(frozen=True, slots=True)
class PausePointMove:
    """One reversible change: the pause point of `cue_index` goes from `before_ms` to `after_ms`."""

    cue_index: int
    before_ms: int
    after_ms: int
    description: str

    def inverse(self) -> PausePointMove:
        return PausePointMove(self.cue_index, self.after_ms, self.before_ms,
                              f"Undo {self.description}")


def clock(ms: int) -> str:
    """A position as people read it on the timeline: ``MM:SS.mmm`` (hours when needed)."""
    return format_timestamp(max(0, ms), with_hours=False)


def position_problem(
    points: Sequence[PausePoint],
    cue_index: int,
    timestamp_ms: int,
    dialogue: Sequence[Span],
    media_ms: int,
) -> str | None:
    """Why the pause point of `cue_index` may not sit at `timestamp_ms`, or None when it may."""
    if not 0 <= timestamp_ms <= media_ms:
        return (f"A pause point must lie within the media (00:00.000 to {clock(media_ms)}); "
                f"{clock(timestamp_ms) if timestamp_ms >= 0 else 'before the start'} is outside.")
    speech = dialogue_at(dialogue, timestamp_ms)
    if speech is not None:
        return (f"{clock(timestamp_ms)} is inside dialogue ({clock(speech.start_ms)}–"
                f"{clock(speech.end_ms)}): pause at the end of the line instead.")
    for other in points:
        if other.cue_index < cue_index and other.timestamp_ms >= timestamp_ms:
            return (f"The pause for description {cue_index + 1} must come after the one for "
                    f"description {other.number} at {clock(other.timestamp_ms)}.")
        if other.cue_index > cue_index and other.timestamp_ms <= timestamp_ms:
            return (f"The pause for description {cue_index + 1} must come before the one for "
                    f"description {other.number} at {clock(other.timestamp_ms)}.")
    return None


def check_pause_points(
    points: Iterable[PausePoint], dialogue: Sequence[Span], media_ms: int
) -> list[tuple[int, str]]:
    """Every rule a set of pause points breaks, as (cue index, plain words), in cue order."""
    ordered = sorted(points, key=lambda p: p.cue_index)
    problems: list[tuple[int, str]] = []
    seen: set[int] = set()
    latest: PausePoint | None = None  # the earlier description's pause that comes last
    for point in ordered:
        if point.cue_index in seen:
            problems.append((point.cue_index, f"Description {point.number} has more than one "
                                              "pause point: keep one."))
            continue
        seen.add(point.cue_index)
        # Order is checked against earlier points only, so each crossing is told once.
        earlier = [latest] if latest is not None else []
        problem = position_problem(earlier, point.cue_index, point.timestamp_ms, dialogue,
                                   media_ms)
        if problem is not None:
            problems.append((point.cue_index, problem))
        if latest is None or point.timestamp_ms > latest.timestamp_ms:
            latest = point
    return problems


def pause_point_findings(
    points: Iterable[PausePoint], dialogue: Sequence[Span], media_ms: int
) -> list[Finding]:
    """`check_pause_points` as findings for the findings panel; errors, as the render needs them."""
    return [Finding(cue, MISPLACED_PAUSE, Severity.ERROR, None, None,
                    f"Pause point {cue + 1}: {why}")
            for cue, why in check_pause_points(points, dialogue, media_ms)]


def plan_move(
    points: Sequence[PausePoint],
    cue_index: int,
    timestamp_ms: int,
    dialogue: Sequence[Span],
    media_ms: int,
    description: str = "",
) -> PausePointMove:
    """Check a move against the rules; the move to make, or `PausePointRefused` saying why."""
    point = find(points, cue_index)
    if point is None:
        raise PausePointRefused(f"Description {cue_index + 1} has no pause point.")
    others = [p for p in points if p.cue_index != cue_index]
    problem = position_problem(others, cue_index, timestamp_ms, dialogue, media_ms)
    if problem is not None:
        raise PausePointRefused(problem)
    text = description or f"move pause point {point.number} to {clock(timestamp_ms)}"
    return PausePointMove(cue_index, point.timestamp_ms, timestamp_ms, text)


def apply_move(points: Sequence[PausePoint], move: PausePointMove) -> list[PausePoint]:
    """The pause points after `move` (also used with `move.inverse()` for undo)."""
    point = find(points, move.cue_index)
    if point is None or point.timestamp_ms != move.before_ms:
        raise ValueError(f"pause point {move.cue_index + 1} is not where this move expected")
    return [p.at(move.after_ms) if p.cue_index == move.cue_index else p for p in points]


def find(points: Iterable[PausePoint], cue_index: int) -> PausePoint | None:
    return next((p for p in points if p.cue_index == cue_index), None)


# --- where a handle goes on a key press ------------------------------------------------


def nudged_by_frames(timestamp_ms: int, frames: int, frame_rate: float) -> int:
    """`frames` frame starts forward (or back, when negative) from `timestamp_ms`.

    A position between frame starts first goes to the start of its own frame
    when stepping back, so one press always lands on a frame boundary.
    """
    if frame_rate <= 0:
        raise ValueError(f"frame rate must be positive, got {frame_rate}")
    # Half a millisecond of slack: frame starts are rounded to whole milliseconds.
    frame = math.floor((timestamp_ms + 0.5) * frame_rate / 1000.0)
    start = round(frame * 1000.0 / frame_rate)
    if frames < 0 and timestamp_ms > start:
        frames += 1
    return max(0, round((frame + frames) * 1000.0 / frame_rate))


def snap_targets(dialogue: Iterable[Span], shot_changes_ms: Iterable[int]) -> list[int]:
    """Where a pause point likes to be: the end of a line of dialogue, or a shot change."""
    return sorted({span.end_ms for span in dialogue} | set(shot_changes_ms))


def nearest_target(
    timestamp_ms: int, targets: Sequence[int], allowed: Iterable[int] | None = None
) -> int | None:
    """The snap target closest to `timestamp_ms` (earlier wins a tie), among `allowed` if given."""
    pool = sorted(set(targets) & set(allowed)) if allowed is not None else list(targets)
    if not pool:
        return None
    at = bisect.bisect_left(pool, timestamp_ms)
    near = [pool[i] for i in (at - 1, at) if 0 <= i < len(pool)]
    return min(near, key=lambda ms: (abs(ms - timestamp_ms), ms))


def snap_position(
    points: Sequence[PausePoint],
    cue_index: int,
    dialogue: Sequence[Span],
    media_ms: int,
    shot_changes_ms: Iterable[int],
) -> int | None:
    """The nearest snap target the pause point of `cue_index` may move to, or None."""
    point = find(points, cue_index)
    if point is None:
        return None
    others = [p for p in points if p.cue_index != cue_index]
    targets = snap_targets(dialogue, shot_changes_ms)
    allowed = [t for t in targets
               if position_problem(others, cue_index, t, dialogue, media_ms) is None]
    return nearest_target(point.timestamp_ms, targets, allowed)

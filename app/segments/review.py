"""Segments as the review grid sees them, whatever they come from.

A segment pairs a source text with its translation, carries the reviewer's
status (the Pecat revision statuses) and error annotations (MQM-style, stored
as `MqmError`). TMX units and caption pairs are both turned into segments, so
the grid, the QA checks and the quality score have one thing to read.

Edits are `SegmentChange`s: the segments before and after, so a change can be
undone by applying its inverse. `SegmentList` applies changes and tells its
listeners; the bindings (a TMX document, a caption track) listen and write the
change back to where the segments came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from app.segments.segment import MqmError, SegmentContent, plain_text


class ReviewStatus(StrEnum):
    """Revision statuses after Pecat (seed 002), plus "not reviewed yet"."""

    NOT_REVIEWED = "not_reviewed"
    OK = "ok"  # accepted as it is
    UPDATED = "updated"  # changed by the reviewer
    KO = "ko"  # rejected, to be redone
    PENDING = "pending"  # bookmarked for later
    SKIPPED = "skipped"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @classmethod
    def parse(cls, text: str | None) -> ReviewStatus:
        """Read a stored status tolerantly (any case; unknown or missing means not reviewed)."""
        if not text:
            return cls.NOT_REVIEWED
        try:
            return cls(text.strip().casefold())
        except ValueError:
            return cls.NOT_REVIEWED


_STATUS_LABELS = {
    ReviewStatus.NOT_REVIEWED: "Not reviewed",
    ReviewStatus.OK: "OK",
    ReviewStatus.UPDATED: "Updated",
    ReviewStatus.KO: "KO (redo)",
    ReviewStatus.PENDING: "Pending",
    ReviewStatus.SKIPPED: "Skipped",
}

# Seed 002's evaluation types and criticities, in the order a menu shows them.
ERROR_CATEGORIES = (
    "Accuracy",
    "Fluency",
    "Terminology",
    "Style",
    "Locale",
    "Instructions",
    "Other",
)
SEVERITIES = ("Preferential", "Minor", "Major", "Critical")


@dataclass(frozen=True, slots=True)
class SegmentContext:
    """What helps judge a segment: cue times for captions, notes and props for TMX."""

    start_ms: int | None = None
    end_ms: int | None = None
    notes: tuple[str, ...] = ()
    props: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Segment:
    """One source/target pair under review. `id` is stable across saves and re-imports."""

    id: str
    source: SegmentContent
    target: SegmentContent
    status: ReviewStatus = ReviewStatus.NOT_REVIEWED
    annotations: tuple[MqmError, ...] = ()
    context: SegmentContext = field(default_factory=SegmentContext)

    @property
    def source_text(self) -> str:
        return plain_text(self.source)

    @property
    def target_text(self) -> str:
        return plain_text(self.target)


@dataclass(frozen=True, slots=True)
class SegmentChange:
    """Some segments replaced by new versions of themselves (same ids)."""

    before: tuple[Segment, ...]
    after: tuple[Segment, ...]

    def __post_init__(self) -> None:
        if [s.id for s in self.before] != [s.id for s in self.after]:
            raise ValueError("A segment change must keep the segments' ids and order")

    def inverse(self) -> SegmentChange:
        return SegmentChange(self.after, self.before)

    def is_empty(self) -> bool:
        return self.before == self.after


Listener = Callable[[SegmentChange], None]


class SegmentList:
    """The segments of one review, in order, changed only through `apply`."""

    def __init__(self, segments: Iterable[Segment]) -> None:
        self._segments = list(segments)
        self._row = {segment.id: row for row, segment in enumerate(self._segments)}
        if len(self._row) != len(self._segments):
            raise ValueError("Segment ids must be unique")
        self._listeners: list[Listener] = []

    def __len__(self) -> int:
        return len(self._segments)

    def segments(self) -> Sequence[Segment]:
        return self._segments

    def row_of(self, segment_id: str) -> int:
        return self._row[segment_id]

    def get(self, segment_id: str) -> Segment:
        return self._segments[self._row[segment_id]]

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def change(self, updated: Iterable[Segment]) -> SegmentChange:
        """The change that would replace segments by these new versions (not applied)."""
        after = tuple(updated)
        before = tuple(self.get(segment.id) for segment in after)
        return SegmentChange(before, after)

    def apply(self, change: SegmentChange) -> None:
        """Replace the segments; each must currently be `change.before`, or nothing changes."""
        for old in change.before:
            if self.get(old.id) != old:
                raise ValueError(f"Segment {old.id} changed since this edit was planned")
        for new in change.after:
            self._segments[self._row[new.id]] = new
        for listener in list(self._listeners):
            listener(change)

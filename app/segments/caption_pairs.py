"""A caption language against its source language, as review segments.

Cues are paired by time, not by index, because translators split and
merge cues: a target cue takes every source cue that overlaps it by at
least half of the shorter of the two (a merged target takes both halves, a
split target takes its one source each). A target cue overlapping only a
little takes the source it overlaps most, and a source cue left over goes to
the target it overlaps most, so slightly shifted timings still pair. A
source cue that overlaps no target cue at all becomes a segment of its own
with an empty target: that text has no translation yet.

Segment ids must survive edits, saves and a round trip through a CAT tool,
so they do not use cue indexes (a split elsewhere shifts them):

* ``cue:<identifier>`` for a target cue whose WebVTT identifier is unique;
* ``at:<start ms>`` otherwise (``at:<start ms>#2``… for cues starting at the
  same moment, in track order); a text edit never changes it, a retime does;
* ``source:<source cue id>`` (same scheme, on the source track) for a source
  cue with no target cue.

Review status and annotations of caption segments live in the
`SegmentList` only; the caption track has nowhere to keep them.

Editing a segment's target becomes a `TrackEdit` on the target track
(`plan_caption_edit`), so it goes through the cue editor's undo stack and
outbox. After any edit of either track (from the grid, the cue editor, an
undo), `refresh_caption_segments` brings the segments back in step.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial

from app.captions.model import Cue, Track, TrackEdit
from app.captions.operations import plan_insert, plan_sequence, plan_set_text
from app.segments.review import Segment, SegmentChange, SegmentContext, SegmentList
from app.segments.segment import SegmentContent

SOURCE_ONLY_PREFIX = "source:"


def cue_ids(track: Track) -> list[str]:
    """The stable id of every cue of a track, in cue order (see the module docstring)."""
    cues = track.cues
    identifiers = Counter(cue.identifier for cue in cues if cue.identifier)
    starts: Counter[int] = Counter()
    ids = []
    for cue in cues:
        if cue.identifier and identifiers[cue.identifier] == 1:
            ids.append(f"cue:{cue.identifier}")
            continue
        starts[cue.start_ms] += 1
        seen = starts[cue.start_ms]
        ids.append(f"at:{cue.start_ms}" if seen == 1 else f"at:{cue.start_ms}#{seen}")
    return ids


@dataclass(frozen=True, slots=True)
class CuePair:
    """One segment's cues: a target cue (None for a source cue with no translation) and the
    source cues paired with it, as indexes into the tracks' cues."""

    segment_id: str
    target_index: int | None
    source_indexes: tuple[int, ...]
    start_ms: int
    end_ms: int


def _overlap(a: Cue, b: Cue) -> int:
    return min(a.end_ms, b.end_ms) - max(a.start_ms, b.start_ms)


def _strong(a: Cue, b: Cue, overlap: int) -> bool:
    return overlap * 2 >= min(a.duration_ms, b.duration_ms)


def pair_cues(source: Track, target: Track) -> list[CuePair]:
    """Pair the cues by time overlap; pairs in time order (source-only ones where they fall)."""
    sources, targets = source.cues, target.cues
    order = sorted(range(len(sources)), key=lambda i: sources[i].start_ms)
    starts = [sources[i].start_ms for i in order]
    longest = max((cue.duration_ms for cue in sources), default=0)

    def overlapping(cue: Cue) -> list[tuple[int, int]]:
        """(source index, overlap in ms) of sources overlapping `cue`."""
        low = bisect.bisect_left(starts, cue.start_ms - longest)
        high = bisect.bisect_left(starts, cue.end_ms)
        found = []
        for position in range(low, high):
            index = order[position]
            overlap = _overlap(cue, sources[index])
            if overlap > 0:
                found.append((index, overlap))
        return found

    paired: list[set[int]] = []
    best_target: dict[int, tuple[int, int]] = {}  # source index -> (overlap, target index)
    for target_index, cue in enumerate(targets):
        candidates = overlapping(cue)
        chosen = {i for i, overlap in candidates if _strong(cue, sources[i], overlap)}
        if not chosen and candidates:
            chosen = {max(candidates, key=lambda pair: pair[1])[0]}
        paired.append(chosen)
        for index, overlap in candidates:
            if overlap > best_target.get(index, (0, -1))[0]:
                best_target[index] = (overlap, target_index)
    taken = set().union(*paired) if paired else set()
    for index, (_, target_index) in best_target.items():
        if index not in taken:
            paired[target_index].add(index)
            taken.add(index)

    target_ids = cue_ids(target)
    pairs = [
        CuePair(target_ids[i], i, tuple(sorted(chosen, key=lambda s: sources[s].start_ms)),
                targets[i].start_ms, targets[i].end_ms)
        for i, chosen in enumerate(paired)
    ]
    source_ids = cue_ids(source)
    pairs.extend(
        CuePair(SOURCE_ONLY_PREFIX + source_ids[i], None, (i,), sources[i].start_ms,
                sources[i].end_ms)
        for i in range(len(sources)) if i not in taken
    )
    pairs.sort(key=lambda pair: pair.start_ms)  # stable: targets keep track order on ties
    return pairs


def _content(text: str) -> SegmentContent:
    return (text,) if text else ()


def _segment(pair: CuePair, source: Track, target: Track) -> Segment:
    source_cues = [source.cues[i] for i in pair.source_indexes]
    props = [("source cues", ", ".join(str(i + 1) for i in pair.source_indexes))]
    if pair.target_index is not None:
        props.insert(0, ("target cue", str(pair.target_index + 1)))
    target_text = "" if pair.target_index is None else target.cues[pair.target_index].text
    return Segment(
        id=pair.segment_id,
        source=_content("\n".join(cue.text for cue in source_cues)),
        target=_content(target_text),
        context=SegmentContext(start_ms=pair.start_ms, end_ms=pair.end_ms, props=tuple(props)),
    )


def caption_segments(source: Track, target: Track) -> list[Segment]:
    """The segments of the pair (status not reviewed, no annotations)."""
    return [_segment(pair, source, target) for pair in pair_cues(source, target)]


def pair_captions(source: Track, target: Track, previous: SegmentList | None = None) -> SegmentList:
    """The review segments of a caption language against its source.

    Statuses and annotations of `previous` segments are carried over by id,
    so a rebuild after a split or merge keeps the review of every other cue.
    """
    segments = caption_segments(source, target)
    if previous is not None:
        segments = [_carry_review(segment, previous) for segment in segments]
    return SegmentList(segments)


def _carry_review(segment: Segment, previous: SegmentList) -> Segment:
    try:
        old = previous.get(segment.id)
    except KeyError:
        return segment
    return replace(segment, status=old.status, annotations=old.annotations)


def refresh_caption_segments(
    segments: SegmentList, source: Track, target: Track
) -> SegmentChange | None:
    """The change that brings `segments` in step with the tracks, keeping the review.

    None when the cues were split, merged, added, removed or retimed so that
    the segments are not the same ones any more: then build a new list with
    ``pair_captions(source, target, previous=segments)``. An empty change
    means nothing to do.
    """
    fresh = caption_segments(source, target)
    current = segments.segments()
    if [s.id for s in fresh] != [s.id for s in current]:
        return None
    updated = [
        replace(new, status=old.status, annotations=old.annotations)
        for new, old in zip(fresh, current, strict=True)
        if (new.source, new.target, new.context) != (old.source, old.target, old.context)
    ]
    return segments.change(updated)


def caption_text(content: SegmentContent) -> str:
    """A segment's target as cue text (caption segments hold plain text only)."""
    if any(not isinstance(part, str) for part in content):
        raise ValueError("A caption cannot hold protected TMX tags; type the cue text instead")
    return "".join(part for part in content if isinstance(part, str))


def plan_caption_edit(source: Track, target: Track, change: SegmentChange) -> TrackEdit:
    """The target-track edit for the target texts a segment change makes.

    Status and annotation changes make no track edit (they stay in the
    segment list). A source-only segment given a text gets a new target cue
    with the source cue's times. Raises `ValueError` in plain words when a
    text cannot be a cue (``-->`` or an empty line in it) or when a segment
    no longer matches a cue (the tracks changed; rebuild the segments).
    """
    target_ids = {segment_id: i for i, segment_id in enumerate(cue_ids(target))}
    source_ids = {segment_id: i for i, segment_id in enumerate(cue_ids(source))}
    planners: list[Callable[[Track], TrackEdit]] = []
    for before, after in zip(change.before, change.after, strict=True):
        if before.target == after.target:
            continue
        text = caption_text(after.target)
        if after.id in target_ids:
            index = target_ids[after.id]
            planners.append(partial(_plan_text, index=index, text=text))
        elif after.id.startswith(SOURCE_ONLY_PREFIX) and (
            after.id.removeprefix(SOURCE_ONLY_PREFIX) in source_ids
        ):
            cue = source.cues[source_ids[after.id.removeprefix(SOURCE_ONLY_PREFIX)]]
            planners.append(partial(_plan_translation, source_cue=cue, text=text))
        else:
            raise ValueError(f"Segment {after.id} no longer matches a cue of the target track; "
                             "reopen the segments to review the track as it is now")
    if not planners:
        return TrackEdit("Edit segment", ())
    if len(planners) == 1:
        return planners[0](target)  # described as the cue editor describes it
    return plan_sequence(target, f"Edit {len(planners)} segments", planners)


def _plan_text(track: Track, index: int, text: str) -> TrackEdit:
    return plan_set_text(track, index, text)


def _plan_translation(track: Track, source_cue: Cue, text: str) -> TrackEdit:
    """Set the text of the target cue timed exactly like `source_cue`, or add one."""
    cues: Sequence[Cue] = track.cues
    for index, cue in enumerate(cues):
        if (cue.start_ms, cue.end_ms) == (source_cue.start_ms, source_cue.end_ms):
            return plan_set_text(track, index, text)
    if not text:
        return TrackEdit("Edit segment", ())  # no translation typed: no empty cue either
    position = bisect.bisect_right([cue.start_ms for cue in cues], source_cue.start_ms)
    return plan_insert(track, position, Cue(source_cue.start_ms, source_cue.end_ms, text))


__all__ = [
    "SOURCE_ONLY_PREFIX",
    "CuePair",
    "caption_segments",
    "caption_text",
    "cue_ids",
    "pair_captions",
    "pair_cues",
    "plan_caption_edit",
    "refresh_caption_segments",
]
